import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';
import { applyChangeSet } from '../../migrate/apply/apply-changes.js';
import { create, modify, remove, userTree } from '../../migrate/apply/test-utils/tree.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function project(): Promise<string> {
  const dir = await writeTree({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' }, 'ssot-cli-migrate-');
  dirs.push(dir);
  gitInit(dir);
  return dir;
}

describe('ssot migrate (usage and undo, through the built binary)', () => {
  it('documents every flag and the exit codes in --help', async () => {
    const run = await runSsot(['migrate', '--help'], { cwd: process.cwd() });
    expect(run.code).toBe(0);
    for (const flag of ['--phase', '--write', '--allow-dirty', '--no-verify', '--report', '--format', '--undo', '--force']) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain('1  refused');
  });

  it.each([
    [['migrate'], 'which phase?'],
    [['migrate', '--undo', '--write'], '--undo restores the last applied phase and takes no --write'],
    [['migrate', '--phase', '1', '--force'], '--force only applies to --undo'],
    [['migrate', '--phase', '1', '--format', 'yaml'], "argument 'yaml' is invalid"],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const dir = await project();
    const run = await runSsot(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('--undo with nothing applied exits 1 and says so', async () => {
    const dir = await project();
    const run = await runSsot(['migrate', '--undo'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Nothing to undo');
  });

  it('--undo restores the last phase byte for byte, from a subfolder too, then refuses over later edits unless --force', async () => {
    const dir = await project();
    const original = await userTree(dir);
    await applyChangeSet(dir, [await modify(dir, 'src/a.ts', () => 'export const a = 10;\n'), await remove(dir, 'src/b.ts'), create('src/c.ts', 'c\n')], {
      phase: 'imports',
      tool: 'test',
    });
    const undone = await runSsot(['migrate', '--undo'], { cwd: join(dir, 'src') });
    expect(undone.code).toBe(0);
    expect(undone.stdout).toContain('Undid phase imports: 2 files restored, 1 created file removed.');
    expect(await userTree(dir)).toEqual(original);

    await applyChangeSet(dir, [await modify(dir, 'src/a.ts', () => 'export const a = 10;\n')], { phase: 'config', tool: 'test' });
    await writeFile(join(dir, 'src/a.ts'), 'edited by hand\n');
    const refused = await runSsot(['migrate', '--undo', '--format', 'json'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ status: 'refused', phase: 'config', changed: [{ path: 'src/a.ts' }] });
    const forced = await runSsot(['migrate', '--undo', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(await userTree(dir)).toEqual(original);
  });
});
