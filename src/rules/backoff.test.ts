import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const mustFind: DetectCase[] = [
  {
    name: 'exponential delay with a cap and full jitter',
    code: `
      export function computeBackoff(attempt: number, base = 100, cap = 30_000): number {
        const exp = Math.min(cap, base * 2 ** attempt);
        return Math.random() * exp;
      }
    `,
    expect: [{ symbol: 'computeBackoff', kind: 'implementation', startLine: 1, endLine: 4 }],
  },
  {
    name: 'Math.pow in an arrow const',
    code: `
      export const exponentialDelay = (retryCount: number) => Math.pow(2, retryCount) * 1000;
    `,
    expect: [{ symbol: 'exponentialDelay', startLine: 1, endLine: 1 }],
  },
  {
    name: 'linear delay from the attempt number',
    code: `
      export const linearDelay = (attempt: number) => attempt * 250;
    `,
    expect: [{ symbol: 'linearDelay', startLine: 1, endLine: 1 }],
  },
  {
    name: 'fibonacci delays',
    code: `
      export function fibonacciBackoff(attempt: number, unit = 100) {
        let [a, b] = [0, 1];
        for (let i = 0; i < attempt; i++) [a, b] = [b, a + b];
        return a * unit;
      }
    `,
    expect: [{ symbol: 'fibonacciBackoff', startLine: 1, endLine: 5 }],
  },
  {
    name: 'a stateful backoff class that doubles its delay',
    code: `
      export class ExponentialBackoff {
        private delay: number;
        constructor(private readonly initial = 100, private readonly max = 10_000) { this.delay = initial; }
        next(): number {
          this.delay = Math.min(this.delay * 2, this.max);
          return this.delay;
        }
        reset() { this.delay = this.initial; }
      }
    `,
    expect: [{ symbol: 'ExponentialBackoff', startLine: 1, endLine: 9 }],
  },
  {
    name: 'a delay generator',
    code: `
      export function* backoffDelays(start = 100) {
        let delay = start;
        while (true) {
          yield delay;
          delay *= 2;
        }
      }
    `,
    expect: [{ symbol: 'backoffDelays', startLine: 1, endLine: 7 }],
  },
  {
    name: 'the delay method of a policy class is reported as Class.method',
    code: `
      export class RetryPolicy {
        constructor(private readonly maxAttempts = 3, private readonly baseMs = 200) {}
        shouldRetry(attempt: number) { return attempt < this.maxAttempts; }
        getDelay(attempt: number) { return this.baseMs * 2 ** attempt; }
      }
    `,
    expect: [{ symbol: 'RetryPolicy.getDelay', startLine: 4, endLine: 4 }],
  },
  {
    name: 'strategies object with several backoff functions (JS)',
    file: 'strategies.js',
    code: `
      const backoffStrategies = {
        exponential: (attempt) => 100 * 2 ** attempt,
        linear: (attempt) => 100 * attempt,
      };
      module.exports = { backoffStrategies };
    `,
    expect: [{ symbol: 'backoffStrategies', startLine: 1, endLine: 4 }],
  },
  {
    name: 'a generator that multiplies a short-named local initialised from the base delay',
    code: `
      export function* exponentialDelays(base = 100, factor = 2, max = 10_000): Generator<number> {
        let d = base;
        while (true) {
          yield Math.min(d, max);
          d *= factor;
        }
      }
    `,
    expect: [{ symbol: 'exponentialDelays', startLine: 1, endLine: 7 }],
  },
];

const mustNotFind: DetectCase[] = [
  {
    name: 'compound growth of an amount initialised from something that is not a delay',
    code: `
      export function exponentialGrowth(principal: number, rate: number, years: number) {
        let amount = principal;
        for (let y = 0; y < years; y++) amount *= 1 + rate;
        return amount;
      }
    `,
    expect: [],
  },
  {
    name: 'a fixed strategy that implements the Backoff interface is neither a backoff nor a wrapper',
    code: `
      import type { Backoff } from './backoff';
      import { applyJitter } from './jitter';
      export class FixedBackoff implements Backoff {
        constructor(private readonly delayMs: number) {}
        delay(): number {
          return applyJitter(this.delayMs);
        }
      }
    `,
    expect: [],
  },
  {
    name: 'compound interest (exponent from a parameter, not a delay)',
    code: `
      export function compound(principal: number, rate: number, years: number) {
        return principal * (1 + rate) ** years;
      }
    `,
    expect: [],
  },
  {
    name: 'a price calculation',
    code: `
      export const lineTotal = (price: number, quantity: number) => price * quantity;
    `,
    expect: [],
  },
  {
    name: 'a random index',
    code: `
      export function pick<T>(items: T[]): T {
        return items[Math.floor(Math.random() * items.length)]!;
      }
    `,
    expect: [],
  },
  {
    name: 'a retry loop that computes its delay inline is a retry, not a separate backoff',
    code: `
      export async function retryWithBackoff(fn: () => Promise<void>) {
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            return await fn();
          } catch {
            await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
          }
        }
      }
    `,
    expect: [],
  },
  {
    name: 'a fixed polling interval',
    code: `
      export const POLL_INTERVAL_MS = 5_000;
      export function nextPollAt(now: number) { return now + POLL_INTERVAL_MS; }
    `,
    expect: [],
  },
];

describe('backoff: must find', () => runDetectTable('backoff', mustFind));
describe('backoff: must not find', () => runDetectTable('backoff', mustNotFind));
