/**
 * What the gate reads from one file's text: deprecation-shim tags (per exported name), `ssot-ignore` comments, declarations
 * of forbidden names, and the token shape of each finding. A cheap text search decides whether the
 * file needs parsing at all; markers only count inside real comments (never inside strings), so a
 * tool's own source that mentions them is not mistaken for a shim or a suppression.
 */
import { parseSource, ts } from '../parser/ts.js';
import type { Finding } from '../scan/types.js';
import { shapeOf } from './shape.js';
import type { FileNote, Suppression } from './types.js';

export const SHIM_TAG = '@ssot-shim';
export const SUPPRESSION_MARKER = 'ssot-ignore';

export interface NoteContext {
  /** Findings declared in this file (their token shapes are recorded). */
  findings: readonly Finding[];
  /** Symbol names that must not be declared (empty or undefined when nothing is forbidden). */
  forbiddenNames?: ReadonlySet<string>;
}

/** A comment of a file, as the suppression parser sees it. */
export interface SourceComment {
  text: string;
  line: number;
  endLine: number;
  /** True when code precedes the comment on its first line. */
  trailing: boolean;
}

/** The note of one file, or null when there is nothing notable in it. */
export function noteFile(file: string, text: string, context: NoteContext): FileNote | null {
  const note: FileNote = {};
  const hasMarker = text.includes(SHIM_TAG) || text.includes(SUPPRESSION_MARKER);
  const names = context.forbiddenNames;
  const hasName = names !== undefined && names.size > 0 && wordPattern(names).test(text);
  if (hasMarker || hasName) {
    const source = parseSource(file, text);
    if (hasMarker) {
      const comments = commentsOf(source);
      if (text.includes(SHIM_TAG)) {
        const shims = shimsOf(source);
        if (Object.keys(shims).length > 0) note.shims = shims;
      }
      const suppressions = suppressionsOf(file, comments, text.split(/\r?\n/));
      if (suppressions.length > 0) note.suppressions = suppressions;
    }
    if (hasName && names) {
      const declarations = declarationsOf(source, names);
      if (declarations.length > 0) note.declarations = declarations;
    }
  }
  if (context.findings.length > 0) {
    const lines = text.split(/\r?\n/);
    note.shapes = {};
    for (const finding of context.findings) {
      note.shapes[finding.id] = shapeOf(lines.slice(finding.startLine - 1, finding.endLine).join('\n'), file);
    }
  }
  return Object.keys(note).length > 0 ? note : null;
}

/** Parses `ssot-ignore` comments. Pure over the comment list, so it is tested with plain data. */
export function suppressionsOf(file: string, comments: readonly SourceComment[], lines: readonly string[]): Suppression[] {
  const result: Suppression[] = [];
  for (const comment of comments) {
    // A directive opens its comment (as `eslint-disable` does): prose that mentions the marker is not one.
    const match = /^(?:\/\/|\/\*+)[ \t]*ssot-ignore(-file)?\b(.*)$/m.exec(comment.text);
    if (!match) continue;
    const scope = match[1] ? 'file' : 'line';
    const rest = (match[2] ?? '').replace(/\*\/\s*$/, '').trim();
    const parsed = /^([A-Za-z0-9*][\w.@/-]*)\s*(?::|--)?\s*(.*)$/.exec(rest);
    const target = parsed?.[1] ?? '';
    const reason = (parsed?.[2] ?? '').trim();
    const appliesTo = scope === 'file' ? 0 : comment.trailing ? comment.line : nextCodeLine(lines, comment.endLine);
    result.push({ file, line: comment.line, appliesTo, target, reason, scope });
  }
  return result;
}

/**
 * The canonical ref of an `@ssot-shim <ref>` tag: a block tag of a doc comment (at the start of one of
 * its lines), naming a path or package with an optional `#Symbol`. Mentions in prose do not count.
 */
