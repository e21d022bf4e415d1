/**
 * `.ssot/canonicals.json`, written by every `ssot migrate --write`: without a configured canonical, the
 * member it records stays the canonical, over the forbidden/shim record and the scanner's suggestion;
 * the config overrides it; a record naming no member of the cluster is ignored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isSsotError, type SsotError } from '../../shared/errors.js';
import { removeDir } from '../../test-utils/fixtures.js';
import { CANONICALS_FILE, canonicalsChange, parseCanonicals } from './canonicals-record.js';
import type { MigrationPlan } from './types.js';
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
const files = { 'src/core/kept.ts': helper('keptRetry'), 'src/net/popular.ts': helper('popularRetry'), 'src/util/third.ts': helper('thirdRetry') };
// The scanner suggests popularRetry (listed first).
const clusters = [{ id: 'retry', members: ['src/net/popular.ts#popularRetry', 'src/core/kept.ts#keptRetry', 'src/util/third.ts#thirdRetry'] }];
const record = (ref: string) => JSON.stringify({ version: 1, clusters: { retry: { ref, source: 'suggested' } } }, null, 2);
const forbidden = JSON.stringify({ version: 1, files: [{ path: 'src/old/gone.ts', replacement: 'src/util/third.ts#thirdRetry' }], symbols: [] }, null, 2);

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

const retryOf = (t: TestProject) => t.plan().clusters.find((c) => c.id === 'retry')!;

describe('the canonical recorded in .ssot/canonicals.json', () => {
  it('wins over the scanner suggestion and over the forbidden record', async () => {
    current = await project({ ...files, [CANONICALS_FILE]: record('src/core/kept.ts#keptRetry'), '.ssot/forbidden.json': forbidden }, clusters);
    const retry = retryOf(current);
    expect(retry.canonical?.ref).toBe('src/core/kept.ts#keptRetry');
    expect(retry.canonical?.source).toBe('recorded');
    expect(retry.canonical?.reason).toContain('recorded by an earlier `ssot migrate --write`');
    expect(retry.superseded.map((m) => m.id).sort()).toEqual(['src/net/popular.ts#popularRetry', 'src/util/third.ts#thirdRetry']);
  });

  it('gives way to the configured canonical', async () => {
    current = await project({ ...files, [CANONICALS_FILE]: record('src/core/kept.ts#keptRetry') }, clusters, { canonical: { retry: 'src/util/third.ts#thirdRetry' } });
    expect(retryOf(current).canonical?.ref).toBe('src/util/third.ts#thirdRetry');
    expect(retryOf(current).canonical?.source).toBe('config');
  });

  it('is ignored when it names no member of the cluster, so the forbidden record then decides', async () => {
    current = await project({ ...files, [CANONICALS_FILE]: record('src/gone/away.ts#awayRetry'), '.ssot/forbidden.json': forbidden }, clusters);
    expect(retryOf(current).canonical?.ref).toBe('src/util/third.ts#thirdRetry');
    expect(retryOf(current).canonical?.reason).toContain('.ssot/forbidden.json');
  });

  it('is an error naming its location when it is not JSON, never a silent re-pick', async () => {
    current = await project({ ...files, [CANONICALS_FILE]: '{\n  "version": 1,\n  not json' }, clusters);
    const error = catchError(() => current!.plan());
    expect(isSsotError(error)).toBe(true);
    expect((error as SsotError).message).toContain(`${CANONICALS_FILE} is damaged`);
    expect((error as SsotError).issues).toEqual([{ path: `${CANONICALS_FILE}:3:3`, message: expect.stringContaining('not valid JSON') }]);
  });
});

describe('parseCanonicals', () => {
  it('lists every problem of a record of the wrong shape, each at its line', () => {
    const text = JSON.stringify({ version: 2, clusters: { retry: { ref: 7, source: 'suggested' }, breaker: { ref: 'src/b.ts#B', source: 'guessed' }, ok: { ref: 'src/a.ts#a', source: 'config' } } }, null, 2);
    const error = catchError(() => parseCanonicals(text)) as SsotError;
    expect(error.issues).toEqual([
      { path: `${CANONICALS_FILE}:2`, message: '"version" must be 1 (found 2)' },
      { path: `${CANONICALS_FILE}:4`, message: 'clusters.retry.ref must be a "file#Symbol" string' },
      { path: `${CANONICALS_FILE}:8`, message: 'clusters.breaker.source must be "config" or "suggested"' },
    ]);
    expect(catchError(() => parseCanonicals('[]'))).toMatchObject({ issues: [{ path: `${CANONICALS_FILE}:1` }] });
    expect(parseCanonicals(null)).toEqual({ version: 1, clusters: {} });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('canonicalsChange', () => {
  const plan = (clusterList: Array<{ id: string; ref: string; source: 'config' | 'suggestion' | 'recorded' } | { id: string; ref: null }>) =>
    ({
      clusters: clusterList.map((c) => ({
        id: c.id,
        concept: c.id.startsWith('shim:') ? 'shim' : 'retry',
        canonical: c.ref === null ? null : { ref: c.ref, file: null, symbol: 'x', source: (c as { source: 'config' }).source, reason: '' },
        superseded: [],
        collapses: [],
      })),
    }) as unknown as MigrationPlan;

  it('records every planned cluster with a canonical, merged over and sorted with earlier entries', () => {
    const before = JSON.stringify({ version: 1, clusters: { zeta: { ref: 'src/z.ts#Z', source: 'config' }, retry: { ref: 'src/old.ts#old', source: 'suggested' } } });
    const change = canonicalsChange(plan([{ id: 'retry', ref: 'src/a.ts#a', source: 'suggestion' }, { id: 'breaker', ref: 'src/b.ts#B', source: 'config' }, { id: 'none', ref: null }]), before)!;
    expect(change.path).toBe(CANONICALS_FILE);
    expect(change.before).toBe(before);
    expect(Object.keys(JSON.parse(change.after!).clusters)).toEqual(['breaker', 'retry', 'zeta']);
    expect(parseCanonicals(change.after).clusters).toEqual({
      breaker: { ref: 'src/b.ts#B', source: 'config' },
      retry: { ref: 'src/a.ts#a', source: 'suggested' },
      zeta: { ref: 'src/z.ts#Z', source: 'config' },
    });
  });

  it('leaves out the groups of earlier shims, which are no cluster of the scan (their tag names the canonical)', () => {
    const shim = 'src/core/retry.ts#retry';
    expect(canonicalsChange(plan([{ id: `shim:${shim}`, ref: shim, source: 'config' }]), null)).toBeUndefined();
  });

  it('keeps the source of a record the plan kept, and changes nothing when nothing moved', () => {
    const before = `${JSON.stringify({ version: 1, clusters: { retry: { ref: 'src/a.ts#a', source: 'config' } } }, null, 2)}\n`;
    expect(canonicalsChange(plan([{ id: 'retry', ref: 'src/a.ts#a', source: 'recorded' }]), before)).toBeUndefined();
  });
});
