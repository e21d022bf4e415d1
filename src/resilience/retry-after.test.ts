import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryAfterOf } from './retry-after.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('Retry-After', () => {
  it('parses delay-seconds as numbers and strings', () => {
    expect(parseRetryAfter(3, NOW)).toBe(3000);
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 1.5 ', NOW)).toBe(1500);
  });

  it('parses an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 5000), NOW)).toBe(5000);
  });

  it('rejects what is not a delay', () => {
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter(-1, NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter(new Date(Number.NaN), NOW)).toBeUndefined();
  });

  it('finds the delay on the shapes HTTP clients throw', () => {
    expect(retryAfterOf({ retryAfterMs: 250 }, NOW)).toBe(250);
    expect(retryAfterOf({ retryAfter: 2 }, NOW)).toBe(2000);
    expect(retryAfterOf({ headers: { 'retry-after': '4' } }, NOW)).toBe(4000);
    expect(retryAfterOf({ headers: { 'Retry-After': ['5'] } }, NOW)).toBe(5000);
    expect(retryAfterOf({ response: { headers: new Headers({ 'Retry-After': '6' }) } }, NOW)).toBe(6000);
    expect(retryAfterOf({ headers: new Map([['retry-after', '7']]) }, NOW)).toBe(7000);
    expect(retryAfterOf(new Error('wrapped', { cause: { retryAfter: '8' } }), NOW)).toBe(8000);
  });

  it('returns undefined when there is none', () => {
    expect(retryAfterOf(new Error('plain'), NOW)).toBeUndefined();
    expect(retryAfterOf({ headers: { other: '1' } }, NOW)).toBeUndefined();
    expect(retryAfterOf(null, NOW)).toBeUndefined();
    expect(retryAfterOf('text', NOW)).toBeUndefined();
  });
});
