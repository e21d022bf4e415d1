import { describe, expect, it } from 'vitest';
import { validateConfig } from './validate-config.js';

const messages = (value: unknown) => validateConfig(value).map((issue) => `${issue.path}: ${issue.message}`);

describe('validateConfig', () => {
  it('accepts an empty config and a complete valid one', () => {
    expect(validateConfig({})).toEqual([]);
    expect(
      validateConfig({
        $schema: './node_modules/ssot/schema/ssot.config.schema.json',
        root: '.',
        include: ['src/**/*.ts'],
        exclude: ['**/*.test.ts'],
        gitignore: false,
        tsconfig: ['tsconfig.json'],
        workspaces: ['packages/*'],
        scope: 'workspace',
        minConfidence: 0.6,
        rules: { retry: 'on', backoff: 'off', factory: { minConfidence: 0.8 } },
        rulesDir: 'ssot-rules',
        concepts: [{ id: 'rate-limiter' }],
        canonical: { retry: 'src/core/retry.ts#retry', 'factory:Engine': 'src/engine.ts#EngineFactory.create' },
        mappings: { 'src/db/retry.ts#DbRetryOptions': { fields: { maxRetries: 'maxAttempts', legacy: null } } },
        recipes: [{ match: 'withDbRetry($op)', replace: 'retry($op)', imports: ['src/core/retry#retry'], files: ['src/db/**'] }],
        merge: ['src/agents/factory.ts#AgentFactory', 'factory:Engine'],
        phases: [{ name: 'imports', codemods: ['rewrite-imports'], description: 'move importers' }],
        forbid: { files: ['src/legacy/**'], symbols: ['OldRetry'], imports: ['lodash/retry'], boundaries: [{ from: 'src/core/**', to: 'src/agents/**' }] },
        max: { retry: 1 },
        baseline: '.ssot/baseline.json',
        cache: { dir: '.cache/ssot' },
        concurrency: 'auto',
      }),
    ).toEqual([]);
  });

  it('rejects a config that is not an object', () => {
    expect(messages([])).toEqual(['(root): expected an object, got an array']);
    expect(messages('retry')).toEqual(['(root): expected an object, got "retry"']);
  });

  it('says to export the object when a JS config exports a function', () => {
    expect(messages(() => ({ minConfidence: 0.7 }))).toEqual([
      '(root): expected an object, got a function: export the settings object itself (export default defineConfig({ ... })), not a function returning it',
    ]);
  });

  it('reports every problem of a config at once, each with its path', () => {
    const issues = messages({
      minConfidence: 3,
      canonical: { retry: 'src/retry.ts' },
      phases: [
        { name: 'config', codemods: ['config-types'] },
        { name: 'imports', codemods: ['rewrite-import'] },
      ],
      exlude: ['dist/**'],
      concurrency: 0,
    });
    expect(issues).toEqual([
      'minConfidence: expected a number between 0 and 1, got 3',
      'canonical.retry: expected "path#Symbol", got "src/retry.ts"',
      expect.stringMatching(/^phases\[1\]\.codemods\[0\]: unknown codemod "rewrite-import" \(did you mean "rewrite-imports"\?\); known: /),
      'exlude: unknown key (did you mean "exclude"?)',
      'concurrency: expected an integer >= 1 or "auto", got 0',
    ]);
  });

  it('writes kebab-case keys with a dot and other keys in brackets', () => {
    expect(messages({ canonical: { 'circuit-breaker': 'x', 'factory:Engine': 'y' } })).toEqual([
      'canonical.circuit-breaker: expected "path#Symbol", got "x"',
      'canonical["factory:Engine"]: expected "path#Symbol", got "y"',
    ]);
  });

  it('names unknown keys at any depth, with a suggestion only when one is close', () => {
    expect(messages({ forbid: { file: ['a'] }, zzz: 1 })).toEqual(['forbid.file: unknown key (did you mean "files"?)', 'zzz: unknown key']);
  });

  it('checks types of scalars, arrays and records', () => {
    expect(
      messages({
        include: 'src/**',
        exclude: ['ok', 3],
        gitignore: 'yes',
        scope: 'repos',
        tsconfig: 5,
        workspaces: 'packages/*',
        max: { retry: -1, breaker: 1.5 },
        baseline: '',
      }),
    ).toEqual([
      'include: expected an array of globs, got "src/**"',
      'exclude[1]: expected a glob, got 3',
      'gitignore: expected true or false, got "yes"',
      'scope: expected one of "repo", "workspace", got "repos" (did you mean "repo"?)',
      'tsconfig: expected a path or an array of paths, got 5',
      'workspaces: expected true or false or an array of globs, got "packages/*"',
      'max.retry: expected an integer >= 0, got -1',
      'max.breaker: expected an integer >= 0, got 1.5',
      'baseline: expected a path, got ""',
    ]);
  });

  it('validates record keys and nested objects in unions', () => {
    expect(
      messages({
        rules: { Retry: 'on', backoff: 'maybe', factory: { minConfidence: 2 } },
        mappings: { 'src/a.ts': { fields: { a: 1 } } },
        cache: { dir: 3, size: 1 },
      }),
    ).toEqual([
      'rules.Retry: key: expected a kebab-case concept id',
      'rules.backoff: expected one of "off", "on" or an object, got "maybe"',
      'rules.factory.minConfidence: expected a number between 0 and 1, got 2',
      'mappings["src/a.ts"]: key: expected "path#Symbol"',
      'mappings["src/a.ts"].fields.a: expected a non-empty string or null, got 1',
      'cache.dir: expected a path, got 3',
      'cache.size: unknown key',
    ]);
  });

  it('requires the required fields of recipes, phases and boundaries', () => {
    expect(
      messages({
        recipes: [{ match: 'retry($x)' }],
        phases: [{ codemods: [] }],
        forbid: { boundaries: [{ from: 'src/**' }] },
      }),
    ).toEqual([
      'recipes[0].replace: required: expected a non-empty string',
      'phases[0].name: required: expected a kebab-case id',
      'forbid.boundaries[0].to: required: expected a glob',
    ]);
  });

  it('rejects duplicate phase names and duplicate inline concept ids', () => {
    expect(
      messages({
        phases: [
          { name: 'imports', codemods: [] },
          { name: 'imports', codemods: [] },
        ],
        concepts: [{ id: 'rate-limiter' }, { id: 'rate-limiter' }],
      }),
    ).toEqual(['phases[1].name: duplicate phase name "imports"', 'concepts[1].id: duplicate concept id "rate-limiter"']);
  });

  it('delegates inline concepts to the rule validator with their path', () => {
    const issues = validateConfig({ concepts: [{ id: 'ok-concept' }, { id: 'Not Kebab' }, 'retry'] });
    expect(issues.map((issue) => issue.path)).toEqual(['concepts[1].id', 'concepts[2]']);
  });

  it('checks symbol references in recipes and a codemod list it is given', () => {
    expect(messages({ recipes: [{ match: 'a()', replace: 'b()', imports: ['src/b.ts'] }] })).toEqual([
      'recipes[0].imports[0]: expected "path#Symbol", got "src/b.ts"',
    ]);
    expect(validateConfig({ phases: [{ name: 'extra', codemods: ['my-codemod'] }] }, { codemods: ['my-codemod'] })).toEqual([]);
  });
});
