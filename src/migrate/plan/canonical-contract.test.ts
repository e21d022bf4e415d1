/**
 * The canonical retry's own options type competing with the configured config canonical: the plan says
 * once that converting it would change the canonical, plans nothing for it, and names the way out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';

const shared = `export interface RetryConfig {
  maxRetries: number;
  baseDelay: number;
}
`;
const handler = `export interface HandlerOptions {
  maxAttempts: number;
  baseDelayMs: number;
}

export class RetryHandler {
  constructor(readonly options: HandlerOptions) {}
  async execute<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (attempt >= this.options.maxAttempts) throw error;
      }
    }
  }
}
`;
const clusters = [
  { id: 'retry', members: ['src/core/handler.ts#RetryHandler', 'src/old/retry.ts#oldRetry'] },
  { id: 'retry-config', members: ['src/types.ts#RetryConfig', 'src/core/handler.ts#HandlerOptions'] },
];
const oldRetry = `export async function oldRetry<T>(operation: () => Promise<T>): Promise<T> {
  return operation();
}
`;

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

describe("a canonical's own options type", () => {
  it('is reported once as part of that canonical, and nothing converts, moves or deletes it', async () => {
    current = await project({ 'src/types.ts': shared, 'src/core/handler.ts': handler, 'src/old/retry.ts': oldRetry }, clusters, {
      canonical: { retry: 'src/core/handler.ts#RetryHandler', 'retry-config': 'src/types.ts#RetryConfig' },
    });
    const plan = current.plan();
    const about = plan.blockers.filter((b) => b.symbol === 'src/core/handler.ts#HandlerOptions');
    expect(about).toEqual([
      expect.objectContaining({ kind: 'canonical-signature', severity: 'error', file: 'src/core/handler.ts', line: 1, cluster: 'retry-config' }),
    ]);
    expect(about[0]!.message).toContain('src/core/handler.ts#RetryHandler (canonical of retry) takes (constructor)');
    expect(plan.tasks.filter((t) => t.file === 'src/core/handler.ts')).toEqual([]);
    expect(plan.deletions.filter((d) => d.file === 'src/core/handler.ts')).toEqual([]);
  });

  it('becomes the config canonical when the config names it, and the other type is converted instead', async () => {
    current = await project({ 'src/types.ts': shared, 'src/core/handler.ts': handler, 'src/old/retry.ts': oldRetry }, clusters, {
      canonical: { retry: 'src/core/handler.ts#RetryHandler', 'retry-config': 'src/core/handler.ts#HandlerOptions' },
      mappings: { 'src/types.ts#RetryConfig': { fields: { maxRetries: 'maxAttempts: $ + 1', baseDelay: 'baseDelayMs' } } },
    });
    const plan = current.plan();
    expect(plan.blockers.filter((b) => b.kind === 'canonical-signature')).toEqual([]);
    expect(plan.tasks).toContainEqual(expect.objectContaining({ codemod: 'config-types', file: 'src/types.ts' }));
  });
  it('is no competitor once the canonical takes the configured config type (plus hooks) as its options', async () => {
    const prepared = `import type { RetryConfig } from '../types.js';

export interface RetryHooks {
  retryOn?: (error: unknown) => boolean;
}

export class RetryHandler {
  constructor(readonly options: RetryConfig & RetryHooks) {}
  async execute<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (attempt > this.options.maxRetries || !(this.options.retryOn?.(error) ?? true)) throw error;
      }
    }
  }
}
`;
    const legacy = `export interface LegacyRetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
}
`;
    current = await project({ 'src/types.ts': shared, 'src/core/handler.ts': prepared, 'src/old/retry.ts': oldRetry, 'src/old/options.ts': legacy }, [
      clusters[0]!,
      { id: 'retry-config', members: ['src/types.ts#RetryConfig', 'src/old/options.ts#LegacyRetryOptions'] },
    ], {
      canonical: { retry: 'src/core/handler.ts#RetryHandler', 'retry-config': 'src/types.ts#RetryConfig' },
      mappings: { 'src/old/options.ts#LegacyRetryOptions': { fields: { maxAttempts: 'maxRetries: $ - 1', baseDelayMs: 'baseDelay' } } },
    });
    const plan = current.plan();
    expect(plan.blockers.filter((b) => b.kind === 'canonical-signature')).toEqual([]);
    expect(plan.tasks).toContainEqual(expect.objectContaining({ codemod: 'config-types', file: 'src/old/options.ts' }));
  });
});
