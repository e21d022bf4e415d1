import { afterEach, describe, expect, it } from 'vitest';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function project(): Promise<string> {
  const dir = await writeTree({ 'src/a.ts': 'export const a = 1;\n' }, 'ssot-cli-plan-');
  dirs.push(dir);
  gitInit(dir);
  return dir;
}

describe('ssot plan and migrate --phase (usage, through the built binary)', () => {
  it('documents the flags and exit codes of plan in --help', async () => {
    const run = await runSsot(['plan', '--help'], { cwd: process.cwd() });
    expect(run.code).toBe(0);
    for (const flag of ['--phase', '--format', '--output', '--config']) expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain('1  the plan has blockers');
  });

  it.each([
    [['plan', '--phase', '9'], 'no phase 9: the phases are 1 config, 2 imports, 3 delete'],
    [['plan', '--format', 'yaml'], "argument 'yaml' is invalid"],
    [['migrate', '--phase', 'deletes'], 'no phase deletes: the phases are 1 config, 2 imports, 3 delete'],
    [['migrate', '--phase', '0', '--write'], 'no phase 0'],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const dir = await project();
    const run = await runSsot(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('exits 2 with every problem of an invalid config, before scanning', async () => {
    const dir = await project();
    const { writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await writeFile(join(dir, 'ssot.config.json'), JSON.stringify({ phases: 'all of them', minConfidence: 7 }));
    const run = await runSsot(['migrate', '--phase', '1'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid config');
    expect(run.stderr).toContain('phases');
    expect(run.stderr).toContain('minConfidence');
  });
});
