import { CountWindow } from './breaker/count-window.js';
import type { CircuitStats } from './breaker/circuit-breaker.js';
import { summarizeError, type ErrorSummary } from './errors.js';

/** Overall health of a manager or a registry. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** One failed attempt in the error history. */
export interface ErrorRecord {
  readonly at: number;
  readonly operation: string | null;
  readonly attempt: number;
  /** True when the call failed for good with this error (no retry followed). */
  readonly final: boolean;
  readonly error: ErrorSummary;
}

/** Call latency in milliseconds (null before the first call). */
export interface LatencyStats {
  readonly count: number;
  readonly lastMs: number | null;
  readonly meanMs: number | null;
  readonly minMs: number | null;
  readonly maxMs: number | null;
}

/** Counters of a manager. */
export interface HealthCounters {
  /** Calls made (`execute`). */
  readonly calls: number;
  readonly successes: number;
  readonly failures: number;
  /** Retries scheduled. */
  readonly retries: number;
  /** Calls (or attempts) rejected by an open circuit. */
  readonly rejections: number;
  /** Attempts that ran past their deadline. */
  readonly timeouts: number;
  /** Calls answered by the fallback. */
  readonly fallbacks: number;
}

/** A manager's health as plain JSON. */
export interface ManagerHealth {
  readonly name: string;
  readonly status: HealthStatus;
  readonly counters: HealthCounters;
  /** successes / (successes + failures); null before the first call. */
  readonly successRate: number | null;
  /** Failure rate over the last 100 calls. */
  readonly recentFailureRate: number | null;
  readonly latency: LatencyStats;
  readonly circuit: CircuitStats | null;
  readonly lastSuccessAt: number | null;
  readonly lastFailureAt: number | null;
  readonly lastError: ErrorRecord | null;
  /** The most recent failed attempts, oldest first (bounded by `maxErrorHistory`). */
  readonly errors: readonly ErrorRecord[];
}

/** Counts, latency and a bounded error history (a ring buffer). */
export class HealthTracker {
  calls = 0;
  successes = 0;
  failures = 0;
  retries = 0;
  rejections = 0;
  timeouts = 0;
  fallbacks = 0;
  private latencyCount = 0;
  private latencyTotal = 0;
  private lastMs = -1;
  private minMs = Infinity;
  private maxMs = -1;
  private lastSuccessAt = -1;
  private lastFailureAt = -1;
  private readonly recent = new CountWindow(100, 1, 1);
  private history: ErrorRecord[] = [];
  private historyNext = 0;

  constructor(private readonly maxErrorHistory: number) {}

  success(at: number, durationMs: number): void {
    this.successes++;
    this.lastSuccessAt = at;
    this.recent.success();
    this.latency(durationMs);
  }

  failure(at: number, durationMs: number): void {
    this.failures++;
    this.lastFailureAt = at;
    this.recent.failure();
    this.latency(durationMs);
  }

  /** Records a failed attempt in the history. */
  error(record: ErrorRecord): void {
    if (this.maxErrorHistory === 0) return;
    if (this.history.length < this.maxErrorHistory) {
      this.history.push(record);
    } else {
      this.history[this.historyNext] = record;
      this.historyNext = (this.historyNext + 1) % this.maxErrorHistory;
    }
  }

  /** Builds a history record. */
  static record(at: number, operation: string | undefined, attempt: number, final: boolean, error: unknown): ErrorRecord {
    return { at, operation: operation ?? null, attempt, final, error: summarizeError(error) };
  }

  snapshot(name: string, circuit: CircuitStats | null): ManagerHealth {
    const completed = this.successes + this.failures;
    const recent = this.recent.stats();
    const errors = this.history.length < this.maxErrorHistory ? [...this.history] : [...this.history.slice(this.historyNext), ...this.history.slice(0, this.historyNext)];
    return {
      name,
      status: deriveStatus(circuit, recent.calls, recent.failureRate ?? 0),
      counters: {
        calls: this.calls,
        successes: this.successes,
        failures: this.failures,
        retries: this.retries,
        rejections: this.rejections,
        timeouts: this.timeouts,
        fallbacks: this.fallbacks,
      },
      successRate: completed === 0 ? null : this.successes / completed,
      recentFailureRate: recent.calls === 0 ? null : recent.failureRate,
      latency: {
        count: this.latencyCount,
        lastMs: this.lastMs < 0 ? null : this.lastMs,
        meanMs: this.latencyCount === 0 ? null : this.latencyTotal / this.latencyCount,
        minMs: this.latencyCount === 0 ? null : this.minMs,
        maxMs: this.maxMs < 0 ? null : this.maxMs,
      },
      circuit,
      lastSuccessAt: this.lastSuccessAt < 0 ? null : this.lastSuccessAt,
      lastFailureAt: this.lastFailureAt < 0 ? null : this.lastFailureAt,
      lastError: errors.length === 0 ? null : errors[errors.length - 1]!,
      errors,
    };
  }

  private latency(durationMs: number): void {
    this.latencyCount++;
    this.latencyTotal += durationMs;
    this.lastMs = durationMs;
    if (durationMs < this.minMs) this.minMs = durationMs;
    if (durationMs > this.maxMs) this.maxMs = durationMs;
  }
}

/**
 * unhealthy: the circuit is open or isolated, or half of the last calls (at least 10) failed;
 * degraded: the circuit is half-open, or at least 10 % of the last calls failed; healthy otherwise.
 */
export function deriveStatus(circuit: CircuitStats | null, recentCalls: number, recentFailureRate: number): HealthStatus {
  const state = circuit === null ? 'closed' : circuit.state;
  if (state === 'open' || state === 'isolated') return 'unhealthy';
  if (recentCalls >= 10 && recentFailureRate >= 0.5) return 'unhealthy';
  if (state === 'half-open' || (recentCalls > 0 && recentFailureRate >= 0.1)) return 'degraded';
  return 'healthy';
}

/** The worst of several statuses (healthy when there are none). */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'healthy';
  for (const status of statuses) {
    if (status === 'unhealthy') return 'unhealthy';
    if (status === 'degraded') worst = 'degraded';
  }
  return worst;
}
