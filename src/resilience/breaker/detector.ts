/** Counts a detector reports (plain JSON). `failureRate` is null when the detector has no window. */
export interface DetectorStats {
  readonly kind: string;
  readonly calls: number;
  readonly failures: number;
  readonly failureRate: number | null;
}

/** A detector's serialised state (restored after a restart when the kind matches). */
export interface DetectorSnapshot {
  readonly kind: string;
  readonly [field: string]: unknown;
}

/**
 * Decides when a closed circuit opens, from the outcomes of the calls it lets through. Implement it
 * to plug in your own algorithm; the three built-in ones cover consecutive failures and count- or
 * time-based sliding windows with an error-rate threshold and a minimum throughput.
 */
export interface FailureDetector {
  readonly kind: string;
  success(): void;
  /** Records a failure; true when the circuit must open. */
  failure(): boolean;
  /** Forgets everything (the circuit closed again). */
  reset(): void;
  stats(): DetectorStats;
  toJSON(): DetectorSnapshot;
  /** Loads a snapshot of the same kind; false (and no change) when it does not fit. */
  restore(snapshot: DetectorSnapshot): boolean;
}

/** Opens after `threshold` failures in a row; any success resets the count. */
export class ConsecutiveFailures implements FailureDetector {
  readonly kind = 'consecutive';
  private failures = 0;

  constructor(private readonly threshold: number) {}

  success(): void {
    this.failures = 0;
  }

  failure(): boolean {
    return ++this.failures >= this.threshold;
  }

  reset(): void {
    this.failures = 0;
  }

  stats(): DetectorStats {
    return { kind: this.kind, calls: this.failures, failures: this.failures, failureRate: null };
  }

  toJSON(): DetectorSnapshot {
    return { kind: this.kind, failures: this.failures };
  }

  restore(snapshot: DetectorSnapshot): boolean {
    const failures = snapshot.failures;
    if (snapshot.kind !== this.kind || !isCount(failures)) return false;
    this.failures = failures;
    return true;
  }
}

/** True for a whole number >= 0. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
