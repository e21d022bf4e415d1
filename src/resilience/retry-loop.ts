import { NOT_A_PROBE, type CircuitBreaker } from './breaker/circuit-breaker.js';
import { abortReason, sleep } from './clock.js';
import { isTimeoutError } from './errors.js';
import type { Operation, PolicyContext } from './policy.js';
import { retryAfterOf } from './retry-after.js';
import { isRetryableError, type NormalizedRetryOptions } from './retry-options.js';
import { DeadlineCall, runWithDeadline, type DeadlineSettings } from './timeout.js';

/** A retry was scheduled: attempt `attempt` failed and the next one starts after `delayMs`. */
export interface RetryEvent {
  readonly attempt: number;
  readonly delayMs: number;
  /** True when the delay came from the server's `Retry-After`. */
  readonly retryAfter: boolean;
  readonly error?: unknown;
  readonly result?: unknown;
}

/** Why a call stopped retrying. */
export type GiveUpReason = 'attempts' | 'non-retryable' | 'budget' | 'time-budget' | 'aborted';

/** The call failed for good after `attempts` attempts. */
export interface GiveUpEvent {
  readonly attempts: number;
  readonly reason: GiveUpReason;
  readonly error?: unknown;
  readonly result?: unknown;
}

/** Callbacks of the retry loop; `data` is whatever the caller passed (the manager passes its call). */
export interface RetryHooks<D> {
  attempt?(attempt: number, data: D): void;
  retry?(event: RetryEvent, data: D): void;
  giveUp?(event: GiveUpEvent, data: D): void;
  success?(attempts: number, data: D): void;
}

/** The context of attempt 2, 3 ...: the caller's signal, read only when the operation asks for it. */
class AttemptContext implements PolicyContext {
  constructor(
    private readonly parent: PolicyContext,
    readonly attempt: number,
  ) {}

  get signal(): AbortSignal {
    return this.parent.signal;
  }
}

/** How an attempt ended. */
interface Completed<T> {
  readonly attempt: number;
  readonly failed: boolean;
  readonly error: unknown;
  readonly result: T | undefined;
}

/**
 * Runs `operation` with retries. The shared engine of {@link RetryPolicy}, of `wrap(retry, breaker,
 * timeout)` and of the reliability manager: a `breaker` is consulted inline for each attempt, and
 * `deadline` (default: the options' attempt deadline) is armed inside it.
 *
 * The first attempt runs without async machinery: its promise gets one `then`, and only a failure
 * (or a rejected result) enters the full loop. A success reads no clock and allocates one closure.
 */
export function runRetry<T, D>(
  o: NormalizedRetryOptions,
  operation: Operation<T>,
  parent: PolicyContext,
  hooks: RetryHooks<D> | undefined,
  data: D,
  breaker?: CircuitBreaker,
  deadline: DeadlineSettings | undefined = o.attemptDeadline,
): Promise<T> {
  if (o.budget !== undefined) o.budget.deposit();
  if (o.totalDeadline !== undefined) return retryLoop(o, operation, parent, hooks, data, breaker, deadline, o.clock.now(), undefined);
  let generation = -1;
  if (breaker !== undefined) {
    generation = breaker.closedGeneration();
    // Open or half-open: admission, probes and rejections are the full loop's business.
    if (generation < 0) return retryLoop(o, operation, parent, hooks, data, breaker, deadline, 0, undefined);
  }
  if (hooks !== undefined && hooks.attempt !== undefined) hooks.attempt(1, data);
  const context = parent.attempt === 1 ? parent : new AttemptContext(parent, 1);
  if (deadline !== undefined) return firstAttemptWithDeadline(o, operation, parent, context, hooks, data, breaker, deadline, generation);
  let pending: Promise<T>;
  try {
    const value = operation(context);
    pending = value instanceof Promise ? (value as Promise<T>) : Promise.resolve(value);
  } catch (error) {
    pending = Promise.reject(error);
  }
  const onFailure = (error: unknown): Promise<T> => {
    if (generation >= 0) breaker!.report(generation, NOT_A_PROBE, true, error);
    return retryLoop(o, operation, parent, hooks, data, breaker, deadline, 0, { attempt: 1, failed: true, error, result: undefined });
  };
  if (o.retryOnResult === undefined && (hooks === undefined || hooks.success === undefined)) {
    return pending.then(generation >= 0 ? breaker!.successHandler<T>() : undefined, onFailure);
  }
  return pending.then((result: T) => afterFirstSuccess(o, operation, parent, hooks, data, breaker, deadline, generation, result), onFailure);
}

