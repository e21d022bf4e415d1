import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git, gitInit, removeDir, writeTree } from '../../test-utils/fixtures.js';
import { listJournal } from '../journal.js';
import type { FileChange } from '../types.js';
import { runPhase } from './run-phase.js';
import { create, modify, remove, userTree } from './test-utils/tree.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const TOOL = 'ssot@test';

/** A small typed project in a git repository: a canonical retry, a legacy copy, and an importer. */
async function repo(options: { git?: boolean } = {}): Promise<string> {
  const dir = await writeTree({
    'package.json': JSON.stringify({ type: 'module' }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, types: [] } }),
    'src/core/retry.ts': 'export function retry(times: number): number {\n  return times;\n}\n',
    'src/legacy/retry.ts': 'export function legacyRetry(times: number): number {\n  return times + 0;\n}\n',
    'src/app.ts': "import { legacyRetry } from './legacy/retry.js';\n\nexport const run = (): number => legacyRetry(3);\n",
  });
  dirs.push(dir);
  if (options.git !== false) gitInit(dir);
  return dir;
}

/** Phase "imports": the importer moves to the canonical module. */
async function importsPhase(dir: string): Promise<FileChange[]> {
  return [await modify(dir, 'src/app.ts', (t) => t.replace("{ legacyRetry } from './legacy/retry.js'", "{ retry } from './core/retry.js'").replace('legacyRetry(3)', 'retry(3)'))];
}

