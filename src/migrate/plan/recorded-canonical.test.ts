/**
 * Without a configured canonical, the member an earlier run chose (recorded in `.ssot/forbidden.json` as
 * the replacement of deleted code, or named by the `@ssot-shim` tag of a shim it wrote) stays the
 * canonical, even when the scanner's ranking (importer counts, which the migration itself changes) now
 * suggests another member.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';

const helper = (name: string) => `export async function ${name}<T>(task: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
`;
const forbidden = JSON.stringify({ version: 1, files: [{ path: 'src/old/gone.ts', replacement: 'src/core/kept.ts#keptRetry' }], symbols: [] }, null, 2);
const files = { 'src/core/kept.ts': helper('keptRetry'), 'src/net/popular.ts': helper('popularRetry') };
// The scanner now suggests popularRetry (listed first).
const clusters = [{ id: 'retry', members: ['src/net/popular.ts#popularRetry', 'src/core/kept.ts#keptRetry'] }];

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

describe('the canonical an earlier delete phase recorded', () => {
  it('stays the canonical over a new suggestion', async () => {
    current = await project({ ...files, '.ssot/forbidden.json': forbidden }, clusters);
    const plan = current.plan();
    const retry = plan.clusters.find((c) => c.id === 'retry')!;
    expect(retry.canonical?.ref).toBe('src/core/kept.ts#keptRetry');
    expect(retry.canonical?.reason).toContain('.ssot/forbidden.json');
    expect(retry.superseded.map((m) => m.id)).toEqual(['src/net/popular.ts#popularRetry']);
  });

  it('stays the canonical when a shim an earlier run wrote names it', async () => {
    const shim = `export {
  /**
   * @deprecated Use \`keptRetry\` from \`src/core/kept.ts\` instead.
   * @ssot-shim src/core/kept.ts#keptRetry
   */
  keptRetry as oldRetry,
} from '../core/kept.js';
`;
    current = await project({ ...files, 'src/legacy/old.ts': shim }, clusters);
    const retry = current.plan().clusters.find((c) => c.id === 'retry')!;
    expect(retry.canonical?.ref).toBe('src/core/kept.ts#keptRetry');
    expect(retry.canonical?.reason).toContain('its shims');
  });

  it('gives way to the configured canonical and to the suggestion when nothing was recorded', async () => {
    current = await project({ ...files, '.ssot/forbidden.json': forbidden }, clusters, { canonical: { retry: 'src/net/popular.ts#popularRetry' } });
    expect(current.plan().clusters.find((c) => c.id === 'retry')!.canonical?.ref).toBe('src/net/popular.ts#popularRetry');
    await removeDir(current.dir);
    current = await project(files, clusters);
    expect(current.plan().clusters.find((c) => c.id === 'retry')!.canonical?.ref).toBe('src/net/popular.ts#popularRetry');
  });
});
