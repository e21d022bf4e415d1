import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../../test-utils/fixtures.js';
import { tsc } from './test-utils/tsc.js';
import { buildPlan } from './build-plan.js';
import type { MigrationPlan } from './types.js';
import { sampleClusters, sampleConfig, sampleFiles } from './test-utils/sample-project.js';
import { existing, reader, runPhase, scanResult, testConfig } from './test-utils/scan-result.js';
import { simpleGraph } from './test-utils/simple-graph.js';

function planOf(dir: string): MigrationPlan {
  const graph = simpleGraph(dir);
  return buildPlan({ result: scanResult(dir, graph, sampleClusters), graph, config: testConfig(dir, sampleConfig), readFile: reader(dir) });
}

describe('the plan of the sample project', () => {
  let dir: string;
  let plan: MigrationPlan;
  beforeAll(async () => {
    dir = await writeTree(sampleFiles);
    plan = planOf(dir);
  });
  afterAll(async () => removeDir(dir));

  it('keeps the suggested canonicals', () => {
    expect(plan.clusters.map((c) => [c.id, c.canonical?.ref])).toEqual([
      ['circuit-breaker', 'src/core/breaker.ts#UnifiedCircuitBreaker'],
      ['circuit-breaker-config', 'src/core/types.ts#BreakerConfig'],
    ]);
  });

  it('gives a compatible duplicate a re-export shim, a different API an adapter, a config type with other fields a converter', () => {
    const shims = Object.fromEntries(plan.clusters.flatMap((c) => c.superseded).map((m) => [m.id, m.shim?.kind]));
    expect(shims).toEqual({
      'src/legacy/breaker.ts#CircuitBreaker': 're-export',
      'src/legacy/agent-breaker.ts#AgentCircuitBreaker': 'adapter',
      'src/legacy/config.ts#AgentBreakerSettings': 'converter',
    });
  });

  it('rewrites importers onto the canonical keeping their local names, through barrels and namespaces too', () => {
    const breaker = plan.clusters[0]!.superseded.find((m) => m.id === 'src/legacy/breaker.ts#CircuitBreaker')!;
    const byFile = Object.fromEntries(breaker.importers.map((i) => [i.file, i]));
    expect(byFile['src/app/payments.ts']).toMatchObject({
      line: 1,
      specifier: '../legacy/breaker.js',
      newSpecifier: '../core/breaker.js',
      bindings: [{ imported: 'CircuitBreaker', local: 'CircuitBreaker', newImported: 'UnifiedCircuitBreaker' }],
      status: 'rewrite',
    });
    expect(byFile['src/app/via-barrel.ts']).toMatchObject({ specifier: '../index.js', newSpecifier: '../core/breaker.js', via: 'src/index.ts' });
    expect(byFile['src/app/reports.ts']).toMatchObject({ kind: 'namespace', bindings: [{ namespace: 'legacy', imported: 'CircuitBreaker' }] });
    expect(byFile['src/index.ts']).toMatchObject({ kind: 're-export', newSpecifier: './core/breaker.js' });
  });

  it('finds the recipe call sites', () => {
    expect(plan.recipes).toEqual([expect.objectContaining({ id: 'agent-breaker', sites: [{ file: 'src/app/agent.ts', line: 8 }] })]);
  });

  it('plans whole-file and symbol deletions, waiting for the imports phase', () => {
    expect(plan.deletions.map((d) => [d.file, d.mode, d.symbols, d.remainingImporters])).toEqual([
      ['src/legacy/agent-breaker.ts', 'file', ['AgentCircuitBreaker'], []],
      ['src/legacy/breaker.ts', 'symbols', ['CircuitBreaker'], []],
      ['src/legacy/config.ts', 'file', ['AgentBreakerSettings'], []],
    ]);
    expect(plan.blockers.filter((b) => b.severity === 'error')).toEqual([]);
    expect(plan.blockers.every((b) => b.kind === 'still-imported' && b.phase === 'delete')).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(planOf(dir))).toBe(JSON.stringify(plan));
  });
});

