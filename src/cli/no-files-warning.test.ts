/**
 * A scan that finds no file says why, and the gate never judges or rewrites a baseline against an
 * empty scan. The built binary on small trees in temp folders.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, runSsot, writeTree } from '../test-utils/fixtures.js';
import { retryLoopBody } from '../test-utils/retry-source.js';

const retryLoop = (name: string) => `export async function ${name}(fn, attempts = 3) {${retryLoopBody({ delay: '100 * 2 ** attempt' })}}
`;

const dirs: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await writeTree(files);
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('a scan that finds no file', () => {
  it('names the excludes that left the files out and the folder to scan instead (a published package keeps its code in dist/)', async () => {
    const dir = await tree({
      'package.json': JSON.stringify({ name: 'published', main: 'dist/index.js' }),
      'dist/index.js': retryLoop('retryA'),
      'dist/cjs/retry.cjs': retryLoop('retryB'),
      'README.md': '# published\n',
    });
    const run = await runSsot(['scan'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('ssot: warning: no file to scan in .: 2 files match include but are left out (2 by exclude "**/dist/**")');
    expect(run.stderr).toContain('ssot scan dist');
    // The suggestion works.
    const suggested = await runSsot(['scan', 'dist', '--format', 'json'], { cwd: dir });
    expect(suggested.code).toBe(0);
    expect(JSON.parse(suggested.stdout).files).toBe(2);
    expect(suggested.stderr).not.toContain('no file to scan');
  });

  it('says when nothing matches include at all, and stays quiet when files were scanned', async () => {
    const dir = await tree({ 'docs/notes.md': '# nothing to scan\n', 'src/app.ts': 'export const a = 1;\n' });
    const empty = await runSsot(['scan', 'docs'], { cwd: dir });
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('ssot: warning: no file to scan in docs: no file matches include "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"');
    const scanned = await runSsot(['scan'], { cwd: dir });
    expect(scanned.stderr).not.toContain('no file to scan');
  });

  it('counts files left out by .gitignore', async () => {
    const dir = await tree({ '.gitignore': 'generated/\n', 'generated/retry.ts': retryLoop('retryA') });
    const run = await runSsot(['scan'], { cwd: dir });
    expect(run.stderr).toContain('1 file matches include but is left out (1 by .gitignore)');
  });
});

describe('the gate against an empty scan', () => {
  it('check, check --update-baseline, baseline and baseline --prune exit 2 and leave a non-empty baseline as it is', async () => {
    const dir = await tree({
      'package.json': JSON.stringify({ name: 'gated' }),
      'src/retry-a.ts': retryLoop('retryA'),
      'src/retry-b.ts': retryLoop('retryB'),
    });
    const recorded = await runSsot(['baseline'], { cwd: dir });
    expect(recorded.code).toBe(0);
    const baselineFile = join(dir, '.ssot', 'baseline.json');
    const before = await readFile(baselineFile, 'utf8');
    expect(JSON.parse(before).entries.length).toBe(2);

    // A config mistake: the exclude swallows every file.
    await writeFile(join(dir, 'ssot.config.json'), JSON.stringify({ exclude: ['src/**'] }));

    for (const args of [['check'], ['check', '--update-baseline'], ['baseline'], ['baseline', '--prune']]) {
      const run = await runSsot(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('2 files match include but are left out (2 by exclude "src/**")');
      expect(run.stderr, args.join(' ')).toContain('but the baseline records 2 findings');
      expect(await readFile(baselineFile, 'utf8'), args.join(' ')).toBe(before);
    }
  });

  it('an empty project without a baseline still passes, with the warning', async () => {
    const dir = await tree({ 'package.json': JSON.stringify({ name: 'empty' }) });
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no file to scan in .');
  });
});
