import { createBackoff, type Backoff, type BackoffOptions } from './backoff.js';
import { compileMatchers, isErrorMatchers, isHardStop, isTransientError, type ErrorMatchers, type ErrorPredicate } from './classify.js';
import { systemClock, type Clock } from './clock.js';
import { ResilienceConfigError, type ConfigIssue } from './errors.js';
import { RetryBudget, type RetryBudgetOptions } from './retry-budget.js';
import { deadlineSettings, type DeadlineSettings } from './timeout.js';
import { IssueList, join } from './validate.js';

/**
 * How to retry. Every field is optional; the defaults are 3 attempts, exponential backoff from 1 s
 * with full jitter, capped at 30 s, retrying transient errors only and honouring `Retry-After`.
 */
export interface RetryOptions extends BackoffOptions {
  /** Total calls including the first (not the number of retries). Default 3. */
  maxAttempts?: number;
  /** Deadline of each attempt; its signal is aborted and the attempt fails with a `TimeoutError`. */
  attemptTimeoutMs?: number;
  /** Total time budget of the call, waits included; an attempt running at its end is cut short. */
  maxDurationMs?: number;
  /** Errors worth retrying (classes or predicates). Default: {@link isTransientError}. */
  retryOn?: ErrorMatchers;
  /** Errors never retried, checked first. Aborts, `NonRetryableError` and open circuits never are anyway. */
  abortOn?: ErrorMatchers;
  /** Results that count as failures and are retried (e.g. `(r) => r.status >= 500`). */
  retryOnResult?: (result: unknown) => boolean;
  /** Wait what the server's `Retry-After` asks (capped at `maxDelayMs`) instead of the backoff. Default true. */
  respectRetryAfter?: boolean;
  /** A retry budget shared by all calls: an instance (to share it across policies), options, or `true` for defaults. */
  budget?: RetryBudget | RetryBudgetOptions | boolean;
  clock?: Clock;
  /** Random source in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
}

const NORMALIZED: unique symbol = Symbol('normalized retry options');

/** {@link RetryOptions} resolved once, when the policy is built (never per call). */
export interface NormalizedRetryOptions {
  readonly [NORMALIZED]: true;
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  readonly maxDelayMs: number;
  readonly attemptTimeoutMs: number;
  readonly maxDurationMs: number;
  /** Errors worth retrying (undefined: {@link isTransientError}). */
  readonly retryOn: ErrorPredicate | undefined;
  /** Errors never retried. */
  readonly abortOn: ErrorPredicate | undefined;
  readonly retryOnResult: ((result: unknown) => boolean) | undefined;
  readonly respectRetryAfter: boolean;
  readonly budget: RetryBudget | undefined;
  readonly clock: Clock;
  readonly random: () => number;
  readonly attemptDeadline: DeadlineSettings | undefined;
  readonly totalDeadline: DeadlineSettings | undefined;
}

const RETRY_KEYS: ReadonlySet<string> = new Set([
  'maxAttempts', 'attemptTimeoutMs', 'maxDurationMs', 'retryOn', 'abortOn', 'retryOnResult', 'respectRetryAfter',
  'budget', 'clock', 'random', 'strategy', 'baseDelayMs', 'maxDelayMs', 'factor', 'stepMs', 'jitter',
]);

/** Lists every problem of a {@link RetryOptions} (`path` prefixes each issue's path). */
export function validateRetryOptions(options: unknown, path = ''): ConfigIssue[] {
  const issues = new IssueList();
  if (options === undefined) return [];
  if (!issues.object(path === '' ? 'retry' : path, options)) return issues.issues;
  const o = options as RetryOptions;
  issues.unknownKeys(path, options, RETRY_KEYS);
  issues.number(join(path, 'maxAttempts'), o.maxAttempts, 1, { integer: true, allowInfinity: true });
  issues.number(join(path, 'attemptTimeoutMs'), o.attemptTimeoutMs, 1, { allowInfinity: true });
  issues.number(join(path, 'maxDurationMs'), o.maxDurationMs, 1, { allowInfinity: true });
  if (o.retryOn !== undefined && !isErrorMatchers(o.retryOn)) issues.add(join(path, 'retryOn'), 'expected an error class, a predicate, or a list of them');
  if (o.abortOn !== undefined && !isErrorMatchers(o.abortOn)) issues.add(join(path, 'abortOn'), 'expected an error class, a predicate, or a list of them');
  issues.func(join(path, 'retryOnResult'), o.retryOnResult);
  issues.boolean(join(path, 'respectRetryAfter'), o.respectRetryAfter);
  issues.func(join(path, 'random'), o.random);
  if (o.budget !== undefined && typeof o.budget !== 'boolean' && !(o.budget instanceof RetryBudget)) {
    if (issues.object(join(path, 'budget'), o.budget)) {
      const budget = o.budget as RetryBudgetOptions;
      issues.number(join(path, 'budget.ratio'), budget.ratio, 0);
      issues.number(join(path, 'budget.minRetriesPerSecond'), budget.minRetriesPerSecond, 0);
      issues.number(join(path, 'budget.maxTokens'), budget.maxTokens, 1);
    }
  }
  issues.backoff(path, o);
  return issues.issues;
}

/** Validates and resolves {@link RetryOptions}; throws a `ResilienceConfigError` listing every problem. */
export function normalizeRetryOptions(options: RetryOptions = {}): NormalizedRetryOptions {
  const issues = validateRetryOptions(options);
  if (issues.length > 0) throw new ResilienceConfigError(issues, 'retry options');
  const clock = options.clock ?? systemClock;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? Infinity;
  const maxDurationMs = options.maxDurationMs ?? Infinity;
  let budget: RetryBudget | undefined;
  if (options.budget instanceof RetryBudget) budget = options.budget;
  else if (options.budget === true) budget = new RetryBudget({ clock });
  else if (typeof options.budget === 'object') budget = new RetryBudget({ clock, ...options.budget });
  return Object.freeze({
    [NORMALIZED]: true as const,
    maxAttempts: options.maxAttempts ?? 3,
    backoff: createBackoff({ ...options, jitter: options.jitter ?? (options.strategy === undefined ? 'full' : undefined) }),
    maxDelayMs: options.maxDelayMs ?? 30_000,
    attemptTimeoutMs,
    maxDurationMs,
    retryOn: compileMatchers(options.retryOn),
    abortOn: compileMatchers(options.abortOn),
    retryOnResult: options.retryOnResult,
    respectRetryAfter: options.respectRetryAfter ?? true,
    budget,
    clock,
    random: options.random ?? Math.random,
    attemptDeadline: Number.isFinite(attemptTimeoutMs) ? deadlineSettings(attemptTimeoutMs, 'attempt', clock) : undefined,
    totalDeadline: Number.isFinite(maxDurationMs) ? deadlineSettings(maxDurationMs, 'total', clock) : undefined,
  });
}

/** Whether `error` is worth another attempt under these options (hard stops never are). */
export function isRetryableError(o: NormalizedRetryOptions, error: unknown): boolean {
  if (isHardStop(error)) return false;
  if (o.abortOn !== undefined && o.abortOn(error)) return false;
  return o.retryOn !== undefined ? o.retryOn(error) : isTransientError(error);
}

/** True for options that {@link normalizeRetryOptions} produced. */
export function isNormalizedRetryOptions(value: unknown): value is NormalizedRetryOptions {
  return typeof value === 'object' && value !== null && (value as Partial<NormalizedRetryOptions>)[NORMALIZED] === true;
}
