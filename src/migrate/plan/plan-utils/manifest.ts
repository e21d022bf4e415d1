/**
 * The package a file belongs to: the nearest `package.json` above it (shared by the delete phase's
 * public-API and entry-point guards).
 */
import type { PlanContext } from './context.js';

/** A parsed `package.json`: its folder (posix, relative to the root, '' at the root), its path, its fields. */
export interface Manifest {
  dir: string;
  path: string;
  json: Record<string, unknown>;
}

/** The nearest manifest above `file`; undefined when there is none or the nearest one does not parse to an object. */
export function nearestManifest(context: PlanContext, file: string): Manifest | undefined {
  const parts = file.split('/');
  for (let depth = parts.length - 1; depth >= 0; depth--) {
    const dir = parts.slice(0, depth).join('/');
    const path = dir ? `${dir}/package.json` : 'package.json';
    const text = context.text(path);
    if (text === null) continue;
    try {
      const json = JSON.parse(text) as unknown;
      return json && typeof json === 'object' ? { dir, path, json: json as Record<string, unknown> } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
