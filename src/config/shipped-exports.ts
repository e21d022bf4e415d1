/**
 * The names an entry point of the ssot package exports (`ssot`, `ssot/resilience`), read from its
 * type declarations so type-only exports count too. Lets a configured canonical such as
 * `ssot/resilience#RetryPolicy` be checked for a typo without loading the module.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../shared/package-root.js';

/** `export { a, type B, c as d } ...` lists and `export declare class X` / `export interface Y` declarations. */
const EXPORT_LIST = /export\s+(?:type\s+)?\{([^}]*)\}/g;
const EXPORT_DECLARATION = /export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/g;

/** Exported names of a `.d.ts` text. */
export function declaredExports(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, list] of text.matchAll(EXPORT_LIST)) {
    for (const item of list!.split(',')) {
      const parts = item.replace(/^\s*type\s+/, '').trim().split(/\s+as\s+/);
      const name = parts.at(-1)?.trim();
      if (name) names.add(name);
    }
  }
  for (const [, name] of text.matchAll(EXPORT_DECLARATION)) names.add(name!);
  return names;
}

/**
 * The names exported by `specifier` (`ssot` or `ssot/<subpath>`); null when the package has no such
 * entry point; undefined when its declarations cannot be read (not built): then nothing can be said.
 */
export function shippedExports(specifier: string): Set<string> | null | undefined {
  const { root } = packageInfo();
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: Record<string, { types?: string } | string> };
    const key = specifier === 'ssot' ? '.' : `./${specifier.slice('ssot/'.length)}`;
    if (manifest.exports && !Object.hasOwn(manifest.exports, key)) return null;
    const entry = manifest.exports?.[key];
    const types = typeof entry === 'object' ? entry.types : undefined;
    if (!types) return undefined;
    const text = readFileSync(join(root, types), 'utf8');
    // `export * from` re-exports names this text does not list: the set would be incomplete.
    if (/export\s+(?:type\s+)?\*/.test(text)) return undefined;
    return declaredExports(text);
  } catch {
    return undefined;
  }
}
