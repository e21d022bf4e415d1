/**
 * The code cache, through the built module in child `node` processes: within one process V8 keeps
 * compiled scripts anyway, so only a new process shows whether the cache on disk is used.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, repoRoot, writeTree } from '../test-utils/fixtures.js';

const built = join(repoRoot, 'dist', 'src', 'parser', 'code-cache.js');
/** Kills a child that never returns (a hang is the bug some tests guard against); not a timing check. */
const HANG_GUARD_MS = 60_000;
let dir: string;

beforeEach(async () => {
  dir = await makeTempDir('ssot-code-cache-');
  mkdirSync(join(dir, 'tmp'));
});
afterEach(async () => {
  await removeDir(dir);
});

/** Loads `path` through the code cache in a new process whose temp directory is this test's own. */
function loadInChild(path: string, env: NodeJS.ProcessEnv = {}): Promise<{ cache: string; answer: number; joined: string; same: boolean }> {
  const script = `
    import { createRequire } from 'node:module';
    const { loadWithCodeCache } = await import(${JSON.stringify(pathToFileURL(built).href)});
    const loaded = loadWithCodeCache(${JSON.stringify(path)});
    const same = createRequire(import.meta.url)(${JSON.stringify(path)}) === loaded.exports;
    process.stdout.write(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer, joined: loaded.exports.joined, same }));
  `;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: join(dir, 'tmp'), ...env }, timeout: HANG_GUARD_MS }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as { cache: string; answer: number; joined: string; same: boolean });
    });
  });
}

/** A CommonJS module with a require of its own. */
function writeModule(extra = ''): string {
  const path = join(dir, 'mod.cjs');
  writeFileSync(path, `const { join } = require('node:path');\nexports.answer = 6 * 7;\nexports.joined = join('a', 'b');\n${extra}`);
  return path;
}

function cacheFolder(): string {
  const tmp = join(dir, 'tmp');
  return join(tmp, readdirSync(tmp).find((name) => name.startsWith('ssot-code-cache-'))!);
}

describe('code cache', () => {
  it('writes the cache on the first load and compiles from it in the next process; require gets the same module', async () => {
    expect(existsSync(built), 'run `npm run build` first (npm test does)').toBe(true);
    const path = writeModule();
    const first = await loadInChild(path);
    expect(first).toEqual({ cache: 'written', answer: 42, joined: join('a', 'b'), same: true });
    expect(readdirSync(cacheFolder()).filter((name) => name.endsWith('.bin'))).toHaveLength(1);
    expect(await loadInChild(path)).toEqual({ cache: 'hit', answer: 42, joined: join('a', 'b'), same: true });
  });

  it('compiles again and rewrites data V8 rejects', async () => {
    const path = writeModule();
    await loadInChild(path);
    const folder = cacheFolder();
    const file = readdirSync(folder).find((name) => name.endsWith('.bin'))!;
    writeFileSync(join(folder, file), Buffer.from('not a code cache'));
    expect(await loadInChild(path)).toMatchObject({ cache: 'written', answer: 42 });
    expect(await loadInChild(path)).toMatchObject({ cache: 'hit', answer: 42 });
  });

  it('neither reads nor writes a cache folder others may write to', async () => {
    const path = writeModule();
    await loadInChild(path);
    chmodSync(cacheFolder(), 0o777);
    expect(await loadInChild(path)).toMatchObject({ cache: 'none', answer: 42, same: true });
  });

  it('is off with SSOT_CODE_CACHE=0', async () => {
    const path = writeModule();
    expect(await loadInChild(path, { SSOT_CODE_CACHE: '0' })).toMatchObject({ cache: 'none', answer: 42, same: true });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('does without a cache when the temp directory is missing, and does not create it', async () => {
    const path = writeModule();
    expect(await loadInChild(path, { TMPDIR: join(dir, 'missing', 'tmp') })).toMatchObject({ cache: 'none', answer: 42, same: true });
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('does without a cache when the temp directory points into /proc', async () => {
    const path = writeModule();
    expect(await loadInChild(path, { TMPDIR: '/proc/ssot-no-such-dir/tmp' })).toMatchObject({ cache: 'none', answer: 42, same: true });
  });

  it('removes the files a new version of the same module supersedes, and nothing else', async () => {
    const path = writeModule();
    await loadInChild(path);
    const folder = cacheFolder();
    const [firstFile] = readdirSync(folder);
    const hex = (digit: string, length: number) => digit.repeat(length);
    const legacy = `${hex('a', 40)}.bin`;
    const otherModule = `${hex('b', 16)}-${hex('c', 40)}.bin`;
    const staleTemp = `${firstFile}.123-0.tmp`;
    const freshTemp = `${firstFile}.456-0.tmp`;
    const foreign = ['notes.txt', `${hex('d', 40)}.bin.bak`, `${hex('e', 39)}.bin`];
    for (const name of [legacy, otherModule, staleTemp, freshTemp, ...foreign]) writeFileSync(join(folder, name), 'x');
    const hourAgo = (Date.now() - 2 * 60 * 60 * 1000) / 1000;
    utimesSync(join(folder, staleTemp), hourAgo, hourAgo);
    // A folder named like a cache file is not a file ssot wrote: it stays.
    const folderLikeFile = `${firstFile!.slice(0, 17)}${hex('f', 40)}.bin`;
    mkdirSync(join(folder, folderLikeFile));

    const changed = writeModule('exports.version = 2;\n');
    expect(await loadInChild(changed)).toMatchObject({ cache: 'written', answer: 42 });
    const left = readdirSync(folder);
    const written = left.filter((name) => name !== firstFile && name.startsWith(firstFile!.slice(0, 17)) && name.endsWith('.bin') && name !== folderLikeFile);
    expect(written).toHaveLength(1);
    expect(left.sort()).toEqual([written[0]!, otherModule, freshTemp, ...foreign, folderLikeFile].sort());
    expect(await loadInChild(changed)).toMatchObject({ cache: 'hit', answer: 42 });
  });
});

describe('code cache in a scan', () => {
  it('a scan with TMPDIR inside /proc finishes and reports its findings', async () => {
    const project = await writeTree({
      'src/retry.ts': 'export async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 0; ; i++) {\n    try {\n      return await fn();\n    } catch (error) {\n      if (i + 1 >= attempts) throw error;\n    }\n  }\n}\n',
    });
    try {
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [join(repoRoot, 'bin', 'ssot.js'), 'scan', '.', '--format', 'json'],
          { cwd: project, env: { ...process.env, NO_COLOR: '1', CI: '1', TMPDIR: '/proc/ssot-no-such-dir' }, timeout: HANG_GUARD_MS },
          (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
        );
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const scan = JSON.parse(result.stdout) as { findings: { concept: string; symbol: string }[] };
      expect(scan.findings).toEqual([expect.objectContaining({ concept: 'retry', symbol: 'retry' })]);
    } finally {
      await removeDir(project);
    }
  });
});
