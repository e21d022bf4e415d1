import { afterAll, describe, expect, it } from 'vitest';
import { isSsotError } from '../shared/errors.js';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { compareFeatures, compareSymbols, parseSymbolRef } from './compare.js';

const root = await writeTree({
  'src/core/reliability-manager.ts': `import { CircuitBreaker } from './cb';
export interface RetryConfig { maxRetries: number; baseDelay: number }
export class ReliabilityManager {
  private breaker = new CircuitBreaker();
  constructor(private readonly config: RetryConfig) {}
  async execute<T>(operation: () => Promise<T>): Promise<T> {
    this.emit('agent_thinking');
    return this.breaker.call(operation, this.config.maxRetries);
  }
  getHealthStatus() { return {}; }
  private emit(_event: string) {}
}
`,
  'src/legacy/reliability.js': `class AgentReliabilityWrapper {
  constructor(name, options) {
    this.name = name;
    this.maxRetries = options.max_retries;
  }
  async executeSafely(operation, { fallback, max_retries = 3 } = {}) {
    this.options.onFailure && this.options.onFailure();
    return operation();
  }
  getHealthStatus() { return {}; }
  getErrorHistory() { return []; }
}
module.exports = { AgentReliabilityWrapper };
`,
  'src/broken.jsx': `export function broken( { return 1
`,
  'src/types.ts': `export type Shared = { max_retries: number; base_delay: number; jitter: boolean };
export function helper(opts: { retries: number; delayMs: number }) { return opts.retries; }
`,
});
afterAll(() => removeDir(root));

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isSsotError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('compareSymbols', () => {
  it('compares two classes in TS and JS: members, fields, options and events', async () => {
    const result = await compareSymbols(root, 'src/core/reliability-manager.ts#ReliabilityManager', 'src/legacy/reliability.js#AgentReliabilityWrapper');
    expect(result.a).toMatchObject({ file: 'src/core/reliability-manager.ts', symbol: 'ReliabilityManager', declaration: 'class', startLine: 3, endLine: 12 });
    expect(result.b).toMatchObject({ file: 'src/legacy/reliability.js', symbol: 'AgentReliabilityWrapper', declaration: 'class', startLine: 1, endLine: 12 });
    const members = result.rows.filter((r) => r.category === 'members');
    expect(members).toEqual([
      { category: 'members', name: 'execute', a: 'execute' },
      { category: 'members', name: 'getHealthStatus', a: 'getHealthStatus', b: 'getHealthStatus' },
      { category: 'members', name: 'executeSafely', b: 'executeSafely' },
      { category: 'members', name: 'getErrorHistory', b: 'getErrorHistory' },
    ]);
    expect(result.summary.members).toEqual({ both: 1, onlyA: 1, onlyB: 2 });
    expect(result.rows.filter((r) => r.category === 'events')).toEqual([
      { category: 'events', name: 'agent_thinking', a: 'agent_thinking' },
      { category: 'events', name: 'onFailure', b: 'onFailure' },
    ]);
    expect(result.identical).toBe(false);
    expect(result.similarity).toBeGreaterThanOrEqual(0);
    expect(result.similarity).toBeLessThan(1);
  });

  it('matches names across naming styles (maxRetries / max_retries)', async () => {
    const result = await compareSymbols(root, 'src/core/reliability-manager.ts#RetryConfig', 'src/types.ts#Shared');
    expect(result.rows).toEqual([
      { category: 'fields', name: 'maxRetries', a: 'maxRetries', b: 'max_retries' },
      { category: 'fields', name: 'baseDelay', a: 'baseDelay', b: 'base_delay' },
      { category: 'fields', name: 'jitter', b: 'jitter' },
    ]);
  });

  it('compares methods (Class.method), functions and absolute paths', async () => {
    const result = await compareSymbols(root, 'src/legacy/reliability.js#AgentReliabilityWrapper.executeSafely', `${root}/src/types.ts#helper`);
    expect(result.a).toMatchObject({ symbol: 'AgentReliabilityWrapper.executeSafely', declaration: 'method', startLine: 6, endLine: 9 });
    expect(result.rows.filter((r) => r.category === 'options')).toEqual([
      { category: 'options', name: 'fallback', a: 'fallback' },
      { category: 'options', name: 'max_retries', a: 'max_retries' },
      { category: 'options', name: 'retries', b: 'retries' },
      { category: 'options', name: 'delayMs', b: 'delayMs' },
    ]);
  });

  it('says a declaration compared with itself is identical', async () => {
    const ref = 'src/core/reliability-manager.ts#ReliabilityManager';
    const result = await compareSymbols(root, ref, ref);
    expect(result.identical).toBe(true);
    expect(result.similarity).toBe(1);
  });

  it('fails with every problem when files or symbols do not exist', async () => {
    const error = await failure(compareSymbols(root, 'src/nope.ts#A', 'src/types.ts#Missing'));
    expect(error.code).toBe('input');
    expect(error.issues).toEqual([
      { path: 'src/nope.ts#A', message: expect.stringContaining('no such file') },
      { path: 'src/types.ts#Missing', message: 'declared there: Shared, helper' },
    ]);
  });

  it('names the syntax error of a file whose declaration it cannot find', async () => {
    const error = await failure(compareSymbols(root, 'src/broken.jsx#broken', 'src/types.ts#Shared'));
    expect(error.issues).toEqual([{ path: 'src/broken.jsx#broken', message: expect.stringMatching(/; the file has a syntax error at line 1: /) }]);
  });

  it('rejects references without #Symbol', async () => {
    expect(() => parseSymbolRef('src/types.ts')).toThrow(/file#Symbol/);
    expect(parseSymbolRef('a/b.ts#C.d')).toEqual({ path: 'a/b.ts', symbol: 'C.d' });
  });
});

describe('compareFeatures', () => {
  it('builds the matrix from two feature sets (hand-built data)', () => {
    const { rows, summary } = compareFeatures(
      { members: ['a', 'b'], fields: [], options: ['x'], events: [] },
      { members: ['B', 'c'], fields: ['f'], options: [], events: ['e'] },
    );
    expect(rows).toEqual([
      { category: 'members', name: 'a', a: 'a' },
      { category: 'members', name: 'b', a: 'b', b: 'B' },
      { category: 'members', name: 'c', b: 'c' },
      { category: 'fields', name: 'f', b: 'f' },
      { category: 'options', name: 'x', a: 'x' },
      { category: 'events', name: 'e', b: 'e' },
    ]);
    expect(summary).toEqual({
      members: { both: 1, onlyA: 1, onlyB: 1 },
      fields: { both: 0, onlyA: 0, onlyB: 1 },
      options: { both: 0, onlyA: 1, onlyB: 0 },
      events: { both: 0, onlyA: 0, onlyB: 1 },
    });
  });
});
