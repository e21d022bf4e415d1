/**
 * Line diff: Myers' O(ND) algorithm (linear-space, divide and conquer on the middle snake), with the
 * same preparation and tie-breaking as git's default diff so that a dry run shows the hunks a user
 * would see from `git diff` after writing. Lines are records that include their terminator, so a last
 * line without "\n" differs from the same text with one (that is what "\ No newline at end of file"
 * reports).
 */
import { compactChanges } from './diff-slide.js';

/** One contiguous edit: `oldCount` lines at `oldStart` replaced by `newCount` lines at `newStart` (0-based). */
export interface LineEdit {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

/** One side of the comparison: line ids (equal lines share an id) and a changed flag per line. */
export interface DiffSide {
  lines: readonly string[];
  ids: Int32Array;
  /** `changed[i + 1]` is 1 when line i is removed/added; slots 0 and n+1 are always-0 sentinels. */
  changed: Uint8Array;
}

// Beyond this cost the search settles for a good-enough split, as git does, so huge rewrites stay fast.
const MIN_MAX_COST = 256;
const HEURISTIC_MIN_COST = 256;
const SNAKE_COUNT = 20;
const HEURISTIC_FACTOR = 4;
const MAX_EQUAL_LIMIT = 1024;
const SIMILAR_SCAN_WINDOW = 100;
const DISCARD_RUN_FACTOR = 4;
const LINE_MAX = 0x7fffffff;

/** Splits text into line records, each keeping its "\n" (the last one may have none). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      lines.push(text.slice(start));
      break;
    }
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  return lines;
}

/** The edits turning `oldLines` into `newLines`, in order, after sliding ambiguous groups to readable places. */
export function diffLines(oldLines: readonly string[], newLines: readonly string[]): LineEdit[] {
  const { side1, side2, counts1, counts2 } = classify(oldLines, newLines);
  markChanges(side1, side2, counts1, counts2);
  compactChanges(side1, side2);
  compactChanges(side2, side1);
  return collectEdits(side1, side2);
}

function classify(oldLines: readonly string[], newLines: readonly string[]) {
  const idOf = new Map<string, number>();
  const counts1: number[] = [];
  const counts2: number[] = [];
  const toIds = (lines: readonly string[], own: number[], other: number[]): Int32Array => {
    const ids = new Int32Array(lines.length);
    lines.forEach((line, index) => {
      let id = idOf.get(line);
      if (id === undefined) {
        id = idOf.size;
        idOf.set(line, id);
        own.push(0);
        other.push(0);
      }
      own[id] = (own[id] ?? 0) + 1;
      ids[index] = id;
    });
    return ids;
  };
  const ids1 = toIds(oldLines, counts1, counts2);
  const ids2 = toIds(newLines, counts2, counts1);
  const side1: DiffSide = { lines: oldLines, ids: ids1, changed: new Uint8Array(oldLines.length + 2) };
  const side2: DiffSide = { lines: newLines, ids: ids2, changed: new Uint8Array(newLines.length + 2) };
  return { side1, side2, counts1, counts2 };
}

/** Integer square root approximation (a power of two), as git sizes its limits. */
function roughSqrt(n: number): number {
  let result = 1;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 4)) result *= 2;
  return result;
}

/**
 * Trims the common head and tail, marks lines that cannot match (absent from the other side, or very
 * frequent and surrounded by such lines) as changed, and runs Myers on the rest.
 */
function markChanges(side1: DiffSide, side2: DiffSide, counts1: number[], counts2: number[]): void {
  const n1 = side1.ids.length;
  const n2 = side2.ids.length;
  let start = 0;
  const shorter = Math.min(n1, n2);
  while (start < shorter && side1.ids[start] === side2.ids[start]) start++;
  let tail = 0;
  while (tail < shorter - start && side1.ids[n1 - 1 - tail] === side2.ids[n2 - 1 - tail]) tail++;
  const kept1 = keptLines(side1, start, n1 - tail - 1, counts2);
  const kept2 = keptLines(side2, start, n2 - tail - 1, counts1);
  myers(side1, kept1, side2, kept2);
}

interface Kept {
  /** Line index of each kept line. */
  index: Int32Array;
  /** Id of each kept line. */
  ids: Int32Array;
}

function keptLines(side: DiffSide, first: number, last: number, otherCounts: number[]): Kept {
  const limit = Math.min(roughSqrt(side.ids.length), MAX_EQUAL_LIMIT);
  const size = Math.max(0, last - first + 1);
  // 0: no match on the other side, 1: matches, 2: matches too often to be a useful anchor.
  const kind = new Uint8Array(side.ids.length + 1);
  for (let i = first; i <= last; i++) {
    const matches = otherCounts[side.ids[i]!] ?? 0;
    kind[i] = matches === 0 ? 0 : matches >= limit ? 2 : 1;
  }
  const index = new Int32Array(size);
  const ids = new Int32Array(size);
  let count = 0;
  for (let i = first; i <= last; i++) {
    if (kind[i] === 1 || (kind[i] === 2 && !discardFrequent(kind, i, first, last))) {
      index[count] = i;
      ids[count] = side.ids[i]!;
      count++;
    } else {
      side.changed[i + 1] = 1;
    }
  }
  return { index: index.subarray(0, count), ids: ids.subarray(0, count) };
}

