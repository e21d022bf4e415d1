/**
 * Resolving a specifier written in a file: through the scan's module graph first (it knows tsconfig
 * paths and workspaces), then relative paths against the scanned files (for statements the graph does
 * not record, such as `export ... from` in some graphs).
 */
import { posix } from 'node:path';
import type { PlanContext } from './context.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'];

export function resolveSpecifier(context: PlanContext, from: string, specifier: string): string | null {
  const entry = context.importsFrom.get(from)?.find((i) => i.specifier === specifier && i.resolved !== null);
  if (entry) return entry.resolved;
  if (!specifier.startsWith('.')) return null;
  const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stripped = joined.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [joined, ...EXTENSIONS.map((e) => stripped + e), ...EXTENSIONS.map((e) => `${joined}/index${e}`)];
  return candidates.find((c) => context.files.has(c)) ?? null;
}
