import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/types.js';
import { loadRuleSet } from '../rules/load-rules.js';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { analyzeTask } from './analyze/file-facts.js';
import { collectFacts } from './analyze/collect-facts.js';
import { compileRules } from './detect/analyze-file.js';
import { discoverFiles } from './discover.js';
import { scan, type ScanProgress, scanWithGraph } from './scan.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function project(files: Record<string, string>): Promise<{ root: string; config: ResolvedConfig }> {
  const root = await writeTree(files);
  dirs.push(root);
  return { root, config: resolvedDefaults(root) };
}

const app = {
  'package.json': JSON.stringify({ name: 'app', private: true, workspaces: ['packages/*'] }),
  'tsconfig.json': `{ "compilerOptions": { "paths": { "@app/*": ["./src/*"] } } }`,
  'src/core/breaker.ts': `export class CircuitBreaker {
  private failures = 0;
  private state: 'closed' | 'open' = 'closed';
  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.state === 'open') throw new Error('circuit open');
    try {
      const result = await fn();
      this.failures = 0;
      return result;
    } catch (error) {
      this.failures++;
      if (this.failures >= 3) this.state = 'open';
      throw error;
    }
  }
}
export const helper = 1;
`,
  'src/core/index.ts': `export * from './breaker';\n`,
  'src/a.ts': `import { CircuitBreaker } from '@app/core';\nexport const a = new CircuitBreaker();\n`,
  'src/b.js': `const { CircuitBreaker } = require('./core/breaker');\nmodule.exports = { b: new CircuitBreaker() };\n`,
  'src/c.ts': `import { shared } from '@acme/shared';\nimport lodash from 'lodash';\nexport const c = () => import('./a.js');\n`,
  'packages/shared/package.json': JSON.stringify({ name: '@acme/shared', main: 'dist/index.js' }),
  'packages/shared/src/index.ts': `export const shared = 1;\n`,
};

describe('scanWithGraph', () => {
  it('resolves every import through aliases, barrels, CommonJS, workspaces and dynamic imports', async () => {
    const { root, config } = await project(app);
    const progress: ScanProgress[] = [];
    const { result, graph } = await scanWithGraph(config, { onProgress: (p) => progress.push(p) });
    expect(result.schemaVersion).toBe(1);
    expect(result.root).toBe(root.split('\\').join('/'));
    expect(result.files).toBe(6);
    expect(graph.files).toEqual(['packages/shared/src/index.ts', 'src/a.ts', 'src/b.js', 'src/c.ts', 'src/core/breaker.ts', 'src/core/index.ts']);
    expect(graph.imports.map((i) => [i.from, i.specifier, i.resolved, i.external ?? null, i.kind])).toEqual([
      ['src/a.ts', '@app/core', 'src/core/index.ts', null, 'static'],
      ['src/b.js', './core/breaker', 'src/core/breaker.ts', null, 'require'],
      ['src/c.ts', '@acme/shared', 'packages/shared/src/index.ts', null, 'static'],
      ['src/c.ts', 'lodash', null, 'lodash', 'static'],
      ['src/c.ts', './a.js', 'src/a.ts', null, 'dynamic'],
      ['src/core/index.ts', './breaker', 'src/core/breaker.ts', null, 'static'],
    ]);
    expect(graph.workspaces).toEqual([{ name: '@acme/shared', dir: 'packages/shared' }]);
    expect(graph.exportOrigins['src/core/index.ts']).toEqual({
      CircuitBreaker: { file: 'src/core/breaker.ts', name: 'CircuitBreaker' },
      helper: { file: 'src/core/breaker.ts', name: 'helper' },
    });
    expect(result.errors).toEqual([]);
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['discover', 'analyze', 'link']));
    expect(progress.at(-1)).toEqual({ phase: 'link', done: 6, total: 6 });
  });

  it('scans an empty folder', async () => {
    const { config } = await project({ 'README.md': '# nothing to scan\n' });
    const result = await scan(config);
    expect(result).toMatchObject({ files: 0, findings: [], clusters: [], doubleInitializations: [], errors: [] });
  });
});

describe('facts cache', () => {
  async function facts(config: ResolvedConfig) {
    const { files } = await discoverFiles(config);
    return collectFacts(config, files, await loadRuleSet(config));
  }

  it('writes the cache, reuses it when nothing changed, and reanalyzes only what did', async () => {
    const { root, config } = await project(app);
    const cold = await facts(config);
    // Only the file implementing the breaker is parsed. The others are only lexed for their imports and
    // exports: two build a breaker where nothing holds or returns it (a module constant, an exported
    // object's value), the barrel names it only in a module path.
    expect(cold.stats).toEqual({ cached: 0, rehashed: 0, analyzed: 6, parsed: 1, onWorkers: 0 });
    expect(cold.facts.filter((f) => f.parsed).map((f) => f.file)).toEqual(['src/core/breaker.ts']);
    expect(existsSync(join(root, '.ssot', 'cache', 'facts.json'))).toBe(true);
    // A new repository does not show the cache as untracked.
    expect(readFileSync(join(root, '.ssot', 'cache', '.gitignore'), 'utf8')).toBe('*\n');

    const warm = await facts(config);
    expect(warm.stats).toEqual({ cached: 6, rehashed: 0, analyzed: 0, parsed: 0, onWorkers: 0 });
    expect(warm.facts).toEqual(cold.facts);

    // Same content, new mtime: read and hashed, not analyzed again.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, 'src/a.ts'), later, later);
    expect((await facts(config)).stats).toEqual({ cached: 5, rehashed: 1, analyzed: 0, parsed: 0, onWorkers: 0 });

    // Changed content: analyzed again (lexed: the breaker is named only in an import now), and the new facts are used.
    await writeFile(join(root, 'src/a.ts'), `import { helper } from './core/breaker';\nexport const a = helper;\n`);
    const changed = await facts(config);
    expect(changed.stats).toEqual({ cached: 5, rehashed: 0, analyzed: 1, parsed: 0, onWorkers: 0 });
    expect(changed.facts.find((f) => f.file === 'src/a.ts')!.imports[0]!.specifier).toBe('./core/breaker');
  });

  it('ignores and rebuilds a corrupt cache without an error', async () => {
    const { root, config } = await project(app);
    const cold = await scan(config);
    await writeFile(join(root, '.ssot', 'cache', 'facts.json'), '{"format":1,"entries":{"src/a.ts":[1,2');
    const again = await scan(config);
    expect(again).toEqual(cold);
    const rebuilt = JSON.parse(await readFile(join(root, '.ssot', 'cache', 'facts.json'), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(rebuilt.entries).sort()).toEqual((await discoverFiles(config)).files);
  });

  it('drops entries of deleted files and writes nothing when the cache is off', async () => {
    const { root, config } = await project(app);
    await scan(config);
    await rm(join(root, 'src/b.js'));
    await scan(config);
    const cache = JSON.parse(await readFile(join(root, '.ssot', 'cache', 'facts.json'), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(cache.entries)).not.toContain('src/b.js');

    const off = await project(app);
    await scan({ ...off.config, cache: { ...off.config.cache, enabled: false } });
    expect(existsSync(join(off.root, '.ssot'))).toBe(false);
  });
});

describe('file analysis', () => {
  it('turns a file that cannot be read into an error fact', () => {
    const outcome = analyzeTask({ file: 'gone.ts', path: join('/nonexistent-ssot-dir', 'gone.ts') }, compileRules([]));
    expect(outcome.hit).toBe(false);
    expect(!outcome.hit && outcome.facts.error?.message).toMatch(/^cannot read: ENOENT/);
  });
});
