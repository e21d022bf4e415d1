/**
 * A temp project for planner tests: files on disk, clusters described by finding ids, a config, and
 * helpers to plan and to run a phase as `ssot migrate` would.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '../../../config/types.js';
import type { DoubleInitialization } from '../../../scan/types.js';
import { writeTree } from '../../../test-utils/fixtures.js';
import { buildPlan } from '../build-plan.js';
import type { PhaseResult } from '../phase-changes.js';
import type { MigrationPlan } from '../types.js';
import { existing, reader, runPhase, scanResult, testConfig, type ClusterSpec } from './scan-result.js';
import { simpleGraph } from './simple-graph.js';

export const strictTsconfig = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    types: [],
    isolatedModules: true,
    skipLibCheck: true,
    paths: { '@app/*': ['./src/*'] },
  },
  include: ['src'],
});

export interface TestProject {
  dir: string;
  config: ResolvedConfig;
  plan(): MigrationPlan;
  phase(name: string): { plan: MigrationPlan; result: PhaseResult };
}

export async function project(
  files: Record<string, string>,
  clusters: ClusterSpec[],
  config: Partial<ResolvedConfig> & { configText?: string } = {},
  doubleInits: DoubleInitialization[] = [],
): Promise<TestProject> {
  const dir = await writeTree({ 'tsconfig.json': strictTsconfig, ...files });
  const { configText, ...overrides } = config;
  if (configText !== undefined) writeFileSync(join(dir, 'ssot.config.json'), configText);
  const resolved = testConfig(dir, { ...(configText !== undefined ? { configFile: join(dir, 'ssot.config.json') } : {}), ...overrides });
  const current = () => clusters.map((c) => ({ ...c, members: existing(dir, c.members) }));
  return {
    dir,
    config: resolved,
    plan() {
      const graph = simpleGraph(dir);
      return buildPlan({ result: scanResult(dir, graph, current(), doubleInits), graph, config: resolved, readFile: reader(dir) });
    },
    phase(name) {
      return runPhase(dir, name, (graph) => scanResult(dir, graph, current(), doubleInits), resolved);
    },
  };
}
