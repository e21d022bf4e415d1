import { spawnSync } from 'node:child_process';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isSsotError } from '../../shared/errors.js';
import { removeDir, repoRoot, writeTree } from '../../test-utils/fixtures.js';
import { JOURNAL_DIR, listJournal } from '../journal.js';
import { applyChangeSet, findStaleFiles, invalidPaths } from './apply-changes.js';
import { create, modify, remove, userTree } from './test-utils/tree.js';
import { undoLastPhase } from './undo.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const TOOL = 'ssot@test';

async function project(): Promise<string> {
  const dir = await writeTree({
    'src/core/retry.ts': 'export function retry() {\n  return 1;\n}\n',
    'src/legacy/old-retry.ts': '// legacy\r\nexport const oldRetry = () => 1;\r\n',
    'src/app.ts': "import { oldRetry } from './legacy/old-retry.js';\nexport const run = () => oldRetry(); // héllo",
    'bin/run.sh': '#!/bin/sh\necho run\n',
  });
  await chmod(join(dir, 'bin/run.sh'), 0o755);
  dirs.push(dir);
  return dir;
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('applyChangeSet and undoLastPhase', () => {
  it('writes modified, created and deleted files, and undo restores every byte', async () => {
    const dir = await project();
    const original = await userTree(dir);
    const changes = [
      await modify(dir, 'src/app.ts', (t) => t.replace("'./legacy/old-retry.js'", "'./core/retry.js'").replace('oldRetry', 'retry')),
      await modify(dir, 'bin/run.sh', (t) => t.replace('echo run', 'echo ran')),
      await remove(dir, 'src/legacy/old-retry.ts'),
      create('src/core/deep/new/shim.ts', "export { retry as oldRetry } from '../../retry.js';\n"),
    ];
    const entry = await applyChangeSet(dir, changes, { phase: 'imports', tool: TOOL });
    expect(entry).toMatchObject({ phase: 'imports', state: 'applied', tool: TOOL });
    expect(entry.files.map((f) => [f.path, f.action])).toEqual([
      ['src/app.ts', 'modify'],
      ['bin/run.sh', 'modify'],
      ['src/legacy/old-retry.ts', 'delete'],
      ['src/core/deep/new/shim.ts', 'create'],
    ]);
    for (const change of changes) {
      if (change.after === null) await expect(stat(join(dir, change.path))).rejects.toThrow();
      else expect(await readFile(join(dir, change.path), 'utf8')).toBe(change.after);
    }
    expect((await stat(join(dir, 'bin/run.sh'))).mode & 0o777).toBe(0o755);
    // The emptied folder went with its last file; no temp files are left behind.
    await expect(stat(join(dir, 'src/legacy'))).rejects.toThrow();
    expect((await readdir(join(dir, 'src'))).filter((n) => n.includes('.ssot-'))).toEqual([]);
    expect(await readFile(join(dir, JOURNAL_DIR, '.gitignore'), 'utf8')).toBe('*\n');

    const undone = await undoLastPhase(dir);
    expect(undone).toMatchObject({ status: 'undone', interrupted: false, removed: ['src/core/deep/new/shim.ts'] });
    expect(await userTree(dir)).toEqual(original);
    expect((await stat(join(dir, 'bin/run.sh'))).mode & 0o777).toBe(0o755);
    await expect(stat(join(dir, 'src/core/deep'))).rejects.toThrow();
    expect(await listJournal(dir)).toEqual([]);
    expect(await undoLastPhase(dir)).toEqual({ status: 'nothing' });
  });

  it('undoes phases as a stack: the latest first, then the one before', async () => {
    const dir = await project();
    const original = await userTree(dir);
    await applyChangeSet(dir, [await modify(dir, 'src/app.ts', (t) => `${t}\n// phase 1\n`)], { phase: 'config', tool: TOOL });
    const afterFirst = await userTree(dir);
    await applyChangeSet(
      dir,
      [await modify(dir, 'src/app.ts', (t) => t.replace('phase 1', 'phase 2')), await remove(dir, 'src/core/retry.ts')],
      { phase: 'delete', tool: TOOL },
    );
    expect((await listJournal(dir)).map((e) => e.id)).toEqual(['0001-config', '0002-delete']);
    expect(await undoLastPhase(dir)).toMatchObject({ status: 'undone', entry: { phase: 'delete' } });
    expect(await userTree(dir)).toEqual(afterFirst);
    expect(await undoLastPhase(dir)).toMatchObject({ status: 'undone', entry: { phase: 'config' } });
    expect(await userTree(dir)).toEqual(original);
  });

  it('leaves unchanged files alone and ignores no-op changes', async () => {
    const dir = await project();
    const text = await readFile(join(dir, 'src/core/retry.ts'), 'utf8');
    const entry = await applyChangeSet(dir, [{ path: 'src/core/retry.ts', before: text, after: text, codemods: [] }, create('x.ts', 'x\n')], {
      phase: 'p',
      tool: TOOL,
    });
    expect(entry.files.map((f) => f.path)).toEqual(['x.ts']);
  });

  it('writes nothing when a step fails before the first rename (a folder to create is a file)', async () => {
    const dir = await project();
    await writeFile(join(dir, 'blocker'), 'a regular file where a folder is needed\n');
    const before = await userTree(dir);
    const error = await caught(
      applyChangeSet(dir, [await modify(dir, 'src/app.ts', (t) => `${t}\n`), create('blocker/new.ts', 'x\n')], { phase: 'p', tool: TOOL }),
    );
    expect(isSsotError(error)).toBe(true);
    expect(error.message).toMatch(/nothing was written: could not write blocker\/new\.ts \((ENOTDIR|EEXIST)\); every file was put back/);
    expect(await userTree(dir)).toEqual(before);
    expect(await listJournal(dir)).toEqual([]);
  });

  it('rolls back files already replaced when a later rename fails (its target became a folder)', async () => {
    const dir = await project();
    const before = await userTree(dir);
    const changes = [
      await modify(dir, 'src/app.ts', (t) => `${t}\n// changed`),
      create('src/created/fresh.ts', 'fresh\n'),
      await remove(dir, 'src/legacy/old-retry.ts'),
      await modify(dir, 'src/core/retry.ts', (t) => t.replace('1', '2')),
    ];
    const error = await caught(
      applyChangeSet(dir, changes, {
        phase: 'p',
        tool: TOOL,
        hooks: {
          beforeStep: async (step) => {
            if (step.kind === 'replace' && step.path === 'src/core/retry.ts') {
              // By now app.ts and fresh.ts are in place. A folder where the file was makes the rename fail.
              await rm(join(dir, 'src/core/retry.ts'));
              await mkdir(join(dir, 'src/core/retry.ts/inner'), { recursive: true });
              await writeFile(join(dir, 'src/core/retry.ts/inner/keep.txt'), 'x');
            }
          },
        },
      }),
    );
    expect(error.message).toContain('nothing was written: could not write src/core/retry.ts');
    const after = await userTree(dir);
    const { ['src/core/retry.ts']: _gone, ...rest } = before;
    const { ['src/core/retry.ts/inner/keep.txt']: _made, ...restAfter } = after;
    expect(restAfter).toEqual(rest);
    await expect(stat(join(dir, 'src/created'))).rejects.toThrow();
    expect(await listJournal(dir)).toEqual([]);
  });

  it('rolls back replaced files when a deletion fails', async () => {
    const dir = await project();
    const before = await userTree(dir);
    const changes = [await modify(dir, 'src/app.ts', (t) => `${t}\n// changed`), await remove(dir, 'src/core/retry.ts')];
    const error = await caught(
      applyChangeSet(dir, changes, {
        phase: 'p',
        tool: TOOL,
        hooks: {
          beforeStep: async (step) => {
            if (step.kind === 'delete') {
              await rm(join(dir, 'src/core/retry.ts'));
              await mkdir(join(dir, 'src/core/retry.ts'));
            }
          },
        },
      }),
    );
    expect(error.message).toContain('could not write src/core/retry.ts');
    const { ['src/core/retry.ts']: _gone, ...rest } = before;
    expect(await userTree(dir)).toEqual(rest);
  });

  it('refuses files that changed since the plan read them, and invalid paths', async () => {
    const dir = await project();
    const change = await modify(dir, 'src/app.ts', (t) => `${t}\n`);
    await writeFile(join(dir, 'src/app.ts'), 'edited meanwhile\n');
    expect(await findStaleFiles(dir, [change, create('src/core/retry.ts', 'x')])).toEqual([
      { path: 'src/app.ts', reason: 'changed since the plan read it (or is not UTF-8 text)' },
      { path: 'src/core/retry.ts', reason: 'exists, but the plan creates it' },
    ]);
    const error = await caught(applyChangeSet(dir, [change], { phase: 'p', tool: TOOL }));
    expect(error.message).toContain('changed since the plan was computed');
    expect(await readFile(join(dir, 'src/app.ts'), 'utf8')).toBe('edited meanwhile\n');
    const paths = ['../out.ts', '/abs.ts', '.git/config', '.ssot/journal/x', '.ssot/forbidden.json', 'a.ts', 'a.ts'];
    expect(invalidPaths(paths.map((path) => create(path, ''))).map((i) => i.path)).toEqual(['../out.ts', '/abs.ts', '.git/config', '.ssot/journal/x', 'a.ts']);
  });

  it('refuses to undo over later edits unless forced', async () => {
    const dir = await project();
    const original = await userTree(dir);
    await applyChangeSet(dir, [await modify(dir, 'src/app.ts', (t) => `${t}\n// v2`), await remove(dir, 'src/core/retry.ts')], { phase: 'p', tool: TOOL });
    await writeFile(join(dir, 'src/app.ts'), 'edited after the phase\n');
    // The phase removed src/core with its last file; the user recreates both.
    await mkdir(join(dir, 'src/core'));
    await writeFile(join(dir, 'src/core/retry.ts'), 'recreated by hand\n');
    const refused = await undoLastPhase(dir);
    expect(refused).toMatchObject({
      status: 'refused',
      changed: [
        { path: 'src/app.ts', reason: 'changed since the phase was applied' },
        { path: 'src/core/retry.ts', reason: 'created again since the phase deleted it' },
      ],
    });
    expect(await readFile(join(dir, 'src/app.ts'), 'utf8')).toBe('edited after the phase\n');
    expect(await undoLastPhase(dir, { force: true })).toMatchObject({ status: 'undone' });
    expect(await userTree(dir)).toEqual(original);
  });

  it('writes through symbolic links and restores deleted links as links', async () => {
    const dir = await project();
    await symlink('core/retry.ts', join(dir, 'src/linked.ts'));
    await symlink('app.ts', join(dir, 'src/app-link.ts'));
    await applyChangeSet(dir, [await modify(dir, 'src/linked.ts', (t) => `${t}// via link\n`), await remove(dir, 'src/app-link.ts')], {
      phase: 'p',
      tool: TOOL,
    });
    expect((await lstat(join(dir, 'src/linked.ts'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'src/core/retry.ts'), 'utf8')).toContain('// via link');
    await undoLastPhase(dir);
    expect(await readlink(join(dir, 'src/app-link.ts'))).toBe('app.ts');
    expect(await readFile(join(dir, 'src/core/retry.ts'), 'utf8')).toBe('export function retry() {\n  return 1;\n}\n');
  });

  it('blocks new writes after a run was killed mid-write, and undo restores the tree it interrupted', async () => {
    const dir = await project();
    const original = await userTree(dir);
    const changes = [
      await modify(dir, 'src/app.ts', (t) => `${t}\n// changed`),
      await modify(dir, 'src/core/retry.ts', (t) => t.replace('1', '2')),
      create('src/new/made.ts', 'made\n'),
      await remove(dir, 'src/legacy/old-retry.ts'),
    ];
    const moduleUrl = pathToFileURL(join(repoRoot, 'dist/src/migrate/apply/apply-changes.js')).href;
    // A separate process dies (no cleanup at all) right after the first file was replaced.
    const script = `
      import { applyChangeSet } from ${JSON.stringify(moduleUrl)};
      const changes = JSON.parse(process.argv[2]);
      let replaced = 0;
      await applyChangeSet(process.argv[1], changes, { phase: 'imports', tool: 't', hooks: { beforeStep: (step) => {
        if (step.kind === 'replace' && ++replaced === 2) process.exit(9);
      } } });`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, dir, JSON.stringify(changes)], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(9);
    expect(await readFile(join(dir, 'src/app.ts'), 'utf8')).toContain('// changed');
    expect(await listJournal(dir)).toMatchObject([{ state: 'applying', phase: 'imports' }]);

    const blocked = await caught(applyChangeSet(dir, [create('other.ts', 'x')], { phase: 'p', tool: TOOL }));
    expect(blocked.message).toContain('was interrupted');
    expect(await undoLastPhase(dir)).toMatchObject({ status: 'undone', interrupted: true });
    expect(await userTree(dir)).toEqual(original);
  });
});
