import { afterEach, describe, expect, it } from 'vitest';
import { gitInit, removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await writeTree({ 'package.json': '{ "name": "app", "private": true }\n', ...files });
  dirs.push(dir);
  return dir;
}

describe('ssot check: bad input exits 2 with a clear message', () => {
  it('refuses a malformed baseline, naming the file and the entry', async () => {
    const dir = await tree({
      'src/a.ts': 'export const a = 1;\n',
      '.ssot/baseline.json': '{\n  "version": 1,\n  "entries": [\n    {"id":"x","concept":"retry","kind":"gadget","file":"src/a.ts","symbol":"a","line":1}\n  ]\n}\n',
    });
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ssot: .ssot/baseline.json is malformed (1 problem)');
    expect(run.stderr).toContain('.ssot/baseline.json:4 (entries[0]).kind: must be one of implementation, wrapper, re-export, config-type');
    expect(run.stdout).toBe('');
  });

  it('refuses a baseline with merge conflict markers', async () => {
    const dir = await tree({ '.ssot/baseline.json': '{\n<<<<<<< HEAD\n  "version": 1,\n=======\n>>>>>>> other\n}\n' });
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.ssot\/baseline\.json is not valid JSON/);
  });

  it('refuses a malformed forbidden list', async () => {
    const dir = await tree({ '.ssot/forbidden.json': '{ "version": 1, "files": [ { "replacement": "src/y.ts#Y" } ] }' });
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.ssot/forbidden.json: files[0].path: must be a non-empty string');
  });

  it('refuses --changed-since outside a git repository', async () => {
    const dir = await tree({ 'src/a.ts': '' });
    const run = await runSsot(['check', '--changed-since', 'main'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--changed-since needs a git repository/);
  });

  it('refuses an unknown --changed-since ref', async () => {
    const dir = await tree({ 'src/a.ts': '' });
    gitInit(dir);
    const run = await runSsot(['check', '--changed-since', 'origin/nope'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("ssot: unknown git ref 'origin/nope' for --changed-since");
    expect(run.stderr).toContain('fetch-depth: 0');
  });

  it('refuses a config file that does not parse', async () => {
    const dir = await tree({ 'ssot.config.json': '{ "forbid": ' });
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot load config .*ssot\.config\.json/);
  });

  it('refuses an invalid gate config, listing every problem', async () => {
    const dir = await tree({ 'ssot.config.json': JSON.stringify({ max: { retry: 'two' }, forbid: { boundaries: [{ from: 'src/a/**' }] } }) });
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid config ssot.config.json');
    expect(run.stderr).toMatch(/max\.retry/);
    expect(run.stderr).toMatch(/forbid\.boundaries\[0\]/);
  });

  it('refuses an unknown format as a usage error', async () => {
    const dir = await tree({});
    const run = await runSsot(['check', '--format', 'xml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/argument 'xml' is invalid/);
  });
});
