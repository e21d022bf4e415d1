import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../rules/load-rules.js';
import type { RuleDefinition } from '../../rules/types.js';
import { repoRoot } from '../../test-utils/fixtures.js';
import { tokenize } from '../module-facts/tokenizer.js';
import { codeText } from './code-text.js';
import { activeRuleIndexes, anyRuleMayMatch, compileKeywordGate, keywordsMatch, type KeywordGate } from './keyword-gate.js';

/**
 * The answer without the joined alternation: every rule's own keywords, on the text and on its code
 * (see `code-text.ts`), and its structure test, one rule at a time.
 */
function oneByOne(text: string, gate: KeywordGate): number[] {
  const code = codeText(tokenize(text), gate.modules);
  return gate.perRule.flatMap((keywords, index) =>
    keywordsMatch(keywords, text) && keywordsMatch(keywords, code) && (gate.structure[index]?.(tokenize(text), code) ?? true) ? [index] : [],
  );
}

function rules(...keywords: Array<string[] | undefined>): Array<Pick<RuleDefinition, 'keywords'>> {
  return keywords.map((list) => (list ? { keywords: list } : {}));
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.[cm]?[jt]sx?$/.test(name)) out.push(path);
  }
  return out;
}

describe('keyword gate', () => {
  it('activates the same rules as testing each rule alone, on every fixture file and on look-alikes', async () => {
    const gate = compileKeywordGate(await loadBuiltinRules());
    // Most built-in keywords are decided by their atoms alone, without running the regex.
    expect(gate.plan.keywords.filter((k) => k.exact).length).toBeGreaterThan(gate.plan.keywords.length / 2);
    const texts = sourceFiles(join(repoRoot, 'fixtures')).map((path) => readFileSync(path, 'utf8'));
    texts.push(
      'export const entries = countries.map((c) => c.name);',
      'const x = 1;\n',
      '',
      'class Valve { open() {} fail() {} }',
      'export function next(min: number) { return min * 2 ** random(); }',
    );
    expect(texts.length).toBeGreaterThan(50);
    let active = 0;
    for (const text of texts) {
      const expected = oneByOne(text, gate);
      expect(activeRuleIndexes(text, gate)).toEqual(expected);
      expect(anyRuleMayMatch(text, gate)).toBe(expected.length > 0);
      if (expected.length > 0) active++;
    }
    // The table holds both kinds of text: some activate rules, some none.
    expect(active).toBeGreaterThan(0);
    expect(active).toBeLessThan(texts.length);
  });

  it('counts keywords in code only: not in comments, import and export lists, or the paths of project modules', () => {
    const gate = compileKeywordGate([
      { keywords: ['breaker'] },
      // Weighted so the signal alone reaches the cut (a rule that can never report would gate out every file).
      { keywords: ['opossum'], signals: [{ id: 'lib', imports: { from: '^opossum$' }, weight: 1 }] },
      { keywords: ['flags'], signals: [{ id: 'own', imports: { from: 'feature-flags' }, weight: 1 }] },
    ]);
    const inactive = [
      '// a breaker would go here\nexport const x = 1;',
      '/* breaker */ export const x = 1;',
      "import { CircuitBreaker } from '@acme/resilience';\nexport const x = 1;",
      "import type { BreakerOptions } from './types';\nexport const x = 1;",
      "export * from './circuit-breaker';",
      "export { open as openBreaker } from './gate';",
      "import { open } from './breaker';\nexport const x = open;",
      "const { CircuitBreaker } = require('./lib');\nexport const x = 1;",
      "const legacy = require('../breaker');\nmodule.exports = 1;",
    ];
    for (const text of inactive) expect(activeRuleIndexes(text, gate), text).toEqual([]);
    const active: Array<[string, number[]]> = [
      // Used in code, declared, or a library's module name: the keyword counts.
      ["import { CircuitBreaker } from './breaker';\nexport const b = new CircuitBreaker();", [0]],
      ['export class Breaker {}', [0]],
      ["import Brake from 'opossum';\nexport const b = new Brake(fn);", [1]],
      ["const Brake = require('opossum');", [1]],
      // A project path a rule's `imports.from` pattern matches stays.
      ["import { isOn } from '../lib/feature-flags';\nexport const on = isOn;", [2]],
      ["const s = 'a breaker'; // comment", [0]],
    ];
    for (const [text, expected] of active) expect(activeRuleIndexes(text, gate), text).toEqual(expected);
    // Where the tokens cannot tell comments from code, the whole text counts.
    expect(activeRuleIndexes("const s = 'it's'; // breaker", gate)).toEqual([0]);
    expect(activeRuleIndexes('export const C = () => <p>no breaker</p>; // breaker', gate)).toEqual([0]);
  });

  it('keeps back-references to their own pattern: no joined alternation renumbers them', () => {
    const gate = compileKeywordGate(rules(['/(a)\\1/'], ['/(b)\\1/']));
    expect(activeRuleIndexes('xx bb', gate)).toEqual([1]);
    expect(activeRuleIndexes('aa', gate)).toEqual([0]);
    expect(activeRuleIndexes('ab', gate)).toEqual([]);
  });

  it('accepts the same group name in two rules (they are never compiled together)', () => {
    const gate = compileKeywordGate(rules(['/(?<word>retry)/'], ['/(?<word>breaker)/']));
    expect(activeRuleIndexes('a breaker', gate)).toEqual([1]);
    expect(activeRuleIndexes('retry a breaker', gate)).toEqual([0, 1]);
  });

  it('tests keywords anchored at the start (all of several words) as the rule alone would', () => {
    const gate = compileKeywordGate(rules(['/^(?=[\\s\\S]*?open)(?=[\\s\\S]*?fail)/i', 'breaker'], ['retr']));
    // Its regex runs only on texts holding both words.
    const anchored = gate.plan.keywords.find((k) => k.regex.source.startsWith('^'))!;
    expect(anchored.exact).toBe(false);
    expect(anchored.condition).toEqual({ op: 'and', parts: [{ op: 'atom', atom: expect.any(Number) }, { op: 'atom', atom: expect.any(Number) }] });
    expect(activeRuleIndexes('if (failed) state = OPEN', gate)).toEqual([0]);
    expect(activeRuleIndexes('open the door', gate)).toEqual([]);
    expect(activeRuleIndexes('retries of the BREAKER', gate)).toEqual([0, 1]);
  });

  it('runs a rule without keywords on every file', () => {
    const gate = compileKeywordGate(rules(['retry'], undefined));
    expect(gate.plan.keywordsOf[1]).toEqual([]);
    expect(activeRuleIndexes('const x = 1;', gate)).toEqual([1]);
    expect(activeRuleIndexes('retry()', gate)).toEqual([0, 1]);
  });

  it('activates nothing without rules', () => {
    const gate = compileKeywordGate([]);
    expect(gate.ruleCount).toBe(0);
    expect(anyRuleMayMatch('retry()', gate)).toBe(false);
  });

  it('answers for the text asked about, not the previous one', () => {
    const gate = compileKeywordGate(rules(['retry'], ['breaker']));
    expect(activeRuleIndexes('retry', gate)).toEqual([0]);
    expect(activeRuleIndexes('breaker', gate)).toEqual([1]);
    expect(activeRuleIndexes('retry', gate)).toEqual([0]);
  });

  it('finds every rule whose keyword matches, where matches overlap, nest or start at the same place', () => {
    const gate = compileKeywordGate(
      rules(
        ['retr'],
        ['retr(y|ies)'],
        ['/cde/'],
        ['/(?<!en|un|s)tries/i'],
        ['/\\berr/'],
        ['/x*/'],
        ['/^b/m'],
        ['/caf\u00e9/u'],
        ['/(?<word>abc)/'],
      ),
    );
    const texts = ['abcdef retries', 'countries', 'an error', 'xerr', 'a\nb', 'café', 'RETRIES then abcde', 'entries', 'tries', ''];
    for (const text of texts) expect(activeRuleIndexes(text, gate), text).toEqual(oneByOne(text, gate));
    // Both keywords start at the same place: the first alternative found is not the only rule matched.
    expect(activeRuleIndexes('retries', gate)).toEqual([0, 1, 3, 5]);
    // One rule's match holds another rule's keyword.
    expect(activeRuleIndexes('abcdef', gate)).toEqual([2, 5, 8]);
  });

  it('activates the same rules as testing each rule alone, on random texts and keywords', () => {
    // A fixed seed: the same texts on every run, many more than a hand-written table.
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(list: readonly T[]): T => list[random(list.length)]!;
    const atoms = ['ab', 'ba', 'a', 'b+a', '\\bab', 'ab\\b', '(?<!a)b', '(?<=b)a', 'a(?=b)', 'aab', 'c', '^a', '$'];
    // Words long enough to be atoms of the prefilter, in the shapes it follows.
    atoms.push('abc', 'cab', '\\babc', 'abc\\b', '(?:abc|cba)', 'ab?c', 'a[bc]c', '[ab]{2}c', 'a.c', 'abc+', '(?=[\\s\\S]*?abc)', 'a\\s*bc', 'b_?ca');
    const flags = ['', 'i', 'm', 'im'];
    for (let round = 0; round < 200; round++) {
      const definitions = Array.from({ length: 1 + random(5) }, () => ({
        keywords: Array.from({ length: 1 + random(3) }, () => `/${pick(atoms)}${random(2) ? pick(atoms) : ''}/${pick(flags)}`),
      }));
      const gate = compileKeywordGate(definitions);
      for (let t = 0; t < 10; t++) {
        const text = Array.from({ length: random(16) }, () => pick(['a', 'b', 'A', 'B', ' ', '\n', 'c', 'C', '_', 'abc'])).join('');
        expect(activeRuleIndexes(text, gate), `${JSON.stringify(definitions)} on ${JSON.stringify(text)}`).toEqual(oneByOne(text, gate));
      }
    }
  });
});
