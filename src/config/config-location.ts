/**
 * Where a config key is written, for warnings about settings that are valid but could not be honoured
 * (`ssot.config.json:7: canonical.retry ...`). A best-effort text search: it needs no parser for each
 * config format, and a wrong guess only costs the line number.
 */
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, relative } from 'node:path';
import { formatPath } from './field-spec.js';


function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The 1-based line where the keys of `segments` first appear in order, or undefined. */
function keyLine(source: string, segments: readonly string[]): number | undefined {
  let from = 0;
  let index = -1;
  for (const segment of segments) {
    const pattern = new RegExp(`(?:^|[\\s{,])["']?${escape(segment)}["']?\\s*[:=]`, 'gm');
    pattern.lastIndex = from;
    const match = pattern.exec(source);
    if (!match) return undefined;
    index = match.index + match[0].indexOf(segment);
    from = index + segment.length;
  }
  return index < 0 ? undefined : source.slice(0, index).split('\n').length;
}

/** `ssot.config.json:4: canonical.retry` for a key path of a config file, shown relative to `cwd`. */
export function locateConfigKey(configFile: string, segments: readonly string[], cwd: string): string {
  const inPackage = basename(configFile) === 'package.json';
  const path = inPackage ? ['ssot', ...segments] : [...segments];
  let line: number | undefined;
  try {
    line = keyLine(readFileSync(configFile, 'utf8'), path);
  } catch {
    line = undefined;
  }
  const rel = relative(cwd, configFile);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? configFile : rel;
  return `${shown}${line !== undefined ? `:${line}` : ''}: ${formatPath(path)}`;
}
