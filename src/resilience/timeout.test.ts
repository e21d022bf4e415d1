import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from './manual-clock.js';
import { ResilienceConfigError, TimeoutError, isTimeoutError } from './errors.js';
import { DeadlineQueue, type DeadlineEntry } from './deadline-queue.js';
import { timeout } from './timeout.js';

describe('timeout policy (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects with a TimeoutError at the deadline and aborts the operation signal with it', async () => {
    const policy = timeout(1000);
    let signal: AbortSignal | undefined;
    const result = policy.execute((context) => {
      signal = context.signal;
      return new Promise<string>(() => {});
    });
    const settled = result.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(999);
    expect(signal!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await settled;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1000);
    expect(signal!.aborted).toBe(true);
    expect(isTimeoutError(signal!.reason)).toBe(true);
  });

  it('resolves in time without aborting, and leaves no timer behind once every call finished', async () => {
    const policy = timeout(5000);
    let signal: AbortSignal | undefined;
    const value = await policy.execute(async (context) => {
      signal = context.signal;
      return 42;
    });
    expect(value).toBe(42);
    await vi.advanceTimersByTimeAsync(6000);
    expect(signal!.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores a result that arrives after the deadline', async () => {
    let resolveLate: (value: string) => void = () => undefined;
    const settled = timeout(100)
      .execute(() => new Promise<string>((resolve) => (resolveLate = resolve)))
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    resolveLate('too late');
    expect(await settled).toBeInstanceOf(TimeoutError);
  });

  it('propagates the caller abort to the operation signal and rejects at once', async () => {
    const controller = new AbortController();
    let signal: AbortSignal | undefined;
    const settled = timeout(10_000)
      .execute((context) => {
        signal = context.signal;
        return new Promise(() => {});
      }, controller.signal)
      .catch((error: unknown) => error);
    controller.abort(new Error('stop'));
    expect(((await settled) as Error).message).toBe('stop');
    expect(signal!.aborted).toBe(true);
  });

  it('hands a signal read after the deadline already aborted', async () => {
    let read: (() => AbortSignal) | undefined;
    const settled = timeout(50)
      .execute((context) => {
        read = () => context.signal;
        return new Promise(() => {});
      })
      .catch(() => undefined);
    await vi.advanceTimersByTimeAsync(50);
    await settled;
    expect(read!().aborted).toBe(true);
  });

  it('expires concurrent calls with different timeouts in deadline order', async () => {
    const expired: number[] = [];
    const start = Date.now();
    for (const ms of [300, 100, 200, 100]) {
      timeout(ms)
        .execute(() => new Promise(() => {}))
        .catch(() => expired.push(Date.now() - start));
    }
    await vi.advanceTimersByTimeAsync(300);
    expect(expired).toEqual([100, 100, 200, 300]);
  });

  it('expires calls started at different fake times of one synchronous block at their own deadlines', async () => {
    const expired: string[] = [];
    const start = Date.now();
    timeout(100)
      .execute(() => new Promise(() => {}))
      .catch(() => expired.push(`first@${Date.now() - start}`));
    vi.advanceTimersByTime(50);
    timeout(100)
      .execute(() => new Promise(() => {}))
      .catch(() => expired.push(`second@${Date.now() - start}`));
    vi.advanceTimersByTime(50);
    await Promise.resolve();
    expect(expired).toEqual(['first@100']);
    vi.advanceTimersByTime(50);
    await Promise.resolve();
    expect(expired).toEqual(['first@100', 'second@150']);
  });

  it('passes values and synchronous results through', async () => {
    await expect(timeout(10).execute(() => 'sync')).resolves.toBe('sync');
    await expect(
      timeout(10).execute(() => {
        throw new Error('sync throw');
      }),
    ).rejects.toThrow('sync throw');
  });

  it('validates its duration', () => {
    expect(() => timeout(0)).toThrow(ResilienceConfigError);
    expect(() => timeout(undefined as never)).toThrow(/timeoutMs: is required/);
  });
});

describe('deadline queue', () => {
  function entry(timeoutMs: number, log: string[], name: string): DeadlineEntry {
    return { timeoutMs, deadline: 0, queued: false, stamp: undefined, expire: () => log.push(name) };
  }

  it('fires each deadline once, in order, with a single armed timer', () => {
    const clock = new ManualClock(0);
    const queue = new DeadlineQueue(clock);
    const log: string[] = [];
    const a = entry(100, log, 'a');
    const b = entry(50, log, 'b');
    const c = entry(100, log, 'c');
    queue.schedule(a);
    queue.schedule(b);
    queue.schedule(c);
    expect(clock.pendingTimers).toBe(1);
    queue.remove(c);
    clock.advance(50);
    expect(log).toEqual(['b']);
    clock.advance(50);
    expect(log).toEqual(['b', 'a']);
    expect(queue.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps working after many calls finish in and out of order', () => {
    const clock = new ManualClock(0);
    const queue = new DeadlineQueue(clock);
    const log: string[] = [];
    const entries = Array.from({ length: 5000 }, (_, i) => entry(1000, log, `e${i}`));
    for (const e of entries) queue.schedule(e);
    for (let i = 0; i < 5000; i += 2) queue.remove(entries[i]!);
    for (let i = 1; i < 4999; i += 2) queue.remove(entries[i]!);
    expect(queue.size).toBe(1);
    clock.advance(1000);
    expect(log).toEqual(['e4999']);
  });
});

describe('timeout policy (real clock)', () => {
  it('never fires early, even for a call started late in a long synchronous burst', async () => {
    const policy = timeout(30);
    const started: number[] = [];
    const fired: number[] = [];
    const run = (index: number): Promise<unknown> => {
      started[index] = Date.now();
      return policy
        .execute(() => new Promise(() => {}))
        .catch(() => {
          fired[index] = Date.now();
        });
    };
    const first = run(0);
    const busyUntil = Date.now() + 50;
    while (Date.now() < busyUntil) {
      // A long synchronous burst: both calls share one clock reading taken at its start.
    }
    const second = run(1);
    await Promise.all([first, second]);
    expect(fired[0]! - started[0]!).toBeGreaterThanOrEqual(30);
    expect(fired[1]! - started[1]!).toBeGreaterThanOrEqual(30);
  });
});
