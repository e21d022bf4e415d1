/**
 * Worker threads only run from the built package (they cannot load TypeScript sources), so this test
 * runs the built scan in a child `node` process, as the CLI does, and compares worker-thread analysis
 * with in-process analysis of the same generated tree.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, repoRoot, runModuleScript } from '../../test-utils/fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const dist = (path: string) => pathToFileURL(join(repoRoot, 'dist', 'src', path)).href;

const runScript = (script: string, nodeFlags: string[] = []): Promise<string> => runModuleScript(script, { nodeFlags });

describe('worker threads', () => {
  // Six scans of a 400-file tree in a child process: on a busy 2-core machine that can take minutes.
  it('analyze files on workers with the same facts as in process, cold and warm', async () => {
    expect(existsSync(join(repoRoot, 'dist', 'src', 'scan', 'analyze', 'worker.js')), 'run `npm run build` first (npm test does)').toBe(true);
    const dir = await makeTempDir('ssot-workers-');
    dirs.push(dir);
    const script = `
      const { generateTree } = await import(${JSON.stringify(dist('bench/generate-tree.js'))});
      const { resolvedDefaults } = await import(${JSON.stringify(dist('config/defaults.js'))});
      const { discoverFiles } = await import(${JSON.stringify(dist('scan/discover.js'))});
      const { collectFacts } = await import(${JSON.stringify(dist('scan/analyze/collect-facts.js'))});
      const { loadRuleSet } = await import(${JSON.stringify(dist('rules/load-rules.js'))});
      const { scan } = await import(${JSON.stringify(dist('scan/scan.js'))});
      const dir = ${JSON.stringify(dir)};
      await generateTree(dir, { files: 400, seed: 7 });
      const config = resolvedDefaults(dir);
      config.concurrency = 2;
      const { files } = await discoverFiles(config);
      const rules = await loadRuleSet(config);
      const noCache = { ...config, cache: { ...config.cache, enabled: false } };
      const onWorkers = await collectFacts(noCache, files, rules, { mode: 'workers' });
      const inProcess = await collectFacts(noCache, files, rules, { mode: 'in-process' });
      const cold = await collectFacts(config, files, rules, { mode: 'workers' });
      const warm = await collectFacts(config, files, rules, { mode: 'workers' });
      const scanned = await scan(noCache, { analysis: 'workers' });
      const scannedInProcess = await scan(noCache, { analysis: 'in-process' });
      process.stdout.write(JSON.stringify({
        files: files.length,
        workerStats: onWorkers.stats,
        inProcessStats: inProcess.stats,
        sameFacts: JSON.stringify(onWorkers.facts) === JSON.stringify(inProcess.facts),
        coldStats: cold.stats,
        warmStats: warm.stats,
        warmSame: JSON.stringify(warm.facts) === JSON.stringify(onWorkers.facts),
        sameScan: JSON.stringify(scanned) === JSON.stringify(scannedInProcess),
        imports: onWorkers.facts.reduce((n, f) => n + f.imports.length, 0),
      }));
    `;
    const report = JSON.parse(await runScript(script)) as Record<string, unknown>;
    expect(report['files']).toBe(400);
    // With two threads of concurrency, one worker thread and the main thread share the files.
    const workerStats = report['workerStats'] as { onWorkers: number; parsed: number };
    expect(workerStats).toEqual({ cached: 0, rehashed: 0, analyzed: 400, parsed: workerStats.parsed, onWorkers: workerStats.onWorkers });
    // Most generated files hold no concept and instantiate nothing they import: lexed, not parsed.
    expect(workerStats.parsed).toBeGreaterThan(0);
    expect(workerStats.parsed).toBeLessThan(200);
    expect(workerStats.onWorkers).toBeGreaterThan(0);
    expect(workerStats.onWorkers).toBeLessThan(400);
    expect(report['inProcessStats']).toEqual({ cached: 0, rehashed: 0, analyzed: 400, parsed: workerStats.parsed, onWorkers: 0 });
    expect(report['sameFacts']).toBe(true);
    const coldStats = report['coldStats'] as { onWorkers: number };
    expect(coldStats).toEqual({ cached: 0, rehashed: 0, analyzed: 400, parsed: workerStats.parsed, onWorkers: coldStats.onWorkers });
    expect(coldStats.onWorkers).toBeGreaterThan(0);
    expect(report['warmStats']).toEqual({ cached: 400, rehashed: 0, analyzed: 0, parsed: 0, onWorkers: 0 });
    expect(report['warmSame']).toBe(true);
    expect(report['sameScan']).toBe(true);
    expect(report['imports']).toBeGreaterThan(400);
  }, 180_000);

  it('start when node runs with V8 flags a worker refuses, and split the stages with the same facts', async () => {
    const dir = await makeTempDir('ssot-workers-flags-');
    dirs.push(dir);
    const script = `
      const { generateTree } = await import(${JSON.stringify(dist('bench/generate-tree.js'))});
      const { resolvedDefaults } = await import(${JSON.stringify(dist('config/defaults.js'))});
      const { discoverFiles } = await import(${JSON.stringify(dist('scan/discover.js'))});
      const { collectFacts } = await import(${JSON.stringify(dist('scan/analyze/collect-facts.js'))});
      const { loadRuleSet } = await import(${JSON.stringify(dist('rules/load-rules.js'))});
      const dir = ${JSON.stringify(dir)};
      await generateTree(dir, { files: 300, seed: 3 });
      const config = resolvedDefaults(dir);
      config.cache.enabled = false;
      const { files } = await discoverFiles(config);
      const rules = await loadRuleSet(config);
      const results = [];
      for (const concurrency of [2, 3]) {
        config.concurrency = concurrency;
        results.push(await collectFacts(config, files, rules, { mode: 'workers' }));
      }
      const inProcess = await collectFacts(config, files, rules, { mode: 'in-process' });
      process.stdout.write(JSON.stringify({
        onWorkers: results.map((r) => r.stats.onWorkers),
        parsed: inProcess.stats.parsed,
        same: results.map((r) => JSON.stringify(r.facts) === JSON.stringify(inProcess.facts)),
      }));
    `;
    // V8 flags apply to the whole process; a worker given one in its execArgv would fail to start.
    const report = JSON.parse(await runScript(script, ['--max-old-space-size=2048', '--stack-trace-limit=20'])) as { onWorkers: number[]; parsed: number; same: boolean[] };
    expect(report.same).toEqual([true, true]);
    expect(report.parsed).toBeGreaterThan(0);
    for (const count of report.onWorkers) expect(count).toBeGreaterThan(0);
  }, 180_000);

  it('return every file in order when workers started ahead die, before or after the pool takes them', async () => {
    const dir = await makeTempDir('ssot-workers-dead-');
    dirs.push(dir);
    // Stand-ins for the analysis worker: one fails while loading, one exits on its first message (the rules).
    await writeFile(join(dir, 'dies-at-once.mjs'), 'process.exit(3);\n');
    await writeFile(join(dir, 'dies-on-init.mjs'), "import { parentPort } from 'node:worker_threads';\nparentPort.once('message', () => process.exit(4));\n");
    const script = `
      const { pathToFileURL } = await import('node:url');
      const { generateTree } = await import(${JSON.stringify(dist('bench/generate-tree.js'))});
      const { resolvedDefaults } = await import(${JSON.stringify(dist('config/defaults.js'))});
      const { discoverFiles } = await import(${JSON.stringify(dist('scan/discover.js'))});
      const { collectFacts } = await import(${JSON.stringify(dist('scan/analyze/collect-facts.js'))});
      const { WorkerHeadStart } = await import(${JSON.stringify(dist('scan/analyze/worker-start.js'))});
      const { loadRuleSet } = await import(${JSON.stringify(dist('rules/load-rules.js'))});
      const dir = ${JSON.stringify(dir)};
      await generateTree(dir + '/tree', { files: 250, seed: 5 });
      const config = resolvedDefaults(dir + '/tree');
      config.cache.enabled = false;
      config.concurrency = 2;
      const { files } = await discoverFiles(config);
      const rules = await loadRuleSet(config);
      const inProcess = await collectFacts(config, files, rules, { mode: 'in-process' });
      const early = new WorkerHeadStart(1, pathToFileURL(dir + '/dies-at-once.mjs'));
      while (early.lost === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const deadBefore = await collectFacts(config, files, rules, { mode: 'workers', headStart: early });
      const late = new WorkerHeadStart(1, pathToFileURL(dir + '/dies-on-init.mjs'));
      const deadAfter = await collectFacts(config, files, rules, { mode: 'workers', headStart: late });
      // More workers than needed: the extra one is stopped, or this process would not exit.
      const spare = new WorkerHeadStart(1, pathToFileURL(dir + '/dies-on-init.mjs'));
      const few = await collectFacts(config, files.slice(0, 20), rules, { headStart: spare });
      process.stdout.write(JSON.stringify({
        files: files.length,
        order: [deadBefore, deadAfter].map((r) => r.facts.map((f) => f.file).join('\\n') === files.join('\\n')),
        same: [deadBefore, deadAfter].map((r) => JSON.stringify(r.facts) === JSON.stringify(inProcess.facts)),
        onWorkers: [deadBefore.stats.onWorkers, deadAfter.stats.onWorkers, few.stats.onWorkers],
        few: few.facts.length,
        parsed: inProcess.stats.parsed,
      }));
    `;
    const report = JSON.parse(await runScript(script)) as { files: number; order: boolean[]; same: boolean[]; onWorkers: number[]; few: number; parsed: number };
    expect(report.files).toBe(250);
    expect(report.parsed).toBeGreaterThan(0);
    expect(report.order).toEqual([true, true]);
    expect(report.same).toEqual([true, true]);
    // Every file was analyzed on this thread: no worker survived to take any.
    expect(report.onWorkers).toEqual([0, 0, 0]);
    expect(report.few).toBe(20);
  }, 180_000);

  it('start ahead only for a large tree without a facts cache, and not for in-process analysis', async () => {
    const dir = await makeTempDir('ssot-workers-ahead-');
    dirs.push(dir);
    const script = `
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { resolvedDefaults } = await import(${JSON.stringify(dist('config/defaults.js'))});
      const { workersAhead } = await import(${JSON.stringify(dist('scan/analyze/collect-facts.js'))});
      const config = resolvedDefaults(${JSON.stringify(dir)});
      config.concurrency = 2;
      const started = (ahead, counts) => { for (const count of counts) ahead.seen(count); const s = ahead.started(); void s?.release(); return s !== undefined; };
      const small = started(workersAhead(config), [10, 150]);
      const large = started(workersAhead(config), [10, 150, 250]);
      const inProcess = started(workersAhead(config, 'in-process'), [5000]);
      const oneThread = started(workersAhead({ ...config, concurrency: 1 }), [5000]);
      mkdirSync(config.cache.dir, { recursive: true });
      writeFileSync(config.cache.dir + '/facts.json', '{}');
      const cached = started(workersAhead(config), [5000]);
      const cacheOff = started(workersAhead({ ...config, cache: { ...config.cache, enabled: false } }), [5000]);
      process.stdout.write(JSON.stringify({ small, large, inProcess, oneThread, cached, cacheOff }));
    `;
    expect(JSON.parse(await runScript(script))).toEqual({ small: false, large: true, inProcess: false, oneThread: false, cached: false, cacheOff: true });
  }, 60_000);
});
