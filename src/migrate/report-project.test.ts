import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashTree, removeDir, writeTree } from '../test-utils/fixtures.js';
import { create, modify, remove } from './apply/test-utils/tree.js';
import { projectTree } from './report-project.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('projectTree', () => {
  it('copies the tree with the changes applied, leaving the original alone', async () => {
    const dir = await writeTree({ 'src/a.ts': 'a\n', 'src/old.ts': 'old\n', '.ssot/journal/x': 'state\n', '.git/HEAD': 'ref\n' });
    dirs.push(dir);
    await mkdir(join(dir, 'node_modules/pkg'), { recursive: true });
    await writeFile(join(dir, 'node_modules/pkg/index.js'), '');
    const original = await hashTree(dir);
    const projected = await projectTree(dir, [await modify(dir, 'src/a.ts', () => 'A\n'), await remove(dir, 'src/old.ts'), create('src/new/b.ts', 'b\n')]);
    try {
      expect(Object.keys(await hashTree(projected.dir)).sort()).toEqual(['src/a.ts', 'src/new/b.ts']);
      expect(await readFile(join(projected.dir, 'src/a.ts'), 'utf8')).toBe('A\n');
      expect((await lstat(join(projected.dir, 'node_modules'))).isSymbolicLink()).toBe(true);
      expect(await hashTree(dir)).toEqual(original);
    } finally {
      await projected.dispose();
    }
    await expect(lstat(projected.dir)).rejects.toThrow();
    expect(await hashTree(dir)).toEqual(original);
  });
});
