import { CircuitBreaker, type CircuitStateChange } from './breaker/circuit-breaker.js';
import type { CircuitBreakerOptions } from './breaker/options.js';
import { abortReason, systemClock, type Clock } from './clock.js';
import { resolveReliabilityConfig, type ReliabilityConfig, type ResolvedReliabilityConfig } from './config.js';
import { isAbortError, isBrokenCircuitError, isTimeoutError, summarizeError } from './errors.js';
import { Emitter, forwardEvents, type Disposable, type EventSink, type ForwardOptions, type Listener } from './events.js';
import { HealthTracker, type ManagerHealth } from './health.js';
import type { FailureReason, ReliabilityEvent, ReliabilityEventOf, ReliabilityEventType } from './manager-events.js';
import { rootContext, type Operation } from './policy.js';
import { normalizeRetryOptions, type NormalizedRetryOptions, type RetryOptions } from './retry-options.js';
import { runRetry, type GiveUpEvent, type GiveUpReason, type RetryEvent, type RetryHooks } from './retry-loop.js';

/** What a fallback handler learns about the failed call. */
export interface FallbackInfo {
  readonly manager: string;
  readonly operation: string | null;
  readonly attempts: number;
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
}

/** A {@link ReliabilityConfig} plus what cannot be plain data. */
export interface ReliabilityManagerOptions extends ReliabilityConfig {
  /** Answers failed calls (unless the call brings its own `fallback`). Not used for aborts. */
  fallback?: (error: unknown, info: FallbackInfo) => unknown;
  /** Use this breaker (e.g. one shared through a registry) instead of building one from `circuit`. */
  breaker?: CircuitBreaker;
  /** Receives errors thrown by event subscribers (they never reach the operation). */
  onListenerError?: (error: unknown) => void;
  clock?: Clock;
}

/** Per-call information for {@link ReliabilityManager.execute}; a string is taken as the operation name. */
export interface ExecutionContext<T = unknown> {
  /** Operation name for events, health and error history. */
  operation?: string;
  /** Cancels the call: waiting stops at once, and the operation's signal aborts. */
  signal?: AbortSignal;
  /** Copied into every event of this call (run id, user id ...). */
  metadata?: Record<string, unknown>;
  /** This call's fallback (overrides the manager's). */
  fallback?: (error: unknown, info: FallbackInfo) => T | PromiseLike<T>;
}

/** The outcome of {@link ReliabilityManager.executeResult} (the seeds' `ExecutionResult`). */
export type ExecutionResult<T> =
  | {
      readonly success: true;
      readonly value: T;
      readonly attempts: number;
      readonly durationMs: number;
      readonly usedFallback: boolean;
    }
  | {
      readonly success: false;
      readonly error: unknown;
      readonly reason: FailureReason;
      readonly attempts: number;
      readonly durationMs: number;
      readonly usedFallback: false;
    };

/** One `execute` in flight. @internal */
export interface ManagerCall {
  readonly operation: string | null;
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
  readonly startedAt: number;
  attempts: number;
  giveUp: GiveUpReason | undefined;
}

const REASONS: Record<GiveUpReason, FailureReason> = {
  attempts: 'exhausted',
  'non-retryable': 'non_retryable',
  budget: 'retry_budget',
  'time-budget': 'timeout',
  aborted: 'aborted',
};

/**
 * The canonical reliability manager: one per agent or dependency. `execute` runs an operation under,
 * outermost first: fallback, total time budget, retry, circuit breaker, attempt timeout (so a timed-out
 * attempt counts as a breaker failure, and an open circuit stops the retries). It emits
 * typed events for every step and tracks health.
 */
export class ReliabilityManager {
  readonly name: string;
  readonly config: ResolvedReliabilityConfig;
  /** The circuit breaker (undefined when `circuit: false`). */
  readonly breaker: CircuitBreaker | undefined;
  private readonly retry: NormalizedRetryOptions;
  private readonly clock: Clock;
  /** Created with the first subscriber (with the breaker subscription): a quiet manager stays small. */
  private emitter: Emitter<ReliabilityEvent> | undefined = undefined;
  private readonly onListenerError: ((error: unknown) => void) | undefined;
  private readonly tracker: HealthTracker;
  private readonly fallback: ReliabilityManagerOptions['fallback'];
  private readonly hooks: RetryHooks<ManagerCall>;
  private breakerSubscription: Disposable | undefined = undefined;

