/**
 * The scan command's own behaviour (where the report goes, colour, progress, --fail-on, --concept,
 * --explain, flags overriding the config), run in-process on a real temp project and a real config
 * file. The scanner is replaced by a stored result so these tests do not depend on what detection
 * finds; end-to-end runs of the real scanner live in scan-e2e tests.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResolvedConfig } from '../../config/types.js';
import { backendResult } from '../../reporters/test-utils/scan-results.js';
import type { ScanOptions } from '../../scan/scan.js';
import type { ScanResult } from '../../scan/types.js';
import { removeDir, writeTree } from '../../test-utils/fixtures.js';
import type { CliIo } from '../io.js';
import { runCli } from '../main.js';

const calls: Array<{ config: ResolvedConfig }> = [];
let stored: ScanResult = backendResult;

vi.mock('../../scan/scan.js', () => ({
  scan: async (config: ResolvedConfig, options: ScanOptions = {}) => {
    calls.push({ config });
    options.onProgress?.({ phase: 'discover', done: 42, total: 0 });
    options.onProgress?.({ phase: 'analyze', done: 42, total: 42 });
    return stored;
  },
}));

interface TestIo extends CliIo {
  out(): string;
  err(): string;
}

function testIo(cwd: string, options: { env?: NodeJS.ProcessEnv; stdoutTTY?: boolean; stderrTTY?: boolean } = {}): TestIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.stdoutTTY ?? false },
    stderr: { write: (text: string) => (err += text), isTTY: options.stderrTTY ?? false },
    env: options.env ?? {},
    cwd,
    out: () => out,
    err: () => err,
  };
}

let dir: string;
beforeEach(async () => {
  calls.length = 0;
  stored = backendResult;
  dir = await writeTree({ 'package.json': JSON.stringify({ name: 'demo' }), 'src/a.ts': 'export const a = 1;\n' }, 'ssot-scan-cmd-');
});
afterEach(async () => {
  await removeDir(dir);
});

async function run(args: string[], options?: Parameters<typeof testIo>[1]): Promise<{ code: number; io: TestIo }> {
  const io = testIo(dir, options);
  const code = await runCli(['scan', ...args], io);
  return { code, io };
}

describe('ssot scan: output', () => {
  it('prints the table to stdout and exits 0 by default', async () => {
    const { code, io } = await run([]);
    expect(code).toBe(0);
    expect(io.out()).toContain('retry  (1 canonical, 2 duplicates, 2 wrappers, 1 dead)');
    expect(io.out()).not.toContain('\u001b[');
    expect(io.err()).toBe('');
    expect(calls[0]!.config.root).toBe(dir);
  });

  it('prints JSON that matches the contract', async () => {
    const { code, io } = await run(['--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toEqual(backendResult);
  });

  it('writes --output to a file, creating folders, and nothing to stdout', async () => {
    const { code, io } = await run(['-f', 'markdown', '-o', 'reports/ssot/scan.md']);
    expect(code).toBe(0);
    expect(io.out()).toBe('');
    const written = await readFile(join(dir, 'reports/ssot/scan.md'), 'utf8');
    expect(written.startsWith('# ssot scan\n')).toBe(true);
    expect(written).toContain('| `src/db/db-retry.ts:5-40` | `withDbRetry` | implementation | 36 | 2 | duplicate |');
  });

  it('colours on a terminal unless NO_COLOR or --no-color, and only when asked for a file', async () => {
    expect((await run([], { stdoutTTY: true })).io.out()).toContain('\u001b[32mcanonical');
    expect((await run([], { stdoutTTY: true, env: { NO_COLOR: '1' } })).io.out()).not.toContain('\u001b[');
    expect((await run(['--no-color'], { stdoutTTY: true })).io.out()).not.toContain('\u001b[');
    expect((await run(['--color'])).io.out()).toContain('\u001b[32mcanonical');
    await run(['-o', 'plain.txt'], { stdoutTTY: true });
    expect(await readFile(join(dir, 'plain.txt'), 'utf8')).not.toContain('\u001b[');
  });
});

describe('ssot scan: progress', () => {
  it('shows progress on a terminal stderr and clears it', async () => {
    const { io } = await run([], { stderrTTY: true });
    expect(io.err()).toContain('ssot: analyzing [####################] 42/42 files');
    expect(io.err().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('shows none in CI, with --no-progress, or when stderr is not a terminal', async () => {
    expect((await run([], { stderrTTY: true, env: { CI: 'true' } })).io.err()).toBe('');
    expect((await run(['--no-progress'], { stderrTTY: true })).io.err()).toBe('');
    expect((await run([], { stderrTTY: false })).io.err()).toBe('');
  });
});

describe('ssot scan: --fail-on', () => {
  it('exits 1 with the reason when a chosen level has findings', async () => {
    const { code, io } = await run(['--fail-on', 'duplicate', '--format', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(io.out())).toEqual(backendResult);
    expect(io.err()).toBe('ssot: failing (--fail-on duplicate): 5 duplicates\n');
  });

  it('exits 0 when the chosen levels have nothing', async () => {
    stored = { ...backendResult, errors: [] };
    expect((await run(['--fail-on', 'error'])).code).toBe(0);
    expect((await run(['--fail-on', 'dead,wrapper', '--concept', 'circuit-breaker'])).code).toBe(0);
    expect((await run(['--fail-on', 'double-init', '--concept', 'circuit-breaker'])).code).toBe(1);
  });
});

describe('ssot scan: --concept and --explain', () => {
  it('reports only the chosen concepts and warns about unknown ones', async () => {
    const { code, io } = await run(['--concept', 'factory', '--concept', 'circuit-breakr', '-f', 'json']);
    expect(code).toBe(0);
    const result = JSON.parse(io.out()) as ScanResult;
    expect(new Set(result.findings.map((finding) => finding.concept))).toEqual(new Set(['factory']));
    expect(io.err()).toBe('ssot: warning: --concept circuit-breakr: no such concept (did you mean "circuit-breaker"?)\n');
  });

  it('explains one finding instead of the report', async () => {
    const { code, io } = await run(['--explain', 'src/db/db-retry.ts#withDbRetry']);
    expect(code).toBe(0);
    expect(io.out()).toContain('Signals (2)\n  retry-loop  src/db/db-retry.ts:11  for loop re-invokes fn() after catch');
    expect(io.out()).not.toContain('Clusters');
  });

  it('exits 2 for an unknown finding id, suggesting the closest', async () => {
    const { code, io } = await run(['--explain', 'src/db/db-retry.ts#withDbRetri']);
    expect(code).toBe(2);
    expect(io.err()).toContain('ssot: no finding src/db/db-retry.ts#withDbRetri\n');
    expect(io.err()).toContain('(did you mean "src/db/db-retry.ts#withDbRetry"?)');
  });
});

describe('ssot scan: config and flags', () => {
  it('passes the config file settings to the scanner, with command-line flags winning', async () => {
    await writeFile(join(dir, 'ssot.config.json'), JSON.stringify({ minConfidence: 0.8, concurrency: 2, exclude: ['gen/**'] }));
    await run([]);
    expect(calls[0]!.config).toMatchObject({ configFile: join(dir, 'ssot.config.json'), minConfidence: 0.8, concurrency: 2, cache: { enabled: true } });
    await run(['--min-confidence', '0.25', '--concurrency', '3', '--no-cache']);
    expect(calls[1]!.config).toMatchObject({ minConfidence: 0.25, concurrency: 3, cache: { enabled: false } });
    expect(calls[1]!.config.exclude.at(-1)).toBe('gen/**');
    await run(['--no-config']);
    expect(calls[2]!.config).toMatchObject({ configFile: null, minConfidence: 0.5 });
  });

  it('scans the path given, and prints the config used with --debug', async () => {
    const { io } = await run(['src', '--debug']);
    expect(calls[0]!.config.root).toBe(join(dir, 'src'));
    expect(io.err()).toContain(`ssot: config (none)\nssot: root ${join(dir, 'src')}\n`);
    expect(io.err()).toMatch(/ssot: scanned 42 files in \d+ ms/);
  });

  it('warns when a configured canonical matches nothing', async () => {
    await writeFile(
      join(dir, 'ssot.config.json'),
      JSON.stringify(
        {
          canonical: {
            retry: 'src/core/resilience/retry.ts#retryWithPolicy',
            'circuit-breaker': 'src/gone.ts#Breaker',
            backof: 'src/db/db-retry.ts#withDbRetry',
            backoff: 'ssot/resilience#exponentialBackoff',
          },
        },
        null,
        2,
      ),
    );
    const { code, io } = await run([]);
    expect(code).toBe(0);
    expect(io.err()).toBe(
      'ssot: warning: ssot.config.json:4: canonical.circuit-breaker = "src/gone.ts#Breaker" matches no finding of the scan\n' +
        'ssot: warning: ssot.config.json:5: canonical.backof = "src/db/db-retry.ts#withDbRetry" names no cluster or concept found by the scan\n',
    );
  });
});
