/**
 * tsconfig/jsconfig `paths` and `baseUrl`, following `extends` chains (relative files, packages,
 * arrays) with TypeScript's rules: `paths` resolve against `baseUrl` when set, otherwise against the
 * folder of the config that declares them; `${configDir}` is the folder of the leaf config.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseJsonc } from './jsonc.js';

export interface PathMapping {
  /** Absolute path of the config file the mapping comes from (the leaf of the extends chain). */
  file: string;
  /** Absolute folder that `paths` substitutions are relative to, or null without `paths`. */
  pathsBase: string | null;
  /** Pattern → substitutions, e.g. `{ "@app/*": ["src/*"] }`. */
  paths: Record<string, string[]>;
  /** Absolute `baseUrl`, when set: bare specifiers are also tried against it. */
  baseUrl: string | null;
  /** Absolute `outDir` and `rootDir`, to map built files of a package back to their sources. */
  outDir: string | null;
  rootDir: string | null;
}

interface RawCompilerOptions {
  paths?: Record<string, string[]>;
  baseUrl?: string;
  outDir?: string;
  rootDir?: string;
}

interface RawConfig {
  extends?: string | string[];
  compilerOptions?: RawCompilerOptions;
}

const cache = new Map<string, PathMapping | null>();

/** Reads a tsconfig with its extends chain; null when it cannot be read or parsed (never throws). */
export function loadPathMapping(file: string): PathMapping | null {
  const absolute = resolve(file);
  if (cache.has(absolute)) return cache.get(absolute)!;
  let mapping: PathMapping | null = null;
  try {
    const merged = mergeChain(absolute, dirname(absolute), new Set());
    if (merged) {
      const hasPaths = Object.keys(merged.paths).length > 0;
      mapping = {
        file: absolute,
        pathsBase: hasPaths ? merged.baseUrl ?? merged.pathsDir : null,
        paths: merged.paths,
        baseUrl: merged.baseUrl,
        outDir: merged.outDir,
        rootDir: merged.rootDir,
      };
    }
  } catch {
    mapping = null;
  }
  cache.set(absolute, mapping);
  return mapping;
}

/** Forgets cached configs (a new scan may see edited ones). */
export function clearPathMappingCache(): void {
  cache.clear();
}

/** Options merged along the chain; `pathsDir` is the folder of the config that declared `paths`. */
interface Merged {
  paths: Record<string, string[]>;
  pathsDir: string | null;
  baseUrl: string | null;
  outDir: string | null;
  rootDir: string | null;
}

function mergeChain(file: string, configDir: string, seen: Set<string>): Merged | null {
  if (seen.has(file) || !existsSync(file)) return null;
  seen.add(file);
  const raw = parseJsonc(readFileSync(file, 'utf8')) as RawConfig;
  const dir = dirname(file);
  const merged: Merged = { paths: {}, pathsDir: null, baseUrl: null, outDir: null, rootDir: null };
  const parents = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends];
  for (const parent of parents) {
    if (typeof parent !== 'string') continue;
    const parentFile = resolveExtends(parent, dir);
    const inherited = parentFile ? mergeChain(parentFile, configDir, seen) : null;
    if (!inherited) continue;
    if (inherited.pathsDir !== null) {
      merged.paths = inherited.paths;
      merged.pathsDir = inherited.pathsDir;
    }
    merged.baseUrl = inherited.baseUrl ?? merged.baseUrl;
    merged.outDir = inherited.outDir ?? merged.outDir;
    merged.rootDir = inherited.rootDir ?? merged.rootDir;
  }
  const options = raw.compilerOptions ?? {};
  const at = (value: string): string => {
    const substituted = value.replace(/\$\{configDir\}/g, configDir);
    return isAbsolute(substituted) ? substituted : resolve(dir, substituted);
  };
  if (typeof options.baseUrl === 'string') merged.baseUrl = at(options.baseUrl);
  if (options.paths && typeof options.paths === 'object') {
    const paths: Record<string, string[]> = {};
    for (const [pattern, targets] of Object.entries(options.paths)) {
      if (!Array.isArray(targets)) continue;
      paths[pattern] = targets.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/\$\{configDir\}/g, configDir));
    }
    merged.paths = paths;
    merged.pathsDir = dir;
  }
  if (typeof options.outDir === 'string') merged.outDir = at(options.outDir);
  if (typeof options.rootDir === 'string') merged.rootDir = at(options.rootDir);
  return merged;
}

/** `./base.json`, `../tsconfig` (extension optional), or a package (`@tsconfig/node20/tsconfig.json`). */
function resolveExtends(spec: string, dir: string): string | null {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const candidate = resolve(dir, spec);
    if (existsSync(candidate) && !candidate.endsWith('/')) return candidate;
    if (existsSync(`${candidate}.json`)) return `${candidate}.json`;
    return null;
  }
  try {
    const require = createRequire(join(dir, 'tsconfig.json'));
    for (const attempt of [spec, `${spec}.json`, `${spec}/tsconfig.json`]) {
      try {
        return require.resolve(attempt);
      } catch {
        // try the next form
      }
    }
  } catch {
    // not installed: the chain simply stops here
  }
  return null;
}

/**
 * Matches `specifier` against `paths` patterns: exact patterns first, then the wildcard pattern with
 * the longest prefix (TypeScript's rule). Returns absolute candidate paths, in order.
 */
export function matchPaths(mapping: PathMapping, specifier: string): string[] {
  if (mapping.pathsBase === null) return [];
  let best: { pattern: string; star: string } | null = null;
  for (const pattern of Object.keys(mapping.paths)) {
    const star = pattern.indexOf('*');
    if (star === -1) {
      if (pattern === specifier) {
        best = { pattern, star: '' };
        break;
      }
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
      if (!best || prefix.length > best.pattern.indexOf('*')) {
        best = { pattern, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
      }
    }
  }
  if (!best) return [];
  return mapping.paths[best.pattern]!.map((target) => resolve(mapping.pathsBase!, target.replace('*', best!.star)));
}
