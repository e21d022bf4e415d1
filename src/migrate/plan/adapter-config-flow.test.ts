/**
 * A superseded config type whose values flow into a superseded function kept as an adapter (its call
 * template names a helper of the module, so callers keep calling it): the adapter's parameter takes the
 * canonical type with the group, its template reads the canonical's fields (converted back), the
 * module's typed default is converted, and the callers' values follow. What cannot follow stays blocked
 * at its file:line and nothing is rewritten for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { convertedReads } from './plan-utils/adapter-config-flow.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

const shared = `export interface RetryConfig {
  maxRetries: number;
  baseDelay: number;
  respectRetryAfter?: boolean;
}
`;
const canonical = `export async function retry<T>(operation: () => Promise<T>, options: { attempts: number; delayMs: number; retryOn?: (error: unknown) => boolean }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.attempts || (options.retryOn && !options.retryOn(error))) throw error;
      await Promise.resolve(options.delayMs);
    }
  }
}
`;
const llm = `export type Strategy = {
  maxAttempts: number;
  baseDelay: number;
};

export const DEFAULT_STRATEGY: Strategy = {
  maxAttempts: 4,
  baseDelay: 20,
};

const isRetryable = (error: unknown): boolean => !(error instanceof TypeError);

export async function attemptWithBackoff<T>(request: () => Promise<T>, strategy: Strategy = DEFAULT_STRATEGY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= strategy.maxAttempts || !isRetryable(error)) throw error;
      await Promise.resolve(strategy.baseDelay);
    }
  }
}
`;
const client = (extra = '') => `import { attemptWithBackoff, DEFAULT_STRATEGY, type Strategy } from '../old/llm.js';

const quick: Strategy = { maxAttempts: 2, baseDelay: 1 };

export function fetchQuick(): Promise<number> {
  return attemptWithBackoff(async () => 1, quick);
}

export function fetchLiteral(): Promise<number> {
  return attemptWithBackoff(async () => 2, { maxAttempts: 3, baseDelay: 5 });
}

export function fetchDefault(): Promise<number> {
  return attemptWithBackoff(async () => 3, DEFAULT_STRATEGY);
}
${extra}`;
const llmClient = (extra = '') => `import { attemptWithBackoff, DEFAULT_STRATEGY, type Strategy } from '../old/llm.js';

export class LlmClient {
  constructor(
    private readonly model: string,
    private readonly strategy: Strategy = DEFAULT_STRATEGY,
  ) {}

  complete(): Promise<string> {
    return attemptWithBackoff(async () => this.model, this.strategy);
  }
${extra}}
`;
const main = `import { LlmClient } from './llm-client.js';\n\nexport const fast = new LlmClient('x', { maxAttempts: 5, baseDelay: 0 });\nexport const plain = new LlmClient('y');\n`;
const template = '$target(() => $0(), { attempts: $1.maxAttempts, delayMs: $1.baseDelay, retryOn: isRetryable })';
const config = (call = template) => ({
  canonical: { retry: 'src/core/retry.ts#retry', 'retry-config': 'src/types.ts#RetryConfig' },
  mappings: {
    'src/old/llm.ts#attemptWithBackoff': { members: { '()': call } },
    'src/old/llm.ts#Strategy': { fields: { maxAttempts: 'maxRetries: $ - 1' } },
  },
});
const clusters = [
  { id: 'retry', members: ['src/core/retry.ts#retry', 'src/old/llm.ts#attemptWithBackoff'] },
  { id: 'retry-config', members: ['src/types.ts#RetryConfig', 'src/old/llm.ts#Strategy'] },
];

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

async function make(files: Record<string, string>, call?: string): Promise<TestProject> {
  current = await project({ 'src/types.ts': shared, 'src/core/retry.ts': canonical, 'src/old/llm.ts': llm, ...files }, clusters, config(call));
  return current;
}

const read = (file: string): string => readFileSync(join(current!.dir, file), 'utf8');
const flowBlockers = (p: TestProject) => p.plan().blockers.filter((b) => b.kind === 'value-escapes' && b.symbol === 'src/old/llm.ts#Strategy');

describe('a config type flowing into a superseded adapter of its own module', () => {
  it('moves with the adapter: the parameter and its default const take the canonical type, template reads and caller values follow', async () => {
    const p = await make({ 'src/app/client.ts': client() });
    expect(flowBlockers(p)).toEqual([]);
    p.phase('config');
    p.phase('imports');
    const adapter = read('src/old/llm.ts');
    expect(adapter).toContain('export const DEFAULT_STRATEGY: RetryConfig = {\n  maxRetries: 3,\n  baseDelay: 20,\n};');
    expect(adapter).toContain('function attemptWithBackoff<T>(request: () => Promise<T>, strategy: RetryConfig = DEFAULT_STRATEGY): Promise<T>');
    expect(adapter).toContain('{ attempts: strategy.maxRetries + 1, delayMs: strategy.baseDelay, retryOn: isRetryable }');
    const moved = read('src/app/client.ts');
    expect(moved).toContain('const quick: Strategy = { maxRetries: 1, baseDelay: 1 };');
    expect(moved).toContain('attemptWithBackoff(async () => 2, { maxRetries: 2, baseDelay: 5 })');
    expect(moved).not.toMatch(/import[^;]*Strategy[^;]*'\.\.\/old\/llm\.js'/);
    expect(tsc(p.dir)).toBe('');
    // Nothing is left for a second run, and the old type is unused: the delete phase removes it.
    expect(p.phase('imports').result.changes).toEqual([]);
    p.phase('delete');
    expect(read('src/old/llm.ts')).not.toMatch(/\bStrategy\b/);
    expect(tsc(p.dir)).toBe('');
  });

  it('a value from elsewhere passed to the adapter keeps the adapter, its default and the caller as written, blocked at the caller', async () => {
    const load = `import type { Strategy } from '../old/llm.js';\n\nexport function loadStrategy(): Strategy {\n  return { maxAttempts: 1, baseDelay: 0 };\n}\n`;
    const caller = `import { attemptWithBackoff } from '../old/llm.js';\nimport { loadStrategy } from './load.js';\n\nexport const loaded = () => attemptWithBackoff(async () => 4, loadStrategy());\n`;
    const p = await make({ 'src/app/client.ts': client(), 'src/app/load.ts': load, 'src/app/caller.ts': caller });
    expect(flowBlockers(p)).toContainEqual(expect.objectContaining({ file: 'src/app/caller.ts', line: 4 }));
    p.phase('config');
    p.phase('imports');
    expect(read('src/old/llm.ts')).toContain('strategy: Strategy = DEFAULT_STRATEGY');
    expect(read('src/old/llm.ts')).toContain('export const DEFAULT_STRATEGY: Strategy = {\n  maxAttempts: 4,');
    expect(read('src/app/client.ts')).toBe(client());
    expect(tsc(p.dir)).toBe('');
  });

  it('a template that passes the value on whole keeps the old type, with the adapter and the callers as blockers', async () => {
    const helpers = `import type { Strategy } from './llm.js';\n\nexport const attemptsOf = (strategy: Strategy): number => strategy.maxAttempts;\n`;
    const p = await make({ 'src/app/client.ts': client(), 'src/old/helpers.ts': helpers }, '$target(() => $0(), { attempts: attemptsOf($1), delayMs: $1.baseDelay, retryOn: isRetryable })');
    const blockers = flowBlockers(p);
    expect(blockers).toContainEqual(expect.objectContaining({ file: 'src/old/llm.ts', message: expect.stringContaining('uses $1 other than by reading its fields') }));
    expect(blockers).toContainEqual(expect.objectContaining({ file: 'src/app/client.ts', line: 6 }));
    p.phase('config');
    p.phase('imports');
    expect(read('src/app/client.ts')).toBe(client());
    expect(read('src/old/llm.ts')).toContain('strategy: Strategy = DEFAULT_STRATEGY');
  });

  it('the default const used as the old type elsewhere keeps the group where it is, blocked at that use', async () => {
    const p = await make({ 'src/app/client.ts': client('\nexport const attempts = DEFAULT_STRATEGY.maxAttempts;\n') });
    expect(flowBlockers(p)).toContainEqual(expect.objectContaining({ file: 'src/app/client.ts', line: 17, message: expect.stringContaining('DEFAULT_STRATEGY is used here') }));
    p.phase('config');
    p.phase('imports');
    expect(read('src/old/llm.ts')).toContain('export const DEFAULT_STRATEGY: Strategy = {');
    expect(tsc(p.dir)).toBe('');
  });

  it('a converter default naming a value of the canonical module: every file writing converted literals imports it', async () => {
    const withMode = `export enum Mode {\n  FAST = 'fast',\n  SLOW = 'slow',\n}\n\nexport interface RetryConfig {\n  maxRetries: number;\n  baseDelay: number;\n  mode: Mode;\n}\n`;
    current = await project({ 'src/types.ts': withMode, 'src/core/retry.ts': canonical, 'src/old/llm.ts': llm, 'src/app/client.ts': client() }, clusters, {
      ...config(),
      mappings: { ...config().mappings, 'src/old/llm.ts#Strategy': { fields: { maxAttempts: 'maxRetries: $ - 1', mode: 'Mode.SLOW' } } },
    });
    expect(flowBlockers(current)).toEqual([]);
    current.phase('config');
    current.phase('imports');
    expect(read('src/old/llm.ts')).toContain('maxRetries: 3,\n  baseDelay: 20,\n  mode: Mode.SLOW,');
    const moved = read('src/app/client.ts');
    expect(moved).toContain('const quick: Strategy = { maxRetries: 1, baseDelay: 1, mode: Mode.SLOW };');
    expect(moved).toContain('{ maxRetries: 2, baseDelay: 5, mode: Mode.SLOW }');
    expect(moved).toMatch(/import \{[^}]*\bMode\b[^}]*\} from '\.\.\/types\.js';/);
    expect(tsc(current.dir)).toBe('');
  });

  it('a converter value whose name a caller uses for something else keeps the group where it is, blocked there', async () => {
    const withMode = `export enum Mode {\n  FAST = 'fast',\n  SLOW = 'slow',\n}\n\nexport interface RetryConfig {\n  maxRetries: number;\n  baseDelay: number;\n  mode: Mode;\n}\n`;
    const other = `import { attemptWithBackoff } from '../old/llm.js';\n\nconst Mode = 'local';\n\nexport const run = () => attemptWithBackoff(async () => Mode, { maxAttempts: 1, baseDelay: 0 });\n`;
    current = await project({ 'src/types.ts': withMode, 'src/core/retry.ts': canonical, 'src/old/llm.ts': llm, 'src/app/client.ts': client(), 'src/app/other.ts': other }, clusters, {
      ...config(),
      mappings: { ...config().mappings, 'src/old/llm.ts#Strategy': { fields: { maxAttempts: 'maxRetries: $ - 1', mode: 'Mode.SLOW' } } },
    });
    expect(flowBlockers(current)).toContainEqual(expect.objectContaining({ file: 'src/app/other.ts', message: expect.stringContaining('Mode, which the converted literals use, names something else') }));
    current.phase('config');
    current.phase('imports');
    expect(read('src/app/client.ts')).toBe(client());
    expect(read('src/app/other.ts')).toBe(other);
    expect(tsc(current.dir)).toBe('');
  });

  it('a private parameter property of the type joins the group: its default and the values passed to it follow, and this.<name> feeds the adapter', async () => {
    const p = await make({ 'src/app/client.ts': client(), 'src/app/llm-client.ts': llmClient(), 'src/app/main.ts': main });
    expect(flowBlockers(p)).toEqual([]);
    p.phase('config');
    p.phase('imports');
    const moved = read('src/app/llm-client.ts');
    expect(moved).toContain('private readonly strategy: Strategy = DEFAULT_STRATEGY,');
    expect(moved).not.toMatch(/import[^;]*Strategy[^;]*'\.\.\/old\/llm\.js'/);
    expect(read('src/app/main.ts')).toContain("new LlmClient('x', { maxRetries: 4, baseDelay: 0 })");
    expect(tsc(p.dir)).toBe('');
    p.phase('delete');
    expect(read('src/old/llm.ts')).not.toMatch(/\bStrategy\b/);
    expect(tsc(p.dir)).toBe('');
  });

  it('a parameter property used other than passed to the group or read keeps the old type, blocked at that use', async () => {
    const p = await make({ 'src/app/client.ts': client(), 'src/app/llm-client.ts': llmClient('\n  describe(): string {\n    return JSON.stringify(this.strategy);\n  }\n'), 'src/app/main.ts': main });
    expect(flowBlockers(p)).toContainEqual(expect.objectContaining({ file: 'src/app/llm-client.ts', line: 14, message: expect.stringContaining('this.strategy is used here') }));
    p.phase('config');
    p.phase('imports');
    expect(read('src/app/main.ts')).toBe(main);
    expect(read('src/old/llm.ts')).toContain('strategy: Strategy = DEFAULT_STRATEGY');
    expect(tsc(p.dir)).toBe('');
  });

  it('template reads convert through the mapping; fields without a way back are left for the planner to refuse', () => {
    expect(convertedReads('f($1.maxAttempts, $1.baseDelay, $0.maxAttempts)', 1, { fields: { maxAttempts: 'maxRetries: $ - 1' } })).toBe('f($1.maxRetries + 1, $1.baseDelay, $0.maxAttempts)');
    expect(convertedReads('g($1.timeout)', 1, { fields: { timeout: 'timeoutMs: $ * 1000' } })).toBe('g($1.timeoutMs / 1000)');
  });
});
