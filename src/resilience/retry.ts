import type { CircuitBreaker } from './breaker/circuit-breaker.js';
import { abortReason } from './clock.js';
import { Emitter, type Disposable, type Listener } from './events.js';
import { ROOT_CONTEXT, rootContext, toOutcome, type Operation, type Outcome, type Policy, type PolicyContext } from './policy.js';
import { runRetry, type GiveUpEvent, type RetryEvent, type RetryHooks } from './retry-loop.js';
import { isNormalizedRetryOptions, normalizeRetryOptions, type NormalizedRetryOptions, type RetryOptions } from './retry-options.js';
import type { DeadlineSettings } from './timeout.js';

export type { GiveUpEvent, GiveUpReason, RetryEvent, RetryHooks } from './retry-loop.js';

/**
 * Retries an operation: strategies, error and result classification, `Retry-After`, per-attempt
 * timeout, total time budget, AbortSignal, retry budget. Options are resolved once, here.
 */
export class RetryPolicy implements Policy {
  /** The resolved options (frozen). */
  readonly options: NormalizedRetryOptions;
  private retryEmitter: Emitter<RetryEvent> | undefined;
  private giveUpEmitter: Emitter<GiveUpEvent> | undefined;
  private successEmitter: Emitter<{ readonly attempts: number }> | undefined;
  /** Created with the first subscription: until then the loop calls no hook at all. */
  private hooks: RetryHooks<undefined> | undefined;

  constructor(options: RetryOptions | NormalizedRetryOptions = {}) {
    this.options = isNormalizedRetryOptions(options) ? options : normalizeRetryOptions(options);
  }

  execute<T>(operation: Operation<T>, signal?: AbortSignal): Promise<T> {
    const context = rootContext(signal);
    if (context !== ROOT_CONTEXT && context.signal.aborted) return Promise.reject(abortReason(context.signal));
    return runRetry(this.options, operation, context, this.hooks, undefined);
  }

  run<T>(operation: Operation<T>, context: PolicyContext): Promise<T> {
    return runRetry(this.options, operation, context, this.hooks, undefined);
  }

  /** Like `execute`, but resolves `{ ok, value | error }` instead of rejecting. */
  executeResult<T>(operation: Operation<T>, signal?: AbortSignal): Promise<Outcome<T>> {
    return toOutcome(this.execute(operation, signal));
  }

  /** Runs with a breaker and a deadline inside each attempt, in one loop (used by `wrap`). @internal */
  runFused<T>(operation: Operation<T>, context: PolicyContext, breaker: CircuitBreaker | undefined, deadline: DeadlineSettings | undefined): Promise<T> {
    if (context !== ROOT_CONTEXT && context.signal.aborted) return Promise.reject(abortReason(context.signal));
    return runRetry(this.options, operation, context, this.hooks, undefined, breaker, deadline);
  }

  /** A retry was scheduled (after its delay was computed, before waiting). */
  onRetry(listener: Listener<RetryEvent>): Disposable {
    this.listen();
    return (this.retryEmitter ??= new Emitter()).subscribe(listener);
  }

  /** The call stopped retrying and failed (or returned a result the predicate still rejected). */
  onGiveUp(listener: Listener<GiveUpEvent>): Disposable {
    this.listen();
    return (this.giveUpEmitter ??= new Emitter()).subscribe(listener);
  }

  /** The call succeeded, after `attempts` attempts. */
  onSuccess(listener: Listener<{ readonly attempts: number }>): Disposable {
    this.listen();
    return (this.successEmitter ??= new Emitter()).subscribe(listener);
  }

  private listen(): void {
    this.hooks ??= {
      retry: (event) => this.retryEmitter?.emit(event),
      giveUp: (event) => this.giveUpEmitter?.emit(event),
      success: (attempts) => this.successEmitter?.emit({ attempts }),
    };
  }
}

/** Creates a {@link RetryPolicy}. */
export function retry(options?: RetryOptions): RetryPolicy {
  return new RetryPolicy(options);
}

