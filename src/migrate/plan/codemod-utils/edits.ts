/**
 * Text edits on the original text of a file. Codemods collect edits found on the AST and apply them
 * in one pass, so every byte outside an edited range stays as it was.
 */
import { ts } from '../../../parser/ts.js';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits. Insertions at the same position keep the order they were added in.
 * Overlapping edits are a bug in the codemod: they throw, and the file is reported as an error.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const ordered = edits.map((edit, index) => ({ edit, index }));
  ordered.sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index);
  let out = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.start < cursor) {
      throw new Error(`overlapping edits at offset ${edit.start}`);
    }
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** Replaces a node's text (without its leading trivia). */
export function replaceNode(node: ts.Node, text: string): TextEdit {
  return { start: node.getStart(), end: node.getEnd(), text };
}

/**
 * The range of a whole statement including its JSDoc, extended to whole lines when the statement sits
 * alone on its lines, so removing it leaves no blank line or stray indentation behind. Removals pass
 * `includeAttachedComments` so line comments directly above go too; replacements keep them.
 */
export function statementLineRange(source: string, node: ts.Node, includeJsDoc = true, includeAttachedComments = false): { start: number; end: number } {
  let start = includeJsDoc ? jsDocStart(node) : node.getStart();
  if (includeAttachedComments) start = attachedCommentsStart(source, node, start);
  let end = node.getEnd();
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(source.slice(lineStart, start))) start = lineStart;
  const rest = source.slice(end);
  const trailing = /^[ \t]*(\/\/[^\n]*)?\r?\n/.exec(rest);
  if (trailing && !trailing[1]) end += trailing[0].length;
  else if (/^[ \t]*$/.test(rest)) end = source.length;
  return { start, end };
}

/**
 * Line comments directly above a node (no blank line between) belong to it and go with it, except
 * before the first statement of a file, where they are usually a file header.
 */
function attachedCommentsStart(source: string, node: ts.Node, start: number): number {
  const sourceFile = node.getSourceFile();
  if (sourceFile.statements[0] === node) return start;
  const ranges = ts.getLeadingCommentRanges(source, node.getFullStart()) ?? [];
  let result = start;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const range = ranges[i]!;
    if (range.end > result) continue;
    const between = source.slice(range.end, result);
    if ((between.match(/\n/g) ?? []).length > 1 || !/^\s*$/.test(between)) break;
    result = range.pos;
  }
  return result;
}

/**
 * Tags that make a JSDoc block stand on its own rather than document the statement below it: JS
 * modules declare types with `@typedef`/`@callback` (their importers use them), and file headers.
 */
const STANDALONE_DOC_TAG = /(^|\s)@(typedef|callback|import|file|fileoverview|overview|module|license|copyright)\b/;

/** Whether a JSDoc block stands on its own (a `@typedef`, a `@callback`, a file header). */
export function isStandaloneDoc(doc: ts.Node): boolean {
  return STANDALONE_DOC_TAG.test(doc.getText());
}

/** The JSDoc blocks that document the node: those after the last standalone block before it. */
export function ownJsDocs(node: ts.Node): ts.JSDoc[] {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  let first = 0;
  for (let i = 0; i < docs.length; i++) if (isStandaloneDoc(docs[i]!)) first = i + 1;
  return docs.slice(first);
}

/** Start of the node's first own JSDoc block (standalone blocks before it stay), or of the node itself. */
export function jsDocStart(node: ts.Node): number {
  const docs = ownJsDocs(node);
  if (docs.length > 0) return docs[0]!.getStart();
  return node.getStart();
}

/**
 * Removes some elements of a comma-separated list (import specifiers, arguments, properties) with their
 * separating commas. At least one element must stay; the caller removes the whole construct otherwise.
 */
export function removeListElements(list: readonly ts.Node[], remove: ReadonlySet<number>): TextEdit[] {
  const edits: TextEdit[] = [];
  let lastKept = -1;
  for (let i = 0; i < list.length; i++) if (!remove.has(i)) lastKept = i;
  if (lastKept < 0) throw new Error('removeListElements: every element removed');
  const text = list[0]!.getSourceFile().text;
  const pending: number[] = [];
  for (let i = 0; i < list.length; i++) {
    if (!remove.has(i)) continue;
    const ownLine = ownLineRange(text, list[i]!);
    if (ownLine) edits.push({ ...ownLine, text: '' });
    else pending.push(i);
  }
  for (const i of pending) {
    if (i < lastKept) {
      const next = list.findIndex((_n, j) => j > i && !(remove.has(j) && ownLineRange(text, list[j]!)));
      edits.push({ start: list[i]!.getStart(), end: list[next]!.getStart(), text: '' });
    }
  }
  const tail = pending.filter((i) => i > lastKept);
  if (tail.length > 0) edits.push({ start: list[lastKept]!.getEnd(), end: list[tail[tail.length - 1]!]!.getEnd(), text: '' });
  return mergeAdjacent(edits);
}

/** The whole line of a list element that sits alone on its line (with its comma and trailing comment). */
function ownLineRange(text: string, node: ts.Node): { start: number; end: number } | undefined {
  const start = node.getStart();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, start))) return undefined;
  const after = /^[ \t]*,?[ \t]*(\/\/[^\n]*)?\r?\n/.exec(text.slice(node.getEnd()));
  if (!after) return undefined;
  return { start: lineStart, end: node.getEnd() + after[0].length };
}

/** Removal edits sorted, with touching ranges merged (so they never overlap). */
function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: TextEdit[] = [];
  for (const edit of sorted) {
    const last = out[out.length - 1];
    if (last && edit.start <= last.end) last.end = Math.max(last.end, edit.end);
    else out.push({ ...edit });
  }
  return out;
}

/** Line number (1-based) of an offset. */
export function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
