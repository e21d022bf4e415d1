/**
 * The backoff precondition on growing delays the matcher accepts (each checked by the full analysis,
 * so the table cannot hold a case the matcher does not fire on) and on products and powers that grow
 * no delay.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../../module-facts/tokenizer.js';
import { type FullAnalysis, loadFullAnalysis } from '../test-utils/full-analysis.js';
import { mayGrowADelay } from './backoff.js';

let analyse: FullAnalysis;

beforeAll(async () => {
  analyse = await loadFullAnalysis();
});

/** Delays without a backoff word in a declared name, jittered so that the growth reaches the rule's cut. */
const GROWING: Record<string, string> = {
  'a power of the attempt': 'export function pause(attempt: number) { return 100 * 2 ** attempt + Math.random() * 50; }',
  'a shift by the number of tries': 'export function pause(tries: number) { return (1 << tries) * 100 + Math.random() * 10; }',
  'a value shifted by the attempt': 'export function pause(attempt: number, unit: number) { return (unit << attempt) + Math.random() * 10; }',
  'one shifted by a computed exponent, right after return': 'export function pause(value: number) { return 1 << (31 - Math.clz32(value) + Math.random()); }',
  'Math.pow with the attempt as exponent': 'export function pause(n: number) { const d = 50 * Math.pow(2, n); return d + Math.random() * 10; }',
  'the attempt times a step': 'export function pause(attempt: number) { return attempt * 250 + Math.random() * 100; }',
  'a step in ms times a parameter': 'export function pause(count: number, stepMs = 200) { return stepMs * count + Math.random() * 10; }',
  'the attempt negated in an operand': 'export function pause(attempt: number) { return 100 * -(-attempt) + Math.random() * 10; }',
  'a field multiplied back into itself, capped': `
    export class Pacer {
      private waitMs = 100;
      next(): number {
        this.waitMs = Math.min(this.waitMs * 2, 10_000);
        return this.waitMs + Math.random() * 10;
      }
    }`,
  'a local from a delay, multiplied in place': `
    export function pause(times: number, cfg: { baseMs: number }) {
      let d: number = cfg.baseMs;
      for (let k = 0; k < times; k++) d *= 2;
      return d + Math.random() * 10;
    }`,
  'fibonacci steps in a loop of three names': `
    export function* fibonacciDelays(count: number) {
      let previous = 0, current = 100;
      for (let k = 0; k < count; k++) { yield current + Math.random() * 10; const next = previous + current; previous = current; current = next; }
    }`,
  'fibonacci steps by swapping a pair': `
    export function* fibonacciDelays(count: number) {
      let a = 100, b = 100;
      for (let k = 0; k < count; k++) { yield a + Math.random() * 10; [a, b] = [b, a + b]; }
    }`,
  'fibonacci by a function adding two calls of itself': 'export function fibonacciDelay(n: number): number { return n < 2 ? 100 : fibonacciDelay(n - 1) + fibonacciDelay(n - 2) + Math.random(); }',
};

/** Products, powers and shifts that grow no delay (or are no products at all). */
const FLAT: Record<string, string> = {
  'date arithmetic in seconds and minutes': 'export function add(seconds: number, hours: number) { const minutes = hours * 60; const ms = seconds * 1000; return ms + minutes; }',
  'a hash step': 'export function hash(s: string) { let h = 7; for (const c of s) h = h * 31 + c.charCodeAt(0); return h; }',
  'a loop index doubled': 'export function offsets(n: number) { const out = []; for (let i = 0; i < n; i++) out.push(i * 2); return out; }',
  'a random pick': 'export function pick<T>(items: T[]) { return items[Math.floor(Math.random() * items.length)]; }',
  'constant powers and shifts': 'export const KB = 2 ** 10; export const FLAG = 1 << 4; export function square(x: number) { return Math.pow(x, 2); }',
  'a loop adding two names it never assigns': 'export function labels(names: string[], prefix: string) { const out = []; for (const name of names) { const label = prefix + name; out.push(label); } return out; }',
  'the last two items, not a recursion': 'export function tail<T>(items: T[]) { const last = items.slice(-2); return last.concat(items.slice(0, -2)); }',
  'a pair assigned a pair without a sum': 'export function swap(a: number, b: number) { [a, b] = [b, a]; return [a, b]; }',
  'two different calls added': 'export function total(n: number) { return count(n - 1) + size(n - 2); }',
  'namespace imports, re-exports and generators': "import type * as t from './types';\nexport * from './delays';\nexport function* ids() { yield* [1, 2]; }",
};

describe('mayGrowADelay', () => {
  for (const [what, text] of Object.entries(GROWING)) {
    it(`keeps a delay the matcher finds growing: ${what}`, () => {
      expect(analyse(text, 'pause.ts').map((c) => c.concept)).toContain('backoff');
      expect(mayGrowADelay(tokenize(text))).toBe(true);
    });
  }
  for (const [what, text] of Object.entries(FLAT)) {
    it(`rejects what grows no delay: ${what}`, () => {
      expect(mayGrowADelay(tokenize(text))).toBe(false);
    });
  }
});
