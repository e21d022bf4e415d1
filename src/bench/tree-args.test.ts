import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treeArguments } from './tree-args.js';

describe('--tree arguments of the benchmarks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ssot-tree-args-'));
    await mkdir(join(dir, 'repo'));
    await writeFile(join(dir, 'file.ts'), 'export {};\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads each folder from the folder the command ran in, in order', () => {
    expect(treeArguments(['--only', 'scan', '--tree', 'repo', '--tree', '.'], dir)).toEqual({ trees: [join(dir, 'repo'), dir], problems: [] });
    expect(treeArguments(['--only', 'scan'], dir)).toEqual({ trees: [], problems: [] });
  });

  it('lists every problem: a missing folder, a file, a flag with no value', () => {
    expect(treeArguments(['--tree', 'nope', '--tree', 'file.ts', '--tree', '--only'], dir)).toEqual({
      trees: [],
      problems: ['--tree nope: not a folder', '--tree file.ts: not a folder', '--tree needs a folder'],
    });
    expect(treeArguments(['--tree'], dir).problems).toEqual(['--tree needs a folder']);
  });
});