function shimRef(commentText: string): string | undefined {
  if (!commentText.startsWith('/**')) return undefined;
  return /^[ \t]*(?:\/\*\*|\*)?[ \t]*@ssot-shim[ \t]+([^\s`'"<>*{}]+)/m.exec(commentText)?.[1];
}

/**
 * The shim ref in the doc comments right before a node: anywhere in the trivia between the node's full
 * start and its first token (TypeScript's "leading comments" leave out those on the previous token's
 * line, as in `export { a, /** @ssot-shim x *\/ b }`).
 */
function shimTagOf(source: ts.SourceFile, node: ts.Node): string | undefined {
  const trivia = source.text.slice(node.pos, node.getStart(source));
  for (const match of trivia.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const ref = shimRef(match[0]);
    if (ref) return ref;
  }
  return undefined;
}

/** Exported name → canonical ref, for every top-level declaration or export specifier tagged as a shim. */
function shimsOf(source: ts.SourceFile): Record<string, string> {
  const shims: Record<string, string> = {};
  for (const statement of source.statements) {
    const tag = shimTagOf(source, statement);
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const ref = shimTagOf(source, element) ?? tag;
        if (ref) shims[element.name.text] = ref;
      }
      continue;
    }
    if (!tag) continue;
    if (ts.isExportAssignment(statement)) shims.default = tag;
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) shims[declaration.name.text] = tag;
      }
    } else {
      const isDefault = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      const name = (statement as { name?: ts.Node }).name;
      if (isDefault) shims.default = tag;
      else if (name && ts.isIdentifier(name)) shims[name.text] = tag;
    }
  }
  return shims;
}

/** The first line after `after` (1-based) that holds code: not blank, not only a comment. */
function nextCodeLine(lines: readonly string[], after: number): number {
  let inBlock = false;
  for (let i = after; i < lines.length; i++) {
    let rest = (lines[i] as string).trim();
    if (inBlock) {
      const close = rest.indexOf('*/');
      if (close < 0) continue;
      inBlock = false;
      rest = rest.slice(close + 2).trim();
    }
    while (rest.startsWith('/*')) {
      const close = rest.indexOf('*/', 2);
      if (close < 0) {
        inBlock = true;
        rest = '';
        break;
      }
      rest = rest.slice(close + 2).trim();
    }
    if (rest === '' || rest.startsWith('//')) continue;
    return i + 1;
  }
  return after + 1;
}

const wordPatterns = new WeakMap<ReadonlySet<string>, RegExp>();

/** One regular expression finding any of the names as a whole word (built once per name set). */
function wordPattern(names: ReadonlySet<string>): RegExp {
  let pattern = wordPatterns.get(names);
  if (!pattern) {
    const alternatives = [...names].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(`(?<![\\w$])(?:${alternatives.join('|')})(?![\\w$])`);
    wordPatterns.set(names, pattern);
  }
  return pattern;
}

/** Every comment of a parsed file, once, in order. */
function commentsOf(source: ts.SourceFile): SourceComment[] {
  const text = source.text;
  const seen = new Map<number, SourceComment>();
  const add = (ranges: readonly ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      const start = source.getLineAndCharacterOfPosition(range.pos);
      const lineStart = source.getPositionOfLineAndCharacter(start.line, 0);
      seen.set(range.pos, {
        text: text.slice(range.pos, range.end),
        line: start.line + 1,
        endLine: source.getLineAndCharacterOfPosition(range.end).line + 1,
        trailing: text.slice(lineStart, range.pos).trim() !== '',
      });
    }
  };
  const visit = (node: ts.Node) => {
    add(ts.getLeadingCommentRanges(text, node.pos));
    add(ts.getTrailingCommentRanges(text, node.end));
    ts.forEachChild(node, visit);
  };
  add(ts.getLeadingCommentRanges(text, 0));
  ts.forEachChild(source, visit);
  add(ts.getLeadingCommentRanges(text, source.endOfFileToken.pos));
  return [...seen.values()].sort((a, b) => a.line - b.line);
}

/** Declarations (classes, functions, types, variables, enums, namespaces) whose name is forbidden. */
function declarationsOf(source: ts.SourceFile, names: ReadonlySet<string>): Array<{ name: string; line: number }> {
  const found: Array<{ name: string; line: number }> = [];
  const visit = (node: ts.Node) => {
    const name = declaredName(node);
    if (name && names.has(name)) {
      found.push({ name, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}

function declaredName(node: ts.Node): string | undefined {
  if (
    ts.isClassDeclaration(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isModuleDeclaration(node) ||
    ts.isVariableDeclaration(node) ||
    ts.isClassExpression(node)
  ) {
    const name = node.name;
    if (name && ts.isIdentifier(name)) return name.text;
  }
  return undefined;
}