/** A frequent line is dropped from matching when it sits in a run dominated by unmatched lines. */
function discardFrequent(kind: Uint8Array, i: number, first: number, last: number): boolean {
  const start = i - first > SIMILAR_SCAN_WINDOW ? i - SIMILAR_SCAN_WINDOW : first;
  const end = last - i > SIMILAR_SCAN_WINDOW ? i + SIMILAR_SCAN_WINDOW : last;
  let unmatchedBefore = 0;
  let frequent = 1;
  for (let r = 1; i - r >= start; r++) {
    if (kind[i - r] === 0) unmatchedBefore++;
    else if (kind[i - r] === 2) frequent++;
    else break;
  }
  if (unmatchedBefore === 0) return false;
  let unmatchedAfter = 0;
  for (let r = 1; i + r <= end; r++) {
    if (kind[i + r] === 0) unmatchedAfter++;
    else if (kind[i + r] === 2) frequent++;
    else break;
  }
  if (unmatchedAfter === 0) return false;
  return frequent * DISCARD_RUN_FACTOR < frequent + unmatchedBefore + unmatchedAfter;
}

interface Split {
  i1: number;
  i2: number;
  minLow: boolean;
  minHigh: boolean;
}

/** Divide and conquer over boxes of the kept lines; an explicit stack keeps deep recursions off the JS stack. */
function myers(side1: DiffSide, kept1: Kept, side2: DiffSide, kept2: Kept): void {
  const a = kept1.ids;
  const b = kept2.ids;
  const diagonals = a.length + b.length + 3;
  const forward = new Int32Array(2 * diagonals + 2);
  const backward = new Int32Array(2 * diagonals + 2);
  const offset = b.length + 1;
  const maxCost = Math.max(roughSqrt(diagonals), MIN_MAX_COST);
  const search = new MiddleSnake(a, b, forward, backward, offset, maxCost);
  const stack: Array<[number, number, number, number, boolean]> = [[0, a.length, 0, b.length, false]];
  while (stack.length > 0) {
    let [off1, lim1, off2, lim2, needMin] = stack.pop()!;
    while (off1 < lim1 && off2 < lim2 && a[off1] === b[off2]) off1++, off2++;
    while (off1 < lim1 && off2 < lim2 && a[lim1 - 1] === b[lim2 - 1]) lim1--, lim2--;
    if (off1 === lim1) {
      for (let i = off2; i < lim2; i++) side2.changed[kept2.index[i]! + 1] = 1;
    } else if (off2 === lim2) {
      for (let i = off1; i < lim1; i++) side1.changed[kept1.index[i]! + 1] = 1;
    } else {
      const split = search.split(off1, lim1, off2, lim2, needMin);
      stack.push([split.i1, lim1, split.i2, lim2, split.minHigh]);
      stack.push([off1, split.i1, off2, split.i2, split.minLow]);
    }
  }
}

