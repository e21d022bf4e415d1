/**
 * Side work on the main thread while worker threads parse (`PoolOptions.sideWork`), with real worker
 * threads: the built pool runs in a child `node` process, which must settle and exit by itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, repoRoot, runModuleScript } from '../../test-utils/fixtures.js';
import { poolScriptSetup } from '../../test-utils/pool-script.js';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir('ssot-pool-side-work-');
});
afterAll(async () => {
  await removeDir(dir);
});

const runScript = (script: string): Promise<string> => runModuleScript(script);

interface Report {
  files: number;
  workers: { same: boolean; calls: number; sameArray: boolean; grows: boolean; prefixKept: boolean; processed: number; outcomes: number };
  inProcessCalls: number;
  throwing: { error?: string };
}

describe('analysis pool side work', () => {
  it('hands this thread the outcomes so far while workers parse, in small steps, without changing the outcomes; a throw stops the pool', async () => {
    expect(existsSync(join(repoRoot, 'dist', 'src', 'scan', 'analyze', 'pool.js')), 'run `npm run build` first (npm test does)').toBe(true);
    const script = `
${poolScriptSetup(dir, { files: 120, seed: 5 })}

      // Takes 5 outcomes a step, and checks the list only grows and keeps what it held.
      let calls = 0, processed = 0, seenArray, sameArray = true, grows = true, prefixKept = true, lastLength = 0;
      const seen = [];
      const sideWork = (outcomes) => {
        calls++;
        seenArray ??= outcomes;
        if (outcomes !== seenArray) sameArray = false;
        if (outcomes.length < lastLength) grows = false;
        lastLength = outcomes.length;
        for (let i = 0; i < seen.length; i++) if (outcomes[i] !== seen[i]) prefixKept = false;
        const end = Math.min(outcomes.length, processed + 5);
        for (; processed < end; processed++) seen.push(outcomes[processed]);
        return processed < outcomes.length;
      };
      const result = await analyzeFiles(tasks, { definitions, concurrency: 2, mode: 'workers', sideWork });
      const workers = { same: JSON.stringify(result.outcomes) === expected, calls, sameArray, grows, prefixKept, processed, outcomes: result.outcomes.length };

      let inProcessCalls = 0;
      await analyzeFiles(tasks, { definitions, concurrency: 2, mode: 'in-process', sideWork: () => { inProcessCalls++; return false; } });

      const throwing = {};
      try {
        await analyzeFiles(tasks, { definitions, concurrency: 2, mode: 'workers', sideWork: () => { throw new Error('side work failed'); } });
      } catch (error) {
        throwing.error = error.message;
      }
      process.stdout.write(JSON.stringify({ files: files.length, workers, inProcessCalls, throwing }));
    `;
    // The child exits by itself only if every worker was stopped, the failing run's included.
    const report = JSON.parse(await runScript(script)) as Report;
    expect(report.files).toBe(120);
    const { workers } = report;
    expect(workers.same).toBe(true);
    // Called more than once (5 outcomes a step), always with the same list, which only grew.
    expect(workers.calls).toBeGreaterThan(1);
    expect(workers).toMatchObject({ sameArray: true, grows: true, prefixKept: true });
    expect(workers.processed).toBeGreaterThan(5);
    expect(workers.processed).toBeLessThanOrEqual(workers.outcomes);
    expect(report.inProcessCalls).toBe(0);
    expect(report.throwing).toEqual({ error: 'side work failed' });
  }, 180_000);
});
