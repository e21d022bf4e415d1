import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../manual-clock.js';
import { BrokenCircuitError, ResilienceConfigError, isBrokenCircuitError } from '../errors.js';
import { circuitBreaker, type CircuitBreaker, type CircuitStateChange } from './circuit-breaker.js';
import type { CircuitBreakerOptions } from './options.js';

const fail = async (): Promise<never> => {
  throw new Error('dependency down');
};
const succeed = async (): Promise<string> => 'ok';

async function failTimes(breaker: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.execute(fail).catch(() => undefined);
}

async function succeedTimes(breaker: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.execute(succeed);
}

describe('circuit breaker', () => {
  let clock: ManualClock;
  let changes: CircuitStateChange[];
  const make = (options: CircuitBreakerOptions = {}): CircuitBreaker => {
    const breaker = circuitBreaker({ name: 'db', clock, ...options });
    breaker.onStateChange((change) => changes.push(change));
    return breaker;
  };

  beforeEach(() => {
    clock = new ManualClock(1_000_000);
    changes = [];
  });

  describe('consecutive mode', () => {
    it('opens after the threshold of failures in a row; a success resets the count', async () => {
      const breaker = make({ failureThreshold: 3 });
      await failTimes(breaker, 2);
      await succeedTimes(breaker, 1);
      await failTimes(breaker, 2);
      expect(breaker.state).toBe('closed');
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
      expect(changes).toMatchObject([{ from: 'closed', to: 'open', reason: 'failures', at: 1_000_000 }]);
    });

    it('rejects while open with an error that says when the next probe runs', async () => {
      const breaker = make({ failureThreshold: 1, breakDurationMs: 5000 });
      await failTimes(breaker, 1);
      clock.advance(1200);
      let calls = 0;
      const error = await breaker
        .execute(async () => {
          calls++;
        })
        .catch((caught: unknown) => caught);
      expect(calls).toBe(0);
      expect(isBrokenCircuitError(error)).toBe(true);
      expect(error).toBeInstanceOf(BrokenCircuitError);
      expect((error as BrokenCircuitError).retryAfterMs).toBe(3800);
      expect((error as BrokenCircuitError).message).toBe('Circuit "db" is open; next probe in 3800 ms');
      expect(breaker.retryAfterMs).toBe(3800);
    });

    it('goes half-open when the break has elapsed, without any call (state is never stale)', async () => {
      const breaker = make({ failureThreshold: 1, breakDurationMs: 5000 });
      await failTimes(breaker, 1);
      clock.advance(4999);
      expect(breaker.state).toBe('open');
      clock.advance(1);
      expect(breaker.state).toBe('half-open');
      expect(changes.at(-1)).toMatchObject({ from: 'open', to: 'half-open', reason: 'break-elapsed', at: 1_005_000 });
    });

    it('closes after a successful probe, reopens after a failed one', async () => {
      const breaker = make({ failureThreshold: 1, breakDurationMs: 1000 });
      await failTimes(breaker, 1);
      clock.advance(1000);
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
      expect(changes.at(-1)).toMatchObject({ from: 'half-open', to: 'open', reason: 'probe-failed' });
      clock.advance(1000);
      await expect(breaker.execute(succeed)).resolves.toBe('ok');
      expect(breaker.state).toBe('closed');
      expect(changes.at(-1)).toMatchObject({ from: 'half-open', to: 'closed', reason: 'probe-succeeded' });
    });
  });

  describe('half-open probes', () => {
    it('lets only the configured number of probes through at once', async () => {
      const breaker = make({ failureThreshold: 1, breakDurationMs: 1000, halfOpenMaxProbes: 2, halfOpenSuccessThreshold: 2 });
      await failTimes(breaker, 1);
      clock.advance(1000);
      const releases: (() => void)[] = [];
      const hang = () => new Promise<string>((resolve) => releases.push(() => resolve('probe')));
      const first = breaker.execute(hang);
      const second = breaker.execute(hang);
      const third = await breaker.execute(hang).catch((error: unknown) => error);
      expect(releases).toHaveLength(2);
      expect(third).toBeInstanceOf(BrokenCircuitError);
      expect((third as BrokenCircuitError).state).toBe('half-open');
      releases[0]!();
      await first;
      expect(breaker.state).toBe('half-open');
      releases[1]!();
      await second;
      expect(breaker.state).toBe('closed');
    });

    it('counts a probe that hangs past the maximum wait as failed, and ignores its late result', async () => {
      const breaker = make({ failureThreshold: 1, breakDurationMs: 1000, halfOpenMaxWaitMs: 3000 });
      await failTimes(breaker, 1);
      clock.advance(1000);
      let release: () => void = () => undefined;
      const probe = breaker.execute(() => new Promise<string>((resolve) => (release = () => resolve('late'))));
      clock.advance(2999);
      expect(breaker.state).toBe('half-open');
      expect(breaker.retryAfterMs).toBe(1);
      clock.advance(1);
      expect(breaker.state).toBe('open');
      expect(changes.at(-1)).toMatchObject({ from: 'half-open', to: 'open', reason: 'probe-timeout', at: 1_004_000 });
      release();
      await expect(probe).resolves.toBe('late');
      expect(breaker.state).toBe('open');
    });

    it('releases a probe slot without a verdict when the probe was aborted by its caller', async () => {
      const breaker = make({ failureThreshold: 1, breakDurationMs: 1000 });
      await failTimes(breaker, 1);
      clock.advance(1000);
      await breaker.execute(() => Promise.reject(new DOMException('cancelled', 'AbortError'))).catch(() => undefined);
      expect(breaker.state).toBe('half-open');
      await breaker.execute(succeed);
      expect(breaker.state).toBe('closed');
    });
  });

  describe('break duration', () => {
    it('backs off on consecutive openings and resets after closing', async () => {
      const breaker = make({ failureThreshold: 1, breakDurationMs: 1000, breakBackoff: 'exponential', maxBreakDurationMs: 5000 });
      const breaks: number[] = [];
      breaker.onBreak((change) => breaks.push(change.retryAfterMs));
      await failTimes(breaker, 1);
      for (let i = 0; i < 4; i++) {
        clock.advance(breaker.retryAfterMs);
        await failTimes(breaker, 1);
      }
      expect(breaks).toEqual([1000, 2000, 4000, 5000, 5000]);
      clock.advance(breaker.retryAfterMs);
      await succeedTimes(breaker, 1);
      await failTimes(breaker, 1);
      expect(breaks.at(-1)).toBe(1000);
    });
  });

  describe('count-based window', () => {
    it('opens when the failure rate over the last N calls reaches the threshold, after the minimum calls', async () => {
      const breaker = make({ mode: 'count', windowSize: 10, failureRateThreshold: 0.5, minimumCalls: 6 });
      await failTimes(breaker, 4);
      expect(breaker.state).toBe('closed');
      await succeedTimes(breaker, 1);
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
    });

    it('forgets outcomes that slid out of the window', async () => {
      const breaker = make({ mode: 'count', windowSize: 4, failureRateThreshold: 0.75, minimumCalls: 4 });
      await failTimes(breaker, 2);
      await succeedTimes(breaker, 4);
      await failTimes(breaker, 2);
      expect(breaker.state).toBe('closed');
      expect(breaker.stats().window).toMatchObject({ calls: 4, failures: 2, failureRate: 0.5 });
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
    });
  });

  describe('time-based window', () => {
    it('opens on the failure rate over the window duration, with a minimum throughput', async () => {
      const breaker = make({ mode: 'time', windowDurationMs: 10_000, windowBuckets: 10, failureRateThreshold: 0.5, minimumCalls: 5 });
      await failTimes(breaker, 4);
      expect(breaker.state).toBe('closed');
      clock.advance(11_000);
      await failTimes(breaker, 4);
      expect(breaker.state).toBe('closed');
      await succeedTimes(breaker, 4);
      expect(breaker.stats().window).toMatchObject({ calls: 8, failures: 4, failureRate: 0.5 });
      expect(breaker.state).toBe('closed');
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
    });

    it('drops slices older than the window', async () => {
      const breaker = make({ mode: 'time', windowDurationMs: 1000, windowBuckets: 4, failureRateThreshold: 0.9, minimumCalls: 1 });
      await succeedTimes(breaker, 3);
      clock.advance(500);
      await succeedTimes(breaker, 2);
      expect(breaker.stats().window.calls).toBe(5);
      clock.advance(600);
      expect(breaker.stats().window.calls).toBe(2);
    });
  });

  describe('classification', () => {
    it('counts only failOn errors as failures; others count as successes', async () => {
      class Outage extends Error {}
      const breaker = make({ failureThreshold: 2, failOn: Outage });
      await breaker.execute(() => Promise.reject(new Error('validation'))).catch(() => undefined);
      await breaker.execute(() => Promise.reject(new Outage())).catch(() => undefined);
      await breaker.execute(() => Promise.reject(new Error('validation'))).catch(() => undefined);
      await breaker.execute(() => Promise.reject(new Outage())).catch(() => undefined);
      expect(breaker.state).toBe('closed');
      await breaker.execute(() => Promise.reject(new Outage())).catch(() => undefined);
      expect(breaker.state).toBe('open');
    });

    it('ignores aborts by default and what ignoreOn matches', async () => {
      const breaker = make({ failureThreshold: 2, ignoreOn: (error) => (error as Error).message === 'ignored' });
      await breaker.execute(() => Promise.reject(new Error('boom'))).catch(() => undefined);
      await breaker.execute(() => Promise.reject(new Error('ignored'))).catch(() => undefined);
      await breaker.execute(() => Promise.reject(new Error('boom'))).catch(() => undefined);
      expect(breaker.state).toBe('open');
      const aborts = make({ failureThreshold: 1 });
      await aborts.execute(() => Promise.reject(new DOMException('x', 'AbortError'))).catch(() => undefined);
      expect(aborts.state).toBe('closed');
    });

    it('counts results as failures with failOnResult', async () => {
      const breaker = make({ failureThreshold: 2, failOnResult: (result) => (result as { status: number }).status >= 500 });
      await expect(breaker.execute(async () => ({ status: 503 }))).resolves.toEqual({ status: 503 });
      await breaker.execute(async () => ({ status: 500 }));
      expect(breaker.state).toBe('open');
    });

    it('treats a synchronous throw as a failure', async () => {
      const breaker = make({ failureThreshold: 1 });
      await expect(
        breaker.execute(() => {
          throw new Error('sync');
        }),
      ).rejects.toThrow('sync');
      expect(breaker.state).toBe('open');
    });
  });

  describe('manual control', () => {
    it('isolate forces the circuit open until every handle is disposed', async () => {
      const breaker = make();
      const first = breaker.isolate();
      const second = breaker.isolate();
      const error = (await breaker.execute(succeed).catch((caught: unknown) => caught)) as BrokenCircuitError;
      expect(error.state).toBe('isolated');
      expect(error.retryAfterMs).toBe(Infinity);
      expect(breaker.state).toBe('isolated');
      first.dispose();
      first.dispose();
      expect(breaker.state).toBe('isolated');
      second.dispose();
      expect(breaker.state).toBe('closed');
      expect(changes.map((change) => change.reason)).toEqual(['isolated', 'isolation-released']);
    });

    it('reset closes and forgets everything, isolation included', async () => {
      const breaker = make({ failureThreshold: 2 });
      await failTimes(breaker, 1);
      breaker.isolate();
      breaker.reset();
      expect(breaker.state).toBe('closed');
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('closed');
    });
  });

  describe('serialisation', () => {
    it('round-trips through JSON so a restarted process keeps an open circuit open', async () => {
      const breaker = make({ failureThreshold: 1, breakDurationMs: 10_000 });
      await failTimes(breaker, 1);
      clock.advance(4000);
      const saved = JSON.parse(JSON.stringify(breaker));
      expect(saved).toMatchObject({ version: 1, name: 'db', state: 'open', openUntil: 1_010_000, openCount: 1 });
      const restarted = circuitBreaker({ name: 'db', clock, failureThreshold: 1, breakDurationMs: 10_000, initialState: saved });
      expect(restarted.state).toBe('open');
      expect(restarted.retryAfterMs).toBe(6000);
      await expect(restarted.execute(succeed)).rejects.toBeInstanceOf(BrokenCircuitError);
      clock.advance(6000);
      expect(restarted.state).toBe('half-open');
    });

    it('restores window history and isolation', async () => {
      const breaker = make({ mode: 'count', windowSize: 10, minimumCalls: 4, failureRateThreshold: 0.5 });
      await failTimes(breaker, 3);
      await succeedTimes(breaker, 1);
      const restored = circuitBreaker({ clock, mode: 'count', windowSize: 10, minimumCalls: 4, failureRateThreshold: 0.5, initialState: breaker.toJSON() });
      expect(restored.stats().window).toMatchObject({ calls: 4, failures: 3 });
      const isolated = make();
      isolated.isolate();
      const copy = circuitBreaker({ clock, initialState: isolated.toJSON() });
      expect(copy.state).toBe('isolated');
      copy.reset();
      expect(copy.state).toBe('closed');
    });

    it('rejects an invalid snapshot with every problem listed', () => {
      expect(() => circuitBreaker({ initialState: { version: 2, state: 'ajar', openCount: -1 } as never })).toThrow(ResilienceConfigError);
      try {
        circuitBreaker({ initialState: { version: 2, state: 'ajar', openCount: -1 } as never });
      } catch (error) {
        expect((error as ResilienceConfigError).issues.map((issue) => issue.path)).toEqual(
          expect.arrayContaining(['initialState.version', 'initialState.state', 'initialState.openCount']),
        );
      }
    });
  });

  describe('non-throwing and gating APIs', () => {
    it('executeResult resolves { ok: false } for an open circuit without a rejection', async () => {
      const breaker = make({ failureThreshold: 1 });
      await failTimes(breaker, 1);
      const outcome = await breaker.executeResult(succeed);
      expect(outcome.ok).toBe(false);
      expect(isBrokenCircuitError(!outcome.ok && outcome.error)).toBe(true);
      breaker.reset();
      await expect(breaker.executeResult(succeed)).resolves.toEqual({ ok: true, value: 'ok' });
    });

    it('tryAcquire gates work run outside execute; each permit reports once', async () => {
      const breaker = make({ failureThreshold: 2 });
      for (let i = 0; i < 2; i++) {
        const permit = breaker.tryAcquire();
        if (permit instanceof BrokenCircuitError) throw permit;
        permit.failure(new Error('stream broke'));
        permit.failure(new Error('reported twice'));
      }
      expect(breaker.state).toBe('open');
      expect(breaker.tryAcquire()).toBeInstanceOf(BrokenCircuitError);
    });
  });

  it('ignores outcomes of calls admitted before the circuit changed state', async () => {
    const breaker = make({ failureThreshold: 1, breakDurationMs: 1000 });
    let release: (() => void) | undefined;
    const slow = breaker.execute(() => new Promise<void>((_resolve, reject) => (release = () => reject(new Error('late failure')))));
    breaker.isolate().dispose();
    release!();
    await slow.catch(() => undefined);
    expect(breaker.state).toBe('closed');
  });

  it('stats are plain JSON', async () => {
    const breaker = make({ failureThreshold: 1, breakDurationMs: 1000 });
    await failTimes(breaker, 1);
    expect(JSON.parse(JSON.stringify(breaker.stats()))).toEqual({
      name: 'db',
      state: 'open',
      retryAfterMs: 1000,
      openCount: 1,
      openedAt: 1_000_000,
      probesInFlight: 0,
      window: { kind: 'consecutive', calls: 0, failures: 0, failureRate: null },
    });
  });

  it('validates options, listing every problem', () => {
    try {
      circuitBreaker({ mode: 'sliding' as never, failureThreshold: 0, failureRateThreshold: 2, halfOpenMaxProbes: 1.5, windowSize: 5, minimumCalls: 9 } as CircuitBreakerOptions);
      expect.unreachable();
    } catch (error) {
      expect((error as ResilienceConfigError).issues.map((issue) => issue.path).sort()).toEqual(['failureRateThreshold', 'failureThreshold', 'halfOpenMaxProbes', 'mode']);
    }
    try {
      circuitBreaker({ mode: 'count', windowSize: 5, minimumCalls: 9 });
      expect.unreachable();
    } catch (error) {
      expect((error as ResilienceConfigError).issues).toEqual([{ path: 'minimumCalls', message: 'cannot exceed windowSize (5): the circuit could never open' }]);
    }
  });
});
