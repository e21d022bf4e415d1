/**
 * Inline retries in the planner and the imports phase: with an inline template on the canonical, a
 * retry loop in a method becomes a call to it that behaves like the loop did (same attempts, same
 * errors, same clean-up); without one, or for a shape the codemod does not rewrite exactly, a blocker
 * says why. Also: call templates that borrow the superseded module's helpers, or decorate, stay behind
 * the adapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../../test-utils/fixtures.js';
import { buildPlan } from './build-plan.js';
import { reader, runPhase, scanResult, testConfig } from './test-utils/scan-result.js';
import { simpleGraph } from './test-utils/simple-graph.js';

const retry = `export interface RetryPolicy {
  maxAttempts: number;
  retryOn?: (error: unknown, attempt: number) => boolean;
  delayFor?: (attempt: number, error: unknown) => number | undefined;
}

export class Retry {
  static waits: number[] = [];
  constructor(readonly name: string, readonly policy: RetryPolicy) {}

  async execute<T>(operation: (attempt: number) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      try {
        return await operation(attempt);
      } catch (error) {
        lastError = error;
        if (attempt === this.policy.maxAttempts || !(this.policy.retryOn?.(error, attempt) ?? true)) break;
        Retry.waits.push(this.policy.delayFor?.(attempt, error) ?? 0);
      }
    }
    throw lastError;
  }
}
`;

const db = `export const waits: number[] = [];
async function sleep(ms: number): Promise<void> {
  waits.push(ms);
}

export interface Connection {
  query(sql: string): Promise<string>;
  release(): void;
}

export class Db {
  constructor(private readonly connect: () => Promise<Connection>, private readonly maxRetries = 3) {}

  async query(sql: string): Promise<string> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      let connection: Connection | undefined;
      try {
        connection = await this.connect();
        return await connection.query(sql);
      } catch (error) {
        lastError = error;
        if ((error as { code?: string }).code !== 'ECONNRESET' || attempt === this.maxRetries) break;
        await sleep(10 * 2 ** attempt);
      } finally {
        connection?.release();
      }
    }
    throw lastError;
  }
}
`;

const template = 'new Retry($name, { maxAttempts: $attempts, retryOn: $retryOn, delayFor: $delay }).execute($operation)';
const cluster = { id: 'retry', members: ['src/retry.ts#Retry', 'src/db.ts#Db.query'] };

let dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs) await removeDir(dir);
  dirs = [];
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(files);
  dirs.push(dir);
  return dir;
}

function withTemplate(dir: string, phases?: ReturnType<typeof testConfig>['phases']) {
  return testConfig(dir, { mappings: { 'src/retry.ts#Retry': { members: { '(inline)': template } } }, ...(phases ? { phases } : {}) });
}

function planOf(dir: string, config = testConfig(dir)) {
  const graph = simpleGraph(dir);
  return buildPlan({ result: scanResult(dir, graph, [cluster]), graph, config, readFile: reader(dir) });
}

/** Runs `query` against connections that fail with the given codes, then answer. */
async function drive(file: string, codes: string[], maxRetries = 3): Promise<{ outcome: string; connects: number; released: number }> {
  const module = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { Db: new (connect: () => Promise<unknown>, maxRetries: number) => { query(sql: string): Promise<string> } };
  let connects = 0;
  let released = 0;
  const connect = async () => {
    const n = connects++;
    return {
      query: async (sql: string) => {
        if (n < codes.length) throw Object.assign(new Error(`fail ${n}`), { code: codes[n] });
        return `${sql} ok`;
      },
      release: () => void released++,
    };
  };
  const outcome = await new module.Db(connect, maxRetries).query('select 1').then(
    (value) => value,
    (error: Error) => `error: ${error.message}`,
  );
  return { outcome, connects, released };
}