describe('running the three phases on the sample project', () => {
  let dir: string;
  // What a rescan would report: the members still on disk.
  const clusters = () => sampleClusters.map((c) => ({ ...c, members: existing(dir, c.members) }));
  const phase = (name: string) => runPhase(dir, name, (graph) => scanResult(dir, graph, clusters()), testConfig(dir, sampleConfig));
  beforeAll(async () => {
    dir = await writeTree(sampleFiles);
  });
  afterAll(async () => removeDir(dir));

  it('type-checks before it starts', () => {
    expect(tsc(dir)).toBe('');
  });

  it('phase 1 turns the config type into a deprecated compatibility type with a converter, and type-checks', () => {
    const { result } = phase('config');
    expect(result.changes.map((c) => [c.path, c.codemods])).toEqual([['src/legacy/config.ts', ['config-types']]]);
    const text = readFileSync(join(dir, 'src/legacy/config.ts'), 'utf8');
    expect(text).toContain('@ssot-shim src/core/types.ts#BreakerConfig');
    expect(text).toContain('export function toBreakerConfigFromAgentBreakerSettings(config: AgentBreakerSettings): BreakerConfig {');
    expect(tsc(dir)).toBe('');
  });

  it('phase 2 moves importers, runs the recipe, writes shims, and type-checks', () => {
    const { result } = phase('imports');
    expect(result.blockers.filter((b) => b.severity === 'error')).toEqual([]);
    expect(result.summary).toMatchObject({ filesCreated: 0, filesDeleted: 0, importersRewritten: 5, shimsGenerated: 2 });
    expect(result.outcomes.filter((o) => o.status === 'error')).toEqual([]);
    const agent = readFileSync(join(dir, 'src/app/agent.ts'), 'utf8');
    expect(agent).toContain("new UnifiedCircuitBreaker({ name: 'agent', failureThreshold: settings.failureThreshold, resetTimeoutMs: settings.resetTimeoutMs })");
    expect(agent).toContain('this.breaker.isCallPermitted()');
    expect(agent).toContain('// The breaker guards every run.');
    expect(readFileSync(join(dir, 'src/app/payments.ts'), 'utf8')).toContain("import { UnifiedCircuitBreaker as CircuitBreaker } from '../core/breaker.js';");
    const shim = readFileSync(join(dir, 'src/legacy/breaker.ts'), 'utf8');
    expect(shim).toContain('UnifiedCircuitBreaker as CircuitBreaker,');
    expect(shim).toContain('export function breakerStats()');
    expect(tsc(dir)).toBe('');
  });

  it('phase 2 again changes nothing', () => {
    const { result } = phase('imports');
    expect(result.changes).toEqual([]);
  });

  it('phase 3 deletes what nothing imports, keeps the rest of a module, records the forbidden list, and type-checks', () => {
    const { result } = phase('delete');
    expect(result.blockers.filter((b) => b.severity === 'error')).toEqual([]);
    expect(result.changes.map((c) => [c.path, c.after === null ? 'deleted' : 'changed'])).toEqual([
      ['.ssot/forbidden.json', 'changed'],
      ['src/legacy/agent-breaker.ts', 'deleted'],
      ['src/legacy/breaker.ts', 'changed'],
      ['src/legacy/config.ts', 'deleted'],
    ]);
    expect(existsSync(join(dir, 'src/legacy/agent-breaker.ts'))).toBe(false);
    expect(readFileSync(join(dir, 'src/legacy/breaker.ts'), 'utf8')).toBe('/** Not superseded: stays. */\nexport function breakerStats(): { open: number } {\n  return { open: 0 };\n}\n');
    const forbidden = JSON.parse(readFileSync(join(dir, '.ssot/forbidden.json'), 'utf8'));
    expect(forbidden.version).toBe(1);
    expect(forbidden.files).toEqual([
      { path: 'src/legacy/agent-breaker.ts', replacement: 'src/core/breaker.ts#UnifiedCircuitBreaker' },
      { path: 'src/legacy/config.ts', replacement: 'src/core/types.ts#BreakerConfig' },
    ]);
    expect(forbidden.symbols).toContainEqual({ name: 'CircuitBreaker', file: 'src/legacy/breaker.ts', replacement: 'src/core/breaker.ts#UnifiedCircuitBreaker' });
    expect(tsc(dir)).toBe('');
  });

  it('every phase again changes nothing', () => {
    for (const name of ['config', 'imports', 'delete']) expect(phase(name).result.changes).toEqual([]);
  });
});
