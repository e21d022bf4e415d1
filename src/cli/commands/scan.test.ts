/**
 * `ssot scan` through the built binary, as a user runs it: help, usage errors and config errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';

const dirs: string[] = [];
async function project(files: Record<string, string>): Promise<string> {
  const dir = await writeTree({ 'package.json': JSON.stringify({ name: 'demo' }), ...files }, 'ssot-scan-cli-');
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('ssot scan --help', () => {
  it('lists every option, the formats, the --fail-on levels and the exit codes', async () => {
    const dir = await project({});
    const { code, stdout } = await runSsot(['scan', '--help'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: ssot scan [options] [path]');
    for (const option of [
      '-c, --config <file>',
      '--no-config',
      '-f, --format <name>',
      '-o, --output <file>',
      '--fail-on <levels>',
      '--concept <ids>',
      '--min-confidence <n>',
      '--concurrency <n|auto>',
      '--no-cache',
      '--color',
      '--no-color',
      '--no-progress',
      '--explain <finding-id>',
      '--debug',
    ]) {
      expect(stdout).toContain(option);
    }
    for (const format of ['table', 'json', 'markdown', 'sarif', 'html']) expect(stdout).toMatch(new RegExp(`^  ${format} +\\S`, 'm'));
    for (const level of ['none', 'duplicate', 'double-init', 'wrapper', 'dead', 'error', 'any']) expect(stdout).toMatch(new RegExp(`^  ${level} +\\S`, 'm'));
    expect(stdout).toContain('Exit codes:\n  0  ok\n  1  findings over the --fail-on threshold, or the gate failed\n  2  usage, config or internal error');
  });

  it('is listed in the top-level help', async () => {
    const { code, stdout } = await runSsot(['--help'], { cwd: await project({}) });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}scan \[options\] \[path\] +Inventory every implementation/m);
  });
});

describe('ssot scan usage errors exit 2', () => {
  it.each([
    [['scan', '--no-such-flag'], "unknown option '--no-such-flag'"],
    [['scan', '--format', 'xml'], "argument 'xml' is invalid. Allowed choices are table, json, markdown, sarif, html"],
    [['scan', '--fail-on', 'everything'], 'unknown level "everything"'],
    [['scan', '--min-confidence', '2'], 'expected a number between 0 and 1'],
    [['scan', '--concurrency', 'many'], 'expected a whole number >= 1 or "auto"'],
    [['scan', 'a', 'b'], 'too many arguments'],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await runSsot(args, { cwd: await project({}) });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('names a scan path that does not exist', async () => {
    const { code, stderr } = await runSsot(['scan', 'missing-folder'], { cwd: await project({}) });
    expect(code).toBe(2);
    expect(stderr).toBe('ssot: path not found: missing-folder\n  missing-folder: no such folder\n');
  });
});

describe('ssot scan config errors exit 2', () => {
  it('lists every problem of an invalid config with the file and the path', async () => {
    const dir = await project({
      'ssot.config.json': JSON.stringify({
        minConfidence: 3,
        canonical: { retry: 'src/retry.ts' },
        phases: [{ name: 'imports', codemods: ['rewrite-import'] }],
        exlude: [],
      }),
    });
    const { code, stdout, stderr } = await runSsot(['scan'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('ssot: invalid config ssot.config.json');
    expect(lines.slice(1)).toEqual([
      '  ssot.config.json:1: minConfidence: expected a number between 0 and 1, got 3',
      '  ssot.config.json:1: canonical.retry: expected "path#Symbol", got "src/retry.ts"',
      expect.stringMatching(/^ {2}ssot\.config\.json:1: phases\[0\]\.codemods\[0\]: unknown codemod "rewrite-import" \(did you mean "rewrite-imports"\?\)/),
      '  ssot.config.json:1: exlude: unknown key (did you mean "exclude"?)',
    ]);
  });

  it('validates an ssot.config.ts the same way', async () => {
    const dir = await project({ 'ssot.config.ts': 'const level: number = 7;\nexport default { minConfidence: level, scope: "galaxy" };\n' });
    const { code, stderr } = await runSsot(['scan'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toContain('ssot: invalid config ssot.config.ts\n  ssot.config.ts:2: minConfidence: expected a number between 0 and 1, got 7\n');
    expect(stderr).toContain('  ssot.config.ts:2: scope: expected one of "repo", "workspace", got "galaxy"');
  });

  it('reports an unparsable config with its line', async () => {
    const dir = await project({ '.ssotrc.json': '{\n  "minConfidence": 0.5,\n  oops\n}\n' });
    const { code, stderr } = await runSsot(['scan'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ssot: cannot load config \.ssotrc\.json\n {2}\.ssotrc\.json:3: .+\n$/);
  });

  it('fails on a --config file that does not exist, even when another config would be found', async () => {
    const dir = await project({ 'ssot.config.json': '{}' });
    const { code, stderr } = await runSsot(['scan', '--config', 'configs/ssot.json'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe('ssot: config file not found: configs/ssot.json\n  configs/ssot.json: no such file\n');
  });

  it('ignores a broken config with --no-config', async () => {
    const dir = await project({ 'ssot.config.json': '{ "minConfidence": 3 }' });
    const { stderr } = await runSsot(['scan', '--no-config'], { cwd: dir });
    expect(stderr).not.toContain('invalid config');
  });
});
