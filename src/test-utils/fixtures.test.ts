import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git, gitInit, hashTree, removeDir, writeTree } from './fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('test utilities', () => {
  it('writes a tree and hashes every file but .git', async () => {
    const dir = await writeTree({ 'a.ts': 'export const a = 1;\n', 'src/b.ts': 'export {};\n' });
    dirs.push(dir);
    gitInit(dir);
    const hashes = await hashTree(dir);
    expect(Object.keys(hashes).sort()).toEqual(['a.ts', 'src/b.ts']);
    expect(await readFile(join(dir, 'src/b.ts'), 'utf8')).toBe('export {};\n');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});
