/**
 * `--output` that cannot be written: a clear message and exit code 2, never "internal error". The
 * built binary on a small project in a temp folder.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runSsot, writeTree } from '../test-utils/fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await writeTree({
    'package.json': JSON.stringify({ name: 'outputs' }),
    'src/app.ts': 'export const answer = 42;\n',
    'notes.txt': 'a file, not a folder\n',
  });
  await mkdir(join(dir, 'reports'));
});
afterAll(async () => {
  await removeDir(dir);
});

describe('--output', () => {
  it.each([['scan'], ['check']])('%s: a folder is refused before scanning, as a usage error', async (command) => {
    const run = await runSsot([command, '--output', 'reports'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ssot: cannot write the report to reports');
    expect(run.stderr).toContain('reports: is a folder');
    expect(run.stderr).not.toContain('internal error');
  });

  it.each([['scan'], ['check']])('%s: a path through a file names the problem', async (command) => {
    const run = await runSsot([command, '--output', 'notes.txt/report.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ssot: cannot write the report to notes.txt/report.json');
    expect(run.stderr).toContain('a file stands where a folder of the path should be');
    expect(run.stderr).not.toContain('internal error');
  });

  it('an empty name is a usage error', async () => {
    const run = await runSsot(['scan', '--format', 'json', '--output', ''], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument '' is invalid. expected a file name");
  });
});

describe('--concept', () => {
  it('an unknown concept with no near match lists the known ones', async () => {
    const run = await runSsot(['scan', '--concept', 'nope'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/--concept nope: no such concept; known: .*\bretry\b.*\bcircuit-breaker\b/);
  });
});
