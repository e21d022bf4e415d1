/**
 * Slides ambiguous groups of added or removed lines to where a reader expects them, the way git does
 * by default (its "indent heuristic"): a block of inserted code is shown as whole functions and
 * statements, not as `}` + body + `function f() {`. Groups that can slide are first aligned with a
 * change on the other side when possible; otherwise each possible position is scored by the
 * indentation and blank lines around its two edges.
 */
import type { DiffSide } from './diff-lines.js';

const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const MAX_SLIDING = 100;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;

/** A run of changed lines `[start, end)` of one side; empty when start === end. */
class Group {
  start = 0;
  end = 0;

  constructor(private readonly side: DiffSide) {
    while (this.isChanged(this.end)) this.end++;
  }

  private isChanged(i: number): boolean {
    return this.side.changed[i + 1] === 1;
  }

  private set(i: number, value: 0 | 1): void {
    this.side.changed[i + 1] = value;
  }

  get size(): number {
    return this.side.ids.length;
  }

  next(): boolean {
    if (this.end === this.size) return false;
    this.start = this.end + 1;
    this.end = this.start;
    while (this.isChanged(this.end)) this.end++;
    return true;
  }

  previous(): boolean {
    if (this.start === 0) return false;
    this.end = this.start - 1;
    this.start = this.end;
    while (this.isChanged(this.start - 1)) this.start--;
    return true;
  }

  /** Moves the group one line down when its first line equals the line after it, merging neighbours. */
  slideDown(): boolean {
    const ids = this.side.ids;
    if (this.end < this.size && ids[this.start] === ids[this.end]) {
      this.set(this.start++, 0);
      this.set(this.end++, 1);
      while (this.isChanged(this.end)) this.end++;
      return true;
    }
    return false;
  }

  /** Moves the group one line up when its last line equals the line before it, merging neighbours. */
  slideUp(): boolean {
    const ids = this.side.ids;
    if (this.start > 0 && ids[this.start - 1] === ids[this.end - 1]) {
      this.set(--this.start, 1);
      this.set(--this.end, 0);
      while (this.isChanged(this.start - 1)) this.start--;
      return true;
    }
    return false;
  }
}

/** Compacts the changed groups of `side`, keeping `other` in step (their unchanged lines pair up). */
export function compactChanges(side: DiffSide, other: DiffSide): void {
  const g = new Group(side);
  const go = new Group(other);
  for (;;) {
    if (g.end !== g.start) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = g.end - g.start;
        endMatchingOther = -1;
        while (g.slideUp()) go.previous();
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (g.slideDown()) {
          go.next();
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupSize !== g.end - g.start);

      if (g.end === earliestEnd) {
        // The group cannot move.
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          g.slideUp();
          go.previous();
        }
      } else {
        const best = bestShift(side, g.end, groupSize, earliestEnd);
        while (g.end > best) {
          g.slideUp();
          go.previous();
        }
      }
    }
    if (!g.next()) break;
    go.next();
  }
}

function bestShift(side: DiffSide, end: number, groupSize: number, earliestEnd: number): number {
  let shift = Math.max(earliestEnd, end - groupSize - 1, end - MAX_SLIDING);
  let best = -1;
  let bestScore: Score = { indent: 0, penalty: 0 };
  for (; shift <= end; shift++) {
    const score: Score = { indent: 0, penalty: 0 };
    addSplitScore(measureSplit(side, shift), score);
    addSplitScore(measureSplit(side, shift - groupSize), score);
    if (best === -1 || compareScores(score, bestScore) <= 0) {
      bestScore = score;
      best = shift;
    }
  }
  return best;
}

interface Measure {
  endOfFile: boolean;
  indent: number;
  preBlank: number;
  preIndent: number;
  postBlank: number;
  postIndent: number;
}

interface Score {
  indent: number;
  penalty: number;
}

/** Indentation width (tabs to multiples of 8), or -1 for a blank line. */
function indentOf(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') width += 1;
    else if (c === '\t') width += 8 - (width % 8);
    else if (c !== '\n' && c !== '\r' && c !== '\f' && c !== '\v') return width;
    if (width >= MAX_INDENT) return MAX_INDENT;
  }
  return -1;
}

function measureSplit(side: DiffSide, split: number): Measure {
  const lines = side.lines;
  const m: Measure = { endOfFile: false, indent: -1, preBlank: 0, preIndent: -1, postBlank: 0, postIndent: -1 };
  if (split >= lines.length) m.endOfFile = true;
  else m.indent = indentOf(lines[split]!);
  for (let i = split - 1; i >= 0; i--) {
    m.preIndent = indentOf(lines[i]!);
    if (m.preIndent !== -1) break;
    m.preBlank += 1;
    if (m.preBlank === MAX_BLANKS) {
      m.preIndent = 0;
      break;
    }
  }
  for (let i = split + 1; i < lines.length; i++) {
    m.postIndent = indentOf(lines[i]!);
    if (m.postIndent !== -1) break;
    m.postBlank += 1;
    if (m.postBlank === MAX_BLANKS) {
      m.postIndent = 0;
      break;
    }
  }
  return m;
}

function addSplitScore(m: Measure, s: Score): void {
  if (m.preIndent === -1 && m.preBlank === 0) s.penalty += START_OF_FILE_PENALTY;
  if (m.endOfFile) s.penalty += END_OF_FILE_PENALTY;
  const postBlank = m.indent === -1 ? 1 + m.postBlank : 0;
  const totalBlank = m.preBlank + postBlank;
  s.penalty += TOTAL_BLANK_WEIGHT * totalBlank + POST_BLANK_WEIGHT * postBlank;
  const indent = m.indent !== -1 ? m.indent : m.postIndent;
  const anyBlanks = totalBlank !== 0;
  s.indent += indent;
  if (indent === -1 || m.preIndent === -1 || indent === m.preIndent) return;
  if (indent > m.preIndent) {
    s.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
  } else if (m.postIndent !== -1 && m.postIndent > indent) {
    s.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
  } else {
    s.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
  }
}

function compareScores(a: Score, b: Score): number {
  const indents = Number(a.indent > b.indent) - Number(a.indent < b.indent);
  return INDENT_WEIGHT * indents + (a.penalty - b.penalty);
}
