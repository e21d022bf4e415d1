import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSsotError } from '../shared/errors.js';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { readBaselineFile, writeBaselineFile } from './baseline-file.js';
import type { Baseline } from './types.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const empty: Baseline = { version: 1, tool: 'ssot test', entries: [] };

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('baseline file errors', () => {
  it('a baseline that cannot be written is an SsotError naming the file, and no temp file is left', async () => {
    const dir = await writeTree({ 'notes.txt': 'a file where a folder should be\n' });
    dirs.push(dir);
    const error = await caught(writeBaselineFile(join(dir, 'notes.txt', 'baseline.json'), empty));
    expect(isSsotError(error)).toBe(true);
    expect((error as Error).message).toBe(`cannot write the baseline ${join(dir, 'notes.txt', 'baseline.json')}`);
    expect(JSON.stringify((error as { issues: unknown }).issues)).toContain('the baseline on disk is unchanged');
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('a baseline path that is a folder cannot be read: an SsotError, not an internal error', async () => {
    const dir = await writeTree({ '.ssot/baseline.json/keep': '' });
    dirs.push(dir);
    const error = await caught(readBaselineFile(join(dir, '.ssot', 'baseline.json'), '.ssot/baseline.json'));
    expect(isSsotError(error)).toBe(true);
    expect((error as Error).message).toBe('cannot read the baseline .ssot/baseline.json');
  });
});
