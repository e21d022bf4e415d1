import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../shared/package-root.js';
import { DEFAULT_CODEMODS } from './validate-config.js';

/**
 * Codemod ids a phase may name: the ones the default phases use, plus every `codemods/<id>/` folder
 * shipped with ssot (folders starting with `_` or `.` are templates or tooling, not codemods).
 */
export function knownCodemods(): string[] {
  const ids = new Set(DEFAULT_CODEMODS);
  try {
    for (const entry of readdirSync(join(packageInfo().root, 'codemods'), { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('_') && !entry.name.startsWith('.')) ids.add(entry.name);
    }
  } catch {
    // No codemods folder in this installation: the defaults are all there is.
  }
  return [...ids].sort();
}
