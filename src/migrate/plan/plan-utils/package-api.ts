/**
 * Reading the API of a canonical that lives in a package (`ssot/resilience#CircuitBreaker`): from the
 * project's installed copy when there is one, else from this ssot installation. Declarations (`.d.ts`)
 * or sources, whichever exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseSource, type ts } from '../../../parser/ts.js';
import { packageInfo } from '../../../shared/package-root.js';
import { readApi, type ApiSourceReader, type DeclarationApi } from './api.js';

function packageRoots(projectRoot: string, name: string): string[] {
  const roots = [join(projectRoot, 'node_modules', name)];
  try {
    const own = packageInfo();
    if (name === 'ssot') roots.push(own.root);
  } catch {
    // Running outside an installed package: only the project's copy counts.
  }
  return roots.filter((root) => existsSync(join(root, 'package.json')));
}

function entryFile(root: string, subpath: string): string | undefined {
  let exportsField: unknown;
  try {
    exportsField = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: unknown }).exports;
  } catch {
    return undefined;
  }
  const entry = (exportsField as Record<string, unknown> | undefined)?.[subpath === '' ? '.' : `./${subpath}`];
  const candidates: string[] = [];
  if (typeof entry === 'string') candidates.push(entry);
  else if (entry && typeof entry === 'object') {
    for (const key of ['types', 'import', 'default']) {
      const value = (entry as Record<string, unknown>)[key];
      if (typeof value === 'string') candidates.push(value);
    }
  }
  for (const candidate of candidates) {
    const base = candidate.replace(/^\.\//, '').replace(/\.(d\.ts|js|mjs|cjs)$/, '');
    // Prefer sources next to the build output (dist/src/x → src/x), then declarations.
    const source = base.replace(/^dist\//, '');
    for (const file of [`${source}.ts`, `${base}.d.ts`, `${base}.ts`]) if (existsSync(join(root, file))) return file;
  }
  return undefined;
}

/** The API of `symbol` exported by `pkg` (`ssot/resilience`), or null when it cannot be read. */
export function packageApi(projectRoot: string, pkg: string, symbol: string): DeclarationApi | null {
  const [name, ...rest] = pkg.split('/');
  const scoped = name!.startsWith('@');
  const packageName = scoped ? `${name}/${rest.shift()}` : name!;
  for (const root of packageRoots(projectRoot, packageName)) {
    const entry = entryFile(root, rest.join('/'));
    if (!entry) continue;
    const cache = new Map<string, ts.SourceFile | null>();
    const reader: ApiSourceReader = {
      source(path) {
        if (!cache.has(path)) {
          const full = join(root, path);
          cache.set(path, existsSync(full) ? parseSource(full, readFileSync(full, 'utf8')) : null);
        }
        return cache.get(path)!;
      },
      resolve(from, specifier) {
        if (!specifier.startsWith('.')) return null;
        const base = resolve('/', dirname(from), specifier).slice(1).replace(/\.(m|c)?js$/, '');
        for (const file of [`${base}.ts`, `${base}.d.ts`, `${base}/index.ts`, `${base}/index.d.ts`]) if (existsSync(join(root, file))) return file;
        return null;
      },
    };
    const api = readApi(reader, entry, symbol);
    if (api) return api;
  }
  return null;
}
