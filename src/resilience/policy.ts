import { NEVER_ABORTED } from './clock.js';

/** What every operation receives: the signal to honour and the attempt number (1 = first try). */
export interface PolicyContext {
  readonly signal: AbortSignal;
  readonly attempt: number;
}

/** An operation run under a policy; it may return a value or a promise. */
export type Operation<T> = (context: PolicyContext) => T | PromiseLike<T>;

/** A success or a failure, without throwing (see each policy's `executeResult`). */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * The one contract every policy implements (retry, circuit breaker, timeout, fallback, wrap), so
 * they compose: `execute` for callers, `run` to be called from an outer policy with its context.
 */
export interface Policy {
  /** Runs `operation` under this policy; `signal` cancels it. */
  execute<T>(operation: Operation<T>, signal?: AbortSignal): Promise<T>;
  /** Runs `operation` with the context of an enclosing policy (its signal and attempt number). */
  run<T>(operation: Operation<T>, context: PolicyContext): Promise<T>;
}

/** The context of a call made without a signal: shared, never allocated per call. */
export const ROOT_CONTEXT: PolicyContext = Object.freeze({ signal: NEVER_ABORTED, attempt: 1 });

/** The context for a top-level `execute(operation, signal)`. */
export function rootContext(signal: AbortSignal | undefined): PolicyContext {
  return signal === undefined || signal === NEVER_ABORTED ? ROOT_CONTEXT : { signal, attempt: 1 };
}

/** True for a promise or any thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

/** Runs `execute` and turns a rejection into `{ ok: false, error }` (the non-throwing API). */
export function toOutcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value): Outcome<T> => ({ ok: true, value }),
    (error: unknown): Outcome<T> => ({ ok: false, error }),
  );
}

/** A policy that only runs the operation (a placeholder where a policy is switched off). */
export const noopPolicy: Policy = {
  execute<T>(operation: Operation<T>, signal?: AbortSignal): Promise<T> {
    return this.run(operation, rootContext(signal));
  },
  async run<T>(operation: Operation<T>, context: PolicyContext): Promise<T> {
    return await operation(context);
  },
};
