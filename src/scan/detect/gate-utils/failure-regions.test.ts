/**
 * Failure regions (`failure-regions.ts`) read from tokens: in each text, the code marked `/*in*\/`
 * must be in a region and the code marked `/*out*\/` must not. The matcher's own names are compared
 * too, so the two readings of "named like an error" cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../module-facts/tokenizer.js';
import { ERROR_NAME as MATCHER_ERROR_NAME } from '../matchers/retry-utils/failure-handlers.js';
import { ERROR_NAME, failureRegionsOf } from './failure-regions.js';
import { bracketsOf } from './token-utils.js';

const CASES: Record<string, string> = {
  'a catch clause block': 'try { /*out*/a(); } catch (e) { /*in*/b(); } /*out*/c();',
  'a catch clause without a binding': 'try { /*out*/a(); } catch { /*in*/b(); }',
  'the arguments of .catch()': 'p.catch(() => /*in*/a()); /*out*/b();',
  'an optional .catch?.() call with type arguments': 'p?.catch?.(() => /*in*/a()); q.catch<T>(() => /*in*/b());',
  'the rejection handler of .then(), not its success handler': 'p.then(() => /*out*/a(), () => /*in*/b());',
  'a .then() with one argument': 'p.then((v) => /*out*/a(v));',
  'the error handler of an interceptor': 'c.interceptors.response.use((r) => /*out*/r, (e) => /*in*/retry(e));',
  'a failure event listener': "s.on('close', () => /*in*/reconnect()); s.once(`error`, () => /*in*/again());",
  'a listener for another event': "s.on('data', (chunk) => /*out*/push(chunk));",
  'a failure handler property': 'ws.onclose = () => /*in*/connect(); /*out*/next();',
  'the branch of an error check': 'if (err) { /*in*/a(); } else { /*out*/b(); }',
  'an unbraced branch of a failed-response check up to its semicolon': 'if (!res.ok) /*in*/a(); /*out*/b();',
  'a status comparison': 'if (res.status >= 500 && n > 0) { /*in*/again(); }',
  'the branch of a check on a field of the error or a call': 'if (error.cause) { /*out*/a(); } if (isError(x)) { /*out*/b(); } if (res.error.code) { /*out*/c(); }',
  'the branch of a check on a field of the result': 'if (r.failed) { /*in*/a(); } if (this.status >= 500) { /*in*/b(); }',
  'the branch of an unrelated condition': 'if (items.length > 0) { /*out*/a(); }',
  'an error-first callback that returns early without an error': 'open(path, (err, file) => { if (!err) return use(file); /*in*/again(); }); /*out*/b();',
  'an error-first callback with a null check': 'open(path, function (e, file) { if (e == null) { return; } /*in*/again(); });',
  'an error-first callback without a success guard': 'open(path, (err, file) => { /*out*/use(file); });',
  'an error-only callback handed to a call': 'p.subscribe(onValue, (err) => /*in*/again()); q.on(async function onFail(error) { /*in*/again(); });',
  'an error-only callback without parentheses': 'p.subscribe(onValue, err => /*in*/again(), /*out*/other);',
  "an observer's error member": 'p.subscribe({ next: (v) => /*out*/use(v), error: (err) => /*in*/again() }); q.pipe({ error(error) { /*in*/again(); } });',
  'a single parameter named like an error that is not err or error': 'p.subscribe(reason => /*out*/again());',
  'a function of its own whose only parameter is an error': 'function report(error) { /*out*/log(error); } class A { fail(failure: Error): void { /*out*/this.run(); } }',
  'a rest error parameter with a success guard': 'function f(...err) { if (!err) return; /*in*/a(); }',
  'a decorated first parameter, which cannot be read': 'class B { handle(@Inject() err: E) { /*in*/b(); } }',
  'a function whose first parameter is not an error': 'function g(value, err) { /*out*/a(); }',
};

/** The character offsets of the markers `/*in*\/` and `/*out*\/` in a text. */
function markers(text: string, marker: 'in' | 'out'): number[] {
  const offsets: number[] = [];
  const tag = `/*${marker}*/`;
  for (let at = text.indexOf(tag); at >= 0; at = text.indexOf(tag, at + 1)) offsets.push(at + tag.length);
  return offsets;
}

describe('failure regions', () => {
  it('reads error names as the recursion matcher does (the same ERROR_NAME)', () => {
    expect(ERROR_NAME.source).toBe(MATCHER_ERROR_NAME.source);
    expect(ERROR_NAME.flags).toBe(MATCHER_ERROR_NAME.flags);
  });

  for (const [what, text] of Object.entries(CASES)) {
    it(`marks ${what}`, () => {
      const tokens = tokenize(text, false, false);
      const regions = failureRegionsOf(tokens, bracketsOf(tokens)!);
      expect(markers(text, 'in').length + markers(text, 'out').length).toBeGreaterThan(0);
      for (const at of markers(text, 'in')) expect(regions.holds(at), `in at ${at}`).toBe(true);
      for (const at of markers(text, 'out')) expect(regions.holds(at), `out at ${at}`).toBe(false);
    });
  }
});
