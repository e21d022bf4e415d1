/**
 * The delete phase and entry points: a superseded module nothing imports is still not deleted when it is
 * run directly (a package.json script, bin or main, a worker thread or child process started by path).
 * The plan keeps the whole module and lists an `entry-point` blocker at its first line naming what runs it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { retryLoopBody } from '../../test-utils/retry-source.js';
import { project, type TestProject } from './test-utils/project.js';

const breaker = (name: string) => `export class ${name} {\n  constructor(readonly threshold: number) {}\n  isCallPermitted(): boolean {\n    return this.threshold > 0;\n  }\n}\n`;
const cluster = { id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/queue/worker.ts#LegacyBreaker'] };
const app = { name: 'app', version: '1.0.0', private: true };

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function withWorker(files: Record<string, string>): Promise<TestProject> {
  current = await project({ 'src/core/breaker.ts': breaker('Breaker'), 'src/queue/worker.ts': breaker('LegacyBreaker'), ...files }, [cluster]);
  return current;
}

const entryBlockers = (test: TestProject) => test.plan().blockers.filter((b) => b.kind === 'entry-point');

function expectKept(test: TestProject, named: string): void {
  expect(entryBlockers(test)).toEqual([
    expect.objectContaining({ severity: 'error', phase: 'delete', file: 'src/queue/worker.ts', line: 1, message: expect.stringContaining(named), hint: expect.stringContaining('by hand') }),
  ]);
  const { result } = test.phase('delete');
  expect(result.changes).toEqual([]);
  expect(existsSync(join(test.dir, 'src/queue/worker.ts'))).toBe(true);
}

describe('deleting a superseded module nothing imports that is an entry point', () => {
  it('is refused when a package.json script runs its build output', async () => {
    const test = await withWorker({ 'package.json': JSON.stringify({ ...app, scripts: { worker: 'NODE_ENV=production node dist/queue/worker.js --queue jobs' } }) });
    expectKept(test, 'package.json "scripts.worker" runs it');
  });

  it('is refused when it is a bin of the package (map form)', async () => {
    const test = await withWorker({ 'package.json': JSON.stringify({ ...app, bin: { 'queue-worker': './lib/queue/worker.js' } }) });
    expectKept(test, 'package.json "bin.queue-worker" is ./lib/queue/worker.js');
  });

  it("is refused when it is the package's main, through tsconfig rootDir/outDir", async () => {
    const tsconfig = `{\n  // build\n  "compilerOptions": { "rootDir": "./src", "outDir": "./out-js" }\n}\n`;
    const test = await withWorker({ 'package.json': JSON.stringify({ ...app, main: 'out-js/queue/worker.cjs' }), 'tsconfig.json': tsconfig });
    expectKept(test, 'package.json "main" is out-js/queue/worker.cjs');
  });

  it('is refused when other code starts it as a worker thread by URL', async () => {
    const pool = `import { Worker } from 'node:worker_threads';\nexport const start = (): Worker => new Worker(new URL('../queue/worker.js', import.meta.url));\n`;
    const test = await withWorker({ 'package.json': JSON.stringify(app), 'src/pool/start.ts': pool });
    expectKept(test, "src/pool/start.ts:2 refers to it by path ('../queue/worker.js')");
  });

  it('is refused when other code forks it through path.join(__dirname, ...)', async () => {
    const main = `import { fork } from 'node:child_process';\nimport path from 'node:path';\nexport const run = () => fork(path.join(__dirname, 'queue', 'worker.js'));\n`;
    const test = await withWorker({ 'package.json': JSON.stringify(app), 'src/main.ts': main });
    expectKept(test, 'src/main.ts:3 refers to it by path');
  });

  it('goes ahead when a string with the same basename names a file in another folder', async () => {
    const other = `import { fork } from 'node:child_process';\nexport const run = () => fork('./worker.js');\nexport const label = 'worker';\nexport const log = 'logs/queue/worker.js';\n`;
    const test = await withWorker({
      'package.json': JSON.stringify({ ...app, main: 'dist/index.js', scripts: { worker: 'node dist/jobs/worker.js' } }),
      'src/jobs/run.ts': other,
      'src/jobs/worker.ts': 'export const job = 1;\n',
    });
    expect(entryBlockers(test)).toEqual([]);
    test.phase('delete');
    expect(existsSync(join(test.dir, 'src/queue/worker.ts'))).toBe(false);
    expect(existsSync(join(test.dir, 'src/jobs/worker.ts'))).toBe(true);
  });
});

describe('ssot migrate --phase delete on a module a script runs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree(
      {
        'package.json': JSON.stringify({ name: 'queue-app', private: true, type: 'module', scripts: { 'start:worker': 'node dist/worker.js' } }),
        'ssot.config.json': JSON.stringify({ canonical: { retry: 'src/core.ts#retry' } }),
        'src/core.ts': `/** Retries fn. */\nexport async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {${retryLoopBody({ delay: '10 * attempt', typed: true })}}\n`,
        'src/worker.ts': `/** Retries fn again. */\nexport async function retryAgain<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {${retryLoopBody({ delay: '5 * attempt', typed: true })}}\n`,
      },
      'ssot-entry-delete-',
    );
    gitInit(dir);
  });
  afterAll(async () => removeDir(dir));

  it('keeps the module and prints the entry-point blocker', async () => {
    const run = await runSsot(['migrate', '--phase', 'delete', '--write', '--no-verify'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('src/worker.ts:1');
    expect(run.stdout).toContain('"scripts.start:worker" runs it');
    expect(existsSync(join(dir, 'src/worker.ts'))).toBe(true);
    const plan = await runSsot(['plan', '--phase', 'delete', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(plan.stdout).blockers).toEqual([expect.objectContaining({ kind: 'entry-point', file: 'src/worker.ts', line: 1 })]);
  });
});