/** The first attempt succeeded: report it, then check the result predicate. */
function afterFirstSuccess<T, D>(
  o: NormalizedRetryOptions,
  operation: Operation<T>,
  parent: PolicyContext,
  hooks: RetryHooks<D> | undefined,
  data: D,
  breaker: CircuitBreaker | undefined,
  deadline: DeadlineSettings | undefined,
  generation: number,
  result: T,
): T | Promise<T> {
  if (generation >= 0) breaker!.report(generation, NOT_A_PROBE, false, result);
  if (o.retryOnResult !== undefined && o.retryOnResult(result)) {
    return retryLoop(o, operation, parent, hooks, data, breaker, deadline, 0, { attempt: 1, failed: false, error: undefined, result });
  }
  if (hooks !== undefined && hooks.success !== undefined) hooks.success(1, data);
  return result;
}

/**
 * The first attempt under a deadline, with one promise for the caller: the operation's settlement,
 * the deadline and the caller's abort each resolve it (a failure by continuing into the full loop).
 */
function firstAttemptWithDeadline<T, D>(
  o: NormalizedRetryOptions,
  operation: Operation<T>,
  parent: PolicyContext,
  context: PolicyContext,
  hooks: RetryHooks<D> | undefined,
  data: D,
  breaker: CircuitBreaker | undefined,
  deadline: DeadlineSettings,
  generation: number,
): Promise<T> {
  const call = new DeadlineCall(context, deadline, deadline.timeoutMs);
  let pending: T | PromiseLike<T>;
  try {
    pending = operation(call);
  } catch (error) {
    pending = Promise.reject(error);
  }
  const promise = pending instanceof Promise ? (pending as Promise<T>) : Promise.resolve(pending);
  return new Promise<T>((resolve) => {
    const fail = (error: unknown): void => {
      if (generation >= 0) breaker!.report(generation, NOT_A_PROBE, true, error);
      resolve(retryLoop(o, operation, parent, hooks, data, breaker, deadline, 0, { attempt: 1, failed: true, error, result: undefined }));
    };
    call.arm(fail);
    promise.then(
      (result) => {
        if (call.finish()) resolve(afterFirstSuccess(o, operation, parent, hooks, data, breaker, deadline, generation, result));
      },
      (error: unknown) => {
        if (call.finish()) fail(error);
      },
    );
  });
}

function giveUp<D>(hooks: RetryHooks<D> | undefined, data: D, event: GiveUpEvent): void {
  if (hooks !== undefined && hooks.giveUp !== undefined) hooks.giveUp(event, data);
}

/** Runs one attempt: breaker admission, then the deadline, then the operation. */
async function attemptOnce<T>(
  o: NormalizedRetryOptions,
  operation: Operation<T>,
  context: PolicyContext,
  breaker: CircuitBreaker | undefined,
  deadline: DeadlineSettings | undefined,
  startedAt: number,
): Promise<Completed<T>> {
  let admission = NOT_A_PROBE;
  let generation = -1;
  try {
    if (breaker !== undefined) {
      const gate = breaker.gate();
      if (typeof gate !== 'number') throw gate;
      admission = gate;
      generation = breaker.generation;
    }
    let pending: T | PromiseLike<T>;
    if (o.totalDeadline !== undefined) {
      const remaining = startedAt + o.maxDurationMs - o.clock.now();
      pending =
        deadline !== undefined && deadline.timeoutMs <= remaining
          ? runWithDeadline(operation, context, deadline)
          : runWithDeadline(operation, context, o.totalDeadline, Math.max(1, remaining));
    } else if (deadline !== undefined) {
      pending = runWithDeadline(operation, context, deadline);
    } else {
      pending = operation(context);
    }
    const result = await pending;
    if (generation >= 0) breaker!.report(generation, admission, false, result);
    return { attempt: context.attempt, failed: false, error: undefined, result };
  } catch (error) {
    if (generation >= 0) breaker!.report(generation, admission, true, error);
    return { attempt: context.attempt, failed: true, error, result: undefined };
  }
}

