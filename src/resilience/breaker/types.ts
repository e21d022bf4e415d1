import type { CircuitState } from '../errors.js';
import type { DetectorStats } from './detector.js';

/** Why a circuit changed state. */
export type TransitionReason =
  | 'failures'
  | 'probe-failed'
  | 'probe-timeout'
  | 'break-elapsed'
  | 'probe-succeeded'
  | 'isolated'
  | 'isolation-released'
  | 'reset'
  | 'restored';

/** A state change; `at` is when it took effect (time-based ones are computed, not timer-driven). */
export interface CircuitStateChange {
  readonly circuit: string;
  readonly from: CircuitState;
  readonly to: CircuitState;
  readonly reason: TransitionReason;
  readonly at: number;
  /** While open: milliseconds until the next probe. */
  readonly retryAfterMs: number;
}

/** Permission to run one call admitted by {@link CircuitBreaker.tryAcquire}; report its outcome once. */
export interface CircuitPermit {
  /** The call succeeded (pass its result when a `failOnResult` predicate should judge it). */
  success(result?: unknown): void;
  failure(error: unknown): void;
}

/** A circuit's state and counts as plain JSON. */
export interface CircuitStats {
  readonly name: string;
  readonly state: CircuitState;
  readonly retryAfterMs: number | null;
  readonly openCount: number;
  readonly openedAt: number | null;
  readonly probesInFlight: number;
  readonly window: DetectorStats;
}
