/**
 * Help and version through the built binary, for the program and for every registered command, and
 * the exit codes of asking for help versus forgetting the command.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, repoRoot, runSsot } from '../test-utils/fixtures.js';
import { createProgram } from './program.js';

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: process.cwd() };
const commandNames = createProgram(io, () => undefined).commands.map((command) => command.name());

let cwd: string;
beforeAll(async () => {
  cwd = await makeTempDir('ssot-help-');
});
afterAll(async () => {
  await removeDir(cwd);
});

describe('ssot --help', () => {
  it.each([['--help'], ['-h'], ['help']])('%s lists every command and the exit codes on stdout, exit 0', async (flag) => {
    const { code, stdout, stderr } = await runSsot([flag], { cwd });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.startsWith('Usage: ssot [options] [command]\n')).toBe(true);
    for (const name of commandNames) expect(stdout).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
    expect(stdout).toContain('Exit codes:\n  0  ok\n  1  findings over the --fail-on threshold, or the gate failed\n  2  usage, config or internal error\n');
  });

  it('with no command prints the help on stderr and exits 2', async () => {
    const { code, stdout, stderr } = await runSsot([], { cwd });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: ssot [options] [command]');
  });

  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const { code, stdout } = await runSsot([flag], { cwd });
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });
});

describe('each command', () => {
  it('is registered (scan at least)', () => {
    expect(commandNames).toContain('scan');
  });

  it.each(commandNames.map((name) => [name]))('ssot %s --help and ssot help %s print its usage, options and exit codes', async (name) => {
    const viaFlag = await runSsot([name, '--help'], { cwd });
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stderr).toBe('');
    expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: ssot ${name} `));
    expect(viaFlag.stdout).toContain('-h, --help');
    expect(viaFlag.stdout).toContain('Exit codes:');
    const viaHelp = await runSsot(['help', name], { cwd });
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });
});