/** The full loop: attempts, classification, delays, budgets. `first` is an attempt already made. */
async function retryLoop<T, D>(
  o: NormalizedRetryOptions,
  operation: Operation<T>,
  parent: PolicyContext,
  hooks: RetryHooks<D> | undefined,
  data: D,
  breaker: CircuitBreaker | undefined,
  deadline: DeadlineSettings | undefined,
  startedAt: number,
  first: Completed<T> | undefined,
): Promise<T> {
  let previousDelayMs = 0;
  for (let attempt = first === undefined ? 1 : first.attempt; ; attempt++) {
    let outcome: Completed<T>;
    if (first !== undefined && attempt === first.attempt) {
      outcome = first;
    } else {
      if (hooks !== undefined && hooks.attempt !== undefined) hooks.attempt(attempt, data);
      outcome = await attemptOnce(o, operation, attempt === parent.attempt ? parent : new AttemptContext(parent, attempt), breaker, deadline, startedAt);
    }
    const { failed, error, result } = outcome;
    if (!failed && (o.retryOnResult === undefined || !o.retryOnResult(result))) {
      if (hooks !== undefined && hooks.success !== undefined) hooks.success(attempt, data);
      return result as T;
    }

    const signal = parent.signal;
    if (signal.aborted) {
      giveUp(hooks, data, { attempts: attempt, reason: 'aborted', error });
      throw abortReason(signal);
    }
    if (failed && isTimeoutError(error) && error.scope === 'total') {
      giveUp(hooks, data, { attempts: attempt, reason: 'time-budget', error });
      throw error;
    }
    if (failed && !isRetryableError(o, error)) {
      giveUp(hooks, data, { attempts: attempt, reason: 'non-retryable', error });
      throw error;
    }
    const details = failed ? { error } : { result };
    if (attempt >= o.maxAttempts) {
      giveUp(hooks, data, { attempts: attempt, reason: 'attempts', ...details });
      if (failed) throw error;
      return result as T;
    }

    let delayMs = -1;
    let fromRetryAfter = false;
    if (failed && o.respectRetryAfter) {
      const requested = retryAfterOf(error, o.clock.now());
      if (requested !== undefined) {
        delayMs = requested < o.maxDelayMs ? requested : o.maxDelayMs;
        fromRetryAfter = true;
      }
    }
    if (delayMs < 0) {
      const computed = o.backoff.delay({ attempt, previousDelayMs, maxDelayMs: o.maxDelayMs, random: o.random, error, result });
      delayMs = computed >= 0 ? (computed < o.maxDelayMs ? computed : o.maxDelayMs) : 0;
    }
    if (o.totalDeadline !== undefined && o.clock.now() + delayMs >= startedAt + o.maxDurationMs) {
      giveUp(hooks, data, { attempts: attempt, reason: 'time-budget', ...details });
      if (failed) throw error;
      return result as T;
    }
    if (o.budget !== undefined && !o.budget.tryWithdraw()) {
      giveUp(hooks, data, { attempts: attempt, reason: 'budget', ...details });
      if (failed) throw error;
      return result as T;
    }
    if (hooks !== undefined && hooks.retry !== undefined) hooks.retry({ attempt, delayMs, retryAfter: fromRetryAfter, ...details }, data);
    if (delayMs > 0) {
      try {
        await sleep(delayMs, o.clock, signal);
      } catch (abort) {
        giveUp(hooks, data, { attempts: attempt, reason: 'aborted', ...details });
        throw abort;
      }
    } else if (signal.aborted) {
      giveUp(hooks, data, { attempts: attempt, reason: 'aborted', ...details });
      throw abortReason(signal);
    }
    previousDelayMs = delayMs;
  }
}
