/**
 * A superseded function whose parameter is typed with a superseded config type fits the canonical's
 * signature once that config type becomes an alias of the canonical config type: it is re-exported,
 * not blocked for want of an adapter. Whether the alias is planned in this run or was written by an
 * earlier run of the config phase.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';
import { tsc } from './test-utils/tsc.js';

const options = `/** How a retried call behaves. */
export interface RetryOptions {
  retries: number;
  delayMs: number;
  onRetry?: (error: unknown, attempt: number) => void;
}
`;
const canonical = `import type { RetryOptions } from './options.js';

export async function retryAsync<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= options.retries) throw error;
      options.onRetry?.(error, attempt + 1);
    }
  }
}
`;
const legacyType = `/** Options of the 1.x retry helper. */
export interface RetryOpts {
  retries: number;
  delayMs: number;
}
`;
const legacyAlias = `import type { RetryOptions } from '../resilience/options.js';

/**
 * @deprecated Use \`RetryOptions\` from \`src/resilience/options.ts\` instead.
 * @ssot-shim src/resilience/options.ts#RetryOptions
 */
export type RetryOpts = RetryOptions;
`;
const legacyHelper = `
/** Calls \`fn\` again after a failure. */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOpts): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= opts.retries) throw err;
    }
  }
}
`;
const user = `import { withRetry, type RetryOpts } from '../legacy/with-retry.js';

const defaults: RetryOpts = { retries: 2, delayMs: 1 };

export function load(read: () => Promise<string>): Promise<string> {
  return withRetry(read, defaults);
}
`;
const config = { canonical: { retry: 'src/resilience/retry.ts#retryAsync', 'retry-config': 'src/resilience/options.ts#RetryOptions' } };
const retryCluster = { id: 'retry', members: ['src/resilience/retry.ts#retryAsync', 'src/legacy/with-retry.ts#withRetry'] };
const configCluster = {
  id: 'retry-config',
  members: ['src/resilience/options.ts#RetryOptions', 'src/legacy/with-retry.ts#RetryOpts'],
  kinds: { 'src/resilience/options.ts#RetryOptions': 'config-type', 'src/legacy/with-retry.ts#RetryOpts': 'config-type' } as const,
};
const files = (legacy: string) => ({ 'src/resilience/options.ts': options, 'src/resilience/retry.ts': canonical, 'src/legacy/with-retry.ts': legacy + legacyHelper, 'src/app/load.ts': user });

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

describe('a parameter typed with a config type aliased to the canonical one', () => {
  it('fits the canonical signature when the alias is planned in the same run', async () => {
    current = await project(files(legacyType), [retryCluster, configCluster], config);
    const plan = current.plan();
    expect(plan.blockers.filter((b) => b.kind === 'adapter-incomplete').map((b) => b.message)).toEqual([]);
    const retry = plan.clusters.find((c) => c.id === 'retry')!;
    expect(retry.superseded[0]!.shim?.kind).toBe('re-export');
    // Clusters are still reported in id order, although config clusters are planned first.
    expect(plan.clusters.map((c) => c.id)).toEqual(['retry', 'retry-config']);
    current.phase('config');
    current.phase('imports');
    expect(readFileSync(join(current.dir, 'src/app/load.ts'), 'utf8')).toContain("import { retryAsync as withRetry } from '../resilience/retry.js';");
    expect(tsc(current.dir)).toBe('');
  });

  it('fits the canonical signature when an earlier run already wrote the alias', async () => {
    current = await project(files(legacyAlias), [retryCluster], config);
    const plan = current.plan();
    expect(plan.blockers.filter((b) => b.kind === 'adapter-incomplete').map((b) => b.message)).toEqual([]);
    current.phase('imports');
    expect(readFileSync(join(current.dir, 'src/app/load.ts'), 'utf8')).toContain("import { retryAsync as withRetry } from '../resilience/retry.js';");
    expect(readFileSync(join(current.dir, 'src/legacy/with-retry.ts'), 'utf8')).toContain('retryAsync as withRetry,');
    expect(tsc(current.dir)).toBe('');
  });
});
