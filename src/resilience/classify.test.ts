import { describe, expect, it } from 'vitest';
import { compileMatchers, httpStatusOf, isHardStop, isProgrammerError, isTransientError } from './classify.js';
import { BrokenCircuitError, NonRetryableError, TimeoutError } from './errors.js';
import { HttpError } from './test-utils/helpers.js';

describe('error classification', () => {
  it('treats bugs as programmer errors and never retries them', () => {
    for (const error of [new TypeError('x is not a function'), new ReferenceError('y'), new SyntaxError('z'), new RangeError('r')]) {
      expect(isProgrammerError(error)).toBe(true);
      expect(isTransientError(error)).toBe(false);
    }
  });

  it('retries the TypeError that fetch throws for a network failure', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(isProgrammerError(fetchFailed)).toBe(false);
    expect(isTransientError(fetchFailed)).toBe(true);
    expect(isTransientError(new TypeError('Failed to fetch'))).toBe(true);
    expect(isTransientError(new TypeError('bad', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(true);
  });

  it('never retries aborts, open circuits or NonRetryableError', () => {
    const abort = new DOMException('aborted', 'AbortError');
    expect(isHardStop(abort)).toBe(true);
    expect(isTransientError(abort)).toBe(false);
    expect(isTransientError(new BrokenCircuitError('db', 'open', 100))).toBe(false);
    expect(isTransientError(new NonRetryableError('stop'))).toBe(false);
  });

  it('retries server errors, timeouts and 408/425/429 but not other 4xx', () => {
    expect(isTransientError(new HttpError(503))).toBe(true);
    expect(isTransientError(new HttpError(429))).toBe(true);
    expect(isTransientError(new HttpError(408))).toBe(true);
    expect(isTransientError(new HttpError(404))).toBe(false);
    expect(isTransientError(new HttpError(400))).toBe(false);
    expect(isTransientError(new TimeoutError(100))).toBe(true);
    expect(isTransientError(new Error('ECONNRESET'))).toBe(true);
  });

  it('reads statuses from status, statusCode and response.status', () => {
    expect(httpStatusOf({ status: 502 })).toBe(502);
    expect(httpStatusOf({ statusCode: 404 })).toBe(404);
    expect(httpStatusOf({ response: { status: 429 } })).toBe(429);
    expect(httpStatusOf({ status: 'bad' })).toBeUndefined();
    expect(httpStatusOf({ status: 42 })).toBeUndefined();
    expect(httpStatusOf('nope')).toBeUndefined();
  });

  it('compiles classes and predicates, alone or in lists', () => {
    class DbError extends Error {}
    expect(compileMatchers(undefined)).toBeUndefined();
    const byClass = compileMatchers(DbError)!;
    expect(byClass(new DbError())).toBe(true);
    expect(byClass(new Error())).toBe(false);
    const list = compileMatchers([DbError, (error) => (error as Error).message === 'x'])!;
    expect(list(new Error('x'))).toBe(true);
    expect(list(new DbError('y'))).toBe(true);
    expect(list(new Error('y'))).toBe(false);
    expect(compileMatchers(Error)!(new TypeError('t'))).toBe(true);
  });
});
