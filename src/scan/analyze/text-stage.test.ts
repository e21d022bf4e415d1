import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../../config/defaults.js';
import { loadRuleSet } from '../../rules/load-rules.js';
import { removeDir, writeTree } from '../../test-utils/fixtures.js';
import { compileRules } from '../detect/analyze-file.js';
import { compileTextRules, readAndLex } from './text-stage.js';

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = resolve(here, '../..');

/** Local modules `file` loads at run time (type-only imports are erased), as source paths. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
    if (match[1]) continue;
    const specifier = match[2]!;
    found.push(specifier.startsWith('.') ? resolve(dirname(file), specifier.replace(/\.js$/, '.ts')) : specifier);
  }
  return found;
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('text stage', () => {
  it('never loads the compiler: no module it imports reaches the parser adapter or ts-morph', () => {
    const seen = new Set<string>();
    const queue = [join(here, 'text-stage.ts')];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const target of runtimeImports(file)) {
        if (target.startsWith('/')) queue.push(target);
        else seen.add(target);
      }
    }
    const modules = [...seen].map((file) => (file.startsWith('/') ? relative(srcRoot, file) : file));
    // The walk did follow the lexer and the gates (so an empty walk cannot pass).
    expect(modules).toEqual(expect.arrayContaining(['scan/detect/keyword-gate.ts', 'scan/module-facts/tokenizer.ts']));
    expect(modules.filter((module) => /^parser\/|ts-morph|^typescript$/.test(module))).toEqual([]);
  });

  it('gives the same results with the keyword-only rules as with the fully compiled rules', async () => {
    const files: Record<string, string> = {
      'src/plain.ts': `import { a } from './a';\nexport const b = a + 1;\n`,
      'src/retry.ts': `export async function retry(fn, attempts = 3) {\n  for (let i = 0; ; i++) {\n    try { return await fn(); } catch (e) { if (i >= attempts) throw e; }\n  }\n}\n`,
      'src/holder.ts': `import { Breaker } from './breaker';\nexport class Service { breaker = new Breaker(); }\n`,
      'src/plain-holder.ts': `import { Thing } from './thing';\nexport class Box { thing = new Thing(); }\n`,
      'src/broken.ts': `export function f() { if (x) { return 1; }\n`,
      'src/cjs.js': `const { a } = require('./a');\nmodule.exports = { a };\n`,
    };
    const root = await writeTree(files);
    dirs.push(root);
    const definitions = (await loadRuleSet(resolvedDefaults(root))).definitions;
    const full = compileRules(definitions);
    const text = compileTextRules(definitions);
    let parsed = 0;
    for (const file of Object.keys(files)) {
      const task = { file, path: join(root, file), wantStat: true };
      const expected = readAndLex(task, full);
      expect(readAndLex(task, text)).toEqual(expected);
      if (expected.parse) parsed++;
    }
    // Both outcomes occur: lexed files and files passed on to the parse stage.
    expect(parsed).toBeGreaterThan(0);
    expect(parsed).toBeLessThan(Object.keys(files).length);
  });

  it('reads files of any size whole, one after the other, and reports an unreadable path', async () => {
    // Larger than the read buffer a small file needs, with its import at the very end; then small files again.
    const big = `${'// filler line of a large generated file\n'.repeat(12_000)}import { tail } from './tail';\n`;
    const files: Record<string, string> = { 'a.ts': `import { a } from './a';\n`, 'big.ts': big, 'b.ts': `import { b } from './b';\n`, 'empty.ts': '' };
    const root = await writeTree(files);
    dirs.push(root);
    mkdirSync(join(root, 'folder.ts'));
    const rules = compileTextRules([]);
    for (const [file, content] of Object.entries(files)) {
      const result = readAndLex({ file, path: join(root, file), wantStat: true }, rules);
      expect(result.outcome?.hit).toBe(false);
      const facts = result.outcome && !result.outcome.hit ? result.outcome.facts : undefined;
      expect(facts?.hash).toBe(createHash('sha1').update(content).digest('hex'));
      expect(facts?.imports.map((fact) => [fact.specifier, fact.line])).toEqual(content ? [[`./${/\{ (\w+) \}/.exec(content)![1]}`, content.split('\n').length - 1]] : []);
      expect(result.outcome?.stat?.size).toBe(Buffer.byteLength(content));
    }
    const folder = readAndLex({ file: 'folder.ts', path: join(root, 'folder.ts') }, rules);
    expect(folder.outcome && !folder.outcome.hit && folder.outcome.facts.error?.message).toBe('cannot read: EISDIR');
  });
});
