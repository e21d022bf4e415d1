import { describe, expect, it } from 'vitest';
import { ManualClock } from '../manual-clock.js';
import { isBrokenCircuitError, type CircuitState } from '../errors.js';
import type { Disposable } from '../events.js';
import { seededRandom } from '../test-utils/helpers.js';
import { circuitBreaker, type CircuitStateChange, type TransitionReason } from './circuit-breaker.js';
import type { CircuitBreakerOptions } from './options.js';

/** Every transition the state machine may make, with the reasons allowed for it. */
const LEGAL: Record<string, readonly TransitionReason[]> = {
  'closed->open': ['failures'],
  'open->half-open': ['break-elapsed'],
  'half-open->open': ['probe-failed', 'probe-timeout'],
  'half-open->closed': ['probe-succeeded', 'reset'],
  'closed->isolated': ['isolated'],
  'open->isolated': ['isolated'],
  'half-open->isolated': ['isolated'],
  'isolated->closed': ['isolation-released', 'reset'],
  'open->closed': ['reset'],
};

interface Pending {
  settle(failed: boolean): void;
  done: Promise<unknown>;
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** Drives a breaker with a random sequence of call outcomes, hung calls, clock steps and manual actions. */
async function randomRun(seed: number, options: CircuitBreakerOptions, steps: number, seen: Set<string>): Promise<void> {
  const random = seededRandom(seed);
  const clock = new ManualClock(1_700_000_000_000);
  const breaker = circuitBreaker({ ...options, clock });
  const changes: CircuitStateChange[] = [];
  breaker.onStateChange((change) => changes.push(change));
  const pending: Pending[] = [];
  const isolations: Disposable[] = [];
  let lastState: CircuitState = 'closed';
  const maxProbes = options.halfOpenMaxProbes ?? 1;

  const check = (where: string): void => {
    const state = breaker.state;
    const context = `seed ${seed}, ${where}`;
    for (const change of changes.splice(0)) {
      const key = `${change.from}->${change.to}`;
      expect(LEGAL[key], `${context}: illegal transition ${key}`).toBeDefined();
      seen.add(`${key}:${change.reason}`);
      expect(LEGAL[key], `${context}: ${key} for reason ${change.reason}`).toContain(change.reason);
      expect(change.from, `${context}: transition from a state the circuit was not in`).toBe(lastState);
      expect(change.at, `${context}: transition in the future`).toBeLessThanOrEqual(clock.now());
      lastState = change.to;
    }
    expect(state, `${context}: state differs from the last transition`).toBe(lastState);
    const stats = breaker.stats();
    expect(stats.probesInFlight).toBeLessThanOrEqual(maxProbes);
    if (state === 'open') expect(breaker.retryAfterMs).toBeGreaterThan(0);
    if (state === 'closed') expect(breaker.retryAfterMs).toBe(0);
  };

  for (let step = 0; step < steps; step++) {
    const roll = random();
    if (roll < 0.35) {
      // A call that settles at once.
      const failed = random() < 0.6;
      const before = breaker.state;
      let ran = false;
      const outcome = await breaker
        .execute(async () => {
          ran = true;
          if (failed) throw new Error('down');
          return 'ok';
        })
        .then(
          () => 'ok',
          (error: unknown) => error,
        );
      if (before === 'open' || before === 'isolated') {
        expect(ran, `seed ${seed}: a call ran while the circuit was ${before}`).toBe(false);
        expect(isBrokenCircuitError(outcome)).toBe(true);
      }
      if (before === 'closed') expect(ran).toBe(true);
    } else if (roll < 0.5) {
      // A call that hangs until settled later.
      let settle: (failed: boolean) => void = () => undefined;
      const done = breaker
        .execute(() => new Promise<string>((resolve, reject) => (settle = (failed) => (failed ? reject(new Error('late')) : resolve('late')))))
        .catch((error: unknown) => error);
      pending.push({ settle: (failed) => settle(failed), done });
    } else if (roll < 0.65 && pending.length > 0) {
      const index = Math.floor(random() * pending.length);
      const [call] = pending.splice(index, 1);
      call!.settle(random() < 0.5);
      await call!.done;
    } else if (roll < 0.88) {
      clock.advance(Math.floor(random() * 4000));
    } else if (roll < 0.93) {
      isolations.push(breaker.isolate());
    } else if (roll < 0.97 && isolations.length > 0) {
      isolations.pop()!.dispose();
    } else {
      breaker.reset();
      isolations.length = 0;
    }
    await flush();
    check(`step ${step}`);
  }
}

const CONFIGS: [string, CircuitBreakerOptions][] = [
  ['consecutive', { failureThreshold: 3, breakDurationMs: 2000, halfOpenMaxWaitMs: 5000 }],
  ['consecutive with backoff and 3 probes', { failureThreshold: 2, breakDurationMs: 500, breakBackoff: 'exponential', halfOpenMaxProbes: 3, halfOpenSuccessThreshold: 2, halfOpenMaxWaitMs: 3000 }],
  ['count window', { mode: 'count', windowSize: 8, minimumCalls: 4, failureRateThreshold: 0.5, breakDurationMs: 1500, halfOpenMaxWaitMs: 4000 }],
  ['time window', { mode: 'time', windowDurationMs: 5000, windowBuckets: 5, minimumCalls: 3, failureRateThreshold: 0.6, breakDurationMs: 1000, halfOpenMaxWaitMs: Infinity }],
];

describe('circuit breaker state machine (property)', () => {
  for (const [name, options] of CONFIGS) {
    it(`makes no illegal transition under random results and clock steps: ${name}`, async () => {
      const seen = new Set<string>();
      for (let seed = 1; seed <= 60; seed++) await randomRun(seed * 7919, options, 150, seen);
      // The runs must have exercised the whole cycle, or they prove little.
      expect([...seen]).toEqual(
        expect.arrayContaining([
          'closed->open:failures',
          'open->half-open:break-elapsed',
          'half-open->open:probe-failed',
          'half-open->closed:probe-succeeded',
          'closed->isolated:isolated',
          'isolated->closed:isolation-released',
          ...(options.halfOpenMaxWaitMs === Infinity ? [] : ['half-open->open:probe-timeout']),
        ]),
      );
    });
  }
});
