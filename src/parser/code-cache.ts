/**
 * Part of the parser adapter: loads a large CommonJS module (the TypeScript compiler, 9 MB) with a V8
 * code cache, as Node 22's `module.enableCompileCache()` does (Node 20 has no such switch). Compiling
 * the compiler's source costs every thread that parses about a quarter of a second; with the cache
 * V8 deserializes the compiled code instead, in a fraction of that. The first load writes the cache.
 *
 * The cache lives in a folder of the system temp directory that belongs to the current user (checked
 * before reading), one file per module, Node/V8 version, and module size and mtime: any change makes
 * another file, and V8 itself rejects data that does not match the source. Anything going wrong falls
 * back to a plain `require`. `SSOT_CODE_CACHE=0` turns it off.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';

const plainRequire = createRequire(import.meta.url);

/** The per-user cache folder, created private; undefined when it cannot be trusted or made. */
function cacheFolder(): string | undefined {
  const uid = process.getuid?.();
  const folder = join(tmpdir(), `ssot-code-cache-${uid ?? 'user'}`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const s = statSync(folder);
    // Someone else's folder (or one others may write to) could hold planted data: do not read it.
    if (!s.isDirectory() || (uid !== undefined && s.uid !== uid) || (s.mode & 0o022) !== 0) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

interface NodeModule {
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
}

type ModuleStatics = typeof Module & {
  new (id: string, parent?: unknown): NodeModule;
  _cache: Record<string, NodeModule>;
  _nodeModulePaths(from: string): string[];
};

/** How a load used the code cache: compiled from data it held, compiled and wrote it, or did not use it. */
export type CodeCacheUse = 'hit' | 'written' | 'none';

/**
 * `require(path)` for an absolute path to a CommonJS file, through the code cache. The module lands in
 * the CommonJS cache as a plain `require` would put it, so later `require`s of it get this instance.
 */
export function requireWithCodeCache(path: string): unknown {
  return loadWithCodeCache(path).exports;
}

/** `requireWithCodeCache`, also telling how the cache was used (for tests). */
export function loadWithCodeCache(path: string): { exports: unknown; cache: CodeCacheUse } {
  const statics = Module as ModuleStatics;
  if (statics._cache[path]) return { exports: statics._cache[path]!.exports, cache: 'none' };
  if (process.env['SSOT_CODE_CACHE'] === '0') return { exports: plainRequire(path), cache: 'none' };
  let source: string;
  let cacheFile: string | undefined;
  let cached: Buffer | undefined;
  try {
    source = readFileSync(path, 'utf8');
    const s = statSync(path);
    const folder = cacheFolder();
    if (folder) {
      const key = createHash('sha1').update(`${process.version}\0${process.versions.v8}\0${process.arch}\0${path}\0${s.size}\0${s.mtimeMs}`).digest('hex');
      cacheFile = join(folder, `${key}.bin`);
      try {
        cached = readFileSync(cacheFile);
      } catch {
        // not written yet
      }
    }
  } catch {
    return { exports: plainRequire(path), cache: 'none' };
  }
  const script = new Script(Module.wrap(source), { filename: path, ...(cached ? { cachedData: cached } : {}) });
  const module = new statics(path, undefined);
  module.filename = path;
  module.paths = statics._nodeModulePaths(dirname(path));
  statics._cache[path] = module;
  try {
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => void;
    wrapper.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
    module.loaded = true;
  } catch (error) {
    delete statics._cache[path];
    throw error;
  }
  if (!cacheFile) return { exports: module.exports, cache: 'none' };
  if (cached && !script.cachedDataRejected) return { exports: module.exports, cache: 'hit' };
  try {
    // Written whole, then renamed: another thread or process never reads half a file.
    const temp = `${cacheFile}.${process.pid}-${threadId}.tmp`;
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cacheFile);
    return { exports: module.exports, cache: 'written' };
  } catch {
    // A read-only or full temp directory: the next load compiles again.
    return { exports: module.exports, cache: 'none' };
  }
}
