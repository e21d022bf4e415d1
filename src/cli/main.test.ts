import { describe, expect, it } from 'vitest';
import { runCli } from './main.js';
import type { CliIo } from './io.js';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

describe('runCli', () => {
  it('prints help with the exit codes and returns 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: ssot');
    expect(io.out()).toContain('2  usage, config or internal error');
  });

  it('maps an unknown option to exit code 2, not 1', async () => {
    const io = captureIo();
    expect(await runCli(['--no-such-flag'], io)).toBe(2);
    expect(io.err()).toContain("unknown option '--no-such-flag'");
  });

  it('prints the version from package.json', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('runCli exit codes', () => {
  it('returns 2 with help on stderr when no command is given, 0 for `help`', async () => {
    const bare = captureIo();
    expect(await runCli([], bare)).toBe(2);
    expect(bare.out()).toBe('');
    expect(bare.err()).toContain('Usage: ssot');
    const help = captureIo();
    expect(await runCli(['help'], help)).toBe(0);
    expect(help.out()).toContain('Usage: ssot');
  });

  it('`help` with an unknown command names it, suggests the near one and returns 2; a known one gets its help', async () => {
    const typo = captureIo();
    expect(await runCli(['help', 'chek'], typo)).toBe(2);
    expect(typo.err()).toContain("error: unknown command 'chek' (did you mean \"check\"?)");
    expect(typo.out()).toBe('');
    const known = captureIo();
    expect(await runCli(['help', 'scan'], known)).toBe(0);
    expect(known.out()).toContain('Usage: ssot scan');
  });

  it('stops quietly when the reader closes the pipe', async () => {
    const io = captureIo();
    const closed = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    io.stdout.write = () => {
      throw closed;
    };
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.err()).toBe('');
  });
});
