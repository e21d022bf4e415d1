import { type DetectorSnapshot, type DetectorStats, type FailureDetector } from './detector.js';

/** Bits kept per array element: 30 stays a small integer on every V8 configuration. */
const BITS = 30;

/**
 * Opens when, among the last `size` calls, the failure rate reaches `threshold`, once at least
 * `minimumCalls` calls are in the window (resilience4j's COUNT_BASED window). Outcomes are kept as
 * a bitset, so a window of 100 calls costs four numbers.
 */
export class CountWindow implements FailureDetector {
  readonly kind = 'count';
  private bits: number[];
  private next = 0;
  private count = 0;
  private failures = 0;

  constructor(
    private readonly size: number,
    private readonly threshold: number,
    private readonly minimumCalls: number,
  ) {
    this.bits = new Array<number>(Math.ceil(size / BITS)).fill(0);
  }

  success(): void {
    this.record(0);
  }

  failure(): boolean {
    this.record(1);
    return this.count >= this.minimumCalls && this.failures >= this.threshold * this.count;
  }

  reset(): void {
    this.bits.fill(0);
    this.next = 0;
    this.count = 0;
    this.failures = 0;
  }

  stats(): DetectorStats {
    return { kind: this.kind, calls: this.count, failures: this.failures, failureRate: this.count === 0 ? 0 : this.failures / this.count };
  }

  toJSON(): DetectorSnapshot {
    const outcomes: number[] = [];
    // Oldest first, so a window of another size can be rebuilt from the same history.
    const start = this.count < this.size ? 0 : this.next;
    for (let i = 0; i < this.count; i++) outcomes.push(this.bit((start + i) % this.size));
    return { kind: this.kind, outcomes };
  }

  restore(snapshot: DetectorSnapshot): boolean {
    const outcomes = snapshot.outcomes;
    if (snapshot.kind !== this.kind || !Array.isArray(outcomes) || !outcomes.every((o) => o === 0 || o === 1)) return false;
    this.reset();
    for (const outcome of outcomes.slice(-this.size) as (0 | 1)[]) this.record(outcome);
    return true;
  }

  private bit(index: number): 0 | 1 {
    return ((this.bits[(index / BITS) | 0]! >>> index % BITS) & 1) as 0 | 1;
  }

  private record(failed: 0 | 1): void {
    const index = this.next;
    const word = (index / BITS) | 0;
    const mask = 1 << index % BITS;
    const bits = this.bits;
    if (this.count === this.size) {
      if ((bits[word]! & mask) !== 0) this.failures--;
    } else {
      this.count++;
    }
    if (failed === 1) {
      bits[word] = bits[word]! | mask;
      this.failures++;
    } else {
      bits[word] = bits[word]! & ~mask;
    }
    this.next = index + 1 === this.size ? 0 : index + 1;
  }
}
