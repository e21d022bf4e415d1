import { describe, expect, it } from 'vitest';
import { Random } from '../../../bench/generate-tree-utils/random.js';
import { AtomScanner } from './atom-scanner.js';
import { atomsOf, type Prefilter, regexPrefilter, WORD_BOUNDARY } from './regex-prefilter.js';

/** A prefilter as text: `§` marks a word boundary an atom must start or end at. */
function show(filter: Prefilter): string {
  if (filter.kind === 'any') return 'ANY';
  if (filter.kind === 'atom') return filter.atom.split(WORD_BOUNDARY).join('§');
  return `${filter.kind}(${filter.parts.map(show).join(', ')})`;
}

/** Whether `filter` holds on `text`, by the scanner over the filter's own atoms. */
function holdsOn(filter: Prefilter, text: string): boolean {
  const atoms = [...atomsOf(filter)];
  const found = new Uint8Array(atoms.length);
  new AtomScanner(atoms).scan(text, found);
  const has = (f: Prefilter): boolean =>
    f.kind === 'any' ? true : f.kind === 'atom' ? found[atoms.indexOf(f.atom)] === 1 : f.kind === 'and' ? f.parts.every(has) : f.parts.some(has);
  return has(filter);
}

describe('regex prefilter', () => {
  const table: Array<[RegExp, string, boolean]> = [
    // Words, case-insensitive: the atoms are the regex.
    [/breaker/i, 'breaker', true],
    [/retr(y|ies)/i, 'or(retry, retries)', true],
    [/(on|handle)_?(error|fail)/i, 'or(on_error, on_fail, onerror, onfail, handle_error, handle_fail, handleerror, handlefail)', true],
    [/(?:Breaker)|(?:circuit)/i, 'or(breaker, circuit)', true],
    // The same without `i`: a necessary condition only (atoms are compared with ASCII case folded).
    [/Breaker/, 'breaker', false],
    // What cannot be followed breaks a run of known text, and never makes an atom up.
    [/for\s*\(/i, 'for', false],
    [/a.bcd/i, 'bcd', false],
    [/[\w$]+Retry/i, 'retry', false],
    [/x*retry/i, 'retry', false],
    [/(?:ab)+cde/i, 'abcde', false],
    [/abc+d/i, 'abc', false],
    [/x(?:ab)+cd/i, 'and(xab, abcd)', false],
    // Optional pieces and small classes are followed as alternatives.
    [/failures?_?window/i, 'or(failures_window, failureswindow, failure_window, failurewindow)', true],
    [/['"]async['"]/i, `or('async', 'async", "async', "async")`, true],
    // Lookarounds: what a lookahead wants is a condition; a negative one asks nothing.
    [/^(?=[\s\S]*?open)(?=[\s\S]*?fail)/i, 'and(open, fail)', false],
    [/(?<!en|un|s)tries/i, 'tries', false],
    [/(?<=prefix)tail/i, 'and(tail, prefix)', false],
    // Word boundaries stay at an atom's ends.
    [/\berr/, '§err', false],
    [/\bonclose\b/, '§onclose§', false],
    // Two letters with a word boundary are still worth looking for; one, or two without, are not.
    // Too short, a back-reference, unicode mode, or syntax not followed: any text.
    [/\bon\b/, '§on§', false],
    [/\.\s*ok\b/, 'ok§', false],
    [/\bo\b/, 'ANY', false],
    [/on\b|of/, 'ANY', false],
    [/(ab)\1/, 'ANY', false],
    [/café/iu, 'ANY', false],
    [/caf\u00e9s/i, 'caf', false],
    [/abc|de/i, 'ANY', false],
  ];
  it.each(table)('reads %s as %s', (regex, expected, exact) => {
    const prefilter = regexPrefilter(regex);
    expect(show(prefilter.filter)).toBe(expected);
    expect(prefilter.exact).toBe(exact);
  });

  it('keeps an atom that contains another out of an alternation (`retr` or `retry` is `retr`)', () => {
    expect(show(regexPrefilter(/retr|retry|attempt/i).filter)).toBe('or(retr, attempt)');
  });

  it('never rules out a text the regex matches, and is the regex itself where exact, on random regexes and texts', () => {
    // The benchmark's seeded generator: the same draws on every run.
    const generator = new Random(11);
    const random = (n: number): number => generator.int(0, n - 1);
    const pick = <T>(list: readonly T[]): T => generator.pick(list);
    // Pieces of regexes, each with texts it may match: most texts drawn match their regex.
    const pieces: Array<[string, string[]]> = [
      ['abc', ['abc', 'ABC']], ['bca', ['bca']], ['ab', ['ab']], ['c', ['c']], ['a?', ['', 'a']], ['_?', ['', '_']],
      ['[ab]', ['a', 'B']], ['[a-c]', ['b']], ['.', ['x', '.']], ['\\s*', ['', ' ', '  ']], ['\\b', ['', ' ']], ['\\B', ['']],
      ['(?:abc|cab)', ['abc', 'cab']], ['(?=abc)', ['']], ['(?!ab)', ['']], ['(?<=a)', ['']], ['(?<!b)', ['']],
      ['b+', ['b', 'bbb']], ['c{1,2}', ['c', 'cc']], ['(ab)\\1', ['abab']], ['^', ['']], ['$', ['']], ['\\.', ['.']],
      ["['\"]", ["'", '"']], ['(?:a|bc)?', ['', 'a', 'bc']], ['x*', ['', 'xx']],
    ];
    const noise = ['a', 'b', 'c', 'A', ' ', '_', '.', "'", '\n', 'abc', 'cab'];
    const draw = (n: number): string => Array.from({ length: random(n) }, () => pick(noise)).join('');
    let matched = 0;
    let exactSeen = 0;
    for (let round = 0; round < 600; round++) {
      const alternatives = Array.from({ length: 1 + random(2) }, () => Array.from({ length: 1 + random(4) }, () => pick(pieces)));
      const regex = new RegExp(alternatives.map((sequence) => sequence.map(([source]) => source).join('')).join('|'), pick(['', 'i', 'm', 'im']));
      const prefilter = regexPrefilter(regex);
      if (prefilter.exact) exactSeen++;
      for (let t = 0; t < 20; t++) {
        const sample = pick(alternatives).map(([, texts]) => pick(texts)).join('');
        const text = random(4) === 0 ? draw(20) : draw(4) + sample + draw(4);
        const matches = regex.test(text);
        const holds = holdsOn(prefilter.filter, text);
        if (matches) {
          matched++;
          expect(holds, `${regex} on ${JSON.stringify(text)}: ${show(prefilter.filter)}`).toBe(true);
        }
        if (prefilter.exact) expect(holds, `${regex} (exact) on ${JSON.stringify(text)}`).toBe(matches);
      }
    }
    // The table holds both: regexes that match some texts, and exact ones.
    expect(matched).toBeGreaterThan(3000);
    expect(exactSeen).toBeGreaterThan(5);
  });
});
