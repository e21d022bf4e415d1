import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedBackoff } from './backoff.js';
import { NonRetryableError, ResilienceConfigError, TimeoutError, isTimeoutError } from './errors.js';
import { retry, type GiveUpEvent, type RetryEvent } from './retry.js';
import { retryBudget } from './retry-budget.js';
import { HttpError, flaky, sequence } from './test-utils/helpers.js';

/** Runs `promise` while advancing fake time; returns when it settles, with the time it took. */
async function timed<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; elapsed: number }> {
  const start = Date.now();
  let settled = false;
  const outcome: { value?: T; error?: unknown } = {};
  promise.then(
    (value) => {
      settled = true;
      outcome.value = value;
    },
    (error: unknown) => {
      settled = true;
      outcome.error = error;
    },
  );
  for (let i = 0; i < 10_000 && !settled; i++) await vi.advanceTimersToNextTimerAsync();
  return { ...outcome, elapsed: Date.now() - start };
}

describe('retry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('maxAttempts counts every call, the first included', async () => {
    const { operation, calls } = flaky(10, 'never');
    const outcome = await timed(retry({ maxAttempts: 3, strategy: 'fixed', baseDelayMs: 10 }).execute(operation));
    expect(calls()).toBe(3);
    expect((outcome.error as Error).message).toBe('failure 3');
  });

  it('returns the first success without waiting', async () => {
    const { operation, calls } = flaky(0, 'ok');
    await expect(retry().execute(operation)).resolves.toBe('ok');
    expect(calls()).toBe(1);
  });

  it.each([
    ['fixed', { strategy: 'fixed', baseDelayMs: 100 }, [100, 100, 100]],
    ['linear', { strategy: 'linear', baseDelayMs: 100 }, [100, 200, 300]],
    ['exponential', { strategy: 'exponential', baseDelayMs: 100 }, [100, 200, 400]],
    ['fibonacci', { strategy: 'fibonacci', baseDelayMs: 100 }, [100, 100, 200]],
    ['exponential capped', { strategy: 'exponential', baseDelayMs: 100, maxDelayMs: 250 }, [100, 200, 250]],
    ['custom', { strategy: ({ attempt }: { attempt: number }) => attempt * 7 }, [7, 14, 21]],
  ] as const)('waits the %s delays between attempts', async (_name, options, expected) => {
    const policy = retry({ maxAttempts: 4, ...options });
    const events: RetryEvent[] = [];
    policy.onRetry((event) => events.push(event));
    const { operation } = flaky(3, 'done');
    const outcome = await timed(policy.execute(operation));
    expect(outcome.value).toBe('done');
    expect(events.map((event) => event.delayMs)).toEqual(expected);
    expect(outcome.elapsed).toBe(expected.reduce((a, b) => a + b, 0));
  });

  it('jitters with the injected random source', async () => {
    const policy = retry({ maxAttempts: 3, strategy: 'exponential', baseDelayMs: 1000, jitter: 'full', random: sequence(0.25, 0.5) });
    const delays: number[] = [];
    policy.onRetry((event) => delays.push(event.delayMs));
    await timed(policy.execute(flaky(2, 1).operation));
    expect(delays).toEqual([250, 1000]);
  });

  it('defaults to exponential backoff with full jitter from 1 s', async () => {
    const policy = retry({ random: () => 0.5 });
    const delays: number[] = [];
    policy.onRetry((event) => delays.push(event.delayMs));
    await timed(policy.execute(flaky(2, 1).operation));
    expect(delays).toEqual([500, 1000]);
  });

  it('never retries programmer errors by default', async () => {
    let calls = 0;
    const policy = retry({ maxAttempts: 5, strategy: 'fixed', baseDelayMs: 1 });
    const giveUps: GiveUpEvent[] = [];
    policy.onGiveUp((event) => giveUps.push(event));
    await expect(
      policy.execute(() => {
        calls++;
        throw new TypeError('undefined is not a function');
      }),
    ).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
    expect(giveUps).toMatchObject([{ attempts: 1, reason: 'non-retryable' }]);
  });

  it('retries only what retryOn matches and never what abortOn matches', async () => {
    class Transient extends Error {}
    class Fatal extends Transient {}
    const policy = retry({ maxAttempts: 5, strategy: 'fixed', baseDelayMs: 1, retryOn: Transient, abortOn: (e) => e instanceof Fatal });
    const plain = flaky(1, 'x', () => new Error('plain'));
    await expect(timed(policy.execute(plain.operation))).resolves.toMatchObject({ error: new Error('plain') });
    expect(plain.calls()).toBe(1);
    const transient = flaky(2, 'ok', () => new Transient('t'));
    expect((await timed(policy.execute(transient.operation))).value).toBe('ok');
    const fatal = flaky(2, 'ok', () => new Fatal('f'));
    expect((await timed(policy.execute(fatal.operation))).error).toBeInstanceOf(Fatal);
    expect(fatal.calls()).toBe(1);
  });

  it('an operation can stop retrying with NonRetryableError', async () => {
    let calls = 0;
    const policy = retry({ maxAttempts: 5, retryOn: () => true });
    const cause = new Error('bad credentials');
    const outcome = await timed(
      policy.execute(() => {
        calls++;
        throw new NonRetryableError('giving up', { cause });
      }),
    );
    expect(calls).toBe(1);
    expect((outcome.error as NonRetryableError).cause).toBe(cause);
  });

  it('retries results the result predicate rejects and returns the last one when attempts run out', async () => {
    let calls = 0;
    const policy = retry({ maxAttempts: 3, strategy: 'fixed', baseDelayMs: 5, retryOnResult: (result) => (result as { status: number }).status >= 500 });
    const statuses = [503, 502, 200];
    const outcome = await timed(policy.execute(async () => ({ status: statuses[calls++]! })));
    expect(outcome.value).toEqual({ status: 200 });
    calls = 0;
    const always = await timed(policy.execute(async () => ({ status: 500 + calls++ })));
    expect(always.value).toEqual({ status: 502 });
  });

  it('honours Retry-After (seconds) instead of the backoff', async () => {
    const policy = retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 10, maxDelayMs: 60_000 });
    const events: RetryEvent[] = [];
    policy.onRetry((event) => events.push(event));
    const outcome = await timed(policy.execute(flaky(1, 'ok', () => new HttpError(429, { 'retry-after': '3' })).operation));
    expect(outcome.value).toBe('ok');
    expect(events).toMatchObject([{ delayMs: 3000, retryAfter: true }]);
    expect(outcome.elapsed).toBe(3000);
  });

  it('honours Retry-After as an HTTP date, capped by maxDelayMs', async () => {
    const policy = retry({ maxAttempts: 2, maxDelayMs: 2000 });
    const events: RetryEvent[] = [];
    policy.onRetry((event) => events.push(event));
    const later = new Date(Date.now() + 60_000).toUTCString();
    await timed(policy.execute(flaky(1, 'ok', () => new HttpError(503, { 'retry-after': later })).operation));
    expect(events).toMatchObject([{ delayMs: 2000, retryAfter: true }]);
  });

  it('can ignore Retry-After', async () => {
    const policy = retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 10, respectRetryAfter: false });
    const events: RetryEvent[] = [];
    policy.onRetry((event) => events.push(event));
    await timed(policy.execute(flaky(1, 'ok', () => new HttpError(429, { 'retry-after': '3' })).operation));
    expect(events).toMatchObject([{ delayMs: 10, retryAfter: false }]);
  });

  it('aborting stops waiting at once and rejects with the reason', async () => {
    const controller = new AbortController();
    const policy = retry({ maxAttempts: 5, strategy: 'fixed', baseDelayMs: 60_000 });
    const started = Date.now();
    let calls = 0;
    const promise = policy.execute(async () => {
      calls++;
      throw new Error('down');
    }, controller.signal);
    const settled = promise.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('user cancelled'));
    const error = await settled;
    expect((error as Error).message).toBe('user cancelled');
    expect(Date.now() - started).toBe(10);
    expect(calls).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes the signal to the operation and rejects at once when already aborted', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    await retry().execute(({ signal }) => {
      seen = signal;
      return 1;
    }, controller.signal);
    expect(seen).toBe(controller.signal);
    controller.abort();
    let called = false;
    await expect(
      retry().execute(() => {
        called = true;
      }, controller.signal),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(called).toBe(false);
  });

  it('gives every attempt its number', async () => {
    const attempts: number[] = [];
    await timed(
      retry({ maxAttempts: 3, strategy: 'fixed', baseDelayMs: 1 }).execute(({ attempt }) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error('again');
        return 'ok';
      }),
    );
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('times out a hung attempt, aborts its signal and retries', async () => {
    const policy = retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 100, attemptTimeoutMs: 1000 });
    const signals: AbortSignal[] = [];
    const outcome = await timed(
      policy.execute(({ signal, attempt }) => {
        signals.push(signal);
        return attempt === 1 ? new Promise<string>(() => {}) : Promise.resolve('second');
      }),
    );
    expect(outcome.value).toBe('second');
    expect(outcome.elapsed).toBe(1100);
    expect(signals[0]!.aborted).toBe(true);
    expect(isTimeoutError(signals[0]!.reason)).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
  });

  it('does not abort the signal of an attempt that finished in time', async () => {
    let signal: AbortSignal | undefined;
    await retry({ attemptTimeoutMs: 50 }).execute(async (context) => {
      signal = context.signal;
      return 1;
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(signal!.aborted).toBe(false);
  });

  it('stops within the total time budget, cutting a running attempt short', async () => {
    const policy = retry({ maxAttempts: 10, strategy: 'fixed', baseDelayMs: 300, maxDurationMs: 1000 });
    const giveUps: GiveUpEvent[] = [];
    policy.onGiveUp((event) => giveUps.push(event));
    let calls = 0;
    const outcome = await timed(
      policy.execute(() => {
        calls++;
        return calls < 3 ? Promise.reject(new Error('fail')) : new Promise(() => {});
      }),
    );
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect((outcome.error as TimeoutError).scope).toBe('total');
    expect(outcome.elapsed).toBe(1000);
    expect(giveUps).toMatchObject([{ reason: 'time-budget', attempts: 3 }]);
  });

  it('does not start a wait that would end past the time budget', async () => {
    const policy = retry({ maxAttempts: 10, strategy: 'fixed', baseDelayMs: 600, maxDurationMs: 1000 });
    const outcome = await timed(policy.execute(flaky(10, 'x').operation));
    expect((outcome.error as Error).message).toBe('failure 2');
    expect(outcome.elapsed).toBe(600);
  });

  it('caps retries to a fraction of traffic under a failure storm (retry budget)', async () => {
    const budget = retryBudget({ ratio: 0.1, minRetriesPerSecond: 0, maxTokens: 5 });
    const policy = retry({ maxAttempts: 3, strategy: 'fixed', baseDelayMs: 0, budget });
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls++;
      throw new Error('storm');
    };
    for (let i = 0; i < 1000; i++) await policy.execute(failing).catch(() => undefined);
    const retries = calls - 1000;
    // Without the budget: 2000 retries. With it: about 10 % of the 1000 calls, plus the starting token.
    expect(retries).toBeGreaterThanOrEqual(95);
    expect(retries).toBeLessThanOrEqual(102);
    expect(budget.toJSON().denied).toBeGreaterThan(800);
  });

  it('shares one budget between policies', async () => {
    const budget = retryBudget({ ratio: 0, minRetriesPerSecond: 0, maxTokens: 1 });
    const a = retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 0, budget });
    const b = retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 0, budget });
    const first = flaky(1, 'a');
    const second = flaky(1, 'b');
    expect(await a.execute(first.operation)).toBe('a');
    await expect(b.execute(second.operation)).rejects.toThrow('failure 1');
    expect(second.calls()).toBe(1);
  });

  it('treats a synchronous throw like a rejection', async () => {
    let calls = 0;
    const outcome = await timed(
      retry({ maxAttempts: 2, strategy: 'fixed', baseDelayMs: 1 }).execute(() => {
        calls++;
        if (calls === 1) throw new Error('sync');
        return 'ok';
      }),
    );
    expect(outcome.value).toBe('ok');
  });

  it('executeResult resolves instead of rejecting', async () => {
    const policy = retry({ maxAttempts: 1 });
    await expect(policy.executeResult(async () => 5)).resolves.toEqual({ ok: true, value: 5 });
    const failed = await policy.executeResult(async () => {
      throw new Error('no');
    });
    expect(failed.ok).toBe(false);
  });

  it('reports success with the number of attempts', async () => {
    const policy = retry({ maxAttempts: 3, strategy: fixedBackoff(1) });
    const successes: number[] = [];
    const subscription = policy.onSuccess(({ attempts }) => successes.push(attempts));
    await timed(policy.execute(flaky(2, 'x').operation));
    subscription.dispose();
    await policy.execute(async () => 'y');
    expect(successes).toEqual([3]);
  });

  it('rejects invalid options, listing every problem', () => {
    let error: ResilienceConfigError | undefined;
    try {
      retry({ maxAttempts: 0, baseDelayMs: -1, jitter: 'lots' as never, strategy: 'quadratic' as never, retryOn: 5 as never, typo: 1 } as never);
    } catch (caught) {
      error = caught as ResilienceConfigError;
    }
    expect(error).toBeInstanceOf(ResilienceConfigError);
    expect(error!.issues.map((issue) => issue.path).sort()).toEqual(['baseDelayMs', 'jitter', 'maxAttempts', 'retryOn', 'strategy', 'typo']);
  });
});
