import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../../config/defaults.js';
import { loadRuleSet } from '../../rules/load-rules.js';
import { removeDir, writeTree } from '../../test-utils/fixtures.js';
import { tokenize } from '../module-facts/tokenizer.js';
import { analyzeParseTask, analyzeTask, bracketsBalance, compileRules, readAndLex } from './file-facts.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('bracketsBalance', () => {
  const cases: Array<[string, boolean]> = [
    ['const a = [1, { b: (2) }];', true],
    ['function f() { return g(1, [2]); }', true],
    ['const s = "(["; const r = /[({]/; // ) ]\n/* } */', true],
    ['const t = `a ${ { x: [1] }.x } b`;', true],
    ['function f() { if (x) { return 1; }', false],
    ['const a = [1, 2);', false],
    ['call(a, b));', false],
    ['}', false],
  ];
  for (const [text, expected] of cases) {
    it(`${expected ? 'pairs' : 'does not pair'}: ${text.replace(/\n/g, '\\n')}`, () => {
      expect(bracketsBalance(tokenize(text))).toBe(expected);
    });
  }
});

describe('the two analysis stages', () => {
  it('give the same outcome as analyzing a file in one go, whether the file is lexed or parsed', async () => {
    const files = {
      'src/plain.ts': `import { a } from './a';\nexport const b = a + 1;\n`,
      'src/retry.ts': `export async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 0; ; i++) {\n    try { return await fn(); } catch (e) { if (i >= attempts) throw e; await new Promise((r) => setTimeout(r, 100 * 2 ** i)); }\n  }\n}\n`,
      'src/holder.ts': `import { Breaker } from './breaker';\nexport class Service { breaker = new Breaker(); }\n`,
      'src/broken.ts': `export function f() { if (x) { return 1; }\n`,
    };
    const root = await writeTree(files);
    dirs.push(root);
    const rules = compileRules((await loadRuleSet(resolvedDefaults(root))).definitions);
    const stages: Record<string, 'lexed' | 'parse'> = {};
    for (const file of Object.keys(files)) {
      const task = { file, path: join(root, file), wantStat: true };
      const whole = analyzeTask(task, rules);
      const text = readAndLex(task, rules);
      stages[file] = text.outcome ? 'lexed' : 'parse';
      const staged = text.outcome ?? analyzeParseTask(text.parse, rules);
      expect(staged).toEqual(whole);
      const stat = statSync(join(root, file));
      expect(staged.stat).toEqual({ size: stat.size, mtimeMs: stat.mtimeMs });
    }
    // Only files that may hold a finding (or a holder), and the file whose brackets do not pair, go to the parse stage.
    expect(stages).toEqual({ 'src/plain.ts': 'lexed', 'src/retry.ts': 'parse', 'src/holder.ts': 'parse', 'src/broken.ts': 'parse' });
  });

  it('confirm cached facts by content hash without lexing or parsing', async () => {
    const root = await writeTree({ 'a.ts': `export const a = 1;\n` });
    dirs.push(root);
    const rules = compileRules([]);
    const first = analyzeTask({ file: 'a.ts', path: join(root, 'a.ts') }, rules);
    expect(first.hit).toBe(false);
    const hash = first.hit ? '' : first.facts.hash;
    expect(readAndLex({ file: 'a.ts', path: join(root, 'a.ts'), knownHash: hash }, rules)).toEqual({ outcome: { file: 'a.ts', hit: true, hash } });
  });
});
