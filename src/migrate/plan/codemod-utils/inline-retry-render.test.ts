import { describe, expect, it } from 'vitest';
import { retriesFromAttempts } from './inline-retry-render.js';

describe('retriesFromAttempts: the $retries placeholder of inline templates', () => {
  const cases: Array<[string, string]> = [
    ['5', '4'],
    ['1', '0'],
    ['this.maxRetries + 1', 'this.maxRetries'],
    ['retries + 3', 'retries + 2'],
    ['Math.max(remaining, 0) + 1', 'Math.max(remaining, 0)'],
    ['Math.max(1, config.maxAttempts)', 'Math.max(0, config.maxAttempts - 1)'],
    ['maxAttempts', 'maxAttempts - 1'],
    ['this.options.attempts', 'this.options.attempts - 1'],
    // Not folded: `+ 1` binds tighter than the conditional, and a call's own `+ 1` is inside brackets.
    ['fast ? 2 : limit + 1', '(fast ? 2 : limit + 1) - 1'],
    ['f(a + 1)', '(f(a + 1)) - 1'],
    ['a + 10', 'a + 9'],
  ];
  for (const [attempts, retries] of cases) {
    it(`${attempts} → ${retries}`, () => {
      expect(retriesFromAttempts(attempts)).toBe(retries);
    });
  }
});
