/**
 * The code cache, through the built module in child `node` processes: within one process V8 keeps
 * compiled scripts anyway, so only a new process shows whether the cache on disk is used.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, repoRoot } from '../test-utils/fixtures.js';

const built = join(repoRoot, 'dist', 'src', 'parser', 'code-cache.js');
let dir: string;

beforeEach(async () => {
  dir = await makeTempDir('ssot-code-cache-');
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
    execFile(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: join(dir, 'tmp'), ...env } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as { cache: string; answer: number; joined: string; same: boolean });
    });
  });
}

/** A CommonJS module with a require of its own. */
function writeModule(): string {
  const path = join(dir, 'mod.cjs');
  writeFileSync(path, "const { join } = require('node:path');\nexports.answer = 6 * 7;\nexports.joined = join('a', 'b');\n");
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
    expect(existsSync(join(dir, 'tmp'))).toBe(false);
  });
});
