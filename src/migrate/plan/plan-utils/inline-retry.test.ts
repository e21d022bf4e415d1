import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../parser/ts.js';
import { describeInlineRetry, inlineRetryAdvice } from './inline-retry.js';

const forLoop = `export class Pg {
  constructor(private readonly maxRetries: number) {}

  async query(sql: string): Promise<string> {
    let lastError: unknown
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      try {
        return await run(sql)
      } catch (error) {
        lastError = error
        if (!isConnectionError(error) || attempt === this.maxRetries) break
        await sleep(100 * 2 ** attempt)
      }
    }
    throw lastError
  }
}
`;

const whileLoop = `export class Auth {
  async validate(token: string): Promise<boolean> {
    let attempt = 0;
    let ok: boolean;
    while (true) {
      attempt++;
      try {
        ok = await check(token);
        break;
      } catch (error) {
        if (attempt >= this.maxAttempts) throw new UnavailableError(attempt, error);
        await sleep(200 * attempt);
      }
    }
    return ok;
  }
}
`;

const recursion = `export class Inserter {
  async insert(rows: string[], retries = 2, attempt = 0): Promise<number> {
    try {
      await send(rows);
      return rows.length;
    } catch (error) {
      if (retries <= 0) throw error;
      await sleep(jitter(attempt, 250));
      return this.insert(rows, retries - 1, attempt + 1);
    }
  }
}
`;

const noRetry = `export class Plain {
  run(): number {
    try {
      return 1;
    } catch {
      return 0;
    }
  }
}
`;

describe('inline retry shapes', () => {
  it('a for loop: attempts from its bound, the wait, the give-up guard', () => {
    const shape = describeInlineRetry(parseSource('pg.ts', forLoop), 'Pg.query');
    expect(shape).toEqual({ kind: 'loop', startLine: 6, endLine: 14, attempts: 'this.maxRetries + 1', wait: '100 * 2 ** attempt', givesUpWhen: ['!isConnectionError(error) || attempt === this.maxRetries'], assignsAndBreaks: false });
    const advice = inlineRetryAdvice('Pg.query', shape!, 'src/core/retry.ts#Retry');
    expect(advice.line).toBe(6);
    expect(advice.hint).toBe(
      'by hand: replace lines 6–14 with a call to src/core/retry.ts#Retry whose policy has maxAttempts = this.maxRetries + 1, a wait equivalent to 100 * 2 ** attempt, and a retry predicate that is false when !isConnectionError(error) || attempt === this.maxRetries, running the try block (with its finally) as the operation',
    );
  });

  it('a while loop that assigns and breaks, and wraps its last error', () => {
    const shape = describeInlineRetry(parseSource('auth.ts', whileLoop), 'Auth.validate');
    expect(shape).toMatchObject({ kind: 'loop', startLine: 5, endLine: 14, attempts: 'this.maxAttempts', wait: '200 * attempt', throws: 'new UnavailableError(attempt, error)', assignsAndBreaks: true });
    expect(inlineRetryAdvice('Auth.validate', shape!, 'ref').hint).toContain('a function that returns the value it assigns before `break`; wrap its final error as new UnavailableError(attempt, error)');
  });

  it('a method that retries by calling itself: its retry state is in its signature', () => {
    const shape = describeInlineRetry(parseSource('insert.ts', recursion), 'Inserter.insert');
    expect(shape).toMatchObject({ kind: 'recursion', startLine: 2, endLine: 11, wait: 'jitter(attempt, 250)', givesUpWhen: ['retries <= 0'] });
    expect(inlineRetryAdvice('Inserter.insert', shape!, 'ref').message).toContain('would change its signature');
  });

  it('no known shape, or no such method', () => {
    expect(describeInlineRetry(parseSource('plain.ts', noRetry), 'Plain.run')).toBeUndefined();
    expect(describeInlineRetry(parseSource('pg.ts', forLoop), 'Pg.missing')).toBeUndefined();
    expect(describeInlineRetry(parseSource('pg.ts', forLoop), 'query')).toBeUndefined();
  });
});
