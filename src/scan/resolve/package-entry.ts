/**
 * Entry points of a workspace package: `exports` maps (subpaths, `*` patterns, nested conditions),
 * then `source`/`types`/`module`/`main`, and the way back from a built file to its source
 * (`dist/index.js` → `src/index.ts`) when the built file is not part of the scan.
 */
import type { PackageManifest } from './workspaces.js';

/** Conditions tried first, in order: sources before declarations before built code. */
const CONDITION_ORDER = ['source', 'development', 'types', 'import', 'module', 'require', 'node', 'browser', 'default'];

/** Folders that usually hold build output rather than sources. */
const OUTPUT_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'es', 'types', 'dist-types', 'typings', 'umd', 'mjs']);

/**
 * Package-relative candidates (`dist/index.js`) for `subpath` (`.` or `./sub/path`), best first.
 * Null when the package has an `exports` map that does not expose the subpath.
 */
export function packageTargets(manifest: PackageManifest, subpath: string): string[] | null {
  if (manifest.exports !== undefined && manifest.exports !== null) return exportsTargets(manifest.exports, subpath);
  if (subpath !== '.') return [subpath.slice(2), `src/${subpath.slice(2)}`];
  const fields = [manifest.source, manifest.types, manifest.typings, manifest.module, manifest.main].filter((f): f is string => typeof f === 'string');
  return [...fields.map(clean), 'index', 'src/index'];
}

function clean(target: string): string {
  return target.replace(/^\.\//, '');
}

function isSubpathMap(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('.'));
}

/** Resolves `subpath` through an `exports` value. */
export function exportsTargets(exportsValue: unknown, subpath: string): string[] | null {
  const map: Record<string, unknown> =
    exportsValue && typeof exportsValue === 'object' && !Array.isArray(exportsValue) && isSubpathMap(exportsValue)
      ? (exportsValue as Record<string, unknown>)
      : { '.': exportsValue };
  return mapTargets(map, subpath);
}

/** Resolves a `#specifier` through a package's `imports` map (Node subpath imports). */
export function importsTargets(importsValue: unknown, specifier: string): string[] | null {
  if (!importsValue || typeof importsValue !== 'object' || Array.isArray(importsValue)) return null;
  return mapTargets(importsValue as Record<string, unknown>, specifier);
}

/** Exact key, then the `*` pattern with the longest prefix, then legacy folder keys. */
function mapTargets(map: Record<string, unknown>, subpath: string): string[] | null {
  if (subpath in map) return leaves(map[subpath], null);
  let best: { key: string; star: string } | null = null;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= prefix.length + suffix.length) {
      if (!best || prefix.length > best.key.indexOf('*')) best = { key, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  // Legacy folder mappings: `"./utils/": "./src/utils/"`.
  if (!best) {
    for (const key of Object.keys(map)) {
      if (key.endsWith('/') && subpath.startsWith(key)) {
        const target = map[key];
        if (typeof target === 'string') return [clean(target + subpath.slice(key.length))];
      }
    }
    return null;
  }
  return leaves(map[best.key], best.star);
}

/** Every string target of a (possibly nested) conditions value, in preference order. */
function leaves(value: unknown, star: string | null): string[] {
  if (typeof value === 'string') return [clean(star === null ? value : value.split('*').join(star))];
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, star));
  if (!value || typeof value !== 'object') return [];
  const conditions = value as Record<string, unknown>;
  const keys = Object.keys(conditions);
  const ordered = [
    ...keys.filter((key) => key !== 'source' && key.includes('source')),
    ...CONDITION_ORDER.filter((key) => key in conditions),
    ...keys.filter((key) => !key.includes('source') && !CONDITION_ORDER.includes(key)),
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const key of ['source', ...ordered]) {
    if (!(key in conditions) || seen.has(key)) continue;
    seen.add(key);
    out.push(...leaves(conditions[key], star));
  }
  return out;
}

/** Strips a built or declaration extension: `dist/a.d.ts` → `dist/a`, `lib/b.mjs` → `lib/b`. */
export function stripBuiltExtension(path: string): string {
  return path.replace(/\.d\.[cm]?ts$/, '').replace(/\.(?:[cm]?js|jsx)$/, '');
}

/**
 * Where the source of a built file probably is, package-relative and without extension:
 * `dist/esm/retry.js` → [`src/retry`, `retry`]. With the package's tsconfig `outDir`/`rootDir`
 * (package-relative), that mapping comes first.
 */
export function sourceCandidates(target: string, outDir?: string | null, rootDir?: string | null): string[] {
  const base = stripBuiltExtension(clean(target));
  const candidates: string[] = [];
  if (outDir && (base === outDir || base.startsWith(`${outDir}/`))) {
    const rest = base.slice(outDir.length + 1);
    candidates.push(rootDir ? `${rootDir}/${rest}` : `src/${rest}`);
  }
  const segments = base.split('/');
  let skip = 0;
  while (skip < segments.length - 1 && OUTPUT_DIRS.has(segments[skip]!)) skip++;
  if (skip > 0) {
    const rest = segments.slice(skip).join('/');
    candidates.push(`src/${rest}`, rest);
  }
  return candidates.filter((candidate, index) => candidates.indexOf(candidate) === index);
}
