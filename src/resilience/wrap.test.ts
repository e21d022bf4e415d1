import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { circuitBreaker } from './breaker/circuit-breaker.js';
import { BrokenCircuitError, TimeoutError } from './errors.js';
import { fallback } from './fallback.js';
import { noopPolicy, type Operation, type Policy, type PolicyContext } from './policy.js';
import { retry } from './retry.js';
import { timeout } from './timeout.js';
import { wrap } from './wrap.js';

/** A policy wrapper that hides the concrete class, so `wrap` cannot fuse it (the nested form). */
function opaque(policy: Policy): Policy {
  return {
    execute: (operation, signal) => policy.execute(operation, signal),
    run: <T>(operation: Operation<T>, context: PolicyContext) => policy.run(operation, context),
  };
}

describe('wrap', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const form of ['fused', 'nested'] as const) {
    const build = (policies: Policy[]) => (form === 'fused' ? wrap(...policies) : wrap(...policies.map(opaque)));

    describe(`${form}: retry around a breaker around a timeout`, () => {
      it('a timed-out attempt counts as a breaker failure, and retry stops at the open circuit', async () => {
        const breaker = circuitBreaker({ failureThreshold: 2, breakDurationMs: 60_000 });
        const policy = build([retry({ maxAttempts: 5, strategy: 'fixed', baseDelayMs: 10 }), breaker, timeout(100)]);
        let calls = 0;
        const settled = policy.execute(() => {
          calls++;
          return new Promise(() => {});
        }).catch((error: unknown) => error);
        await vi.advanceTimersByTimeAsync(1000);
        const error = await settled;
        expect(calls).toBe(2);
        expect(error).toBeInstanceOf(BrokenCircuitError);
        expect(breaker.state).toBe('open');
      });

      it('returns the value and passes the attempt number and a signal', async () => {
        const policy = build([retry({ maxAttempts: 3, strategy: 'fixed', baseDelayMs: 1 }), circuitBreaker(), timeout(1000)]);
        const seen: number[] = [];
        const settled = policy.execute(({ attempt, signal }) => {
          seen.push(attempt);
          expect(signal.aborted).toBe(false);
          if (attempt < 3) return Promise.reject(new Error('again'));
          return Promise.resolve('done');
        });
        await vi.advanceTimersByTimeAsync(10);
        await expect(settled).resolves.toBe('done');
        expect(seen).toEqual([1, 2, 3]);
      });

      it('retries a timeout of the first attempt', async () => {
        const policy = build([retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 5 }), circuitBreaker(), timeout(50)]);
        let calls = 0;
        const settled = policy.execute(() => (++calls === 1 ? new Promise<string>(() => {}) : Promise.resolve('second')));
        await vi.advanceTimersByTimeAsync(100);
        await expect(settled).resolves.toBe('second');
      });
    });

    it(`${form}: retry around a breaker alone`, async () => {
      const breaker = circuitBreaker({ failureThreshold: 3 });
      const policy = build([retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 1 }), breaker]);
      const settled = policy.execute(() => Promise.reject(new Error('x'))).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(10);
      expect(((await settled) as Error).message).toBe('x');
      expect(breaker.stats().window.failures).toBe(2);
      await expect(policy.execute(async () => 'ok')).resolves.toBe('ok');
      expect(breaker.stats().window.failures).toBe(0);
    });

    it(`${form}: retry around a timeout`, async () => {
      const policy = build([retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 1 }), timeout(20)]);
      const settled = policy.execute(() => new Promise(() => {})).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100);
      expect(await settled).toBeInstanceOf(TimeoutError);
    });
  }

  it('composes any policies in order, outermost first', async () => {
    const order: string[] = [];
    const tracer = (name: string): Policy => ({
      execute: (operation, signal) => noopPolicy.execute(operation, signal),
      run: async <T>(operation: Operation<T>, context: PolicyContext) => {
        order.push(`${name} in`);
        const value = await operation(context);
        order.push(`${name} out`);
        return value;
      },
    });
    await wrap(tracer('a'), tracer('b'), tracer('c')).execute(() => order.push('op'));
    expect(order).toEqual(['a in', 'b in', 'c in', 'op', 'c out', 'b out', 'a out']);
    await expect(wrap().execute(() => 7)).resolves.toBe(7);
  });

  it('executeResult resolves instead of rejecting', async () => {
    const outcome = await wrap(retry({ maxAttempts: 1 }), circuitBreaker()).executeResult(() => Promise.reject(new Error('no')));
    expect(outcome.ok).toBe(false);
  });
});

describe('fallback', () => {
  it('answers a failed call with the fallback value, and reports it', async () => {
    const policy = fallback((error) => `cached (${(error as Error).message})`);
    const used: unknown[] = [];
    policy.onFallback(({ error }) => used.push(error));
    await expect(policy.execute(() => Promise.reject(new Error('down')))).resolves.toBe('cached (down)');
    await expect(policy.execute(async () => 'live')).resolves.toBe('live');
    expect(used).toHaveLength(1);
  });

  it('takes a constant, only handles what `on` matches, and never handles aborts by default', async () => {
    class Outage extends Error {}
    await expect(fallback('default', { on: Outage }).execute(() => Promise.reject(new Outage()))).resolves.toBe('default');
    await expect(fallback('default', { on: Outage }).execute(() => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
    await expect(fallback('default').execute(() => Promise.reject(new DOMException('x', 'AbortError')))).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('goes outside a pipeline', async () => {
    const pipeline = wrap(retry({ maxAttempts: 1 }), circuitBreaker());
    const policy = fallback<string>(() => 'degraded');
    await expect(policy.execute((context) => pipeline.run(() => Promise.reject(new Error('x')), context))).resolves.toBe('degraded');
  });
});
