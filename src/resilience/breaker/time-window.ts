import type { Clock } from '../clock.js';
import { isCount, type DetectorSnapshot, type DetectorStats, type FailureDetector } from './detector.js';

/**
 * Opens when, over the last `durationMs`, the failure rate reaches `threshold`, once at least
 * `minimumCalls` calls were seen (opossum's rolling window, Polly's sampling duration). The window
 * is `buckets` slices; stale slices are recognised by their slice number and emptied on use, so
 * there is no timer rotating them.
 */
export class TimeWindow implements FailureDetector {
  readonly kind = 'time';
  private readonly bucketMs: number;
  private readonly slice: number[];
  private readonly calls: number[];
  private readonly failed: number[];

  constructor(
    private readonly durationMs: number,
    private readonly buckets: number,
    private readonly threshold: number,
    private readonly minimumCalls: number,
    private readonly clock: Clock,
  ) {
    this.bucketMs = durationMs / buckets;
    this.slice = new Array<number>(buckets).fill(-1);
    this.calls = new Array<number>(buckets).fill(0);
    this.failed = new Array<number>(buckets).fill(0);
  }

  success(): void {
    this.record(0);
  }

  failure(): boolean {
    const current = this.record(1);
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < this.buckets; i++) {
      if (this.slice[i]! > current - this.buckets) {
        calls += this.calls[i]!;
        failures += this.failed[i]!;
      }
    }
    return calls >= this.minimumCalls && failures >= this.threshold * calls;
  }

  reset(): void {
    this.slice.fill(-1);
    this.calls.fill(0);
    this.failed.fill(0);
  }

  stats(): DetectorStats {
    const current = Math.floor(this.clock.now() / this.bucketMs);
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < this.buckets; i++) {
      if (this.slice[i]! > current - this.buckets) {
        calls += this.calls[i]!;
        failures += this.failed[i]!;
      }
    }
    return { kind: this.kind, calls, failures, failureRate: calls === 0 ? 0 : failures / calls };
  }

  toJSON(): DetectorSnapshot {
    // Slices are stored by their start time, so the snapshot is meaningful across restarts.
    const slices: { at: number; calls: number; failures: number }[] = [];
    for (let i = 0; i < this.buckets; i++) {
      if (this.slice[i]! >= 0 && this.calls[i]! > 0) slices.push({ at: this.slice[i]! * this.bucketMs, calls: this.calls[i]!, failures: this.failed[i]! });
    }
    slices.sort((a, b) => a.at - b.at);
    return { kind: this.kind, durationMs: this.durationMs, slices };
  }

  restore(snapshot: DetectorSnapshot): boolean {
    const slices = snapshot.slices;
    if (snapshot.kind !== this.kind || !Array.isArray(slices)) return false;
    const valid = slices.every(
      (s: unknown) =>
        typeof s === 'object' && s !== null && typeof (s as { at?: unknown }).at === 'number' && isCount((s as { calls?: unknown }).calls) && isCount((s as { failures?: unknown }).failures),
    );
    if (!valid) return false;
    this.reset();
    for (const s of slices as { at: number; calls: number; failures: number }[]) {
      const id = Math.floor(s.at / this.bucketMs);
      const i = id % this.buckets;
      if (this.slice[i] !== id) {
        this.slice[i] = id;
        this.calls[i] = 0;
        this.failed[i] = 0;
      }
      this.calls[i]! += s.calls;
      this.failed[i]! += Math.min(s.failures, s.calls);
    }
    return true;
  }

  /** Counts one outcome in the current slice; returns the slice number. */
  private record(failed: 0 | 1): number {
    const id = Math.floor(this.clock.now() / this.bucketMs);
    const i = id % this.buckets;
    if (this.slice[i] !== id) {
      this.slice[i] = id;
      this.calls[i] = 1;
      this.failed[i] = failed;
    } else {
      this.calls[i]!++;
      this.failed[i]! += failed;
    }
    return id;
  }
}
