import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BUILT = fileURLToPath(new URL('../../../dist/src/resilience/index.js', import.meta.url));

/**
 * Integration: a process that uses the core (breakers, deadlines, retries, a manager, start-up) exits
 * by itself once its work is done: no timer is left behind keeping it alive.
 */
describe('a process using the core exits on its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssot-resilience-exit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runScript(body: string): ReturnType<typeof spawnSync> {
    const file = join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(file, `import * as r from ${JSON.stringify(pathToFileURL(BUILT).href)};\n${body}\n`);
    // The timeout only guards the test run; a process that exits on its own finishes long before it.
    return spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
  }

  it('after using every timer-arming feature', () => {
    const result = runScript(`
      const registry = r.createRegistry();
      const manager = registry.manager('db', { retry: { maxAttempts: 3, strategy: 'fixed', baseDelayMs: 5, attemptTimeoutMs: 600000 }, timeoutMs: 900000 });
      manager.subscribe(() => {});
      let n = 0;
      await manager.execute(async () => { if (++n < 2) throw new Error('once'); return 'ok'; });
      const pipeline = r.wrap(r.retry({ maxAttempts: 2, baseDelayMs: 1 }), r.circuitBreaker({ breakDurationMs: 600000 }), r.timeout(600000));
      for (let i = 0; i < 100; i++) await pipeline.execute(async () => i);
      await r.timeout(600000).execute(async () => 'done');
      const breaker = r.circuitBreaker({ failureThreshold: 1, breakDurationMs: 600000 });
      await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => {});
      const startup = new r.DependencyStartup().register({ name: 'dep', start: async () => 1 });
      await startup.start();
      console.log('finished', breaker.state);
    `);
    expect(result.error).toBeUndefined();
    expect(result.signal).toBeNull();
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('finished open\n');
    expect(result.status).toBe(0);
  });

  it('even while a call is still hanging under a long deadline', () => {
    const result = runScript(`
      const pending = r.timeout(600000).execute(() => new Promise(() => {}));
      pending.catch(() => {});
      console.log('left a hung call behind');
    `);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('left a hung call behind\n');
  });
});
