/**
 * Workers that fail, with real worker threads: the built pool runs in a child `node` process with a
 * stand-in worker module that fails in one way, and the child must settle and then exit by itself (a
 * worker left running would keep it alive, and the test's timeout would fail it).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, repoRoot, runModuleScript } from '../../test-utils/fixtures.js';
import { distModule, poolScriptSetup } from '../../test-utils/pool-script.js';


/**
 * A worker speaking the pool's protocol with the real analysis code, which fails with `crash` on its
 * third batch: the pool keeps two batches in flight, so it sends a third only after it has taken in the
 * reply to the first (on the second, the crash could overtake that reply).
 */
const crashingWorker = (crash: string) => `import { parentPort } from 'node:worker_threads';
const { analyzeParseTask, analyzeTask, compileRules } = await import(${JSON.stringify(distModule('scan/analyze/file-facts.js'))});
let rules;
parentPort.on('message', (m) => {
  if ('init' in m) {
    rules = compileRules(m.init.definitions);
    parentPort.postMessage({ ready: true });
    return;
  }
  if (m.id === 2) ${crash};
  const outcomes = (m.tasks ?? []).map((task) => analyzeTask(task, rules));
  for (const task of m.parse ?? []) outcomes.push(analyzeParseTask(task, rules));
  parentPort.postMessage({ id: m.id, outcomes });
});
`;

/** Stand-ins for the analysis worker, each failing in one way. */
const workers: Record<string, string> = {
  'throws-at-load.mjs': "throw new Error('broken worker module');\n",
  // What a rebuild under a running scan looks like: a module that imports a name no longer exported.
  'bad-import.mjs': "import { noSuchExport } from 'node:path';\nnoSuchExport();\n",
  'compile-fails.mjs': "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('rules do not compile'); });\n",
  'exits-at-load.mjs': 'process.exit(3);\n',
  // Ready, then garbage for every batch.
  'garbage.mjs': "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => parentPort.postMessage('init' in m ? { ready: true } : 'garbage'));\n",
  'crashes-mid-task.mjs': crashingWorker("throw new Error('crash')"),
  'exits-mid-task.mjs': crashingWorker('process.exit(5)'),
};

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir('ssot-pool-failures-');
  for (const [name, text] of Object.entries(workers)) await writeFile(join(dir, name), text);
});
afterAll(async () => {
  await removeDir(dir);
});

const runScript = (script: string): Promise<string> => runModuleScript(script);

interface Settled {
  files: number;
  results: Record<string, { error?: string; name?: string; same?: boolean; onWorkers?: number }>;
}

/** Runs the pool with each stand-in worker (and once with a failing main thread) on a generated tree. */
async function runPool(names: string[]): Promise<Settled> {
  const script = `
    const { pathToFileURL } = await import('node:url');
${poolScriptSetup(dir, { files: 120, seed: 11 })}
    const results = {};
    for (const name of ${JSON.stringify(names)}) {
      let progress = 0;
      // A worker that fails mid-task runs alone (no help from this thread), so it surely gets a third batch.
      const options = { definitions, concurrency: name.endsWith('mid-task.mjs') ? 1 : 2, mode: 'workers' };
      if (name === 'main-thread-fails') options.onProgress = () => { if (++progress === 2) throw new Error('main thread failed'); };
      else options.workerUrl = pathToFileURL(dir + '/' + name);
      try {
        const result = await analyzeFiles(tasks, options);
        results[name] = { same: JSON.stringify(result.outcomes) === expected, onWorkers: result.onWorkers };
      } catch (error) {
        results[name] = { error: error.message, name: error.name };
      }
    }
    process.stdout.write(JSON.stringify({ files: files.length, results }));
  `;
  return JSON.parse(await runScript(script)) as Settled;
}

describe('analysis pool with failing workers', () => {
  it('rejects with a clear error when a worker fails before it is ready, and stops every worker', async () => {
    expect(existsSync(join(repoRoot, 'dist', 'src', 'scan', 'analyze', 'pool.js')), 'run `npm run build` first (npm test does)').toBe(true);
    const { files, results } = await runPool(['throws-at-load.mjs', 'bad-import.mjs', 'compile-fails.mjs', 'main-thread-fails']);
    expect(files).toBe(120);
    expect(results['throws-at-load.mjs']).toEqual({ name: 'WorkerStartError', error: expect.stringContaining('an analysis worker failed to start: broken worker module') });
    expect(results['bad-import.mjs']).toEqual({ name: 'WorkerStartError', error: expect.stringContaining("does not provide an export named 'noSuchExport'") });
    expect(results['compile-fails.mjs']).toEqual({ name: 'WorkerStartError', error: expect.stringContaining('rules do not compile') });
    // This thread's own failure propagates as it is, once the (healthy) workers are stopped.
    expect(results['main-thread-fails']).toEqual({ name: 'Error', error: 'main thread failed' });
  }, 180_000);

  it('finishes every file here, with the same outcomes, when a worker exits, crashes mid-task or answers garbage', async () => {
    const { files, results } = await runPool(['exits-at-load.mjs', 'garbage.mjs', 'crashes-mid-task.mjs', 'exits-mid-task.mjs']);
    for (const name of ['exits-at-load.mjs', 'garbage.mjs', 'crashes-mid-task.mjs', 'exits-mid-task.mjs']) expect(results[name], name).toMatchObject({ same: true });
    expect(results['exits-at-load.mjs']!.onWorkers).toBe(0);
    expect(results['garbage.mjs']!.onWorkers).toBe(0);
    // The first batches were answered on the worker before the crash, the rest ran here.
    for (const name of ['crashes-mid-task.mjs', 'exits-mid-task.mjs']) {
      expect(results[name]!.onWorkers, name).toBeGreaterThan(0);
      expect(results[name]!.onWorkers, name).toBeLessThan(files);
    }
  }, 180_000);
});
