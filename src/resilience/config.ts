import { validateBreakerOptions, type CircuitBreakerOptions } from './breaker/options.js';
import { ResilienceConfigError, type ConfigIssue } from './errors.js';
import { validateRetryOptions, type RetryOptions } from './retry-options.js';
import { IssueList } from './validate.js';

/**
 * The one configuration type of a reliability manager: retry, circuit breaker, timeouts, events and
 * health. Plain data (JSON-compatible) except the optional predicates; every field has a default.
 */
export interface ReliabilityConfig {
  /** Retry settings, or `false` for a single attempt. Default: 3 attempts, exponential from 1 s with full jitter, max 30 s. */
  retry?: RetryOptions | false;
  /** Circuit breaker settings, or `false` for none. Default: opens after 5 consecutive failures for 30 s. */
  circuit?: CircuitBreakerOptions | false;
  /** Total time budget of one `execute`, retries and waits included (same as `retry.maxDurationMs`). */
  timeoutMs?: number;
  events?: {
    /** Emit events (`agent_thinking`, `retry_scheduled` ...). Default true. */
    enabled?: boolean;
  };
  health?: {
    /** Track counters, latency and errors. Default true. */
    enabled?: boolean;
    /** Failed attempts kept in the error history. Default 100. */
    maxErrorHistory?: number;
  };
}

/** {@link ReliabilityConfig} with every default filled in. */
export interface ResolvedReliabilityConfig {
  readonly retry: RetryOptions | false;
  readonly circuit: CircuitBreakerOptions | false;
  readonly timeoutMs: number;
  readonly events: { readonly enabled: boolean };
  readonly health: { readonly enabled: boolean; readonly maxErrorHistory: number };
}

/**
 * The defaults. `retry` and `circuit` are empty: the retry and breaker defaults apply (3 attempts,
 * exponential from 1 s with full jitter capped at 30 s; 5 consecutive failures open the circuit for
 * 30 s), so each default lives in exactly one place.
 */
export const DEFAULT_RELIABILITY_CONFIG: ResolvedReliabilityConfig = Object.freeze({
  retry: Object.freeze({}) as RetryOptions,
  circuit: Object.freeze({}) as CircuitBreakerOptions,
  timeoutMs: Infinity,
  events: Object.freeze({ enabled: true }),
  health: Object.freeze({ enabled: true, maxErrorHistory: 100 }),
});

const TOP_KEYS: ReadonlySet<string> = new Set(['retry', 'circuit', 'timeoutMs', 'events', 'health']);

/** Lists every problem of a {@link ReliabilityConfig}, each with its dotted path. */
export function validateReliabilityConfig(value: unknown): ConfigIssue[] {
  const issues = new IssueList();
  if (value === undefined) return [];
  if (!issues.object('config', value)) return issues.issues;
  const config = value as ReliabilityConfig;
  issues.unknownKeys('', value, TOP_KEYS);
  if (config.retry !== false) issues.issues.push(...validateRetryOptions(config.retry, 'retry'));
  if (config.circuit !== false) issues.issues.push(...validateBreakerOptions(config.circuit, 'circuit'));
  issues.number('timeoutMs', config.timeoutMs, 1, { allowInfinity: true });
  if (issues.object('events', config.events)) {
    issues.unknownKeys('events', config.events as Record<string, unknown>, new Set(['enabled']));
    issues.boolean('events.enabled', config.events!.enabled);
  }
  if (issues.object('health', config.health)) {
    issues.unknownKeys('health', config.health as Record<string, unknown>, new Set(['enabled', 'maxErrorHistory']));
    issues.boolean('health.enabled', config.health!.enabled);
    issues.number('health.maxErrorHistory', config.health!.maxErrorHistory, 0, { integer: true });
  }
  return issues.issues;
}

/**
 * Validates `config` and fills in the defaults (fields left out of `retry` and `circuit` keep the
 * retry and breaker defaults). Throws a `ResilienceConfigError` listing every problem.
 */
export function resolveReliabilityConfig(config: ReliabilityConfig = {}): ResolvedReliabilityConfig {
  const issues = validateReliabilityConfig(config);
  if (issues.length > 0) throw new ResilienceConfigError(issues, 'reliability config');
  const d = DEFAULT_RELIABILITY_CONFIG;
  return {
    retry: config.retry === false ? false : definedFields(config.retry),
    circuit: config.circuit === false ? false : definedFields(config.circuit),
    timeoutMs: config.timeoutMs ?? d.timeoutMs,
    events: { enabled: config.events?.enabled ?? d.events.enabled },
    health: {
      enabled: config.health?.enabled ?? d.health.enabled,
      maxErrorHistory: config.health?.maxErrorHistory ?? d.health.maxErrorHistory,
    },
  };
}

/** Drops keys whose value is undefined, so they do not erase defaults when spread. */
export function definedFields<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  const result: Partial<T> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) (result as Record<string, unknown>)[key] = field;
  }
  return result;
}