class MiddleSnake {
  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly kf: Int32Array,
    private readonly kb: Int32Array,
    private readonly offset: number,
    private readonly maxCost: number,
  ) {}

  /** Finds where the forward and backward furthest-reaching paths meet (or a good split when too costly). */
  split(off1: number, lim1: number, off2: number, lim2: number, needMin: boolean): Split {
    const { a, b, kf, kb, offset: o } = this;
    const dmin = off1 - lim2;
    const dmax = lim1 - off2;
    const fmid = off1 - off2;
    const bmid = lim1 - lim2;
    const odd = ((fmid - bmid) & 1) === 1;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    kf[o + fmid] = off1;
    kb[o + bmid] = lim1;
    for (let cost = 1; ; cost++) {
      let gotSnake = false;
      if (fmin > dmin) kf[o + --fmin - 1] = -1;
      else ++fmin;
      if (fmax < dmax) kf[o + ++fmax + 1] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        let i1 = kf[o + d - 1]! >= kf[o + d + 1]! ? kf[o + d - 1]! + 1 : kf[o + d + 1]!;
        const before = i1;
        let i2 = i1 - d;
        while (i1 < lim1 && i2 < lim2 && a[i1] === b[i2]) i1++, i2++;
        if (i1 - before > SNAKE_COUNT) gotSnake = true;
        kf[o + d] = i1;
        if (odd && bmin <= d && d <= bmax && kb[o + d]! <= i1) return { i1, i2, minLow: true, minHigh: true };
      }
      if (bmin > dmin) kb[o + --bmin - 1] = LINE_MAX;
      else ++bmin;
      if (bmax < dmax) kb[o + ++bmax + 1] = LINE_MAX;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        let i1 = kb[o + d - 1]! < kb[o + d + 1]! ? kb[o + d - 1]! : kb[o + d + 1]! - 1;
        const before = i1;
        let i2 = i1 - d;
        while (i1 > off1 && i2 > off2 && a[i1 - 1] === b[i2 - 1]) i1--, i2--;
        if (before - i1 > SNAKE_COUNT) gotSnake = true;
        kb[o + d] = i1;
        if (!odd && fmin <= d && d <= fmax && i1 <= kf[o + d]!) return { i1, i2, minLow: true, minHigh: true };
      }
      if (needMin) continue;
      if (gotSnake && cost > HEURISTIC_MIN_COST) {
        const good = this.goodSnake(off1, lim1, off2, lim2, cost, { fmin, fmax, fmid, bmin, bmax, bmid });
        if (good) return good;
      }
      if (cost >= this.maxCost) return this.furthest(off1, lim1, off2, lim2, { fmin, fmax, bmin, bmax });
    }
  }

  /** A diagonal far along with a long snake behind it is a good enough place to split an expensive box. */
  private goodSnake(
    off1: number,
    lim1: number,
    off2: number,
    lim2: number,
    cost: number,
    r: { fmin: number; fmax: number; fmid: number; bmin: number; bmax: number; bmid: number },
  ): Split | null {
    const { a, b, kf, kb, offset: o } = this;
    let best = 0;
    let split: Split | null = null;
    for (let d = r.fmax; d >= r.fmin; d -= 2) {
      const distance = Math.abs(d - r.fmid);
      const i1 = kf[o + d]!;
      const i2 = i1 - d;
      const value = i1 - off1 + (i2 - off2) - distance;
      if (value > HEURISTIC_FACTOR * cost && value > best && off1 + SNAKE_COUNT <= i1 && i1 < lim1 && off2 + SNAKE_COUNT <= i2 && i2 < lim2) {
        for (let k = 1; a[i1 - k] === b[i2 - k]; k++) {
          if (k === SNAKE_COUNT) {
            best = value;
            split = { i1, i2, minLow: true, minHigh: false };
            break;
          }
        }
      }
    }
    if (split) return split;
    best = 0;
    for (let d = r.bmax; d >= r.bmin; d -= 2) {
      const distance = Math.abs(d - r.bmid);
      const i1 = kb[o + d]!;
      const i2 = i1 - d;
      const value = lim1 - i1 + (lim2 - i2) - distance;
      if (value > HEURISTIC_FACTOR * cost && value > best && off1 < i1 && i1 <= lim1 - SNAKE_COUNT && off2 < i2 && i2 <= lim2 - SNAKE_COUNT) {
        for (let k = 0; a[i1 + k] === b[i2 + k]; k++) {
          if (k === SNAKE_COUNT - 1) {
            best = value;
            split = { i1, i2, minLow: false, minHigh: true };
            break;
          }
        }
      }
    }
    return split;
  }

  /** Gives up on minimality: split at the furthest point either search reached. */
  private furthest(off1: number, lim1: number, off2: number, lim2: number, r: { fmin: number; fmax: number; bmin: number; bmax: number }): Split {
    const { kf, kb, offset: o } = this;
    let forwardBest = -1;
    let forwardI1 = -1;
    for (let d = r.fmax; d >= r.fmin; d -= 2) {
      let i1 = Math.min(kf[o + d]!, lim1);
      let i2 = i1 - d;
      if (lim2 < i2) (i1 = lim2 + d), (i2 = lim2);
      if (forwardBest < i1 + i2) (forwardBest = i1 + i2), (forwardI1 = i1);
    }
    let backwardBest = LINE_MAX;
    let backwardI1 = LINE_MAX;
    for (let d = r.bmax; d >= r.bmin; d -= 2) {
      let i1 = Math.max(off1, kb[o + d]!);
      let i2 = i1 - d;
      if (i2 < off2) (i1 = off2 + d), (i2 = off2);
      if (i1 + i2 < backwardBest) (backwardBest = i1 + i2), (backwardI1 = i1);
    }
    if (lim1 + lim2 - backwardBest < forwardBest - (off1 + off2)) {
      return { i1: forwardI1, i2: forwardBest - forwardI1, minLow: true, minHigh: false };
    }
    return { i1: backwardI1, i2: backwardBest - backwardI1, minLow: false, minHigh: true };
  }
}

function collectEdits(side1: DiffSide, side2: DiffSide): LineEdit[] {
  const edits: LineEdit[] = [];
  const n1 = side1.ids.length;
  const n2 = side2.ids.length;
  let i1 = 0;
  let i2 = 0;
  while (i1 < n1 || i2 < n2) {
    if (side1.changed[i1 + 1] || side2.changed[i2 + 1]) {
      const oldStart = i1;
      const newStart = i2;
      while (side1.changed[i1 + 1]) i1++;
      while (side2.changed[i2 + 1]) i2++;
      edits.push({ oldStart, oldCount: i1 - oldStart, newStart, newCount: i2 - newStart });
    } else {
      i1++;
      i2++;
    }
  }
  return edits;
}