  constructor(name: string, options: ReliabilityManagerOptions = {}) {
    const { fallback, breaker, onListenerError, clock, ...config } = options;
    this.name = name;
    this.config = resolveReliabilityConfig(config);
    this.clock = clock ?? systemClock;
    this.fallback = fallback;
    this.onListenerError = onListenerError;
    this.tracker = new HealthTracker(this.config.health.maxErrorHistory);
    const retryOptions: RetryOptions = this.config.retry === false ? { maxAttempts: 1 } : this.config.retry;
    const maxDurationMs = Math.min(retryOptions.maxDurationMs ?? Infinity, this.config.timeoutMs);
    this.retry = normalizeRetryOptions({
      ...retryOptions,
      clock: retryOptions.clock ?? this.clock,
      ...(Number.isFinite(maxDurationMs) ? { maxDurationMs } : {}),
    });
    this.breaker = breaker ?? (this.config.circuit === false ? undefined : new CircuitBreaker(this.breakerOptions(this.config.circuit)));
    this.hooks = new ManagerHooks(this);
  }

  /** Runs `operation` under the manager's policies; resolves its value or rejects with its error. */
  async execute<T>(operation: Operation<T>, context?: ExecutionContext<T> | string): Promise<T> {
    const result = await this.executeResult(operation, context);
    if (result.success) return result.value;
    throw result.error;
  }

  /** Like `execute`, but never rejects: resolves `{ success, value | error, attempts, durationMs ... }`. */
  async executeResult<T>(operation: Operation<T>, context?: ExecutionContext<T> | string): Promise<ExecutionResult<T>> {
    const options: ExecutionContext<T> = typeof context === 'string' ? { operation: context } : (context ?? {});
    const call: ManagerCall = {
      operation: options.operation ?? null,
      metadata: options.metadata,
      startedAt: this.clock.now(),
      attempts: 0,
      giveUp: undefined,
    };
    this.tracker.calls++;
    const root = rootContext(options.signal);
    try {
      if (root.signal.aborted) {
        call.giveUp = 'aborted';
        throw abortReason(root.signal);
      }
      // One loop: retry, then the breaker, then the attempt deadline, inline for every attempt.
      const value = await runRetry(this.retry, operation, root, this.hooks, call, this.breaker);
      return this.succeeded(call, value, false);
    } catch (error) {
      return this.failed(call, error, options.fallback);
    }
  }

  /** Subscribes to every event. */
  subscribe(listener: Listener<ReliabilityEvent>): Disposable {
    return this.events().subscribe(listener);
  }

  /** Subscribes to one event type. */
  on<K extends ReliabilityEventType>(type: K, listener: Listener<ReliabilityEventOf<K>>): Disposable {
    return this.events().subscribe((event) => {
      if (event.type === type) listener(event as ReliabilityEventOf<K>);
    });
  }

  /** Forwards every event to `sink.send(type, event)` (a WebSocket bridge, a bus); never awaited. */
  forwardTo(sink: EventSink, options?: ForwardOptions<ReliabilityEvent>): Disposable {
    return forwardEvents((listener) => this.subscribe(listener), sink, options);
  }

  /** Counters, success rate, latency, circuit state and recent errors, as plain JSON. */
  health(): ManagerHealth {
    return this.tracker.snapshot(this.name, this.breaker === undefined ? null : this.breaker.stats());
  }

  /** Stops listening to the breaker (when it is shared and outlives this manager). */
  dispose(): void {
    this.breakerSubscription?.dispose();
    this.breakerSubscription = undefined;
  }

  private events(): Emitter<ReliabilityEvent> {
    if (this.emitter === undefined) {
      this.emitter = new Emitter(this.onListenerError);
      this.breakerSubscription = this.breaker?.onStateChange((change) => this.onCircuitChange(change));
    }
    return this.emitter;
  }

  private breakerOptions(circuit: CircuitBreakerOptions): CircuitBreakerOptions {
    return { ...circuit, name: circuit.name ?? this.name, clock: circuit.clock ?? this.clock };
  }

  private succeeded<T>(call: ManagerCall, value: T, usedFallback: boolean): ExecutionResult<T> {
    const now = this.clock.now();
    const durationMs = now - call.startedAt;
    if (!usedFallback && this.config.health.enabled) this.tracker.success(now, durationMs);
    if (this.hasListeners()) {
      this.emitter!.emit({
        type: 'agent_completed',
        ...this.base(call, now),
        success: true,
        attempts: call.attempts,
        durationMs,
        usedFallback,
      });
    }
    return { success: true, value, attempts: call.attempts, durationMs, usedFallback };
  }

