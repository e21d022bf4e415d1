/**
 * Unified diffs of planned file changes: only the changed hunks with 3 lines of context, git-style
 * headers, `@@ -l,n +l,n @@` ranges followed by the enclosing declaration line (as `git diff` shows
 * it), and "\ No newline at end of file" markers. The output applies with `git apply` or `patch -p1`.
 */
import type { FileChange } from './types.js';
import { diffLines, splitLines, type LineEdit } from './diff-lines.js';

export interface DiffOptions {
  /** Lines of context around each change. Default 3. */
  context?: number;
  /** ANSI colours (git's palette). Default false: callers decide from the terminal and NO_COLOR. */
  color?: boolean;
}

export interface HunkLine {
  kind: ' ' | '-' | '+';
  /** The line including its "\n"; without one when it is the last line of a file that lacks it. */
  text: string;
}

export interface Hunk {
  /** 1-based first old line (0 when the hunk removes nothing at the start of the file). */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** The nearest line above the hunk that starts a declaration (git's default funcname), or ''. */
  section: string;
  lines: HunkLine[];
}

export interface FileDiff {
  path: string;
  status: 'modified' | 'created' | 'deleted' | 'unchanged';
  hunks: Hunk[];
  linesAdded: number;
  linesRemoved: number;
}

const SECTION_MAX_BYTES = 80;

/** Hunks turning `before` into `after` (texts; null stands for a missing file). */
export function diffTexts(before: string | null, after: string | null, options: DiffOptions = {}): Hunk[] {
  const oldLines = splitLines(before ?? '');
  const newLines = splitLines(after ?? '');
  return buildHunks(oldLines, newLines, diffLines(oldLines, newLines), options.context ?? 3);
}

/** The diff of one planned change, with line counts. */
export function diffFileChange(change: FileChange, options: DiffOptions = {}): FileDiff {
  const hunks = change.before === change.after ? [] : diffTexts(change.before, change.after, options);
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.kind === '+') linesAdded++;
      else if (line.kind === '-') linesRemoved++;
    }
  }
  const status =
    change.before === null && change.after !== null
      ? 'created'
      : change.after === null && change.before !== null
        ? 'deleted'
        : change.before === change.after
          ? 'unchanged'
          : 'modified';
  return { path: change.path, status, hunks, linesAdded, linesRemoved };
}

function buildHunks(oldLines: string[], newLines: string[], edits: LineEdit[], context: number): Hunk[] {
  const hunks: Hunk[] = [];
  let section = '';
  let searchedDownTo = -1;
  for (let first = 0; first < edits.length; ) {
    // Changes closer than twice the context share a hunk (their contexts would touch or overlap).
    let last = first;
    while (last + 1 < edits.length) {
      const gap = edits[last + 1]!.oldStart - (edits[last]!.oldStart + edits[last]!.oldCount);
      if (gap > 2 * context) break;
      last++;
    }
    const head = edits[first]!;
    const tail = edits[last]!;
    const s1 = Math.max(head.oldStart - context, 0);
    const s2 = Math.max(head.newStart - context, 0);
    const after = Math.min(context, oldLines.length - (tail.oldStart + tail.oldCount), newLines.length - (tail.newStart + tail.newCount));
    const e1 = tail.oldStart + tail.oldCount + after;
    const e2 = tail.newStart + tail.newCount + after;
    // Like git, look upwards from the hunk for a declaration line, reusing the last one found.
    for (let i = s1 - 1; i > searchedDownTo; i--) {
      const found = sectionLine(oldLines[i]!);
      if (found !== null) {
        section = found;
        break;
      }
    }
    searchedDownTo = s1 - 1;
    const lines: HunkLine[] = [];
    for (let j = s2; j < head.newStart; j++) lines.push({ kind: ' ', text: newLines[j]! });
    for (let k = first; k <= last; k++) {
      const edit = edits[k]!;
      if (k > first) {
        const previous = edits[k - 1]!;
        for (let j = previous.newStart + previous.newCount; j < edit.newStart; j++) lines.push({ kind: ' ', text: newLines[j]! });
      }
      for (let i = edit.oldStart; i < edit.oldStart + edit.oldCount; i++) lines.push({ kind: '-', text: oldLines[i]! });
      for (let j = edit.newStart; j < edit.newStart + edit.newCount; j++) lines.push({ kind: '+', text: newLines[j]! });
    }
    for (let j = tail.newStart + tail.newCount; j < e2; j++) lines.push({ kind: ' ', text: newLines[j]! });
    hunks.push({
      oldStart: e1 - s1 > 0 ? s1 + 1 : s1,
      oldCount: e1 - s1,
      newStart: e2 - s2 > 0 ? s2 + 1 : s2,
      newCount: e2 - s2,
      section,
      lines,
    });
    first = last + 1;
  }
  return hunks;
}

/** git's default funcname rule: a line starting with a letter, `_` or `$`, cut to 80 bytes, right-trimmed. */
function sectionLine(line: string): string | null {
  const c = line.charCodeAt(0);
  const isStart = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
  if (!isStart) return null;
  let text = line;
  if (Buffer.byteLength(text) > SECTION_MAX_BYTES) {
    text = Buffer.from(text).subarray(0, SECTION_MAX_BYTES).toString('utf8').replace(/\uFFFD+$/, '');
  }
  return text.replace(/\s+$/, '');
}

const PALETTE = { meta: '\x1b[1m', frag: '\x1b[36m', old: '\x1b[31m', new: '\x1b[32m', reset: '\x1b[m' };

/** One hunk as text: the `@@` header and its lines. */
export function renderHunk(hunk: Hunk, color = false): string {
  const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
  const header = `@@ -${range(hunk.oldStart, hunk.oldCount)} +${range(hunk.newStart, hunk.newCount)} @@`;
  let out = color ? `${PALETTE.frag}${header}${PALETTE.reset}` : header;
  out += hunk.section ? ` ${hunk.section}\n` : '\n';
  for (const line of hunk.lines) {
    const hasNewline = line.text.endsWith('\n');
    const body = line.kind + (hasNewline ? line.text.slice(0, -1) : line.text);
    const paint = line.kind === '-' ? PALETTE.old : line.kind === '+' ? PALETTE.new : '';
    out += color && paint ? `${paint}${body}${PALETTE.reset}\n` : `${body}\n`;
    if (!hasNewline) out += '\\ No newline at end of file\n';
  }
  return out;
}

/** The unified diff of one change: `--- a/path` / `+++ b/path` (or `/dev/null`) and its hunks; '' when unchanged. */
export function renderFileDiff(diff: FileDiff, color = false): string {
  if (diff.status === 'unchanged') return '';
  const from = diff.status === 'created' ? '/dev/null' : `a/${diff.path}`;
  const to = diff.status === 'deleted' ? '/dev/null' : `b/${diff.path}`;
  const meta = `--- ${from}\n+++ ${to}\n`;
  let out = color ? meta.replace(/^(.*)$/gm, (line) => (line ? `${PALETTE.meta}${line}${PALETTE.reset}` : line)) : meta;
  for (const hunk of diff.hunks) out += renderHunk(hunk, color);
  return out;
}

/** The unified diff of a whole change set, files in the order given. */
export function renderUnifiedDiff(changes: readonly FileChange[], options: DiffOptions = {}): string {
  return changes.map((change) => renderFileDiff(diffFileChange(change, options), options.color ?? false)).join('');
}
