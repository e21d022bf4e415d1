import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSsotError } from '../shared/errors.js';
import { git, gitInit, removeDir, writeTree } from '../test-utils/fixtures.js';
import { checkWorkTree, gitPrefix, workTreeRefusal } from './git.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(files, 'ssot-git-');
  dirs.push(dir);
  gitInit(dir);
  return dir;
}

describe('checkWorkTree', () => {
  it('reports nothing on a clean tree', async () => {
    const dir = await repo({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 1;\n' });
    expect(await checkWorkTree(dir, ['src/a.ts', 'src/b.ts', 'src/new.ts'])).toEqual({ repository: true, dirty: [] });
  });

  it('names every kind of uncommitted change among the files it checks, and only those', async () => {
    const dir = await repo({
      '.gitignore': 'generated/\n',
      'src/modified.ts': 'a\n',
      'src/staged.ts': 'a\n',
      'src/deleted.ts': 'a\n',
      'src/clean.ts': 'a\n',
      'src/elsewhere.ts': 'a\n',
    });
    await writeFile(join(dir, 'src/modified.ts'), 'b\n');
    await writeFile(join(dir, 'src/staged.ts'), 'b\n');
    git(dir, 'add', 'src/staged.ts');
    await rm(join(dir, 'src/deleted.ts'));
    await writeFile(join(dir, 'src/untracked.ts'), 'mine\n');
    await mkdir(join(dir, 'generated'));
    await writeFile(join(dir, 'generated/ignored.ts'), 'mine\n');
    await writeFile(join(dir, 'src/elsewhere.ts'), 'not touched by the phase\n');
    const state = await checkWorkTree(dir, [
      'src/modified.ts',
      'src/staged.ts',
      'src/deleted.ts',
      'src/clean.ts',
      'src/untracked.ts',
      'generated/ignored.ts',
      'src/to-create.ts',
    ]);
    expect(state.dirty).toEqual([
      { path: 'generated/ignored.ts', reason: 'ignored' },
      { path: 'src/deleted.ts', reason: 'deleted' },
      { path: 'src/modified.ts', reason: 'modified' },
      { path: 'src/staged.ts', reason: 'staged' },
      { path: 'src/untracked.ts', reason: 'untracked' },
    ]);
  });

  it('reports paths relative to a root below the top of the repository', async () => {
    const dir = await repo({ 'packages/app/src/a.ts': 'a\n', 'packages/app/src/b.ts': 'b\n', 'other/a.ts': 'a\n' });
    await writeFile(join(dir, 'packages/app/src/a.ts'), 'changed\n');
    await writeFile(join(dir, 'other/a.ts'), 'changed\n');
    const root = join(dir, 'packages/app');
    expect(await gitPrefix(root)).toEqual({ prefix: 'packages/app/' });
    const state = await checkWorkTree(root, ['src/a.ts', 'src/b.ts']);
    expect(state.dirty).toEqual([{ path: 'src/a.ts', reason: 'modified' }]);
  });

  it('marks files with unresolved merge conflicts', async () => {
    const dir = await repo({ 'a.ts': 'base\n' });
    git(dir, 'checkout', '-q', '-b', 'other');
    await writeFile(join(dir, 'a.ts'), 'other\n');
    git(dir, 'commit', '-qam', 'other');
    git(dir, 'checkout', '-q', 'main');
    await writeFile(join(dir, 'a.ts'), 'main\n');
    git(dir, 'commit', '-qam', 'main');
    expect(() => git(dir, 'merge', '-q', 'other')).toThrow();
    expect((await checkWorkTree(dir, ['a.ts'])).dirty).toEqual([{ path: 'a.ts', reason: 'conflicted' }]);
  });

  it('knows when the root is not in a git work tree', async () => {
    const dir = await writeTree({ 'a.ts': 'a\n' }, 'ssot-nogit-');
    dirs.push(dir);
    const state = await checkWorkTree(dir, ['a.ts']);
    expect(state).toMatchObject({ repository: false, dirty: [] });
    expect(state.reason).toContain('not inside a git work tree');
  });
});

describe('workTreeRefusal', () => {
  it('lists every dirty file with its reason and the --allow-dirty hint', () => {
    const error = workTreeRefusal(
      { repository: true, dirty: [{ path: 'src/a.ts', reason: 'modified' }, { path: 'src/b.ts', reason: 'untracked' }] },
      false,
    );
    expect(isSsotError(error)).toBe(true);
    expect(error!.message).toContain('2 files it would change have uncommitted changes');
    expect(error!.message).toContain('--allow-dirty');
    expect(error!.issues).toEqual([
      { path: 'src/a.ts', message: 'modified, not committed' },
      { path: 'src/b.ts', message: 'untracked: not in git, would be overwritten' },
    ]);
  });

  it('refuses outside git unless allowed, and never refuses a clean tree', () => {
    expect(workTreeRefusal({ repository: false, reason: 'not inside a git work tree', dirty: [] }, false)?.message).toMatch(
      /not inside a git work tree.*--allow-dirty/,
    );
    expect(workTreeRefusal({ repository: false, dirty: [] }, true)).toBeNull();
    expect(workTreeRefusal({ repository: true, dirty: [{ path: 'a', reason: 'staged' }] }, true)).toBeNull();
    expect(workTreeRefusal({ repository: true, dirty: [] }, false)).toBeNull();
  });
});