  private async failed<T>(call: ManagerCall, error: unknown, callFallback: ExecutionContext<T>['fallback']): Promise<ExecutionResult<T>> {
    const now = this.clock.now();
    const durationMs = now - call.startedAt;
    const reason: FailureReason = isBrokenCircuitError(error) ? 'circuit_open' : call.giveUp !== undefined ? REASONS[call.giveUp] : 'exhausted';
    if (this.config.health.enabled) {
      this.tracker.failure(now, durationMs);
      if (isBrokenCircuitError(error)) this.tracker.rejections++;
      if (isTimeoutError(error)) this.tracker.timeouts++;
      this.tracker.error(HealthTracker.record(now, call.operation ?? undefined, call.attempts, true, error));
    }
    const handler = callFallback ?? this.fallback;
    if (handler !== undefined && reason !== 'aborted' && !isAbortError(error)) {
      if (this.hasListeners()) {
        this.emitter!.emit({ type: 'fallback_used', ...this.base(call, now), attempts: call.attempts, error: summarizeError(error) });
      }
      let value: T;
      try {
        value = (await handler(error, { manager: this.name, operation: call.operation, attempts: call.attempts, metadata: call.metadata })) as T;
      } catch (fallbackError) {
        return this.reportFailure(call, fallbackError, reason, durationMs);
      }
      if (this.config.health.enabled) this.tracker.fallbacks++;
      return this.succeeded(call, value, true);
    }
    return this.reportFailure(call, error, reason, durationMs);
  }

  private reportFailure<T>(call: ManagerCall, error: unknown, reason: FailureReason, durationMs: number): ExecutionResult<T> {
    if (this.hasListeners()) {
      const broken = isBrokenCircuitError(error) ? error : undefined;
      this.emitter!.emit({
        type: 'reliability_failure',
        ...this.base(call, this.clock.now()),
        success: false,
        reason,
        attempts: call.attempts,
        durationMs,
        error: summarizeError(error),
        circuitState: this.breaker === undefined ? null : this.breaker.state,
        retryAfterMs: broken === undefined ? null : finiteOrNull(broken.retryAfterMs),
      });
    }
    return { success: false, error, reason, attempts: call.attempts, durationMs, usedFallback: false };
  }

  /** @internal retry-loop hook. */
  onAttempt(attempt: number, call: ManagerCall): void {
    call.attempts = attempt;
    if (!this.hasListeners()) return;
    this.emitter!.emit({
      type: 'agent_thinking',
      ...this.base(call, this.clock.now()),
      attempt,
      maxAttempts: this.retry.maxAttempts,
      retryEnabled: this.retry.maxAttempts > 1,
    });
  }

  /** @internal retry-loop hook. */
  onRetry(attempt: number, delayMs: number, retryAfter: boolean, error: unknown, call: ManagerCall): void {
    const now = this.clock.now();
    if (this.config.health.enabled) {
      this.tracker.retries++;
      if (isTimeoutError(error)) this.tracker.timeouts++;
      if (error !== undefined) this.tracker.error(HealthTracker.record(now, call.operation ?? undefined, attempt, false, error));
    }
    if (!this.hasListeners()) return;
    this.emitter!.emit({
      type: 'retry_scheduled',
      ...this.base(call, now),
      attempt,
      nextAttempt: attempt + 1,
      delayMs,
      retryAfter,
      error: error === undefined ? null : summarizeError(error),
    });
  }

  private onCircuitChange(change: CircuitStateChange): void {
    if (!this.hasListeners()) return;
    const base = { manager: this.name, operation: null, timestamp: change.at };
    const retryAfterMs = finiteOrNull(change.retryAfterMs);
    this.emitter!.emit({ type: 'circuit_state_changed', ...base, from: change.from, to: change.to, reason: change.reason, retryAfterMs });
    if (change.to === 'open' || change.to === 'isolated') {
      this.emitter!.emit({
        type: 'reliability_failure',
        ...base,
        success: false,
        reason: 'circuit_opened',
        attempts: 0,
        durationMs: 0,
        error: null,
        circuitState: change.to,
        retryAfterMs,
      });
    }
  }

  private hasListeners(): boolean {
    return this.config.events.enabled && this.emitter !== undefined && this.emitter.size > 0;
  }

  private base(call: ManagerCall, timestamp: number): { manager: string; operation: string | null; timestamp: number; metadata?: Readonly<Record<string, unknown>> } {
    return call.metadata === undefined
      ? { manager: this.name, operation: call.operation, timestamp }
      : { manager: this.name, operation: call.operation, timestamp, metadata: call.metadata };
  }
}

/** The retry loop's hooks, as prototype methods (no closure per manager). */
class ManagerHooks implements RetryHooks<ManagerCall> {
  constructor(private readonly manager: ReliabilityManager) {}

  attempt(attempt: number, call: ManagerCall): void {
    this.manager.onAttempt(attempt, call);
  }

  retry(event: RetryEvent, call: ManagerCall): void {
    this.manager.onRetry(event.attempt, event.delayMs, event.retryAfter, event.error, call);
  }

  giveUp(event: GiveUpEvent, call: ManagerCall): void {
    call.giveUp = event.reason;
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Creates a {@link ReliabilityManager}. */
export function createReliabilityManager(name: string, options?: ReliabilityManagerOptions): ReliabilityManager {
  return new ReliabilityManager(name, options);
}
