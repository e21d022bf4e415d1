/**
 * A command that documents its own exit codes shows only those: the generic list (with `--fail-on`,
 * which `plan` and `migrate` do not have) would contradict them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, runSsot } from '../test-utils/fixtures.js';

let cwd: string;
beforeAll(async () => {
  cwd = await makeTempDir('ssot-help-exit-');
});
afterAll(async () => removeDir(cwd));

describe('exit codes in command help', () => {
  it.each([['plan'], ['migrate']])('ssot %s --help lists its own exit codes once, and not the generic ones', async (name) => {
    const { code, stdout } = await runSsot([name, '--help'], { cwd });
    expect(code).toBe(0);
    expect(stdout.match(/^Exit codes/gm)).toEqual(['Exit codes']);
    expect(stdout).not.toContain('--fail-on threshold');
  });

  it('ssot scan --help keeps the generic list', async () => {
    const { stdout } = await runSsot(['scan', '--help'], { cwd });
    expect(stdout).toContain('1  findings over the --fail-on threshold, or the gate failed');
  });
});
