/**
 * The bundled fixture migrated phase by phase with the real scanner between phases (as `ssot migrate`
 * runs it): each phase type-checks, the fixture's own suite passes at the end, the clusters its config
 * can consolidate end with one implementation, and every implementation that remains is explained by a
 * blocker of the plan (nothing is left silently).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/types.js';
import { scanWithGraph } from '../../scan/scan.js';
import type { ScanResult } from '../../scan/types.js';
import { copyFixture, linkNodeModules, removeDir, repoRoot } from '../../test-utils/fixtures.js';
import { buildPlan } from './build-plan.js';
import { phaseChanges } from './phase-changes.js';
import { reader } from './test-utils/scan-result.js';
import { tsc } from './test-utils/tsc.js';
import type { Blocker } from './types.js';

function implementations(result: ScanResult): Map<string, string[]> {
  const kinds = new Map(result.findings.map((f) => [f.id, f.kind]));
  return new Map(result.clusters.map((c) => [c.id, c.members.filter((m) => kinds.get(m) === 'implementation')]));
}

describe('migrating fixtures/agent-backend with the real scanner between phases', () => {
  let dir: string;
  let config: ResolvedConfig;
  let before: Map<string, string[]>;
  let after: Map<string, string[]>;
  const blockers: Blocker[] = [];

  beforeAll(async () => {
    dir = await copyFixture('agent-backend');
    await linkNodeModules(dir);
    config = await loadConfig({ cwd: dir });
    before = implementations((await scanWithGraph(config, { analysis: 'in-process' })).result);
  }, 120_000);
  afterAll(async () => removeDir(dir));

  for (const name of ['config', 'imports', 'delete']) {
    it(`phase ${name} leaves the project type-checking`, async () => {
      const { result, graph } = await scanWithGraph(config, { analysis: 'in-process' });
      const plan = buildPlan({ result, graph, config, readFile: reader(dir) });
      const outcome = phaseChanges(plan, config.phases.find((p) => p.name === name)!, reader(dir));
      expect(outcome.outcomes.filter((o) => o.status === 'error')).toEqual([]);
      blockers.push(...outcome.blockers.filter((b) => b.severity === 'error'));
      for (const change of outcome.changes) {
        const target = join(dir, change.path);
        if (change.after === null) rmSync(target);
        else {
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, change.after);
        }
      }
      expect(tsc(dir)).toBe('');
    }, 120_000);
  }

  it('consolidates backoff, the execution factory and the reliability manager onto one implementation each', async () => {
    after = implementations((await scanWithGraph(config, { analysis: 'in-process' })).result);
    expect(before.get('backoff')!.length).toBeGreaterThan(1);
    expect(before.get('reliability-manager')!.length).toBe(2);
    expect(after.get('backoff')).toEqual(['src/core/resilience/backoff.ts#computeBackoffDelay']);
    expect(after.get('reliability-manager')).toEqual(['src/core/reliability.ts#AgentReliabilityWrapper']);
    expect(before.get('factory:ExecutionEngine')).toContain('src/agents/supervisor/execution-engine-factory.ts#ExecutionEngineFactory');
    expect([...after.values()].flat()).not.toContain('src/agents/supervisor/execution-engine-factory.ts#ExecutionEngineFactory');
    expect(after.get('retry')!.length).toBeLessThan(before.get('retry')!.length);
    expect(after.get('circuit-breaker')!.length).toBeLessThan(before.get('circuit-breaker')!.length);
  }, 120_000);

  it('explains every implementation that remains besides the canonical with a blocker', () => {
    const canonicals = new Set(Object.values(config.canonical));
    for (const [cluster, ids] of after) {
      for (const id of ids.filter((i) => !canonicals.has(i))) {
        expect(blockers.some((b) => b.symbol === id), `${cluster}: ${id} remains without a blocker`).toBe(true);
      }
    }
  });

  it("keeps the fixture's own test suite green", () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  }, 120_000);
});
