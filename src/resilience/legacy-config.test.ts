import { describe, expect, it } from 'vitest';
import { fromLegacyCircuitConfig, fromLegacyReliabilityConfig, fromLegacyRetryConfig } from './legacy-config.js';

describe('legacy config mappers', () => {
  it.each([
    ['p-retry', { retries: 4, factor: 3, minTimeout: 200, maxTimeout: 5000, randomize: true }, { maxAttempts: 5, factor: 3, baseDelayMs: 200, maxDelayMs: 5000, jitter: 'full' }],
    ['exponential-backoff', { numOfAttempts: 6, startingDelay: 100, timeMultiple: 2, maxDelay: 1000, jitter: 'full' }, { maxAttempts: 6, baseDelayMs: 100, factor: 2, maxDelayMs: 1000, jitter: 'full' }],
    ['hand-written camelCase', { maxRetries: 3, baseDelay: 1000, maxDelay: 30_000, backoffStrategy: 'EXPONENTIAL', jitterType: 'FULL' }, { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, strategy: 'exponential', jitter: 'full' }],
    ['unit in the key', { maxAttempts: 2, baseDelayMs: 250, max_delay_seconds: 3 }, { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 3000 }],
    ['duration strings', { attempts: 3, delay: '500ms', maxDelay: '2m', timeout: '10s' }, { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 120_000, attemptTimeoutMs: 10_000 }],
    ['strategy in backoff', { retries: 1, backoff: 'linear', interval: 100 }, { maxAttempts: 2, strategy: 'linear', baseDelayMs: 100, jitter: 'none' }],
    ['fibonacci and decorrelated', { strategy: 'decorrelated_jitter' }, { strategy: 'exponential', jitter: 'decorrelated' }],
  ] as const)('maps %s retry configs', (_name, legacy, expected) => {
    const mapping = fromLegacyRetryConfig(legacy as Record<string, unknown>);
    expect(mapping.config).toEqual(expect.objectContaining(expected));
    expect(mapping.unmapped).toEqual([]);
    expect(mapping.issues).toEqual([]);
  });

  it('reads Python-style snake_case seconds when told the unit', () => {
    const mapping = fromLegacyRetryConfig(
      { max_retries: 3, base_delay: 1.0, max_delay: 30.0, backoff_strategy: 'BackoffStrategy.EXPONENTIAL', jitter_type: 'JitterType.FULL', operation_timeout: 5, total_timeout: 60 },
      { unit: 's' },
    );
    expect(mapping.config).toEqual({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, strategy: 'exponential', jitter: 'full', attemptTimeoutMs: 5000, maxDurationMs: 60_000 });
    expect(mapping.notes).toContain('max_retries: 3 retries = maxAttempts 4 (maxAttempts counts the first call)');
    expect(mapping.notes).toContain('base_delay: 1 read as seconds');
  });

  it('reports what it cannot map instead of dropping it', () => {
    const mapping = fromLegacyRetryConfig({ maxAttempts: 'three', jitter_range: 0.1, retry_if: 'x', maxDelay: -5 });
    expect([...mapping.unmapped].sort()).toEqual(['jitter_range', 'maxAttempts', 'maxDelay', 'retry_if']);
  });

  it('flags mapped values that are invalid', () => {
    const mapping = fromLegacyRetryConfig({ maxAttempts: 3, factor: 1, baseDelay: 10, maxRetryTime: 0 });
    expect(mapping.issues.map((issue) => issue.path)).toEqual(['retry.maxDurationMs']);
  });

  it.each([
    ['seed style', { failure_threshold: 5, recovery_timeout: 60 }, { unit: 's' as const }, { failureThreshold: 5, breakDurationMs: 60_000 }],
    ['opossum', { errorThresholdPercentage: 50, volumeThreshold: 10, rollingCountTimeout: 10_000, rollingCountBuckets: 10, resetTimeout: 30_000 }, {}, { mode: 'time', failureRateThreshold: 0.5, minimumCalls: 10, windowDurationMs: 10_000, windowBuckets: 10, breakDurationMs: 30_000 }],
    ['resilience4j count', { slidingWindowType: 'COUNT_BASED', slidingWindowSize: 50, failureRateThreshold: 40, minimumNumberOfCalls: 20, waitDurationInOpenState: 5000, permittedNumberOfCallsInHalfOpenState: 3, maxWaitDurationInHalfOpenState: 10_000 }, {}, { mode: 'count', windowSize: 50, failureRateThreshold: 0.4, minimumCalls: 20, breakDurationMs: 5000, halfOpenMaxProbes: 3, halfOpenMaxWaitMs: 10_000 }],
    ['resilience4j time (size in seconds)', { slidingWindowType: 'TIME_BASED', slidingWindowSize: 60 }, {}, { mode: 'time', windowDurationMs: 60_000 }],
    ['cockatiel', { halfOpenAfter: 10_000, threshold: 5 }, {}, { breakDurationMs: 10_000, failureThreshold: 5 }],
    ['Polly', { failureRatio: 0.1, minimumThroughput: 100, samplingDuration: '30s', breakDuration: '5s' }, {}, { mode: 'time', failureRateThreshold: 0.1, minimumCalls: 100, windowDurationMs: 30_000, breakDurationMs: 5000 }],
    ['Hystrix', { circuitBreakerSleepWindowInMilliseconds: 5000, circuitBreakerRequestVolumeThreshold: 20, circuitBreakerErrorThresholdPercentage: 50 }, {}, { breakDurationMs: 5000, minimumCalls: 20, failureRateThreshold: 0.5, mode: 'time' }],
  ])('maps %s circuit configs', (_name, legacy, options, expected) => {
    expect(fromLegacyCircuitConfig(legacy, options).config).toEqual(expect.objectContaining(expected));
  });

  it('maps enabled: false to no breaker, and leaves an ambiguous timeout unmapped with a note', () => {
    expect(fromLegacyCircuitConfig({ enabled: false }).config).toBe(false);
    const mapping = fromLegacyCircuitConfig({ failureThreshold: 5, timeout: 60 });
    expect(mapping.unmapped).toEqual(['timeout']);
    expect(mapping.notes[0]).toMatch(/ambiguous|call timeout/);
  });

  it('maps a nested reliability config (the seeds\' ReliabilityConfig)', () => {
    const mapping = fromLegacyReliabilityConfig(
      {
        retry: { max_retries: 3, base_delay: 1.0, max_delay: 30.0, backoff_strategy: 'EXPONENTIAL', jitter_type: 'FULL' },
        circuit: { failure_threshold: 5, recovery_timeout: 60.0, enabled: true },
        websocket_events: true,
        health_tracking_enabled: true,
        max_error_history: 100,
      },
      { unit: 's' },
    );
    expect(mapping.config).toEqual({
      retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, strategy: 'exponential', jitter: 'full' },
      circuit: { failureThreshold: 5, breakDurationMs: 60_000 },
      events: { enabled: true },
      health: { enabled: true, maxErrorHistory: 100 },
    });
    expect(mapping.unmapped).toEqual([]);
    expect(mapping.issues).toEqual([]);
  });

  it('splits a flat config (UnifiedRetryConfig with circuit_breaker_* fields) into retry and circuit', () => {
    const mapping = fromLegacyReliabilityConfig(
      { max_attempts: 3, base_delay: 1, max_delay: 60, circuit_breaker_enabled: false, circuit_breaker_threshold: 5, circuit_breaker_timeout: 30, metrics_enabled: true },
      { unit: 's' },
    );
    expect(mapping.config.retry).toEqual({ maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 });
    expect(mapping.config.circuit).toBe(false);
    expect(mapping.unmapped).toEqual(['metrics_enabled']);
    const enabled = fromLegacyReliabilityConfig({ maxRetries: 2, failureThreshold: 4, recoveryTimeout: 1000, timeout: 5 });
    expect(enabled.config).toEqual({ retry: { maxAttempts: 3 }, circuit: { failureThreshold: 4, breakDurationMs: 1000 } });
    expect(enabled.unmapped).toEqual(['timeout']);
  });
});