describe('runPhase', () => {
  it('dry run: diff, summary and verification, and nothing on disk', async () => {
    const dir = await repo();
    const before = await userTree(dir);
    const run = await runPhase({ root: dir, phase: 'imports', changes: await importsPhase(dir), summary: { importersRewritten: 1 }, write: false, tool: TOOL });
    expect(run).toMatchObject({ mode: 'dry-run', written: false, refusals: [], journal: null });
    expect(run.summary).toEqual({ filesChanged: 1, filesCreated: 0, filesDeleted: 0, importersRewritten: 1, shimsGenerated: 0, callSitesRewritten: 0, linesRemoved: 2 });
    expect(run.linesAdded).toBe(2);
    expect(run.verification).toMatchObject({ ok: true });
    expect(await userTree(dir)).toEqual(before);
    expect(await listJournal(dir)).toEqual([]);
  });

  it('writes with --write, and a second run of the same phase changes nothing', async () => {
    const dir = await repo();
    const run = await runPhase({ root: dir, phase: 'imports', changes: await importsPhase(dir), write: true, tool: TOOL });
    expect(run).toMatchObject({ written: true, refusals: [], journal: { phase: 'imports', state: 'applied' } });
    // A planner run on the new tree produces the same text again: no effective change.
    const again = await runPhase({ root: dir, phase: 'imports', changes: await importsPhase(dir), write: true, tool: TOOL });
    expect(again).toMatchObject({ written: false, changes: [], refusals: [], verification: null });
    expect(await listJournal(dir)).toHaveLength(1);
  });

  it('refuses to write over uncommitted work in a file it touches, and --allow-dirty overrides', async () => {
    const dir = await repo();
    await writeFile(join(dir, 'src/app.ts'), `${'// my unsaved note\n'}import { legacyRetry } from './legacy/retry.js';\n\nexport const run = (): number => legacyRetry(3);\n`);
    const changes = await importsPhase(dir);
    const before = await userTree(dir);
    const refused = await runPhase({ root: dir, phase: 'imports', changes, write: true, tool: TOOL });
    expect(refused.written).toBe(false);
    expect(refused.refusals).toMatchObject([{ kind: 'dirty', files: [{ path: 'src/app.ts', reason: 'modified' }] }]);
    expect(refused.refusals[0]!.message).toContain('--allow-dirty');
    expect(await userTree(dir)).toEqual(before);
    const allowed = await runPhase({ root: dir, phase: 'imports', changes, write: true, allowDirty: true, tool: TOOL });
    expect(allowed.written).toBe(true);
  });

  it('a dirty file the phase does not touch does not matter', async () => {
    const dir = await repo();
    await writeFile(join(dir, 'src/core/retry.ts'), 'export function retry(times: number): number {\n  return times * 1;\n}\n');
    const run = await runPhase({ root: dir, phase: 'imports', changes: await importsPhase(dir), write: true, tool: TOOL });
    expect(run.written).toBe(true);
  });

  it('refuses a change that adds a type error, and shows it with file and line', async () => {
    const dir = await repo();
    const before = await userTree(dir);
    const changes = [await modify(dir, 'src/core/retry.ts', (t) => t.replace('times: number): number', 'times: string): string'))];
    changes.push(...(await importsPhase(dir)));
    const run = await runPhase({ root: dir, phase: 'imports', changes, write: true, tool: TOOL });
    expect(run.written).toBe(false);
    expect(run.refusals).toHaveLength(1);
    expect(run.refusals[0]).toMatchObject({ kind: 'verification', message: 'the change would add 2 new diagnostics' });
    // retry(3) now takes a string, and returns one where a number is declared.
    expect(run.verification!.newDiagnostics.map((d) => `${d.file}:${d.line} TS${d.code}`).sort()).toEqual(['src/app.ts:3 TS2322', 'src/app.ts:3 TS2345']);
    expect(await userTree(dir)).toEqual(before);
    // --no-verify is the user's explicit choice to skip the check.
    expect((await runPhase({ root: dir, phase: 'imports', changes, write: true, verify: false, tool: TOOL })).written).toBe(true);
  });

  it('refuses to delete a file that still has importers', async () => {
    const dir = await repo();
    const run = await runPhase({ root: dir, phase: 'delete', changes: [await remove(dir, 'src/legacy/retry.ts')], write: true, tool: TOOL });
    expect(run.written).toBe(false);
    expect(run.refusals).toMatchObject([
      { kind: 'verification', message: 'the change would add 1 broken import', brokenImports: [{ file: 'src/app.ts', line: 1, specifier: './legacy/retry.js' }] },
    ]);
    await runPhase({ root: dir, phase: 'imports', changes: await importsPhase(dir), write: true, tool: TOOL });
    git(dir, 'commit', '-qam', 'imports');
    const deleted = await runPhase({ root: dir, phase: 'delete', changes: [await remove(dir, 'src/legacy/retry.ts')], write: true, tool: TOOL });
    expect(deleted).toMatchObject({ written: true, summary: { filesDeleted: 1, linesRemoved: 3 } });
  });

  it('writes what is not blocked and carries the planner blockers along, without refusing', async () => {
    const dir = await repo();
    const blockers = [{ file: 'src/legacy/retry.ts', line: 1, kind: 'still-imported', message: 'still imported by 1 file' }];
    const run = await runPhase({ root: dir, phase: 'delete', changes: [create('src/x.ts', 'export {};\n')], blockers, write: true, tool: TOOL });
    expect(run).toMatchObject({ written: true, refusals: [], blockers });
    expect(await readFile(join(dir, 'src/x.ts'), 'utf8')).toBe('export {};\n');
    expect(await readFile(join(dir, 'src/legacy/retry.ts'), 'utf8')).toContain('legacyRetry');
  });

  it('refuses to write outside a git repository unless --allow-dirty', async () => {
    const dir = await repo({ git: false });
    const changes = await importsPhase(dir);
    const refused = await runPhase({ root: dir, phase: 'imports', changes, write: true, tool: TOOL });
    expect(refused.refusals).toMatchObject([{ kind: 'not-git' }]);
    expect(refused.written).toBe(false);
    expect((await runPhase({ root: dir, phase: 'imports', changes, write: true, allowDirty: true, tool: TOOL })).written).toBe(true);
  });

  it('refuses files committed with other content after the plan read them', async () => {
    const dir = await repo();
    const changes = await importsPhase(dir);
    await writeFile(join(dir, 'src/app.ts'), 'export const run = (): number => 1;\n');
    git(dir, 'commit', '-qam', 'someone else');
    const run = await runPhase({ root: dir, phase: 'imports', changes, write: true, tool: TOOL });
    expect(run.refusals).toMatchObject([{ kind: 'stale', files: [{ path: 'src/app.ts' }] }]);
  });

  it('reports the planned changes of a dry run that writing would refuse', async () => {
    const dir = await repo();
    const run = await runPhase({ root: dir, phase: 'delete', changes: [await remove(dir, 'src/legacy/retry.ts')], write: false, tool: TOOL });
    expect(run).toMatchObject({ mode: 'dry-run', written: false, refusals: [{ kind: 'verification' }] });
    expect(run.diffs[0]).toMatchObject({ status: 'deleted', linesRemoved: 3 });
  });
});
