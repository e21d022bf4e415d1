import type { TransitionReason } from './breaker/circuit-breaker.js';
import type { CircuitState, ErrorSummary } from './errors.js';

/** Fields every manager event carries. */
export interface ReliabilityEventBase {
  /** The manager (agent or dependency) name. */
  readonly manager: string;
  /** The operation name given to `execute` (null for events not tied to one call). */
  readonly operation: string | null;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  /** The caller's metadata (run id, user id ...), as given to `execute`. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** An attempt starts (the seeds' `agent_thinking`: the user sees the agent is working, retries included). */
export interface AgentThinkingEvent extends ReliabilityEventBase {
  readonly type: 'agent_thinking';
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly retryEnabled: boolean;
}

/** An attempt failed and another is scheduled after `delayMs`. */
export interface RetryScheduledEvent extends ReliabilityEventBase {
  readonly type: 'retry_scheduled';
  readonly attempt: number;
  readonly nextAttempt: number;
  readonly delayMs: number;
  /** The delay came from the server's `Retry-After`. */
  readonly retryAfter: boolean;
  /** The failed attempt's error (null when a result predicate rejected its result). */
  readonly error: ErrorSummary | null;
}

/** The call succeeded (the seeds' `agent_completed`). */
export interface AgentCompletedEvent extends ReliabilityEventBase {
  readonly type: 'agent_completed';
  readonly success: true;
  readonly attempts: number;
  readonly durationMs: number;
  /** The value came from the fallback. */
  readonly usedFallback: boolean;
}

/** Why a `reliability_failure` was emitted. */
export type FailureReason =
  /** Attempts exhausted. */
  | 'exhausted'
  /** An error a retry cannot fix. */
  | 'non_retryable'
  /** The circuit rejected the call without running it. */
  | 'circuit_open'
  /** The circuit just opened (not tied to one call). */
  | 'circuit_opened'
  /** The total time budget ran out. */
  | 'timeout'
  /** The retry budget refused a retry. */
  | 'retry_budget'
  /** The caller aborted. */
  | 'aborted';

/** The call failed, or the circuit opened (the seeds' `reliability_failure`). */
export interface ReliabilityFailureEvent extends ReliabilityEventBase {
  readonly type: 'reliability_failure';
  readonly success: false;
  readonly reason: FailureReason;
  readonly attempts: number;
  readonly durationMs: number;
  readonly error: ErrorSummary | null;
  readonly circuitState: CircuitState | null;
  /** Milliseconds until the circuit lets a probe through (for circuit reasons). */
  readonly retryAfterMs: number | null;
}

/** The circuit changed state. */
export interface CircuitStateChangedEvent extends ReliabilityEventBase {
  readonly type: 'circuit_state_changed';
  readonly from: CircuitState;
  readonly to: CircuitState;
  readonly reason: TransitionReason;
  readonly retryAfterMs: number | null;
}

/** The fallback answered a failed call. */
export interface FallbackUsedEvent extends ReliabilityEventBase {
  readonly type: 'fallback_used';
  readonly attempts: number;
  readonly error: ErrorSummary;
}

/** Every event a reliability manager emits. */
export type ReliabilityEvent =
  | AgentThinkingEvent
  | RetryScheduledEvent
  | AgentCompletedEvent
  | ReliabilityFailureEvent
  | CircuitStateChangedEvent
  | FallbackUsedEvent;

/** The event types, as strings. */
export type ReliabilityEventType = ReliabilityEvent['type'];

/** The event of a given type. */
export type ReliabilityEventOf<K extends ReliabilityEventType> = Extract<ReliabilityEvent, { type: K }>;
