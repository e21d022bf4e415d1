/**
 * Part of the parser adapter: loads a large CommonJS module (the TypeScript compiler, 9 MB) with a V8
 * code cache, as Node 22's `module.enableCompileCache()` does (Node 20 has no such switch). Compiling
 * the compiler's source costs every thread that parses about a quarter of a second; with the cache
 * V8 deserializes the compiled code instead, in a fraction of that. The first load writes the cache.
 *
 * The cache lives in a folder of the system temp directory that belongs to the current user (checked
 * before reading), one file per module, Node/V8 version, and module size and mtime: any change makes
 * another file, and V8 itself rejects data that does not match the source. Writing a new file removes
 * the files it supersedes (the same module at another version), so upgrades do not pile up megabytes.
 * Anything going wrong falls back to a plain `require`. `SSOT_CODE_CACHE=0` turns it off.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';

const plainRequire = createRequire(import.meta.url);

/**
 * The per-user cache folder, created private; undefined when it cannot be trusted or made. Only the
 * folder itself is created: a missing temp directory means no cache, and a recursive `mkdir` never
 * returns on some file systems (procfs answers ENOENT for every level, forever, on Node 20).
 */
function cacheFolder(): string | undefined {
  const uid = process.getuid?.();
  const folder = join(tmpdir(), `ssot-code-cache-${uid ?? 'user'}`);
  try {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    const s = statSync(folder);
    // Someone else's folder (or one others may write to) could hold planted data: do not read it.
    if (!s.isDirectory() || (uid !== undefined && s.uid !== uid) || (s.mode & 0o022) !== 0) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

/** Hex digits of the module's path in a cache file name: files of one module share them. */
const MODULE_DIGITS = 16;
/** A cache file: `<module digits>-<version digest>.bin`; the bare `<digest>.bin` of older releases. */
const CACHE_FILE = /^(?:([0-9a-f]{16})-)?[0-9a-f]{40}\.bin$/;
/** A half-written cache file a killed process left behind (`<cache file>.<pid>-<thread>.tmp`). */
const TEMP_FILE = /^(?:[0-9a-f]{16}-)?[0-9a-f]{40}\.bin\.\d+-\d+\.tmp$/;
/** Leftover temp files younger than this may still be being written by another process. */
const TEMP_GRACE_MS = 60 * 60 * 1000;

/** The cache file name for a module at `path` in its current version (size and mtime) under this Node. */
function cacheFileName(path: string, size: number, mtimeMs: number): string {
  const moduleDigits = createHash('sha1').update(path).digest('hex').slice(0, MODULE_DIGITS);
  const version = createHash('sha1').update(`${process.version}\0${process.versions.v8}\0${process.arch}\0${path}\0${size}\0${mtimeMs}`).digest('hex');
  return `${moduleDigits}-${version}.bin`;
}

/**
 * Removes the cache files `current` supersedes: the same module's files for other versions, files in
 * the naming of older releases, and stale half-written files. Only regular files named as ssot names
 * them and owned by this user are touched; cache files of other modules (another install of the
 * compiler that is still in use) stay. Best effort: a file that cannot be removed stays.
 */
function removeSupersededFiles(folder: string, current: string): void {
  const uid = process.getuid?.();
  const moduleDigits = current.slice(0, MODULE_DIGITS);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === current) continue;
    const cacheFile = CACHE_FILE.exec(name);
    const temp = !cacheFile && TEMP_FILE.test(name);
    if (!temp && !(cacheFile && (cacheFile[1] === undefined || cacheFile[1] === moduleDigits))) continue;
    try {
      const path = join(folder, name);
      const s = lstatSync(path);
      if (!s.isFile() || (uid !== undefined && s.uid !== uid)) continue;
      if (temp && Date.now() - s.mtimeMs < TEMP_GRACE_MS) continue;
      unlinkSync(path);
    } catch {
      // Gone already (another process cleaned up) or not ours to remove.
    }
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
      cacheFile = join(folder, cacheFileName(path, s.size, s.mtimeMs));
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
    removeSupersededFiles(dirname(cacheFile), basename(cacheFile));
    return { exports: module.exports, cache: 'written' };
  } catch {
    // A read-only or full temp directory: the next load compiles again.
    return { exports: module.exports, cache: 'none' };
  }
}
