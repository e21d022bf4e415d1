import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, defaultConcurrency, resolvedDefaults } from './defaults.js';
import { normalizeConfig } from './normalize-config.js';
import { createRebaser } from './normalize-utils/rebase.js';

const project = join(tmpdir(), 'ssot-normalize-project');

describe('normalizeConfig', () => {
  it('gives the defaults for an empty config', () => {
    const config = normalizeConfig({}, { configFile: null, baseDir: project, defaultRoot: project });
    expect(config).toEqual(resolvedDefaults(project));
  });

  it('resolves paths against the config file folder and the root against it too', () => {
    const configDir = join(project, 'config');
    const config = normalizeConfig(
      { root: '..', baseline: 'ssot-baseline.json', cache: { dir: '../.cache/ssot' }, tsconfig: 'tsconfig.base.json', rulesDir: ['rules', '../shared-rules'] },
      { configFile: join(configDir, 'ssot.config.json'), baseDir: configDir, defaultRoot: '/elsewhere' },
    );
    expect(config.root).toBe(project);
    expect(config.configFile).toBe(join(configDir, 'ssot.config.json'));
    expect(config.baseline).toBe(join(configDir, 'ssot-baseline.json'));
    expect(config.cache).toEqual({ enabled: true, dir: join(project, '.cache/ssot') });
    expect(config.tsconfig).toEqual([join(configDir, 'tsconfig.base.json')]);
    expect(config.rulesDir).toEqual([join(configDir, 'rules'), join(project, 'shared-rules')]);
  });

  it('scans the current folder when neither the command line nor the config names a root', () => {
    const config = normalizeConfig({}, { configFile: join(project, 'ssot.config.json'), baseDir: project, defaultRoot: join(project, 'src') });
    expect(config.root).toBe(join(project, 'src'));
    // .ssot/ stays next to the config file, not inside the scanned folder.
    expect(config.baseline).toBe(join(project, '.ssot/baseline.json'));
  });

  it('adds user excludes to the built-in ones, and replaces include', () => {
    const config = normalizeConfig({ include: ['src/**/*.ts'], exclude: ['**/*.spec.ts'] }, { configFile: null, baseDir: project, defaultRoot: project });
    expect(config.include).toEqual(['src/**/*.ts']);
    expect(config.exclude).toEqual([...DEFAULT_EXCLUDE, '**/*.spec.ts']);
    expect(normalizeConfig({}, { configFile: null, baseDir: project, defaultRoot: project }).include).toEqual(DEFAULT_INCLUDE);
  });

  it('maps workspaces, cache and concurrency settings', () => {
    const base = { configFile: null, baseDir: project, defaultRoot: project };
    expect(normalizeConfig({ workspaces: true }, base).workspaces).toBe('auto');
    expect(normalizeConfig({ workspaces: false }, base).workspaces).toBe(false);
    expect(normalizeConfig({ workspaces: ['packages/*'] }, base).workspaces).toEqual(['packages/*']);
    expect(normalizeConfig({ cache: false }, base).cache.enabled).toBe(false);
    expect(normalizeConfig({ concurrency: 3 }, base).concurrency).toBe(3);
    expect(normalizeConfig({ concurrency: 'auto' }, base).concurrency).toBe(defaultConcurrency());
    expect(normalizeConfig({ forbid: { files: ['a/**'] } }, base).forbid).toEqual({ files: ['a/**'], symbols: [], imports: [], boundaries: [] });
  });

  it('lets command-line flags win over the file', () => {
    const config = normalizeConfig(
      { minConfidence: 0.9, concurrency: 2, cache: true },
      { configFile: null, baseDir: project, defaultRoot: project, overrides: { minConfidence: 0.1, concurrency: 4, cache: false } },
    );
    expect(config.minConfidence).toBe(0.1);
    expect(config.concurrency).toBe(4);
    expect(config.cache.enabled).toBe(false);
    expect(normalizeConfig({ cache: false }, { configFile: null, baseDir: project, defaultRoot: project, overrides: { concurrency: 'auto' } }).concurrency).toBe(
      defaultConcurrency(),
    );
  });

  it('rebases references and globs when the command line scans a subfolder of the config root', () => {
    const config = normalizeConfig(
      {
        canonical: { retry: 'src/core/retry.ts#retry', breaker: 'ssot/resilience#CircuitBreaker', other: 'lib/x.ts#X' },
        mappings: { 'src/db/retry.ts#DbRetry': { fields: { retries: 'maxAttempts' } } },
        include: ['src/**/*.ts', 'lib/**/*.ts', '**/*.mts'],
        exclude: ['src/generated/**'],
        merge: ['src/a.ts#AFactory', 'factory:Engine'],
        recipes: [{ match: 'a()', replace: 'b()', imports: ['src/core/retry#retry'], files: ['src/db/**'] }],
        forbid: { files: ['src/legacy/**', 'docs/**'], symbols: ['Old', 'src/x.ts#Old'], boundaries: [{ from: 'src/core/**', to: 'src/agents/**' }] },
      },
      { configFile: join(project, 'ssot.config.json'), baseDir: project, root: join(project, 'src'), defaultRoot: project },
    );
    expect(config.root).toBe(join(project, 'src'));
    expect(config.canonical).toEqual({ retry: 'core/retry.ts#retry', breaker: 'ssot/resilience#CircuitBreaker', other: '../lib/x.ts#X' });
    expect(Object.keys(config.mappings)).toEqual(['db/retry.ts#DbRetry']);
    expect(config.include).toEqual(['**/*.ts', '**/*.mts']);
    expect(config.exclude.at(-1)).toBe('generated/**');
    expect(config.merge).toEqual(['a.ts#AFactory', 'factory:Engine']);
    expect(config.recipes[0]).toMatchObject({ imports: ['core/retry#retry'], files: ['db/**'] });
    expect(config.forbid.files).toEqual(['legacy/**']);
    expect(config.forbid.symbols).toEqual(['Old', 'x.ts#Old']);
    expect(config.forbid.boundaries).toEqual([{ from: 'core/**', to: 'agents/**' }]);
  });

  it('freezes the result deeply', () => {
    const config = normalizeConfig({ canonical: { retry: 'a.ts#retry' }, phases: [{ name: 'one', codemods: ['rewrite-imports'] }] }, { configFile: null, baseDir: project, defaultRoot: project });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.canonical)).toBe(true);
    expect(Object.isFrozen(config.phases[0]!.codemods)).toBe(true);
    expect(() => {
      (config.canonical as Record<string, string>).retry = 'b.ts#retry';
    }).toThrow(TypeError);
  });

  it('does not share objects with the user config it came from', () => {
    const user = { phases: [{ name: 'one', codemods: ['rewrite-imports'] }], rules: { retry: { minConfidence: 0.2 } } };
    normalizeConfig(user, { configFile: null, baseDir: project, defaultRoot: project });
    expect(Object.isFrozen(user.phases[0])).toBe(false);
    expect(Object.isFrozen(user.rules.retry)).toBe(false);
  });
});

describe('createRebaser', () => {
  it('moves globs up to a parent root and drops the ones outside a child root', () => {
    const up = createRebaser(join(project, 'app'), project);
    expect(up.glob('src/**')).toBe('app/src/**');
    expect(up.glob('!src/gen/**')).toBe('!app/src/gen/**');
    expect(up.glob('**/*.ts')).toBe('**/*.ts');
    expect(up.ref('src/a.ts#A')).toBe('app/src/a.ts#A');
    const down = createRebaser(project, join(project, 'app'));
    expect(down.glob('app/src/**')).toBe('src/**');
    expect(down.glob('other/**')).toBeNull();
    const same = createRebaser(project, project);
    expect(same.glob('src/**')).toBe('src/**');
    expect(same.ref('src/a.ts#A')).toBe('src/a.ts#A');
  });
});
