/**
 * ssot's own gate (root `ssot.config.json`, `.ssot/baseline.json`): a copy of ssot's source passes as
 * committed, and fails when the resilience core imports the rest of `src`. The real tree is never edited.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, gitInit, makeTempDir, removeDir, repoRoot, runSsot } from '../test-utils/fixtures.js';

let dir = '';

beforeAll(async () => {
  dir = await makeTempDir('ssot-dogfood-');
  for (const file of ['package.json', 'tsconfig.json', 'ssot.config.json', '.ssot/baseline.json']) await cp(join(repoRoot, file), join(dir, file));
  // The config leaves tests out of the gate; copying them would only slow the copy down.
  await cp(join(repoRoot, 'src'), join(dir, 'src'), { recursive: true, filter: (source) => !/\.test\.ts$/.test(basename(source)) && basename(source) !== '.ssot' });
  gitInit(dir);
});

afterAll(async () => {
  if (dir) await removeDir(dir);
});

describe("ssot's own gate", () => {
  it('passes on ssot as committed, as CI runs it', async () => {
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✔ ssot check passed: (\d+) findings, \1 baselined/);
  });

  it('fails when the resilience core imports the rest of src, with the boundary message', async () => {
    const file = join(dir, 'src/resilience/clock.ts');
    const text = await readFile(file, 'utf8');
    await writeFile(file, `import { SsotError } from '../shared/errors.js';\n${text}\nexport const leaked = SsotError;\n`);
    try {
      const run = await runSsot(['check', '--format', 'json'], { cwd: dir });
      expect(run.code, run.stderr).toBe(1);
      const verdict = JSON.parse(run.stdout) as { violations: Array<{ rule: string; file: string; line: number; message: string }> };
      expect(verdict.violations).toEqual([
        expect.objectContaining({ rule: 'boundary', file: 'resilience/clock.ts', line: 1, message: expect.stringContaining('the resilience core is zero-dependency') }),
      ]);
    } finally {
      await writeFile(file, text);
    }
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });
});