describe('inline retries', () => {
  it('without an inline template on the canonical, stay a blocker that names the config to add', async () => {
    const dir = await project({ 'src/retry.ts': retry, 'src/db.ts': db });
    const plan = planOf(dir);
    const blocker = plan.blockers.find((b) => b.kind === 'inline-implementation');
    expect(blocker).toMatchObject({ symbol: 'src/db.ts#Db.query', file: 'src/db.ts', phase: 'imports' });
    expect(blocker!.hint).toContain('members["(inline)"] = "new Retry(…$attempts…$retryOn…$delay…).execute($operation)"');
    expect(plan.tasks.filter((t) => t.codemod === 'inline-retry')).toEqual([]);
  });

  it('without an inline template, suggest a call, not `new`, when the canonical is a function', async () => {
    const retryFunction = `export async function retry<T>(operation: (attempt: number) => Promise<T>, policy: { maxAttempts: number }): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
`;
    const dir = await project({ 'src/retry.ts': retryFunction, 'src/db.ts': db });
    const graph = simpleGraph(dir);
    const plan = buildPlan({ result: scanResult(dir, graph, [{ id: 'retry', members: ['src/retry.ts#retry', 'src/db.ts#Db.query'] }]), graph, config: testConfig(dir), readFile: reader(dir) });
    const blocker = plan.blockers.find((b) => b.kind === 'inline-implementation');
    expect(blocker!.hint).toContain('members["(inline)"] = "retry($operation, { …$attempts…$retryOn…$delay… })"');
    expect(blocker!.hint).not.toContain('new retry');
  });

  it('with one, become a call to the canonical that retries, gives up and cleans up like the loop did', async () => {
    const dir = await project({ 'src/retry.ts': retry, 'src/db.ts': db });
    const original = join(dir, 'src/db-original.ts');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(original, db);
    const config = withTemplate(dir);
    const { plan, result } = runPhase(dir, 'imports', (graph) => scanResult(dir, graph, [cluster]), config);
    expect(plan.blockers.filter((b) => b.kind === 'inline-implementation')).toEqual([]);
    expect(result.changes.map((c) => c.path)).toEqual(['src/db.ts']);
    const rewritten = readFileSync(join(dir, 'src/db.ts'), 'utf8');
    expect(rewritten).toContain("return await new Retry('Db.query', { maxAttempts: this.maxRetries + 1");
    expect(rewritten).not.toMatch(/for \(let attempt/);
    // Same behaviour for a success after retries, a non-retryable error, and exhaustion.
    for (const codes of [['ECONNRESET', 'ECONNRESET'], ['ECONNRESET', 'EBADSQL'], ['ECONNRESET', 'ECONNRESET', 'ECONNRESET', 'ECONNRESET', 'ECONNRESET']]) {
      expect(await drive(join(dir, 'src/db.ts'), codes), codes.join(',')).toEqual(await drive(original, codes));
    }
    expect(await drive(join(dir, 'src/db.ts'), ['ECONNRESET', 'ECONNRESET'])).toEqual({ outcome: 'select 1 ok', connects: 3, released: 3 });
    expect(await drive(join(dir, 'src/db.ts'), ['ECONNRESET', 'EBADSQL'])).toEqual({ outcome: 'error: fail 1', connects: 2, released: 2 });
    expect(await drive(join(dir, 'src/db.ts'), Array(9).fill('ECONNRESET'))).toEqual({ outcome: 'error: fail 3', connects: 4, released: 4 });
    // Running the phase again changes nothing.
    const again = runPhase(dir, 'imports', (graph) => scanResult(dir, graph, [cluster]), config);
    expect(again.result.changes).toEqual([]);
  });

  it('of a shape the codemod does not rewrite exactly, stay a blocker that says why', async () => {
    const odd = db.replace('await sleep(10 * 2 ** attempt);', 'await sleep(10 * 2 ** attempt);\n        if (attempt > 1) continue;');
    const dir = await project({ 'src/retry.ts': retry, 'src/db.ts': odd });
    const plan = planOf(dir, withTemplate(dir));
    const blocker = plan.blockers.find((b) => b.kind === 'inline-implementation');
    expect(blocker?.message).toContain('not rewritten: the catch block goes on after its wait');
    expect(plan.tasks.filter((t) => t.codemod === 'inline-retry')).toEqual([]);
  });

  it('stay a blocker of the imports phase when no phase runs the codemod', async () => {
    const dir = await project({ 'src/retry.ts': retry, 'src/db.ts': db });
    const phases = testConfig(dir).phases.map((p) => ({ ...p, codemods: p.codemods.filter((c) => c !== 'inline-retry') }));
    const plan = planOf(dir, withTemplate(dir, phases));
    expect(plan.blockers.find((b) => b.kind === 'inline-implementation')).toMatchObject({ phase: 'imports', hint: expect.stringContaining('inline-retry') });
    expect(plan.tasks.filter((t) => t.codemod === 'inline-retry')).toEqual([]);
  });
});

describe('call templates that apply only inside the adapter', () => {
  const legacy = `import { Retry } from './retry.js';

const retryable = (error: unknown): boolean => error instanceof Error;

export function legacyRetry<T>(fn: () => Promise<T>, times: number): Promise<T> {
  return fn().catch((error: unknown) => (times > 0 && retryable(error) ? legacyRetry(fn, times - 1) : Promise.reject(error)));
}

export function retrying(times: number) {
  return (_target: object, _key: string, descriptor: PropertyDescriptor): PropertyDescriptor => {
    void times;
    void Retry;
    return descriptor;
  };
}
`;
  const use = `import { legacyRetry, retrying } from './legacy.js';

export const value = legacyRetry(async () => 1, 2);

export class Loader {
  @retrying(2)
  async load(): Promise<number> {
    return 1;
  }
}
`;
  const clusters = [{ id: 'retry', members: ['src/retry.ts#Retry', 'src/legacy.ts#legacyRetry', 'src/legacy.ts#retrying'] }];
  const mappings = {
    'src/legacy.ts#legacyRetry': { members: { '()': "new Retry('legacy', { maxAttempts: $1 + 1, retryOn: retryable }).execute(() => $0())" } },
    'src/legacy.ts#retrying': { members: { '()': "(_t: object, _k: string, d: PropertyDescriptor) => { const f = d.value; d.value = function (this: unknown) { return new Retry('r', { maxAttempts: $0 + 1 }).execute(() => f.call(this)) }; return d }" } },
  };

  it('keep their call sites on the adapter: a template naming a helper of the superseded module, and a decorator', async () => {
    const dir = await project({ 'src/retry.ts': retry, 'src/legacy.ts': legacy, 'src/use.ts': use });
    const graph = simpleGraph(dir);
    const plan = buildPlan({ result: scanResult(dir, graph, clusters), graph, config: testConfig(dir, { mappings }), readFile: reader(dir) });
    const messages = plan.blockers.filter((b) => b.file === 'src/use.ts').map((b) => b.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('names retryable of src/legacy.ts, so it applies only inside its adapter'),
        expect.stringContaining('@retrying(...) decorates a member'),
      ]),
    );
    const importers = plan.clusters[0]!.superseded.flatMap((m) => m.importers).filter((i) => i.file === 'src/use.ts');
    expect(importers.every((i) => i.status === 'blocked')).toBe(true);
    // Both still get adapters that delegate to the canonical.
    expect(plan.clusters[0]!.superseded.map((m) => m.shim?.kind)).toEqual(['adapter', 'adapter']);
  });
});
