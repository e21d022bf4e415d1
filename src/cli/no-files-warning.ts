/**
 * The warning for a scan that found no file at all. "0 files scanned" and a passing gate look like
 * good news, but almost always mean the wrong folder or an exclude that swallowed everything (a
 * published package keeps its code in `dist/` or `build/`, which are left out by default): say which
 * globs left the files out and what to run instead.
 */
import { isAbsolute, join, relative } from 'node:path';
import { DEFAULT_EXCLUDE } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/types.js';
import { explainEmptyDiscovery, toPosix } from '../scan/discover.js';
import type { CliIo } from './io.js';

/** Writes the warning to stderr when `files` is 0; `command` is the command to suggest (`scan`, `check`). */
export async function warnIfNoFiles(io: CliIo, config: ResolvedConfig, files: number, command: string): Promise<void> {
  if (files > 0) return;
  const shown = shownPath(io.cwd, config.root);
  const why = await explainEmptyDiscovery(config);
  if (why.matched === 0) {
    io.stderr.write(`ssot: warning: no file to scan in ${shown}: no file matches include ${config.include.map((glob) => JSON.stringify(glob)).join(', ')}\n`);
    return;
  }
  const parts = why.excluded.map((entry) => `${entry.files} by exclude ${JSON.stringify(entry.glob)}`);
  if (why.gitignored > 0) parts.push(`${why.gitignored} by .gitignore`);
  const plural = why.matched === 1 ? 'file matches include but is' : 'files match include but are';
  io.stderr.write(`ssot: warning: no file to scan in ${shown}: ${why.matched} ${plural} left out (${parts.join(', ')})\n`);
  const folder = why.excluded.find((entry) => entry.folder !== undefined && DEFAULT_EXCLUDE.includes(entry.glob))?.folder;
  if (folder !== undefined) {
    const target = shownPath(io.cwd, join(config.root, folder));
    io.stderr.write(`  built output is left out by default; to scan it anyway, point ssot at its folder: ssot ${command} ${quoteArgument(target)}\n`);
  }
}

/** A path as the user would type it: relative to the working folder when inside it, else absolute. */
function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : toPosix(rel);
}

function quoteArgument(path: string): string {
  return /^[\w./@+-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
