import type { Jitter } from './backoff.js';
import { ResilienceConfigError } from './errors.js';
import { RetryPolicy } from './retry.js';
import type { RetryOptions } from './retry-options.js';

/** The domains with preset retry policies. */
export type RetryDomain = 'database' | 'llm' | 'agent' | 'websocket' | 'file' | 'http';

/** Every domain name. */
export const RETRY_DOMAINS: readonly RetryDomain[] = ['database', 'llm', 'agent', 'websocket', 'file', 'http'];

function preset(maxAttempts: number, baseDelayMs: number, maxDelayMs: number, jitter: Jitter): Readonly<RetryOptions> {
  return Object.freeze({ maxAttempts, strategy: 'exponential', baseDelayMs, maxDelayMs, jitter });
}

/**
 * Retry presets per domain (attempts, first delay, cap, strategy), from the consolidation plans:
 * database 5 / 0.5 s / 30 s and llm 4 / 2 s / 120 s and http 3 / 1 s / 30 s, exponential with full
 * jitter; agent 3 / 1 s / 60 s, websocket 2 / 0.5 s / 5 s and file 3 / 0.2 s / 2 s, exponential.
 */
export const DOMAIN_RETRY_DEFAULTS: Readonly<Record<RetryDomain, Readonly<RetryOptions>>> = Object.freeze({
  database: preset(5, 500, 30_000, 'full'),
  llm: preset(4, 2_000, 120_000, 'full'),
  agent: preset(3, 1_000, 60_000, 'none'),
  websocket: preset(2, 500, 5_000, 'none'),
  file: preset(3, 200, 2_000, 'none'),
  http: preset(3, 1_000, 30_000, 'full'),
});

function checkDomain(domain: string): asserts domain is RetryDomain {
  if (!(RETRY_DOMAINS as readonly string[]).includes(domain)) {
    throw new ResilienceConfigError([{ path: 'domain', message: `unknown retry domain ${JSON.stringify(domain)} (expected one of ${RETRY_DOMAINS.join(', ')})` }], 'retry domain');
  }
}

/** The preset of `domain` with `overrides` applied on top. */
export function domainRetryOptions(domain: RetryDomain, overrides: RetryOptions = {}): RetryOptions {
  checkDomain(domain);
  return { ...DOMAIN_RETRY_DEFAULTS[domain], ...overrides };
}

/** A retry policy for `domain` (the preset, with `overrides`). */
export function domainRetry(domain: RetryDomain, overrides?: RetryOptions): RetryPolicy {
  return new RetryPolicy(domainRetryOptions(domain, overrides));
}

/**
 * One retry policy per domain, with per-domain overrides from configuration
 * (`{ llm: { maxAttempts: 6 } }`) and options applied to all (a shared clock or budget).
 */
export function domainPolicies(
  overrides: Partial<Record<RetryDomain, RetryOptions>> = {},
  common: RetryOptions = {},
): Readonly<Record<RetryDomain, RetryPolicy>> {
  for (const domain of Object.keys(overrides)) checkDomain(domain);
  const policies = {} as Record<RetryDomain, RetryPolicy>;
  for (const domain of RETRY_DOMAINS) policies[domain] = domainRetry(domain, { ...common, ...overrides[domain] });
  return Object.freeze(policies);
}
