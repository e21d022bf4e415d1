/**
 * The delete phase and possibly-public API: a module of a publishable package (a name and a version,
 * no `"private": true`) may be imported by code outside the repository, by its path when the package
 * has no `exports` map, or through an `exports` subpath. Such a module is not deleted without
 * `--delete-public`; the plan says why at the symbol's line.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { buildPlan } from './build-plan.js';
import { project, type TestProject } from './test-utils/project.js';
import { reader, scanResult } from './test-utils/scan-result.js';
import { retryLoopBody } from '../../test-utils/retry-source.js';
import { simpleGraph } from './test-utils/simple-graph.js';

const breaker = (name: string) => `export class ${name} {\n  constructor(readonly threshold: number) {}\n  isCallPermitted(): boolean {\n    return this.threshold > 0;\n  }\n}\n`;
const cluster = { id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/legacy/breaker.ts#LegacyBreaker'] };

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function library(manifest: Record<string, unknown>): Promise<TestProject> {
  current = await project({ 'package.json': JSON.stringify(manifest), 'src/core/breaker.ts': breaker('Breaker'), 'src/legacy/breaker.ts': breaker('LegacyBreaker') }, [cluster]);
  return current;
}

const publicBlockers = (test: TestProject) => test.plan().blockers.filter((b) => b.kind === 'public-api');

describe('deleting a superseded module nothing in the repository imports', () => {
  it('is refused in a publishable package without an exports map, at the symbol, naming the manifest', async () => {
    const test = await library({ name: '@acme/breakers', version: '2.1.0', main: 'dist/index.js' });
    expect(publicBlockers(test)).toEqual([
      expect.objectContaining({ severity: 'error', phase: 'delete', file: 'src/legacy/breaker.ts', line: 1, message: expect.stringContaining('package.json makes @acme/breakers a publishable library (no "private": true; it declares "main") without an `exports` map') }),
    ]);
    const { result } = test.phase('delete');
    expect(result.changes).toEqual([]);
    expect(existsSync(join(test.dir, 'src/legacy/breaker.ts'))).toBe(true);
  });

  it('is refused when an exports subpath exposes the module', async () => {
    const test = await library({ name: '@acme/breakers', version: '2.1.0', exports: { '.': './dist/index.js', './legacy/*': './dist/legacy/*.js' } });
    expect(publicBlockers(test)).toEqual([expect.objectContaining({ message: expect.stringContaining('as @acme/breakers/legacy/breaker') })]);
  });

  it.each([
    ['a private package', { name: 'app', version: '1.0.0', private: true }],
    ['a package whose exports map leaves the module out', { name: '@acme/breakers', version: '2.1.0', exports: { '.': './dist/index.js' } }],
    ['a package without a version (npm cannot publish it)', { name: 'app' }],
  ])('goes ahead in %s', async (_, manifest) => {
    const test = await library(manifest);
    expect(publicBlockers(test)).toEqual([]);
    test.phase('delete');
    expect(existsSync(join(test.dir, 'src/legacy/breaker.ts'))).toBe(false);
  });

  it.each([
    ['it declares types', { name: '@acme/breakers', version: '2.1.0', types: 'dist/index.d.ts' }, {}],
    ['it lists the files it publishes', { name: '@acme/breakers', version: '2.1.0', files: ['dist'] }, {}],
    ['a script runs before publishing', { name: '@acme/breakers', version: '2.1.0', scripts: { prepublishOnly: 'tsc' } }, {}],
    ["an index.js npm would take as its main", { name: '@acme/breakers', version: '2.1.0' }, { 'index.js': "module.exports = require('./dist');\n" }],
    ['a framework config, with types', { name: 'web', version: '1.0.0', types: 'dist/index.d.ts' }, { 'next.config.mjs': 'export default {};\n' }],
  ])('is refused in a package that is not private and looks like a library: %s', async (_, manifest, files) => {
    current = await project({ 'package.json': JSON.stringify(manifest), 'src/core/breaker.ts': breaker('Breaker'), 'src/legacy/breaker.ts': breaker('LegacyBreaker'), ...files }, [cluster]);
    expect(publicBlockers(current)).toEqual([expect.objectContaining({ file: 'src/legacy/breaker.ts', message: expect.stringContaining('a publishable library') })]);
  });

  it.each([
    ['an application: a name and a version, and nothing it hands out or publishes', { name: 'billing-api', version: '3.4.0', type: 'module', scripts: { start: 'node dist/server.js' } }, {}],
    ['a framework application, with a custom server as its main', { name: 'web', version: '1.0.0', main: 'server.js', scripts: { dev: 'next dev' } }, { 'next.config.mjs': 'export default {};\n' }],
    ['an Angular application', { name: 'console', version: '0.1.0', bin: { console: 'bin/console.js' } }, { 'angular.json': '{}\n' }],
  ])('goes ahead in %s, which no outside code imports', async (_, manifest, files) => {
    current = await project({ 'package.json': JSON.stringify(manifest), 'src/core/breaker.ts': breaker('Breaker'), 'src/legacy/breaker.ts': breaker('LegacyBreaker'), ...files }, [cluster]);
    expect(publicBlockers(current)).toEqual([]);
    current.phase('delete');
    expect(existsSync(join(current.dir, 'src/legacy/breaker.ts'))).toBe(false);
  });

  it('goes ahead in a publishable package when the plan allows deleting public modules', async () => {
    const test = await library({ name: '@acme/breakers', version: '2.1.0', types: 'dist/index.d.ts' });
    expect(publicBlockers(test)).toHaveLength(1);
    const graph = simpleGraph(test.dir);
    const plan = buildPlan({ result: scanResult(test.dir, graph, [cluster]), graph, config: test.config, readFile: reader(test.dir), deletePublic: true });
    expect(plan.blockers.filter((b) => b.kind === 'public-api')).toEqual([]);
    expect(plan.deletions).toEqual([expect.objectContaining({ file: 'src/legacy/breaker.ts', mode: 'file' })]);
  });
});

describe('ssot migrate --phase delete in a publishable package', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: '@acme/retry', version: '2.1.0', type: 'module', files: ['dist'] }),
        'ssot.config.json': JSON.stringify({ canonical: { retry: 'src/core.ts#retry' } }),
        'src/core.ts': `/** Retries fn. */\nexport async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {${retryLoopBody({ delay: '10 * attempt', typed: true })}}\n`,
        'src/legacy.ts': `/** Retries fn again. */\nexport async function retryAgain<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {${retryLoopBody({ delay: '5 * attempt', typed: true })}}\n`,
      },
      'ssot-public-delete-',
    );
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('plans the blocker, and plans the deletion with --delete-public', async () => {
    const blocked = await runSsot(['plan', '--phase', 'delete', '--format', 'json'], { cwd: dir });
    expect(blocked.code, blocked.stderr).toBe(1);
    expect(JSON.parse(blocked.stdout).blockers).toEqual([expect.objectContaining({ kind: 'public-api', file: 'src/legacy.ts' })]);
    const allowed = await runSsot(['plan', '--phase', 'delete', '--format', 'json', '--delete-public'], { cwd: dir });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout).deletions).toEqual([expect.objectContaining({ file: 'src/legacy.ts' })]);
  });

  it('keeps the module and lists why, then deletes it with --delete-public', async () => {
    const kept = await runSsot(['migrate', '--phase', 'delete', '--write', '--no-verify'], { cwd: dir });
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
    expect(kept.stdout).toContain('--delete-public');
    expect(existsSync(join(dir, 'src/legacy.ts'))).toBe(true);
    const removed = await runSsot(['migrate', '--phase', 'delete', '--write', '--no-verify', '--delete-public'], { cwd: dir });
    expect(removed.code, removed.stdout + removed.stderr).toBe(0);
    expect(existsSync(join(dir, 'src/legacy.ts'))).toBe(false);
  });
});
