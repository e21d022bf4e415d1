/**
 * How a file in one workspace package imports a module of another: by the package's name and the
 * subpath its package.json `exports` give the module (never a relative path into the other package,
 * which escapes the importer's `rootDir` and bypasses the package's public surface).
 */
import { posix } from 'node:path';
import type { WorkspacePackage } from '../../../scan/graph-types.js';
import type { PlanContext } from './context.js';

export type WorkspaceTarget =
  | { kind: 'same-package' }
  | { kind: 'package'; specifier: string; name: string }
  | { kind: 'not-exported'; packageName: string };

/** The workspace package a file belongs to (the deepest folder holding it), if any. */
export function workspaceOf(context: PlanContext, file: string): WorkspacePackage | undefined {
  let best: WorkspacePackage | undefined;
  for (const ws of context.input.graph.workspaces ?? []) {
    if (ws.dir === '' || file.startsWith(`${ws.dir}/`)) {
      if (!best || ws.dir.length > best.dir.length) best = ws;
    }
  }
  return best;
}

function stemOf(path: string): string {
  return path.replace(/\.d\.[cm]?ts$/, '').replace(/\.(?:[cm]?[jt]sx?)$/, '');
}

/** Where a path of the package's build output comes from: `dist/x` is `x` or `src/x`. */
function sourceStems(target: string): string[] {
  const clean = target.replace(/^\.\//, '');
  const stems = [clean];
  const out = /^(.*\/)?(?:dist|lib|build|out|esm|cjs)\/(.*)$/.exec(clean);
  if (out) stems.push(`${out[1] ?? ''}src/${out[2]}`, `${out[1] ?? ''}${out[2]}`);
  return [...new Set(stems)];
}

/** Every string leaf of an `exports` value (conditions included). */
function targetsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(targetsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(targetsOf);
  return [];
}

/** `exports` as subpath → value (`"."` for a bare string or a conditions object). */
export function subpathMap(manifest: Record<string, unknown>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  const exportsField = manifest.exports;
  if (exportsField === undefined) {
    const entry = [manifest.types, manifest.typings, manifest.module, manifest.main].filter((v) => typeof v === 'string');
    if (entry.length > 0) map.set('.', entry);
    else map.set('.', './index.js');
    return map;
  }
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) map.set('.', exportsField);
  else if (exportsField && typeof exportsField === 'object') {
    const keys = Object.keys(exportsField);
    if (keys.every((k) => k.startsWith('.'))) for (const k of keys) map.set(k, (exportsField as Record<string, unknown>)[k]);
    else map.set('.', exportsField);
  }
  return map;
}

/** The subpaths (`.`, `./retry`) through which the package exposes `fileInPackage` itself. */
export function exposingSubpaths(map: Map<string, unknown>, fileInPackage: string): string[] {
  const fileStem = stemOf(fileInPackage);
  const found: string[] = [];
  for (const [key, value] of map) {
    for (const target of targetsOf(value)) {
      const star = target.indexOf('*');
      if (star < 0 || !key.includes('*')) {
        if (star < 0 && !key.includes('*') && sourceStems(stemOf(target)).includes(fileStem)) found.push(key);
        continue;
      }
      const suffix = stemOf(target.slice(star + 1));
      for (const prefix of sourceStems(target.slice(0, star))) {
        if (!fileInPackage.startsWith(prefix)) continue;
        const rest = stemOf(fileInPackage.slice(prefix.length));
        if (suffix !== '' && !rest.endsWith(suffix)) continue;
        const middle = suffix === '' ? rest : rest.slice(0, rest.length - suffix.length);
        if (middle !== '') found.push(key.replace('*', middle));
      }
    }
  }
  return [...new Set(found)];
}

function fileOfSubpath(context: PlanContext, ws: WorkspacePackage, map: Map<string, unknown>, subpath: string): string | undefined {
  for (const target of targetsOf(map.get(subpath))) {
    for (const stem of sourceStems(stemOf(target))) {
      const base = ws.dir ? `${ws.dir}/${stem}` : stem;
      for (const file of [`${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}.js`, `${base}.mjs`, `${base}/index.ts`, `${base}/index.js`]) if (context.files.has(file)) return file;
    }
  }
  return undefined;
}

/**
 * How `importer` reaches `symbol` of `target` when the two live in different workspace packages: the
 * package subpath exposing the file, else (when `symbol` is given) an exported entry that re-exports
 * the symbol; when the package exposes neither, `not-exported`.
 */
export function workspaceTarget(context: PlanContext, importer: string, target: string, symbol?: string): WorkspaceTarget {
  const home = workspaceOf(context, target);
  const from = workspaceOf(context, importer);
  if (!home || home.dir === from?.dir) return { kind: 'same-package' };
  const text = context.text(home.dir ? `${home.dir}/package.json` : 'package.json');
  let manifest: Record<string, unknown> = {};
  try {
    manifest = text === null ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    return { kind: 'not-exported', packageName: home.name };
  }
  const map = subpathMap(manifest);
  const fileInPackage = home.dir ? posix.relative(home.dir, target) : target;
  const spell = (subpath: string): string => (subpath === '.' ? home.name : `${home.name}/${subpath.replace(/^\.\//, '')}`);
  const direct = exposingSubpaths(map, fileInPackage).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a.length - b.length || a.localeCompare(b)));
  const forwarding = (subpath: string): string | undefined => {
    const entry = fileOfSubpath(context, home, map, subpath);
    const origins = entry ? context.input.graph.exportOrigins[entry] : undefined;
    if (!origins || symbol === undefined) return undefined;
    const names = Object.entries(origins).filter(([, o]) => o.file === target && o.name === symbol).map(([n]) => n);
    return names.includes(symbol) ? symbol : names.sort()[0];
  };
  // The package's public entry comes first: importers of a library use its name, not a deep subpath.
  const main = direct[0] === '.' ? undefined : forwarding('.');
  if (main !== undefined) return { kind: 'package', specifier: spell('.'), name: main };
  if (direct.length > 0) return { kind: 'package', specifier: spell(direct[0]!), name: symbol ?? '' };
  if (symbol === undefined) return { kind: 'not-exported', packageName: home.name };
  // Another exported entry (a barrel) that forwards the symbol.
  for (const subpath of [...map.keys()].filter((k) => !k.includes('*')).sort()) {
    const name = forwarding(subpath);
    if (name !== undefined) return { kind: 'package', specifier: spell(subpath), name };
  }
  return { kind: 'not-exported', packageName: home.name };
}
