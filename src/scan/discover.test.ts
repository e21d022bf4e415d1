import { writeFileSync, type Dirent } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../config/defaults.js';
import { isSsotError } from '../shared/errors.js';
import { gitInit, removeDir, writeTree } from '../test-utils/fixtures.js';
import { discoverFiles, recordingFs } from './discover.js';
import type { ScanError } from './types.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(files);
  dirs.push(dir);
  return dir;
}

describe('discoverFiles', () => {
  it('finds the named config files on its .gitignore walk, as a walk of their own without dot folders would', async () => {
    const root = await tree({
      'tsconfig.json': '{}',
      'jsconfig.json': '{}',
      '.gitignore': 'ignored/\n',
      'packages/app/tsconfig.json': '{}',
      'packages/app/src/a.ts': '',
      'ignored/tsconfig.json': '{}',
      '.storybook/tsconfig.json': '{}',
      'packages/app/.config/jsconfig.json': '{}',
      'node_modules/pkg/tsconfig.json': '{}',
      'dist/tsconfig.json': '{}',
      'src/tsconfig.json.ts': '',
    });
    const config = resolvedDefaults(root);
    const names = ['tsconfig.json', 'jsconfig.json'];
    const alone = await fg(names.map((name) => `**/${name}`), { cwd: root, ignore: config.exclude, followSymbolicLinks: false, suppressErrors: true });
    const discovery = await discoverFiles(config, { alsoFind: names });
    expect([...(discovery.alsoFound ?? [])].sort()).toEqual([...alone].sort());
    expect([...alone].sort()).toEqual(['ignored/tsconfig.json', 'jsconfig.json', 'packages/app/tsconfig.json', 'tsconfig.json']);
    // The .gitignore walk still serves its purpose, and the files found are those without the option.
    expect(discovery.files).toEqual((await discoverFiles(config)).files);
    expect(discovery.files).toEqual(['packages/app/src/a.ts', 'src/tsconfig.json.ts']);
    // Without a .gitignore walk, nothing is found on the way: the caller walks for them.
    expect((await discoverFiles({ ...config, gitignore: false }, { alsoFind: names })).alsoFound).toBeUndefined();
  });

  it('reports the running count of files listed, an upper bound of the files found', async () => {
    const root = await tree({ 'src/a.ts': '', 'src/b.ts': '', 'src/deep/c.ts': '', 'README.md': '', 'node_modules/pkg/index.js': '' });
    const counts: number[] = [];
    const { files } = await discoverFiles(resolvedDefaults(root), { onFilesSeen: (count) => counts.push(count) });
    expect(files).toEqual(['src/a.ts', 'src/b.ts', 'src/deep/c.ts']);
    expect(counts.length).toBeGreaterThan(0);
    // Non-decreasing, and at the end every file listed: the sources and the README (node_modules is not walked).
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts[counts.length - 1]).toBe(4);
  });

  it('lists sources sorted and posix, leaving out default excludes and declaration files', async () => {
    const root = await tree({
      'src/b.ts': '',
      'src/a.tsx': '',
      'src/deep/c.mjs': '',
      'lib/x.cjs': '',
      'src/types.d.ts': '',
      'node_modules/pkg/index.js': '',
      'packages/app/node_modules/dep/index.js': '',
      'dist/out.js': '',
      'README.md': '',
      'vendor/min.min.js': '',
    });
    const { files, errors } = await discoverFiles(resolvedDefaults(root));
    expect(files).toEqual(['lib/x.cjs', 'src/a.tsx', 'src/b.ts', 'src/deep/c.mjs']);
    expect(errors).toEqual([]);
  });

  it('honours include and exclude globs from the config', async () => {
    const root = await tree({ 'src/a.ts': '', 'src/legacy/old.ts': '', 'scripts/s.ts': '', 'src/a.test.ts': '' });
    const config = { ...resolvedDefaults(root), include: ['src/**/*.ts'] };
    config.exclude = [...config.exclude, 'src/legacy/**', '**/*.test.ts'];
    expect((await discoverFiles(config)).files).toEqual(['src/a.ts']);
  });

  it('honours root and nested .gitignore files with negations, anchors and folder patterns', async () => {
    const root = await tree({
      '.gitignore': 'generated/\n*.gen.ts\n!keep.gen.ts\n/top.ts\n',
      'top.ts': '',
      'sub/top.ts': '',
      'src/generated/a.ts': '',
      'src/x.gen.ts': '',
      'src/keep.gen.ts': '',
      'pkg/.gitignore': 'local.ts\n!/also.gen.ts\n',
      'pkg/local.ts': '',
      'pkg/also.gen.ts': '',
      'pkg/kept.ts': '',
      'other/local.ts': '',
    });
    const { files } = await discoverFiles(resolvedDefaults(root));
    expect(files).toEqual(['other/local.ts', 'pkg/also.gen.ts', 'pkg/kept.ts', 'src/keep.gen.ts', 'sub/top.ts']);
  });

  it('ignores .gitignore files when gitignore is off', async () => {
    const root = await tree({ '.gitignore': '*.ts\n', 'a.ts': '' });
    expect((await discoverFiles({ ...resolvedDefaults(root), gitignore: false })).files).toEqual(['a.ts']);
  });

  it('applies the .gitignore files above a scan root inside a git repository', async () => {
    const repo = await tree({
      '.gitignore': 'packages/app/src/skip.ts\n*.local.ts\n',
      'packages/.gitignore': 'app/src/also-skip.ts\n',
      'packages/app/src/keep.ts': '',
      'packages/app/src/skip.ts': '',
      'packages/app/src/also-skip.ts': '',
      'packages/app/src/mine.local.ts': '',
    });
    gitInit(repo);
    const { files } = await discoverFiles(resolvedDefaults(join(repo, 'packages', 'app')));
    expect(files).toEqual(['src/keep.ts']);
  });

  it('reports a file whose name is not valid UTF-8 instead of failing to open it later', async () => {
    const root = await tree({ 'src/ok.ts': '' });
    // Written through a Buffer path: the raw byte 0xff cannot be spelled in a JS string.
    writeFileSync(Buffer.concat([Buffer.from(join(root, 'src', 'r')), Buffer.from([0xff]), Buffer.from('try.ts')]), 'export const a = 1;\n');
    const found = await discoverFiles(resolvedDefaults(root));
    expect(found.files).toEqual(['src/ok.ts']);
    expect(found.errors).toEqual([{ file: 'src/r\uFFFDtry.ts', message: 'file name is not valid UTF-8: ssot cannot open it; rename the file' }]);
  });

  it('keeps a file whose name really holds U+FFFD', async () => {
    const root = await tree({ 'src/r\uFFFDtry.ts': '' });
    expect((await discoverFiles(resolvedDefaults(root))).files).toEqual(['src/r\uFFFDtry.ts']);
  });

  it('rejects a root that is not a folder', async () => {
    const root = await tree({ 'a.ts': '' });
    const error = await discoverFiles(resolvedDefaults(join(root, 'missing'))).catch((e: unknown) => e);
    expect(isSsotError(error)).toBe(true);
  });
});

describe('unreadable folders', () => {
  it('are recorded as errors and read as empty, so the walk goes on', async () => {
    const root = await tree({ 'a.ts': '' });
    // A symlink loop: reading it fails with ELOOP, as an unreadable folder would with EACCES.
    await symlink(join(root, 'loop-b'), join(root, 'loop-a'));
    await symlink(join(root, 'loop-a'), join(root, 'loop-b'));
    const errors: ScanError[] = [];
    const fs = recordingFs(root, errors);
    const entries = await new Promise<Dirent[]>((resolve, reject) =>
      (fs.readdir as unknown as (p: string, o: object, cb: (e: Error | null, d: Dirent[]) => void) => void)(join(root, 'loop-a'), { withFileTypes: true }, (e, d) => (e ? reject(e) : resolve(d))),
    );
    expect(entries).toEqual([]);
    expect(errors).toEqual([{ file: 'loop-a', message: 'cannot read folder: ELOOP' }]);
    // The real walk does not follow symlinks, so the loop never stops a scan.
    expect((await discoverFiles(resolvedDefaults(root))).files).toEqual(['a.ts']);
  });
});
