import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BENCH = fileURLToPath(new URL('../../dist/src/bench/resilience.js', import.meta.url));

/** Checks the benchmark harness and its JSON contract (a short run: the figures are not asserted). */
describe('resilience benchmark harness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssot-resilience-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the JSON report with one row per case and a null for what opossum lacks', () => {
    const file = join(dir, 'bench.json');
    const result = spawnSync(process.execPath, [BENCH, '--quick', '--cases', 'breaker-success,retry-success,retry-memory', '--json', file], { encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\| breaker-success \| ops\/s \|/);
    const report = JSON.parse(readFileSync(file, 'utf8')) as { cases: Record<string, unknown>[]; meta: Record<string, unknown> };
    expect(report.cases.map((row) => row.case)).toEqual(['retry-success', 'breaker-success', 'retry-memory']);
    for (const row of report.cases) {
      expect(Object.keys(row).sort()).toEqual(['case', 'cockatiel', 'opossum', 'ssot', 'unit']);
      // Speeds are positive; a short memory run only has to produce finite figures (GC noise).
      if (row.unit === 'ops/s') expect([row.ssot, row.cockatiel]).toEqual([expect.any(Number), expect.any(Number)]);
      expect(Number.isFinite(row.ssot) && Number.isFinite(row.cockatiel)).toBe(true);
    }
    expect(report.cases[0]!.ssot).toBeGreaterThan(0);
    expect(report.cases[0]).toMatchObject({ unit: 'ops/s', opossum: null });
    expect(report.cases[1]!.opossum).toBeGreaterThan(0);
    expect(report.cases[2]).toMatchObject({ unit: 'bytes', opossum: null });
    expect(report.meta.node).toBe(process.version);
  });

  it('rejects unknown arguments with exit code 2', () => {
    const result = spawnSync(process.execPath, [BENCH, '--cases', 'nope'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown case\(s\): nope/);
    expect(result.stderr).toMatch(/usage:/);
  });
});
