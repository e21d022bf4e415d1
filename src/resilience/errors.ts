/**
 * The core's errors. Each carries a readonly brand (`isBrokenCircuitError = true` ...) and a guard
 * checks the brand rather than `instanceof`, so two copies of the package in one process still agree.
 */

/** Circuit states as users see them; `isolated` is the manual forced-open state. */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * Builds an error without capturing a stack trace: a fail-fast rejection happens thousands of times a
 * second while a dependency is down, and capturing a stack is most of its cost.
 */
function withoutStack<T>(build: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function nameErrorClass(errorClass: { prototype: Error }, name: string): void {
  Object.defineProperty(errorClass.prototype, 'name', { value: name, writable: true, configurable: true, enumerable: false });
}

/**
 * A call was rejected without running because its circuit is open, isolated, or half-open with all
 * probe slots taken. `retryAfterMs` says how long until the next probe may run (Infinity while isolated).
 */
export class BrokenCircuitError extends Error {
  readonly isBrokenCircuitError = true;
  /** The circuit's name. */
  readonly circuit: string;
  /** The state that rejected the call. */
  readonly state: Exclude<CircuitState, 'closed'>;
  /** Milliseconds until the circuit lets a probe through (0: retry now; Infinity: isolated). */
  readonly retryAfterMs: number;

  constructor(circuit: string, state: Exclude<CircuitState, 'closed'>, retryAfterMs: number) {
    super(brokenMessage(circuit, state, retryAfterMs));
    this.circuit = circuit;
    this.state = state;
    this.retryAfterMs = retryAfterMs;
  }

  /** Same as the constructor, without a stack trace (used on the fail-fast path). */
  static fast(circuit: string, state: Exclude<CircuitState, 'closed'>, retryAfterMs: number): BrokenCircuitError {
    return withoutStack(() => new BrokenCircuitError(circuit, state, retryAfterMs));
  }
}
nameErrorClass(BrokenCircuitError, 'BrokenCircuitError');

function brokenMessage(circuit: string, state: Exclude<CircuitState, 'closed'>, retryAfterMs: number): string {
  if (state === 'isolated') return `Circuit "${circuit}" is isolated; calls are rejected until it is reset`;
  const wait = Math.ceil(retryAfterMs);
  if (state === 'half-open') return `Circuit "${circuit}" is half-open and its probe slots are taken; retry in ${wait} ms`;
  return `Circuit "${circuit}" is open; next probe in ${wait} ms`;
}

/** Where a deadline came from: one attempt, or the whole call's time budget. */
export type TimeoutScope = 'attempt' | 'total';

/** An attempt (or the whole call) ran past its deadline. */
export class TimeoutError extends Error {
  readonly isTimeoutError = true;
  readonly timeoutMs: number;
  readonly scope: TimeoutScope;

  constructor(timeoutMs: number, scope: TimeoutScope = 'attempt') {
    super(scope === 'total' ? `Time budget of ${timeoutMs} ms exceeded` : `Attempt timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
    this.scope = scope;
  }

  /** Same as the constructor, without a stack trace (used as a reusable abort reason). */
  static fast(timeoutMs: number, scope: TimeoutScope = 'attempt'): TimeoutError {
    return withoutStack(() => new TimeoutError(timeoutMs, scope));
  }
}
nameErrorClass(TimeoutError, 'TimeoutError');

/**
 * Thrown by an operation to stop retrying at once (p-retry's `AbortError`, async-retry's `bail`).
 * Retry rethrows it as is; `cause` holds the original error.
 */
export class NonRetryableError extends Error {
  readonly isNonRetryableError = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
nameErrorClass(NonRetryableError, 'NonRetryableError');

/** One problem in a configuration object, with its dotted path (`retry.maxAttempts`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A configuration was invalid; `issues` lists every problem found, each with its path. */
export class ResilienceConfigError extends Error {
  readonly isResilienceConfigError = true;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], what = 'configuration') {
    super(`Invalid ${what}:\n${issues.map((issue) => `  - ${issue.path}: ${issue.message}`).join('\n')}`);
    this.issues = issues;
  }
}
nameErrorClass(ResilienceConfigError, 'ResilienceConfigError');

function hasBrand(value: unknown, brand: string): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[brand] === true;
}

/** True for a {@link BrokenCircuitError} (from any copy of this package). */
export function isBrokenCircuitError(value: unknown): value is BrokenCircuitError {
  return hasBrand(value, 'isBrokenCircuitError');
}

/** True for a {@link TimeoutError} (from any copy of this package). */
export function isTimeoutError(value: unknown): value is TimeoutError {
  return hasBrand(value, 'isTimeoutError');
}

/** True for a {@link NonRetryableError} (from any copy of this package). */
export function isNonRetryableError(value: unknown): value is NonRetryableError {
  return hasBrand(value, 'isNonRetryableError');
}

/** True for a {@link ResilienceConfigError} (from any copy of this package). */
export function isResilienceConfigError(value: unknown): value is ResilienceConfigError {
  return hasBrand(value, 'isResilienceConfigError');
}

/** True for an abort: a DOMException or Error named `AbortError`, as `AbortSignal` and fetch produce. */
export function isAbortError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError';
}

/** A plain-JSON summary of any thrown value, for events, health history and logs. */
export interface ErrorSummary {
  name: string;
  message: string;
  code?: string | number;
}

/** Summarises anything thrown into {@link ErrorSummary} (never throws). */
export function summarizeError(error: unknown): ErrorSummary {
  if (typeof error === 'object' && error !== null) {
    const record = error as { name?: unknown; message?: unknown; code?: unknown; status?: unknown };
    const summary: ErrorSummary = {
      name: typeof record.name === 'string' ? record.name : 'Error',
      message: typeof record.message === 'string' ? record.message : safeString(error),
    };
    if (typeof record.code === 'string' || typeof record.code === 'number') summary.code = record.code;
    else if (typeof record.status === 'number') summary.code = record.status;
    return summary;
  }
  return { name: typeof error, message: safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '(unprintable value)';
  }
}
