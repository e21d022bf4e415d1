/**
 * The bundled fixture, migrated by its own `ssot.config.json`: every phase leaves the project
 * type-checking, a second run changes nothing, and the fixture's test suite still passes at the end.
 * (Findings come from the fixture's hand-written inventory, so this tests planning and codemods, not
 * detection; the CLI end-to-end test runs the real scanner.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/types.js';
import { copyFixture, linkNodeModules, removeDir, repoRoot } from '../../test-utils/fixtures.js';
import { buildPlan } from './build-plan.js';
import { phaseChanges } from './phase-changes.js';
import { inventoryScan } from './test-utils/inventory-scan.js';
import { reader } from './test-utils/scan-result.js';
import { simpleGraph } from './test-utils/simple-graph.js';
import { tsc } from './test-utils/tsc.js';

const inventory = join(repoRoot, 'fixtures', 'agent-backend', 'expected-inventory.json');

describe('migrating fixtures/agent-backend with its config', () => {
  let dir: string;
  let config: ResolvedConfig;
  const run = (name: string) => {
    const graph = simpleGraph(dir);
    const plan = buildPlan({ result: inventoryScan(dir, graph, inventory), graph, config, readFile: reader(dir) });
    const result = phaseChanges(plan, config.phases.find((p) => p.name === name)!, reader(dir));
    for (const change of result.changes) {
      const target = join(dir, change.path);
      if (change.after === null) rmSync(target);
      else {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, change.after);
      }
    }
    return { plan, result };
  };

  beforeAll(async () => {
    dir = await copyFixture('agent-backend');
    await linkNodeModules(dir);
    config = await loadConfig({ cwd: dir });
  });
  afterAll(async () => removeDir(dir));

  it('reads the fixture config', () => {
    expect(config.configFile).toBe(join(dir, 'ssot.config.json'));
    expect(config.merge).toEqual(['src/agents/supervisor/execution-engine-factory.ts#ExecutionEngineFactory']);
  });

  for (const name of ['config', 'imports', 'delete']) {
    it(`phase ${name} writes only code that type-checks, without codemod errors`, () => {
      const { result } = run(name);
      expect(result.outcomes.filter((o) => o.status === 'error')).toEqual([]);
      expect(tsc(dir)).toBe('');
    }, 180_000);
  }

  it('moved the async breaker onto the canonical with its constructor and member mapping, and removed it', () => {
    const client = readFileSync(join(dir, 'src/llm/llm-client.ts'), 'utf8');
    expect(client).toContain("import { UnifiedCircuitBreaker as AsyncCircuitBreaker } from '../core/resilience/unified-circuit-breaker.js';");
    expect(client).toContain("private readonly breaker = new AsyncCircuitBreaker({ name: 'async', failureThreshold: 5, recoveryTimeoutMs: 60_000 });");
    expect(client).toContain('return this.breaker.call(() =>');
    expect(readFileSync(join(dir, 'src/core/async-retry-logic.ts'), 'utf8')).not.toContain('class AsyncCircuitBreaker');
  });

  it('rewrote the backoff helpers by recipe onto the canonical backoff, and deleted them', () => {
    expect(readFileSync(join(dir, 'src/services/job-runner.ts'), 'utf8')).toContain(
      'nextRunAt: now + computeBackoffDelay(job.retryCount + 1, { baseDelay: 1_000, maxDelay: 60 * 60_000, backoffStrategy: BackoffStrategy.FIBONACCI, jitterType: JitterType.NONE }),',
    );
    for (const file of ['src/db/jitter.ts', 'src/utils/fibonacci-backoff.ts', 'src/websocket/reconnect-delay.ts']) expect(existsSync(join(dir, file)), file).toBe(false);
  });

  it('rewrote exponentialBackoffRetry calls (also through a namespace import), passing the shared config on as the canonical retry takes it', () => {
    expect(readFileSync(join(dir, 'src/services/job-runner.ts'), 'utf8')).toContain(
      "await new UnifiedRetryHandler('exponential-backoff', { maxRetries: 2, baseDelay: 100 }).execute(() => handler(job.payload));",
    );
    expect(existsSync(join(dir, 'src/core/retry-strategy-executor.ts'))).toBe(false);
  });

  it('merged the unique factory members, then deleted the superseded factory and re-export', () => {
    const factory = readFileSync(join(dir, 'src/agents/supervisor/execution-factory.ts'), 'utf8');
    expect(factory).toContain('createIsolatedEngine(userId: string, runTimeoutMs: number): ExecutionEngine {');
    expect(factory).toContain('private readonly isolatedEngines = new Map<string, ExecutionEngine>();');
    expect(existsSync(join(dir, 'src/agents/supervisor/execution-engine-factory.ts'))).toBe(false);
    expect(existsSync(join(dir, 'src/utils/circuit-breaker.ts'))).toBe(false);
    expect(readFileSync(join(dir, 'test/factories.test.ts'), 'utf8')).toContain(
      "import { ExecutionEngineFactory as RequestScopedFactory } from '../src/agents/supervisor/execution-factory';",
    );
    const forbidden = JSON.parse(readFileSync(join(dir, '.ssot/forbidden.json'), 'utf8'));
    expect(forbidden.files.map((f: { path: string }) => f.path)).toContain('src/agents/supervisor/execution-engine-factory.ts');
  });

  it('running every phase again changes nothing', () => {
    for (const name of ['config', 'imports', 'delete']) expect(run(name).result.changes).toEqual([]);
  });

  it("keeps the fixture's own test suite green", () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  }, 120_000);
});
