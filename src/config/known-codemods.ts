import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../shared/package-root.js';
import { DEFAULT_CODEMODS } from './validate-config.js';

/**
 * Codemod ids a phase may name: the ones the default phases use, plus every `codemods/<id>/` folder
 * shipped with ssot, as sources or compiled (folders starting with `_` or `.` are templates or
 * tooling, not codemods).
 */
export function knownCodemods(): string[] {
  const ids = new Set(DEFAULT_CODEMODS);
  for (const folder of ['codemods', join('dist', 'codemods')]) {
    try {
      for (const entry of readdirSync(join(packageInfo().root, folder), { withFileTypes: true })) {
        if (entry.isDirectory() && !entry.name.startsWith('_') && !entry.name.startsWith('.')) ids.add(entry.name);
      }
    } catch {
      // Not in this installation: the other folder or the defaults are all there is.
    }
  }
  return [...ids].sort();
}
