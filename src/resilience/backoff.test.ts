import { describe, expect, it } from 'vitest';
import {
  createBackoff,
  customBackoff,
  exponentialBackoff,
  fibonacciBackoff,
  fixedBackoff,
  linearBackoff,
  normalizeJitter,
  type Backoff,
  type BackoffContext,
} from './backoff.js';
import { sequence } from './test-utils/helpers.js';

function delays(backoff: Backoff, count: number, options: Partial<BackoffContext> = {}): number[] {
  const result: number[] = [];
  let previousDelayMs = 0;
  for (let attempt = 1; attempt <= count; attempt++) {
    const delay = backoff.delay({ attempt, previousDelayMs, maxDelayMs: Infinity, random: () => 0.5, ...options });
    result.push(delay);
    previousDelayMs = delay;
  }
  return result;
}

describe('backoff strategies', () => {
  it('fixed waits the same delay every time', () => {
    expect(delays(fixedBackoff(250), 4)).toEqual([250, 250, 250, 250]);
  });

  it('linear grows by the step (default: the base)', () => {
    expect(delays(linearBackoff({ baseDelayMs: 1000 }), 4)).toEqual([1000, 2000, 3000, 4000]);
    expect(delays(linearBackoff({ baseDelayMs: 100, stepMs: 50 }), 3)).toEqual([100, 150, 200]);
  });

  it('exponential multiplies by the factor', () => {
    expect(delays(exponentialBackoff({ baseDelayMs: 500 }), 5)).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(delays(exponentialBackoff({ baseDelayMs: 100, factor: 3 }), 3)).toEqual([100, 300, 900]);
  });

  it('fibonacci follows 1, 1, 2, 3, 5, 8 times the base', () => {
    expect(delays(fibonacciBackoff({ baseDelayMs: 100 }), 6)).toEqual([100, 100, 200, 300, 500, 800]);
  });

  it('caps before jittering so full jitter stays within [0, cap]', () => {
    const backoff = exponentialBackoff({ baseDelayMs: 1000, jitter: 'full' });
    const delay = backoff.delay({ attempt: 10, previousDelayMs: 0, maxDelayMs: 5000, random: () => 0.999 });
    expect(delay).toBeGreaterThan(4990);
    expect(delay).toBeLessThan(5000);
    expect(backoff.delay({ attempt: 10, previousDelayMs: 0, maxDelayMs: 5000, random: () => 0 })).toBe(0);
  });

  it('equal jitter keeps at least half the delay', () => {
    const backoff = exponentialBackoff({ baseDelayMs: 1000, jitter: 'equal' });
    expect(backoff.delay({ attempt: 2, previousDelayMs: 0, maxDelayMs: Infinity, random: () => 0 })).toBe(1000);
    expect(backoff.delay({ attempt: 2, previousDelayMs: 0, maxDelayMs: Infinity, random: () => 0.5 })).toBe(1500);
  });

  it('decorrelated jitter draws between the base and three times the previous delay, capped', () => {
    const backoff = exponentialBackoff({ baseDelayMs: 100, jitter: 'decorrelated' });
    const random = sequence(0, 1 - 1e-9, 0.5);
    const first = backoff.delay({ attempt: 1, previousDelayMs: 0, maxDelayMs: 10_000, random });
    expect(first).toBe(100);
    const second = backoff.delay({ attempt: 2, previousDelayMs: 1000, maxDelayMs: 10_000, random });
    expect(second).toBeCloseTo(3000, 3);
    const third = backoff.delay({ attempt: 3, previousDelayMs: 5000, maxDelayMs: 2000, random });
    expect(third).toBe(2000);
  });

  it('a custom delay function sees the attempt, the error and the previous delay', () => {
    const seen: BackoffContext[] = [];
    const backoff = customBackoff((context) => {
      seen.push(context);
      return context.attempt * 7;
    });
    const error = new Error('boom');
    expect(backoff.delay({ attempt: 3, previousDelayMs: 14, maxDelayMs: 100, random: Math.random, error })).toBe(21);
    expect(seen[0]!.error).toBe(error);
    expect(seen[0]!.previousDelayMs).toBe(14);
  });

  it('createBackoff builds each strategy from its configuration form', () => {
    expect(delays(createBackoff({ strategy: 'fixed', baseDelayMs: 10 }), 2)).toEqual([10, 10]);
    expect(delays(createBackoff({ strategy: 'linear', baseDelayMs: 10, stepMs: 5 }), 3)).toEqual([10, 15, 20]);
    expect(delays(createBackoff({ strategy: 'fibonacci', baseDelayMs: 10 }), 4)).toEqual([10, 10, 20, 30]);
    expect(delays(createBackoff({ baseDelayMs: 10, factor: 4 }), 3)).toEqual([10, 40, 160]);
    expect(delays(createBackoff({ strategy: () => 42 }), 2)).toEqual([42, 42]);
    const own = fixedBackoff(3);
    expect(createBackoff({ strategy: own })).toBe(own);
  });

  it('names describe the strategy', () => {
    expect(exponentialBackoff({ baseDelayMs: 500, jitter: 'full' }).name).toBe('exponential(500ms x2, full jitter)');
    expect(fixedBackoff(100).name).toBe('fixed(100ms)');
  });

  it('normalizes jitter switches', () => {
    expect(normalizeJitter(true)).toBe('full');
    expect(normalizeJitter(false)).toBe('none');
    expect(normalizeJitter(undefined)).toBe('none');
    expect(normalizeJitter('equal')).toBe('equal');
  });

  it('saturates instead of overflowing for huge attempt numbers', () => {
    expect(fibonacciBackoff({ baseDelayMs: 1 }).delay({ attempt: 5000, previousDelayMs: 0, maxDelayMs: 1000, random: Math.random })).toBe(1000);
    expect(exponentialBackoff({ baseDelayMs: 1 }).delay({ attempt: 5000, previousDelayMs: 0, maxDelayMs: 1000, random: Math.random })).toBe(1000);
  });
});
