import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker } from './breaker/circuit-breaker.js';
import { BrokenCircuitError, ResilienceConfigError } from './errors.js';
import { createReliabilityManager, type ReliabilityManagerOptions } from './manager.js';
import type { ReliabilityEvent } from './manager-events.js';
import { flaky } from './test-utils/helpers.js';

const FAST: ReliabilityManagerOptions = { retry: { maxAttempts: 3, strategy: 'fixed', baseDelayMs: 100 } };

describe('reliability manager', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function run<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await vi.runAllTimersAsync();
    const outcome = (await settled) as { value?: T; error?: unknown };
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T;
  }

  it('emits agent_thinking for every attempt, retry_scheduled with the delay, then agent_completed', async () => {
    const manager = createReliabilityManager('planner', FAST);
    const events: ReliabilityEvent[] = [];
    manager.subscribe((event) => events.push(event));
    const value = await run(manager.execute(flaky(2, 'answer').operation, { operation: 'plan', metadata: { runId: 'r1' } }));
    expect(value).toBe('answer');
    expect(events.map((event) => event.type)).toEqual([
      'agent_thinking',
      'retry_scheduled',
      'agent_thinking',
      'retry_scheduled',
      'agent_thinking',
      'agent_completed',
    ]);
    expect(events[0]).toMatchObject({ manager: 'planner', operation: 'plan', attempt: 1, maxAttempts: 3, retryEnabled: true, metadata: { runId: 'r1' } });
    expect(events[1]).toMatchObject({ attempt: 1, nextAttempt: 2, delayMs: 100, error: { name: 'Error', message: 'failure 1' } });
    expect(events[5]).toMatchObject({ success: true, attempts: 3, durationMs: 200, usedFallback: false });
  });

  it('emits reliability_failure when attempts run out, with the reason', async () => {
    const manager = createReliabilityManager('db', FAST);
    const failures: ReliabilityEvent[] = [];
    manager.on('reliability_failure', (event) => failures.push(event));
    await expect(run(manager.execute(flaky(9, 'x').operation, 'query'))).rejects.toThrow('failure 3');
    expect(failures).toMatchObject([{ type: 'reliability_failure', reason: 'exhausted', attempts: 3, operation: 'query', circuitState: 'closed' }]);
    const nonRetryable = await run(manager.executeResult(() => Promise.reject(new TypeError('bug'))));
    expect(nonRetryable).toMatchObject({ success: false, reason: 'non_retryable', attempts: 1 });
  });

  it('emits circuit_state_changed and reliability_failure (circuit_opened) when its circuit opens, then rejects fast', async () => {
    const manager = createReliabilityManager('llm', { retry: false, circuit: { failureThreshold: 2, breakDurationMs: 30_000 } });
    const events: ReliabilityEvent[] = [];
    manager.subscribe((event) => events.push(event));
    for (let i = 0; i < 2; i++) await run(manager.executeResult(() => Promise.reject(new Error('503'))));
    const opened = events.filter((event) => event.type === 'circuit_state_changed' || (event.type === 'reliability_failure' && event.reason === 'circuit_opened'));
    expect(opened).toMatchObject([
      { type: 'circuit_state_changed', from: 'closed', to: 'open', reason: 'failures', retryAfterMs: 30_000 },
      { type: 'reliability_failure', reason: 'circuit_opened', circuitState: 'open', retryAfterMs: 30_000 },
    ]);
    let ran = false;
    const rejected = await run(
      manager.executeResult(async () => {
        ran = true;
      }),
    );
    expect(ran).toBe(false);
    expect(rejected).toMatchObject({ success: false, reason: 'circuit_open' });
    expect(!rejected.success && rejected.error).toBeInstanceOf(BrokenCircuitError);
    expect(manager.health()).toMatchObject({ status: 'unhealthy', counters: { rejections: 1 } });
  });

  it('does not retry into an open circuit', async () => {
    const manager = createReliabilityManager('search', { retry: { maxAttempts: 5, strategy: 'fixed', baseDelayMs: 10 }, circuit: { failureThreshold: 2 } });
    const { operation, calls } = flaky(9, 'x');
    const result = await run(manager.executeResult(operation));
    expect(calls()).toBe(2);
    expect(result).toMatchObject({ success: false, reason: 'circuit_open', attempts: 3 });
  });

  it('uses the fallback (manager-wide or per call) and says so', async () => {
    const manager = createReliabilityManager('recs', { retry: false, fallback: () => ['popular'] });
    const events: ReliabilityEvent[] = [];
    manager.subscribe((event) => events.push(event));
    await expect(run(manager.execute(() => Promise.reject(new Error('down'))))).resolves.toEqual(['popular']);
    await expect(run(manager.execute(() => Promise.reject(new Error('down')), { fallback: (error, info) => [`${info.manager}: ${(error as Error).message}`] }))).resolves.toEqual([
      'recs: down',
    ]);
    expect(events.filter((event) => event.type === 'fallback_used')).toHaveLength(2);
    expect(events.filter((event) => event.type === 'agent_completed')).toMatchObject([{ usedFallback: true }, { usedFallback: true }]);
    expect(manager.health().counters).toMatchObject({ failures: 2, fallbacks: 2, successes: 0 });
  });

  it('reports a fallback that fails too', async () => {
    const manager = createReliabilityManager('x', {
      retry: false,
      fallback: () => {
        throw new Error('fallback broken');
      },
    });
    await expect(run(manager.execute(() => Promise.reject(new Error('down'))))).rejects.toThrow('fallback broken');
  });

  it('a throwing subscriber never breaks the operation', async () => {
    const listenerErrors: unknown[] = [];
    const manager = createReliabilityManager('a', { ...FAST, onListenerError: (error) => listenerErrors.push(error) });
    manager.subscribe(() => {
      throw new Error('subscriber bug');
    });
    await expect(run(manager.execute(flaky(1, 'fine').operation))).resolves.toBe('fine');
    expect(listenerErrors.length).toBeGreaterThan(0);
  });

  it('subscriptions are disposable and events can be switched off', async () => {
    const manager = createReliabilityManager('a', FAST);
    const events: string[] = [];
    const subscription = manager.subscribe((event) => events.push(event.type));
    await run(manager.execute(async () => 1));
    subscription.dispose();
    await run(manager.execute(async () => 2));
    expect(events).toEqual(['agent_thinking', 'agent_completed']);
    const quiet = createReliabilityManager('q', { ...FAST, events: { enabled: false } });
    quiet.subscribe((event) => events.push(event.type));
    await run(quiet.execute(async () => 3));
    expect(events).toHaveLength(2);
  });

  it('forwards events to a sink with send(event, payload)', async () => {
    const manager = createReliabilityManager('agent', FAST);
    const sent: [string, unknown][] = [];
    manager.forwardTo({ send: (event, payload) => sent.push([event, payload]) });
    await run(manager.execute(flaky(1, 'ok').operation, 'answer'));
    expect(sent.map(([event]) => event)).toEqual(['agent_thinking', 'retry_scheduled', 'agent_thinking', 'agent_completed']);
    expect(sent[3]![1]).toMatchObject({ type: 'agent_completed', operation: 'answer' });
  });

  it('tracks health: counters, success rate, latency, state and a bounded error history', async () => {
    const manager = createReliabilityManager('store', { retry: { maxAttempts: 2, strategy: 'fixed', baseDelayMs: 50 }, circuit: { failureThreshold: 10 }, health: { maxErrorHistory: 3 } });
    await run(manager.execute(flaky(1, 'a').operation, 'get'));
    for (let i = 0; i < 3; i++) await run(manager.executeResult(flaky(5, 'b').operation, `put-${i}`));
    const health = manager.health();
    expect(health).toMatchObject({
      name: 'store',
      counters: { calls: 4, successes: 1, failures: 3, retries: 4 },
      successRate: 0.25,
      latency: { count: 4, minMs: 50, maxMs: 50 },
      circuit: { state: 'closed' },
    });
    expect(health.errors).toHaveLength(3);
    expect(health.errors.map((error) => `${error.operation}#${error.attempt}${error.final ? '!' : ''}`)).toEqual(['put-1#2!', 'put-2#1', 'put-2#2!']);
    expect(health.lastError).toMatchObject({ operation: 'put-2', final: true });
    expect(JSON.parse(JSON.stringify(health))).toEqual(health);
  });

  it('applies the total time budget (timeoutMs) and the attempt timeout', async () => {
    const manager = createReliabilityManager('slow', { retry: { maxAttempts: 10, strategy: 'fixed', baseDelayMs: 10, attemptTimeoutMs: 100 }, timeoutMs: 250 });
    const result = await run(manager.executeResult(() => new Promise(() => {})));
    expect(result).toMatchObject({ success: false, reason: 'timeout' });
    expect(result.durationMs).toBeLessThanOrEqual(260);
    expect(manager.health().counters.timeouts).toBeGreaterThanOrEqual(2);
  });

  it('stops at once when the caller aborts, and never uses the fallback for it', async () => {
    const controller = new AbortController();
    let fallbackUsed = false;
    const manager = createReliabilityManager('a', {
      retry: { maxAttempts: 5, strategy: 'fixed', baseDelayMs: 10_000 },
      fallback: () => {
        fallbackUsed = true;
      },
    });
    const settled = manager.executeResult(() => Promise.reject(new Error('x')), { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(5);
    controller.abort();
    const result = await settled;
    expect(result).toMatchObject({ success: false, reason: 'aborted' });
    expect(fallbackUsed).toBe(false);
    controller.abort();
    expect(await manager.executeResult(async () => 1, { signal: controller.signal })).toMatchObject({ success: false, reason: 'aborted', attempts: 0 });
  });

  it('can share a breaker and works without retry or circuit', async () => {
    const breaker = circuitBreaker({ name: 'shared', failureThreshold: 1 });
    const a = createReliabilityManager('a', { breaker, retry: false });
    const b = createReliabilityManager('b', { breaker, retry: false });
    await run(a.executeResult(() => Promise.reject(new Error('x'))));
    expect(b.breaker!.state).toBe('open');
    a.dispose();
    const bare = createReliabilityManager('bare', { retry: false, circuit: false });
    expect(bare.breaker).toBeUndefined();
    await expect(run(bare.execute(async () => 'plain'))).resolves.toBe('plain');
    expect(bare.health().circuit).toBeNull();
  });

  it('rejects an invalid configuration with every problem listed', () => {
    try {
      createReliabilityManager('bad', { retry: { maxAttempts: -1 }, circuit: { failureThreshold: 0 }, health: { maxErrorHistory: -5 }, extra: true } as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ResilienceConfigError);
      expect((error as ResilienceConfigError).issues.map((issue) => issue.path).sort()).toEqual([
        'circuit.failureThreshold',
        'extra',
        'health.maxErrorHistory',
        'retry.maxAttempts',
      ]);
    }
  });
});
