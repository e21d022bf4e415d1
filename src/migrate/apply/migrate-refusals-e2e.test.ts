/**
 * The refusals of `ssot migrate`, through the built binary on a copy of the bundled fixture in a real
 * git repository: each leaves the user's tree as it was and says why, with the files involved.
 *
 * Exit codes: a refusal to write (uncommitted work, a change that would add a type error) and an undo
 * with nothing to undo exit 1; a damaged journal is an internal error and exits 2.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MigrationPlan } from '../plan/types.js';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { JOURNAL_DIR } from '../journal.js';
import { applyChangeSet } from './apply-changes.js';
import { commitAll, fixtureRepo, projectTree, typeCheck } from './test-utils/fixture-repo.js';
import { create, modify, remove } from './test-utils/tree.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function fixture(): Promise<string> {
  const dir = await fixtureRepo('agent-backend');
  dirs.push(dir);
  return dir;
}

/** Files the imports phase would change, from its JSON dry run. */
async function phaseFiles(dir: string, phase: string): Promise<string[]> {
  const run = await runSsot(['migrate', '--phase', phase, '--format', 'json'], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { files: Array<{ path: string; status: string }> }).files.filter((f) => f.status === 'modified').map((f) => f.path);
}

describe('ssot migrate refuses, and loses nothing (built binary, bundled fixture, real git)', () => {
  it('refuses to write over uncommitted work in files it would change, naming them; --allow-dirty writes and keeps the edit', async () => {
    const dir = await fixture();
    const [first, second] = await phaseFiles(dir, 'imports');
    expect(second).toBeDefined();
    const note = '// work in progress, not committed\n';
    for (const file of [first!, second!]) await writeFile(join(dir, file), note + (await readFile(join(dir, file), 'utf8')));
    const before = await projectTree(dir);

    const refused = await runSsot(['migrate', '--phase', 'imports', '--write'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Refused, nothing was written:');
    expect(refused.stdout).toContain('refusing to write: 2 files it would change have uncommitted changes. Commit or stash them first, or pass --allow-dirty');
    for (const file of [first!, second!]) expect(refused.stdout).toContain(`      ${file}: `);
    expect(await projectTree(dir)).toEqual(before);

    const allowed = await runSsot(['migrate', '--phase', 'imports', '--write', '--allow-dirty'], { cwd: dir });
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.stdout).toContain('Phase imports: written');
    for (const file of [first!, second!]) {
      const text = await readFile(join(dir, file), 'utf8');
      expect(text.startsWith(note)).toBe(true);
      expect(text).not.toBe(before[file]);
    }
    expect(typeCheck(dir)).toBe('');
  }, 300_000);

  it('refuses a rewrite that would add a type error: nothing written, the new diagnostics shown with file:line, exit 1', async () => {
    const dir = await fixture();
    // A recipe whose template passes a string where the canonical takes a number of milliseconds.
    const configPath = join(dir, 'ssot.config.json');
    const config = JSON.parse(await readFile(configPath, 'utf8')) as { recipes: Array<{ id: string; replace: string }> };
    const fibonacci = config.recipes.find((recipe) => recipe.id === 'fibonacci')!;
    fibonacci.replace = fibonacci.replace.replace('baseDelay: 1_000', "baseDelay: 'one second'");
    expect(fibonacci.replace).toContain("baseDelay: 'one second'");
    await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
    commitAll(dir, 'a recipe with a mistake');
    const before = await projectTree(dir);

    const refused = await runSsot(['migrate', '--phase', 'imports', '--write'], { cwd: dir });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stdout).toContain('verification  failed');
    expect(refused.stdout).toContain('Refused, nothing was written:');
    expect(refused.stdout).toMatch(/the change would add \d+ new diagnostics?/);
    expect(refused.stdout).toMatch(/ {6}src\/services\/job-runner\.ts:\d+:\d+ error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(await projectTree(dir)).toEqual(before);
    const journal = await readdir(join(dir, JOURNAL_DIR)).catch(() => []);
    expect(journal.filter((name) => name !== '.gitignore')).toEqual([]);

    // The same refusal as data, for tools.
    const json = JSON.parse((await runSsot(['migrate', '--phase', 'imports', '--write', '--format', 'json'], { cwd: dir })).stdout);
    expect(json.written).toBe(false);
    expect(json.refusals).toHaveLength(1);
    expect(json.refusals[0].kind).toBe('verification');
    expect(json.refusals[0].diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'src/services/job-runner.ts', code: 2322 })]));
  }, 300_000);

  it('does not delete a module that still has importers: it lists them, deletes what nothing imports, and the build stays green', async () => {
    const dir = await fixture();
    const plan = JSON.parse((await runSsot(['plan', '--format', 'json'], { cwd: dir })).stdout) as MigrationPlan;
    const held = plan.deletions.filter((d) => d.mode === 'file' && d.remainingImporters.length + (d.pendingImporters ?? []).length > 0);
    expect(held.length).toBeGreaterThan(0);

    // The delete phase before the imports phase: every superseded module still has its importers.
    const run = await runSsot(['migrate', '--phase', 'delete', '--write'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const deletion of held) {
      await expect(readFile(join(dir, deletion.file), 'utf8'), deletion.file).resolves.toBeTypeOf('string');
      const listed = run.stdout.split('\n').filter((line) => line.startsWith(`  ${deletion.file}:`) && line.includes('[still-imported]'));
      expect(listed.length, deletion.file).toBeGreaterThan(0);
      for (const importer of [...deletion.remainingImporters, ...(deletion.pendingImporters ?? [])]) {
        expect(listed.join('\n'), `${deletion.file} <- ${importer}`).toContain(importer);
      }
    }
    expect(run.stdout).toContain('      to do: ');
    expect(typeCheck(dir)).toBe('');
  }, 300_000);

  it('--undo with nothing applied says so and exits 1', async () => {
    const dir = await fixture();
    const before = await projectTree(dir);
    const run = await runSsot(['migrate', '--undo'], { cwd: join(dir, 'src') });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('Nothing to undo: .ssot/journal holds no applied phase.\n');
    expect(await projectTree(dir)).toEqual(before);
  }, 60_000);
});

