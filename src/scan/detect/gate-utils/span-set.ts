/** Spans of text ([start, end) in characters), merged and in order, asked whether they hold a position. */
export class SpanSet {
  private constructor(
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
  ) {}

  /** The union of `spans` (in any order, overlapping or not). */
  static of(spans: ReadonlyArray<readonly [number, number]>): SpanSet {
    const sorted = [...spans].sort((a, b) => a[0] - b[0]);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const [start, end] of sorted) {
      if (start >= end) continue;
      const last = ends.length - 1;
      if (last >= 0 && start <= ends[last]!) ends[last] = Math.max(ends[last]!, end);
      else {
        starts.push(start);
        ends.push(end);
      }
    }
    return new SpanSet(starts, ends);
  }

  /** Whether the character at `at` is in a span. */
  holds(at: number): boolean {
    // The last span starting at or before `at`.
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle]! <= at) low = middle + 1;
      else high = middle - 1;
    }
    return high >= 0 && at < this.ends[high]!;
  }
}
