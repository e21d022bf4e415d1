import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSsotError } from '../shared/errors.js';
import { git, gitInit, removeDir, writeTree } from '../test-utils/fixtures.js';
import { changedFilesSince, rootInRepository } from './changed-files.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function repo(): Promise<string> {
  const dir = await writeTree({
    'app/src/a.ts': 'export const a = 1;\n',
    'app/src/b.ts': 'export const b = 1;\n',
    'app/src/c.ts': 'export const c = 1;\n',
    'app/src/d.ts': 'export const d = 1;\n',
    'other/x.ts': 'export const x = 1;\n',
    '.gitignore': 'ignored/\n',
  });
  dirs.push(dir);
  gitInit(dir);
  return dir;
}

describe('changedFilesSince', () => {
  it('lists committed, uncommitted, renamed (both sides), deleted and untracked files under the root', async () => {
    const dir = await repo();
    git(dir, 'checkout', '-q', '-b', 'feature');
    await writeFile(join(dir, 'app/src/a.ts'), 'export const a = 2;\n');
    git(dir, 'commit', '-qam', 'committed change');
    await writeFile(join(dir, 'app/src/b.ts'), 'export const b = 2;\n');
    git(dir, 'mv', 'app/src/c.ts', 'app/src/renamed.ts');
    await rm(join(dir, 'app/src/d.ts'));
    await writeFile(join(dir, 'app/src/untracked.ts'), 'export {};\n');
    await mkdir(join(dir, 'app/ignored'));
    await writeFile(join(dir, 'app/ignored/x.ts'), 'export {};\n');
    await writeFile(join(dir, 'other/x.ts'), 'export const x = 2;\n');
    expect(await changedFilesSince(join(dir, 'app'), 'main')).toEqual([
      'src/a.ts',
      'src/b.ts',
      'src/c.ts',
      'src/d.ts',
      'src/renamed.ts',
      'src/untracked.ts',
    ]);
  });

  it('does not count commits that landed on the ref after the branch started', async () => {
    const dir = await repo();
    git(dir, 'checkout', '-q', '-b', 'feature');
    await writeFile(join(dir, 'app/src/a.ts'), 'export const a = 2;\n');
    git(dir, 'commit', '-qam', 'feature');
    git(dir, 'checkout', '-q', 'main');
    await writeFile(join(dir, 'other/x.ts'), 'export const x = 3;\n');
    git(dir, 'commit', '-qam', 'main moved on');
    git(dir, 'checkout', '-q', 'feature');
    expect(await changedFilesSince(dir, 'main')).toEqual(['app/src/a.ts']);
  });

  it('refuses an unknown ref with a hint', async () => {
    const dir = await repo();
    const error = await changedFilesSince(dir, 'origin/nope').catch((e: unknown) => e);
    expect(isSsotError(error) && error.code).toBe('git');
    expect((error as Error).message).toBe("unknown git ref 'origin/nope' for --changed-since");
  });

  it('refuses a folder outside any git repository', async () => {
    const dir = await writeTree({ 'a.ts': '' });
    dirs.push(dir);
    const error = await changedFilesSince(dir, 'main').catch((e: unknown) => e);
    expect(isSsotError(error) && error.code).toBe('git');
    expect((error as Error).message).toMatch(/needs a git repository/);
    expect(await rootInRepository(dir)).toBeNull();
  });

  it('tells where the root sits in its repository', async () => {
    const dir = await repo();
    expect(await rootInRepository(join(dir, 'app'))).toBe('app');
    expect(await rootInRepository(dir)).toBe('');
  });
});
