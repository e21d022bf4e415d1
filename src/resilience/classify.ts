import { isAbortError, isBrokenCircuitError, isNonRetryableError } from './errors.js';

/** An error class (matched with `instanceof`); it must extend `Error`. */
export type ErrorClass = abstract new (...args: never[]) => Error;
/** A predicate over whatever was thrown. */
export type ErrorPredicate = (error: unknown) => boolean;
/** Either; lists match when any member matches. */
export type ErrorMatcher = ErrorClass | ErrorPredicate;
/** One matcher or a list of them. */
export type ErrorMatchers = ErrorMatcher | readonly ErrorMatcher[];

function isErrorClass(matcher: ErrorMatcher): matcher is ErrorClass {
  const prototype: unknown = (matcher as { prototype?: unknown }).prototype;
  return matcher === (Error as unknown) || prototype instanceof Error;
}

/** Turns matchers into one predicate (undefined stays undefined: "not configured"). */
export function compileMatchers(matchers: ErrorMatchers | undefined): ErrorPredicate | undefined {
  if (matchers === undefined) return undefined;
  const list = (Array.isArray(matchers) ? matchers : [matchers]) as readonly ErrorMatcher[];
  const predicates = list.map((matcher): ErrorPredicate => {
    if (isErrorClass(matcher)) return (error) => error instanceof matcher;
    return matcher as ErrorPredicate;
  });
  if (predicates.length === 1) return predicates[0];
  return (error) => predicates.some((predicate) => predicate(error));
}

/** Validates matchers: functions (classes or predicates), alone or in a list. */
export function isErrorMatchers(value: unknown): value is ErrorMatchers {
  if (typeof value === 'function') return true;
  return Array.isArray(value) && value.every((item) => typeof item === 'function');
}

/** Messages that runtimes put on the `TypeError` a failed `fetch` throws (a network error, not a bug). */
const NETWORK_TYPE_ERROR_MESSAGES = new Set([
  'fetch failed',
  'Failed to fetch',
  'NetworkError when attempting to fetch resource.',
  'Load failed',
  'Network request failed',
  'terminated',
]);

/**
 * Programmer errors: retrying them can only repeat the bug. `TypeError` (bad arguments, undefined is
 * not a function), `ReferenceError`, `SyntaxError`, `RangeError`, `URIError`, `EvalError`; except the
 * `TypeError` that `fetch` throws for a network failure ("fetch failed", with a `cause`).
 */
export function isProgrammerError(error: unknown): boolean {
  if (error instanceof TypeError) {
    return !(NETWORK_TYPE_ERROR_MESSAGES.has(error.message) || hasNetworkCause(error));
  }
  return (
    error instanceof ReferenceError ||
    error instanceof SyntaxError ||
    error instanceof RangeError ||
    error instanceof URIError ||
    error instanceof EvalError
  );
}

function hasNetworkCause(error: Error): boolean {
  const cause = (error as { cause?: unknown }).cause;
  if (typeof cause !== 'object' || cause === null) return false;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code);
}

/** The HTTP status an error carries (`status`, `statusCode`, `response.status`), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } };
  const status = record.status ?? record.statusCode ?? (typeof record.response === 'object' && record.response !== null ? record.response.status : undefined);
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

/** 4xx responses a retry can fix: request timeout, too early, too many requests. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 425, 429]);

/**
 * Errors that a retry never fixes, whatever the configuration: an abort (the caller gave up), a
 * {@link NonRetryableError}, and an open circuit (retrying it only adds load; cockatiel's #83/#107).
 */
export function isHardStop(error: unknown): boolean {
  return isAbortError(error) || isNonRetryableError(error) || isBrokenCircuitError(error);
}

/**
 * The default "is this worth retrying" classifier: everything except hard stops, programmer errors,
 * and HTTP 4xx statuses other than 408, 425 and 429.
 */
export function isTransientError(error: unknown): boolean {
  if (isHardStop(error) || isProgrammerError(error)) return false;
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500 && !RETRYABLE_CLIENT_STATUSES.has(status)) return false;
  return true;
}
