import { describe, expect, it } from 'vitest';
import { DOMAIN_RETRY_DEFAULTS, RETRY_DOMAINS, domainPolicies, domainRetry, domainRetryOptions } from './domains.js';
import { ResilienceConfigError } from './errors.js';

describe('domain retry policies', () => {
  it('carry the consolidation plans\' defaults', () => {
    const table = Object.fromEntries(
      RETRY_DOMAINS.map((domain) => {
        const o = DOMAIN_RETRY_DEFAULTS[domain];
        return [domain, [o.maxAttempts, o.baseDelayMs, o.maxDelayMs, o.strategy, o.jitter]];
      }),
    );
    expect(table).toEqual({
      database: [5, 500, 30_000, 'exponential', 'full'],
      llm: [4, 2000, 120_000, 'exponential', 'full'],
      agent: [3, 1000, 60_000, 'exponential', 'none'],
      websocket: [2, 500, 5000, 'exponential', 'none'],
      file: [3, 200, 2000, 'exponential', 'none'],
      http: [3, 1000, 30_000, 'exponential', 'full'],
    });
  });

  it('builds resolved policies, with overrides from configuration', () => {
    const agent = domainRetry('agent');
    expect(agent.options.maxAttempts).toBe(3);
    expect(agent.options.backoff.delay({ attempt: 3, previousDelayMs: 0, maxDelayMs: agent.options.maxDelayMs, random: () => 0.5 })).toBe(4000);
    expect(domainRetryOptions('llm', { maxAttempts: 6 })).toMatchObject({ maxAttempts: 6, baseDelayMs: 2000 });
    const policies = domainPolicies({ file: { maxAttempts: 1 } });
    expect(policies.file.options.maxAttempts).toBe(1);
    expect(policies.database.options.maxAttempts).toBe(5);
  });

  it('rejects an unknown domain', () => {
    expect(() => domainRetry('mainframe' as never)).toThrow(ResilienceConfigError);
    expect(() => domainPolicies({ mainframe: {} } as never)).toThrow(/unknown retry domain "mainframe"/);
  });
});
