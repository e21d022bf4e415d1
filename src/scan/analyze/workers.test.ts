/**
 * Worker threads only run from the built package (they cannot load TypeScript sources), so this test
 * runs the built scan in a child `node` process, as the CLI does, and compares worker-thread analysis
 * with in-process analysis of the same generated tree.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, repoRoot } from '../../test-utils/fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const dist = (path: string) => pathToFileURL(join(repoRoot, 'dist', 'src', path)).href;

function runScript(script: string, nodeFlags: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

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
});