describe('a damaged journal (built binary, real git)', () => {
  /** A small repository with one applied phase in its journal. */
  async function applied(): Promise<{ dir: string; after: Record<string, string> }> {
    const dir = await writeTree({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' }, 'ssot-journal-');
    dirs.push(dir);
    gitInit(dir);
    await applyChangeSet(dir, [await modify(dir, 'src/a.ts', () => 'export const a = 10;\n'), await remove(dir, 'src/b.ts'), create('src/c.ts', 'export const c = 3;\n')], {
      phase: 'imports',
      tool: 'test',
    });
    return { dir, after: await projectTree(dir) };
  }

  async function entry(dir: string): Promise<string> {
    const names = (await readdir(join(dir, JOURNAL_DIR))).filter((name) => name !== '.gitignore');
    expect(names).toHaveLength(1);
    return join(dir, JOURNAL_DIR, names[0]!);
  }

  it('an unreadable manifest: --undo and --write stop with exit 2 naming it, and touch nothing', async () => {
    const { dir, after } = await applied();
    const manifest = join(await entry(dir), 'manifest.json');
    await writeFile(manifest, '{ "version": 1, "files": [');
    const undo = await runSsot(['migrate', '--undo'], { cwd: dir });
    expect(undo.code).toBe(2);
    expect(undo.stderr).toMatch(/the migration journal is damaged: \.ssot\/journal\/0001-imports\/manifest\.json cannot be read/);
    expect(await projectTree(dir)).toEqual(after);
    const write = await runSsot(['migrate', '--phase', '1', '--write'], { cwd: dir });
    expect(write.code).toBe(2);
    expect(write.stderr).toContain('the migration journal is damaged');
    expect(await projectTree(dir)).toEqual(after);
  }, 120_000);

  it('a saved original that does not match its hash: --undo restores nothing, exit 2', async () => {
    const { dir, after } = await applied();
    const files = join(await entry(dir), 'files');
    const [blob] = await readdir(files);
    await writeFile(join(files, blob!), 'tampered\n');
    const undo = await runSsot(['migrate', '--undo'], { cwd: dir });
    expect(undo.code).toBe(2);
    expect(undo.stderr).toMatch(/the migration journal is damaged: the saved original of src\/[ab]\.ts does not match its hash/);
    expect(await projectTree(dir)).toEqual(after);
  }, 60_000);
});
