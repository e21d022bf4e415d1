import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { tsc } from './test-utils/tsc.js';
import { project, type TestProject } from './test-utils/project.js';

const breaker = `export class Breaker {
  constructor(readonly threshold: number) {}
  isCallPermitted(): boolean {
    return this.threshold > 0;
  }
}
`;
const oldBreaker = `export class OldBreaker {
  constructor(readonly threshold: number) {}
  isCallPermitted(): boolean {
    return this.threshold > 0;
  }
  trip(): void {}
}
`;

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function make(...args: Parameters<typeof project>): Promise<TestProject> {
  current = await project(...args);
  return current;
}

const breakerCluster = { id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/old/breaker.ts#OldBreaker'] };

describe('blockers', () => {
  it('a configured canonical that matches no member, located in the config file', async () => {
    const p = await make(
      { 'src/core/breaker.ts': breaker, 'src/old/breaker.ts': oldBreaker },
      [breakerCluster],
      { canonical: { 'circuit-breaker': 'src/core/nope.ts#Breaker' }, configText: '{\n  "canonical": {\n    "circuit-breaker": "src/core/nope.ts#Breaker"\n  }\n}\n' },
    );
    const plan = p.plan();
    expect(plan.clusters[0]!.canonical).toBeNull();
    expect(plan.blockers).toEqual([
      expect.objectContaining({ kind: 'canonical-not-found', severity: 'error', file: 'ssot.config.json', line: 3, cluster: 'circuit-breaker' }),
    ]);
    expect(plan.tasks).toEqual([]);
  });

  it('an importer using a member the canonical lacks stays, with file:line; a mapping lets it move', async () => {
    const files = {
      'src/core/breaker.ts': breaker,
      'src/old/breaker.ts': oldBreaker,
      'src/app/use.ts': `import { OldBreaker } from '../old/breaker.js';\n\nexport function stop(): void {\n  const b = new OldBreaker(2);\n  b.trip();\n}\n`,
      'src/app/fine.ts': `import { OldBreaker } from '../old/breaker.js';\n\nexport const ok = new OldBreaker(1).isCallPermitted();\n`,
    };
    const p = await make(files, [breakerCluster]);
    const plan = p.plan();
    const missing = plan.blockers.filter((b) => b.kind === 'missing-member' && b.severity === 'error');
    expect(missing).toEqual([expect.objectContaining({ severity: 'error', file: 'src/app/use.ts', line: 5, phase: 'imports' })]);
    const importers = plan.clusters[0]!.superseded[0]!.importers;
    expect(importers.map((i) => [i.file, i.status])).toEqual([
      ['src/app/fine.ts', 'rewrite'],
      ['src/app/use.ts', 'blocked'],
    ]);
    expect(plan.tasks.filter((t) => t.codemod === 'rewrite-imports').map((t) => t.file)).toEqual(['src/app/fine.ts']);
    // A value of the old type that leaves the file blocks the move too (the canonical is another type).
    expect(plan.blockers.filter((b) => b.kind === 'value-escapes')).toEqual([]);
    // The delete phase would refuse: the blocked importer keeps the old module alive.
    expect(plan.blockers).toContainEqual(expect.objectContaining({ kind: 'still-imported', severity: 'error', message: expect.stringContaining('src/app/use.ts') }));
    // ...and names the importer the imports phase moves as well, so the list is complete.
    const stillImported = plan.blockers.find((b) => b.kind === 'still-imported' && b.severity === 'error');
    expect(stillImported?.message).toContain('waits for the imports phase to move src/app/fine.ts');
    await removeDir(p.dir);

    const mapped = await make(files, [breakerCluster], { mappings: { 'src/old/breaker.ts#OldBreaker': { members: { trip: 'this.target.isCallPermitted()' } } } });
    const planMapped = mapped.plan();
    expect(planMapped.blockers.filter((b) => b.severity === 'error')).toEqual([]);
    mapped.phase('imports');
    expect(readFileSync(join(mapped.dir, 'src/app/use.ts'), 'utf8')).toContain('b.isCallPermitted();');
    expect(tsc(mapped.dir)).toBe('');
  });

  it('a call the canonical signature does not take is a signature mismatch unless a recipe rewrites it', async () => {
    const files = {
      'src/core/breaker.ts': breaker,
      'src/old/breaker.ts': `export class OldBreaker {\n  constructor(readonly name: string, readonly threshold: number) {}\n  isCallPermitted(): boolean {\n    return true;\n  }\n}\n`,
      'src/app/use.ts': `import { OldBreaker } from '../old/breaker.js';\n\nexport const b = new OldBreaker('x', 2);\n`,
    };
    const p = await make(files, [breakerCluster]);
    expect(p.plan().blockers).toContainEqual(expect.objectContaining({ kind: 'signature-mismatch', file: 'src/app/use.ts', line: 3 }));
    expect(p.plan().blockers).toContainEqual(expect.objectContaining({ kind: 'adapter-incomplete', file: 'src/old/breaker.ts' }));
    await removeDir(p.dir);

    const withRecipe = await make(files, [breakerCluster], {
      recipes: [{ id: 'ctor', match: 'new OldBreaker($name, $threshold)', replace: 'new Breaker($threshold)', imports: ['src/core/breaker.ts#Breaker'] }],
    });
    const plan = withRecipe.plan();
    expect(plan.blockers.filter((b) => b.severity === 'error')).toEqual([]);
    expect(plan.clusters[0]!.superseded[0]!.shim?.kind).toBe('adapter');
    withRecipe.phase('imports');
    expect(readFileSync(join(withRecipe.dir, 'src/app/use.ts'), 'utf8')).toBe(`import { Breaker } from '../core/breaker.js';\n\nexport const b = new Breaker(2);\n`);
    // The adapter builds the canonical the way the recipe does.
    expect(readFileSync(join(withRecipe.dir, 'src/old/breaker.ts'), 'utf8')).toContain('this.target = new Breaker(threshold);');
    expect(tsc(withRecipe.dir)).toBe('');
  });

  it('a call site that leaves out an argument gets the old default in the call template; a default naming the old module keeps the call site on the adapter', async () => {
    const files = {
      'src/core/breaker.ts': breaker,
      'src/old/make.ts': `const LIMIT = 4;\n\nexport function makeBreaker(threshold = 3) {\n  return { isCallPermitted: () => threshold > 0 };\n}\n\nexport function strictBreaker(threshold = LIMIT) {\n  return { isCallPermitted: () => threshold > 1 };\n}\n`,
      'src/app/use.ts': `import { makeBreaker } from '../old/make.js';\n\nexport const ok = makeBreaker().isCallPermitted();\n`,
      'src/app/strict.ts': `import { strictBreaker } from '../old/make.js';\n\nexport const ok = strictBreaker().isCallPermitted();\n`,
    };
    const cluster = { id: 'circuit-breaker', members: ['src/core/breaker.ts#Breaker', 'src/old/make.ts#makeBreaker', 'src/old/make.ts#strictBreaker'] };
    const template = { members: { '()': 'new $target($0)' } };
    const p = await make(files, [cluster], { mappings: { 'src/old/make.ts#makeBreaker': template, 'src/old/make.ts#strictBreaker': template } });
    const plan = p.plan();
    expect(plan.blockers.filter((b) => b.file.startsWith('src/app/')).map((b) => [b.file, b.kind, b.message.split(';')[0]])).toEqual([
      ['src/app/strict.ts', 'signature-mismatch', 'strictBreaker(...) leaves out argument $0, whose default names something of the superseded module'],
    ]);
    p.phase('imports');
    expect(readFileSync(join(p.dir, 'src/app/use.ts'), 'utf8')).toBe("import { Breaker } from '../core/breaker.js';\n\nexport const ok = new Breaker(3).isCallPermitted();\n");
    expect(readFileSync(join(p.dir, 'src/app/strict.ts'), 'utf8')).toBe(files['src/app/strict.ts']);
    expect(tsc(p.dir)).toBe('');
  });

  it('a call template naming the superseded type parameters shapes the adapter only; call sites keep the adapter', async () => {
    const handler = `export class Handler {\n  constructor(readonly attempts: number) {}\n  async execute<T>(op: () => Promise<T>): Promise<T> {\n    return op();\n  }\n}\n`;
    const files = {
      'src/core/handler.ts': handler,
      'src/old/wrap.ts': `export function wrap<A extends unknown[], R>(fn: (...args: A) => Promise<R>, retries = 2): (...args: A) => Promise<R> {\n  return async (...args: A) => fn(...args);\n}\n`,
      'src/app/use.ts': `import { wrap } from '../old/wrap.js';\n\nexport const load = wrap(async (id: string) => id, 1);\n`,
    };
    const cluster = { id: 'retry', members: ['src/core/handler.ts#Handler', 'src/old/wrap.ts#wrap'] };
    const p = await make(files, [cluster], {
      mappings: { 'src/old/wrap.ts#wrap': { members: { '()': '(...args: A) => new Handler($1 + 1).execute(() => $0(...args))' } } },
    });
    const plan = p.plan();
    expect(plan.blockers).toContainEqual(expect.objectContaining({ kind: 'signature-mismatch', file: 'src/app/use.ts', line: 3, message: expect.stringContaining('names A, type parameters of the superseded declaration') }));
    expect(plan.clusters[0]!.superseded[0]!.shim?.kind).toBe('adapter');
    p.phase('imports');
    expect(readFileSync(join(p.dir, 'src/app/use.ts'), 'utf8')).toBe(files['src/app/use.ts']);
    expect(readFileSync(join(p.dir, 'src/old/wrap.ts'), 'utf8')).toContain('return (...args: A) => new Handler(retries + 1).execute(() => fn(...args));');
    expect(tsc(p.dir)).toBe('');
  });

  it('a superseded factory with unique members is not shimmed until they are merged', async () => {
    const files = {
      'src/engine.ts': `export class Engine {\n  constructor(readonly id: string) {}\n}\n`,
      'src/ids.ts': `export function nextId(prefix: string): string {\n  return prefix + '-1';\n}\n`,
      'src/factory.ts': `import { Engine } from './engine.js';\n\nexport class EngineFactory {\n  private readonly engines = new Map<string, Engine>();\n\n  create(id: string): Engine {\n    const engine = new Engine(id);\n    this.engines.set(id, engine);\n    return engine;\n  }\n}\n`,
      'src/old-factory.ts': `import { Engine } from './engine.js';\nimport { nextId } from './ids.js';\n\nexport class EngineFactory {\n  private readonly engines = new Map<string, Engine>();\n\n  create(id: string): Engine {\n    return new Engine(id);\n  }\n\n  /** An engine with a fresh id. */\n  createIsolated(): Engine {\n    return this.create(nextId('engine'));\n  }\n}\n`,
      'src/app.ts': `import { EngineFactory } from './old-factory.js';\n\nexport const engine = new EngineFactory().createIsolated();\n`,
    };
    const clusters = [{ id: 'factory:EngineFactory', concept: 'factory', members: ['src/factory.ts#EngineFactory', 'src/old-factory.ts#EngineFactory'] }];
    const p = await make(files, clusters);
    const plan = p.plan();
    expect(plan.blockers).toContainEqual(
      expect.objectContaining({ kind: 'unmerged-members', file: 'src/old-factory.ts', line: 4, hint: 'add "src/old-factory.ts#EngineFactory" to merge' }),
    );
    expect(plan.clusters[0]!.superseded[0]!.shim).toBeNull();
    await removeDir(p.dir);

    const merged = await make(files, clusters, { merge: ['src/old-factory.ts#EngineFactory'] });
    const mergedPlan = merged.plan();
    expect(mergedPlan.blockers.filter((b) => b.severity === 'error')).toEqual([]);
    expect(mergedPlan.clusters[0]!.superseded[0]!.merge).toEqual(['createIsolated']);
    merged.phase('imports');
    const factory = readFileSync(join(merged.dir, 'src/factory.ts'), 'utf8');
    expect(factory).toContain("  /** An engine with a fresh id. */\n  createIsolated(): Engine {\n    return this.create(nextId('engine'));\n  }\n}");
    expect(factory).toContain("import { nextId } from './ids.js';");
    expect(readFileSync(join(merged.dir, 'src/app.ts'), 'utf8')).toContain("import { EngineFactory } from './factory.js';");
    expect(tsc(merged.dir)).toBe('');
    merged.phase('delete');
    expect(tsc(merged.dir)).toBe('');
  });

  it('a member that would not type-check in the canonical class is a merge conflict', async () => {
    const files = {
      'src/factory.ts': `export class Factory {\n  create(): number {\n    return 1;\n  }\n}\n`,
      'src/old-factory.ts': `function secret(): number {\n  return 2;\n}\n\nexport class Factory {\n  constructor(private readonly count = 0) {}\n\n  create(): number {\n    return 1;\n  }\n\n  special(): number {\n    return secret() + this.count;\n  }\n}\n`,
    };
    const p = await make(files, [{ id: 'factory:Factory', concept: 'factory', members: ['src/factory.ts#Factory', 'src/old-factory.ts#Factory'] }], { merge: ['factory:Factory'] });
    const conflict = p.plan().blockers.find((b) => b.kind === 'merge-conflict');
    expect(conflict).toMatchObject({ file: 'src/old-factory.ts', line: 12 });
    expect(conflict!.message).toContain('uses secret, declared only in src/old-factory.ts');
    expect(conflict!.message).toContain('this.count does not exist in Factory');
  });

  it('recipes that are invalid, would re-apply, or match nothing', async () => {
    const files = { 'src/core/breaker.ts': breaker, 'src/old/breaker.ts': oldBreaker, 'src/app.ts': `import { OldBreaker } from './old/breaker.js';\n\nexport const b = new OldBreaker(1);\n` };
    const p = await make(files, [breakerCluster], {
      recipes: [
        { id: 'bad', match: 'OldBreaker', replace: 'Breaker' },
        { id: 'again', match: 'wrap($x)', replace: 'wrap(wrap($x))' },
        { id: 'arity', match: 'new OldBreaker($a, $b)', replace: 'new Breaker($a)' },
        { id: 'gone', match: 'retryForever($op)', replace: 'retry($op)' },
        { id: 'unbound', match: 'new OldBreaker($a)', replace: 'new Breaker($b)' },
      ],
    });
    const recipeBlockers = p.plan().blockers.filter((b) => b.kind.startsWith('recipe'));
    expect(recipeBlockers.map((b) => [b.message.split(':')[0], b.kind, b.severity])).toEqual([
      ['recipe again', 'recipe-invalid', 'error'],
      ['recipe bad', 'recipe-invalid', 'error'],
      ['recipe unbound', 'recipe-invalid', 'error'],
      ['recipe arity', 'recipe-unmatched', 'error'],
      ['recipe gone', 'recipe-unmatched', 'warning'],
    ]);
  });

  it('a config field with no counterpart and no mapping, with the suggested name as a hint', async () => {
    const files = {
      'src/types.ts': `export interface RetryConfig {\n  maxAttempts: number;\n  baseDelayMs?: number;\n}\n`,
      'src/old-types.ts': `export interface LegacyRetryConfig {\n  maxRetries: number;\n  delay?: number;\n}\n`,
    };
    const kinds = { 'src/types.ts#RetryConfig': 'config-type' as const, 'src/old-types.ts#LegacyRetryConfig': 'config-type' as const };
    const p = await make(files, [{ id: 'retry-config', members: ['src/types.ts#RetryConfig', 'src/old-types.ts#LegacyRetryConfig'], kinds }]);
    const fields = p.plan().blockers.filter((b) => b.kind === 'missing-field' || b.kind === 'required-field');
    expect(fields.map((b) => [b.kind, b.line, b.hint])).toEqual([
      ['missing-field', 1, 'mappings["src/old-types.ts#LegacyRetryConfig"].fields.delay = "baseDelayMs" (suggested)'],
      ['missing-field', 1, 'mappings["src/old-types.ts#LegacyRetryConfig"].fields.maxRetries = "maxAttempts" (suggested)'],
      ['required-field', 1, 'map a field of LegacyRetryConfig onto maxAttempts, or give it a value: mappings["src/old-types.ts#LegacyRetryConfig"].fields.maxAttempts = "<expression>"'],
    ]);
    expect(p.plan().tasks.filter((t) => t.codemod === 'config-types')).toEqual([]);
  });

  it('config fields the old type lacks get values from the mapping; an optional source of a required field needs one; misspelt keys are reported', async () => {
    const files = {
      'src/types.ts': `export interface BreakerConfig {\n  name: string;\n  recoveryTimeoutMs: number;\n  halfOpenMaxCalls: number;\n  windowSize: number;\n}\n`,
      'src/old-types.ts': `export interface CoreConfig {\n  name: string;\n  recoveryTimeout: number;\n  successThreshold?: number;\n}\n`,
      'src/use.ts': `import { type CoreConfig } from './old-types.js';\n\nexport const config: CoreConfig = { name: 'a', recoveryTimeout: 2 };\n`,
    };
    const kinds = { 'src/types.ts#BreakerConfig': 'config-type' as const, 'src/old-types.ts#CoreConfig': 'config-type' as const };
    const cluster = { id: 'breaker-config', members: ['src/types.ts#BreakerConfig', 'src/old-types.ts#CoreConfig'], kinds };
    const fields = { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000', successThreshold: 'halfOpenMaxCalls', windowSize: '20' };
    const partial = await make(files, [cluster], { mappings: { 'src/old-types.ts#CoreConfig': { fields: { ...fields, windowSise: '1' } } } });
    expect(partial.plan().blockers.filter((b) => b.phase === 'config').map((b) => [b.kind, b.message])).toEqual([
      ['missing-field', 'mappings["src/old-types.ts#CoreConfig"].fields.windowSise names no field of CoreConfig or of src/types.ts#BreakerConfig'],
      ['required-field', 'src/types.ts#BreakerConfig requires halfOpenMaxCalls, which only an optional field of CoreConfig provides'],
    ]);
    await removeDir(partial.dir);

    const p = await make(files, [cluster], { mappings: { 'src/old-types.ts#CoreConfig': { fields: { ...fields, halfOpenMaxCalls: '1' } } } });
    expect(p.plan().blockers.filter((b) => b.phase === 'config' && b.severity === 'error')).toEqual([]);
    p.phase('config');
    const converted = readFileSync(join(p.dir, 'src/old-types.ts'), 'utf8');
    expect(converted).toContain('    halfOpenMaxCalls: config.successThreshold !== undefined ? config.successThreshold : 1,\n    windowSize: 20,\n');
    expect(tsc(p.dir)).toBe('');
  });

  it('a read of a converted field moves when the conversion can be undone; an optional field or a one-way conversion keeps its importer', async () => {
    const files = {
      'src/types.ts': `export interface BreakerConfig {\n  name: string;\n  recoveryTimeoutMs: number;\n  graceMs?: number;\n  label: string;\n}\n`,
      'src/old-types.ts': `export interface CoreConfig {\n  name: string;\n  recoveryTimeout: number;\n  grace?: number;\n  title: string;\n}\n`,
      'src/use.ts': `import { type CoreConfig } from './old-types.js';\n\nconst config: CoreConfig = { name: 'a', recoveryTimeout: 2, title: 'b' };\nexport const seconds = config.recoveryTimeout + 1;\n`,
      'src/grace.ts': `import { type CoreConfig } from './old-types.js';\n\nexport function grace(config: CoreConfig): number {\n  return config.grace ?? 0;\n}\n`,
      'src/title.ts': `import { type CoreConfig } from './old-types.js';\n\nexport function title(config: CoreConfig): string {\n  return config.title;\n}\n`,
    };
    const kinds = { 'src/types.ts#BreakerConfig': 'config-type' as const, 'src/old-types.ts#CoreConfig': 'config-type' as const };
    const cluster = { id: 'breaker-config', members: ['src/types.ts#BreakerConfig', 'src/old-types.ts#CoreConfig'], kinds };
    const fields = { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000', grace: 'graceMs: $ * 1000', title: 'label: $.trim()' };
    const p = await make(files, [cluster], { mappings: { 'src/old-types.ts#CoreConfig': { fields } } });
    const reads = p.plan().blockers.filter((b) => b.kind === 'missing-field' && b.phase === 'imports');
    expect(reads.map((b) => [b.file, b.line])).toEqual([
      ['src/grace.ts', 4],
      ['src/title.ts', 4],
    ]);
    p.phase('imports');
    expect(readFileSync(join(p.dir, 'src/use.ts'), 'utf8')).toContain('export const seconds = (config.recoveryTimeoutMs / 1000) + 1;\n');
    expect(readFileSync(join(p.dir, 'src/grace.ts'), 'utf8')).toBe(files['src/grace.ts']);
    expect(tsc(p.dir)).toBe('');
  });

  it('a double initialization collapses onto the canonical holder; one used as a whole is blocked', async () => {
    const files = {
      'src/core/breaker.ts': breaker,
      'src/old/breaker.ts': oldBreaker,
      'src/agent.ts': `import { Breaker } from './core/breaker.js';\nimport { OldBreaker } from './old/breaker.js';\n\nexport class Agent {\n  private readonly breaker = new Breaker(3);\n  private readonly legacy = new OldBreaker(3);\n\n  ready(): boolean {\n    return this.breaker.isCallPermitted() && this.legacy.isCallPermitted();\n  }\n}\n`,
    };
    const init = {
      id: 'src/agent.ts#Agent',
      file: 'src/agent.ts',
      class: 'Agent',
      cluster: 'circuit-breaker',
      holders: [
        { member: 'breaker', finding: 'src/core/breaker.ts#Breaker', line: 5 },
        { member: 'legacy', finding: 'src/old/breaker.ts#OldBreaker', line: 6 },
      ],
      startLine: 4,
      endLine: 11,
    };
    const p = await make(files, [breakerCluster], {}, [init]);
    expect(p.plan().clusters[0]!.collapses).toEqual([expect.objectContaining({ keep: 'breaker', remove: 'legacy', status: 'collapse' })]);
    p.phase('imports');
    expect(readFileSync(join(p.dir, 'src/agent.ts'), 'utf8')).toBe(
      `import { Breaker } from './core/breaker.js';\n\nexport class Agent {\n  private readonly breaker = new Breaker(3);\n\n  ready(): boolean {\n    return this.breaker.isCallPermitted() && this.breaker.isCallPermitted();\n  }\n}\n`,
    );
    expect(tsc(p.dir)).toBe('');
    await removeDir(p.dir);

    const whole = await make({ ...files, 'src/agent.ts': files['src/agent.ts'].replace('this.legacy.isCallPermitted()', 'check(this.legacy)').replace('export class', 'function check(b: unknown): boolean {\n  return b !== null;\n}\n\nexport class') }, [breakerCluster], {}, [
      { ...init, holders: init.holders.map((h) => ({ ...h, line: h.line + 4 })) },
    ]);
    expect(whole.plan().blockers).toContainEqual(expect.objectContaining({ kind: 'double-init-incompatible', file: 'src/agent.ts', line: 13 }));
  });

  it('a double initialization whose moved member returns another shape is blocked until a template maps it', async () => {
    const files = {
      'src/core/health.ts': `export class Health {\n  report(): { level: 'ok' | 'bad' | 'down' } {\n    return { level: 'ok' };\n  }\n}\n`,
      'src/old/health.ts': `export class OldHealth {\n  report(): { healthy: boolean } {\n    return { healthy: true };\n  }\n}\n`,
      'src/agent.ts': `import { Health } from './core/health.js';\nimport { OldHealth } from './old/health.js';\n\nexport class Agent {\n  private readonly health = new Health();\n  private readonly legacy = new OldHealth();\n\n  status(): { healthy: boolean } {\n    return this.legacy.report();\n  }\n}\n`,
    };
    const cluster = { id: 'health', members: ['src/core/health.ts#Health', 'src/old/health.ts#OldHealth'] };
    const init = {
      id: 'src/agent.ts#Agent',
      file: 'src/agent.ts',
      class: 'Agent',
      cluster: 'health',
      holders: [
        { member: 'health', finding: 'src/core/health.ts#Health', line: 5 },
        { member: 'legacy', finding: 'src/old/health.ts#OldHealth', line: 6 },
      ],
      startLine: 4,
      endLine: 11,
    };
    const p = await make(files, [cluster], {}, [init]);
    expect(p.plan().blockers).toContainEqual(
      expect.objectContaining({ kind: 'double-init-incompatible', line: 9, hint: 'mappings["src/old/health.ts#OldHealth"].members.report = "<template over this.target, $0, $1...>"' }),
    );
    await removeDir(p.dir);

    const mapped = await make(files, [cluster], { mappings: { 'src/old/health.ts#OldHealth': { members: { report: "({ healthy: this.target.report().level === 'ok' })" } } } }, [init]);
    expect(mapped.plan().clusters[0]!.collapses).toEqual([expect.objectContaining({ status: 'collapse' })]);
    mapped.phase('imports');
    expect(readFileSync(join(mapped.dir, 'src/agent.ts'), 'utf8')).toContain("return ({ healthy: this.health.report().level === 'ok' });");
    expect(tsc(mapped.dir)).toBe('');
  });

  it('imports follow the importer style: path aliases, the shipped core, extensionless relative paths', async () => {
    const files = {
      'src/core/breaker.ts': breaker,
      'src/old/breaker.ts': breaker.replace('class Breaker', 'class OldBreaker'),
      'src/a.ts': `import { OldBreaker } from '@app/old/breaker';\n\nexport const a = new OldBreaker(1);\n`,
      'src/b.ts': `import { OldBreaker } from './old/breaker';\n\nexport const b = new OldBreaker(1);\n`,
    };
    const p = await make(files, [breakerCluster]);
    const moves = Object.fromEntries(p.plan().tasks.filter((t) => t.codemod === 'rewrite-imports').map((t) => [t.file, (t.options as { moves: Array<{ to: { specifier: string } }> }).moves[0]!.to.specifier]));
    expect(moves).toEqual({ 'src/a.ts': '@app/core/breaker', 'src/b.ts': './core/breaker' });
    await removeDir(p.dir);

    const core = await make(files, [breakerCluster], { canonical: { 'circuit-breaker': 'ssot/resilience#CircuitBreaker' } });
    const plan = core.plan();
    expect(plan.clusters[0]!.canonical).toMatchObject({ ref: 'ssot/resilience#CircuitBreaker', file: null, package: 'ssot/resilience', source: 'config' });
    // Importers would import the package, and are checked against its real API (which takes options, not a number).
    // With the shipped core as canonical, every member of the cluster is superseded.
    expect(plan.clusters[0]!.superseded.map((m) => m.id)).toEqual(['src/core/breaker.ts#Breaker', 'src/old/breaker.ts#OldBreaker']);
    const importers = plan.clusters[0]!.superseded[1]!.importers;
    expect(importers.map((i) => [i.file, i.newSpecifier, i.bindings[0]!.newImported])).toEqual([
      ['src/a.ts', 'ssot/resilience', 'CircuitBreaker'],
      ['src/b.ts', 'ssot/resilience', 'CircuitBreaker'],
    ]);
    expect(plan.blockers).toContainEqual(expect.objectContaining({ kind: 'signature-mismatch', file: 'src/a.ts', line: 3, message: expect.stringContaining('ssot/resilience#CircuitBreaker') }));
  });
});
