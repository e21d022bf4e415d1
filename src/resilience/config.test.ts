import { describe, expect, it } from 'vitest';
import { DEFAULT_RELIABILITY_CONFIG, resolveReliabilityConfig, validateReliabilityConfig } from './config.js';
import { ResilienceConfigError } from './errors.js';

describe('ReliabilityConfig', () => {
  it('fills in the defaults', () => {
    expect(resolveReliabilityConfig()).toEqual({
      retry: {},
      circuit: {},
      timeoutMs: Infinity,
      events: { enabled: true },
      health: { enabled: true, maxErrorHistory: 100 },
    });
    expect(DEFAULT_RELIABILITY_CONFIG.health.maxErrorHistory).toBe(100);
  });

  it('keeps what is given and drops undefined fields', () => {
    const resolved = resolveReliabilityConfig({ retry: { maxAttempts: 5, baseDelayMs: undefined }, circuit: false, health: { maxErrorHistory: 10 } });
    expect(resolved.retry).toEqual({ maxAttempts: 5 });
    expect(resolved.circuit).toBe(false);
    expect(resolved.health).toEqual({ enabled: true, maxErrorHistory: 10 });
  });

  it('lists every problem with its path', () => {
    const issues = validateReliabilityConfig({
      retry: { maxAttempts: 1.5, jitter: 'some' },
      circuit: { failureRateThreshold: 0, halfOpenMaxWaitMs: 'long' },
      timeoutMs: -1,
      events: { enabled: 'yes', verbose: true },
      health: 'on',
      extra: 1,
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'circuit.failureRateThreshold',
      'circuit.halfOpenMaxWaitMs',
      'events.enabled',
      'events.verbose',
      'extra',
      'health',
      'retry.jitter',
      'retry.maxAttempts',
      'timeoutMs',
    ]);
    expect(issues.find((issue) => issue.path === 'retry.maxAttempts')!.message).toBe('must be a whole number, got 1.5');
    expect(() => resolveReliabilityConfig({ timeoutMs: 0 })).toThrow(ResilienceConfigError);
    expect(validateReliabilityConfig('nope')).toEqual([{ path: 'config', message: 'expected an object, got "nope"' }]);
  });
});
