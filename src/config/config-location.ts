/**
 * Where a config key is written, for validation errors and for warnings about settings that are valid
 * but could not be honoured (`ssot.config.json:7: canonical.retry ...`). A best-effort text search: it
 * needs no parser for each config format (JSON, YAML, JS, TS), and a failed search only costs the line
 * number, never the message.
 */
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, relative } from 'node:path';
import { formatPath, type Segment } from './field-spec.js';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Offset just past the value opening at `from` (a quoted string), or `from + 1`. */
function skipString(source: string, from: number): number {
  const quote = source[from]!;
  let index = from + 1;
  while (index < source.length && source[index] !== quote) index += source[index] === '\\' ? 2 : 1;
  return index + 1;
}

/**
 * The offset of element `n` of the flow array (`[a, b, c]`) that opens at or after `from`, counting
 * commas at the array's own depth; undefined when the array ends first.
 */
function flowElement(source: string, from: number, n: number): number | undefined {
  const open = source.indexOf('[', from);
  if (open < 0) return undefined;
  let depth = 0;
  let seen = 0;
  for (let index = open; index < source.length; index++) {
    const char = source[index]!;
    if (char === '"' || char === "'" || char === '`') {
      index = skipString(source, index) - 1;
    } else if (char === '[' || char === '{' || char === '(') {
      depth++;
      if (depth === 1 && seen === n) return index + 1;
    } else if (char === ']' || char === '}' || char === ')') {
      depth--;
      if (depth === 0) return undefined;
    } else if (char === ',' && depth === 1) {
      seen++;
      if (seen === n) return index + 1;
    }
  }
  return undefined;
}

/** The offset of item `n` of a YAML block sequence (`- a` lines) that starts after `from`. */
function blockElement(source: string, from: number, n: number): number | undefined {
  const items = /^([ \t]*)-(?:[ \t]|$)/gm;
  items.lastIndex = from;
  const first = items.exec(source);
  if (!first) return undefined;
  const indent = first[1]!;
  let seen = 0;
  let match: RegExpExecArray | null = first;
  while (match) {
    if (match[1] === indent) {
      if (seen === n) return match.index + match[0].length;
      seen++;
    } else if (match[1]!.length < indent.length) {
      return undefined;
    }
    match = items.exec(source);
  }
  return undefined;
}

/** The offset where the value path `segments` is written, or undefined when the search fails. */
function segmentsOffset(source: string, segments: readonly Segment[]): number | undefined {
  let from = 0;
  let index = -1;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      // An array after its key: a flow array (JSON, JS, YAML `[...]`) or a YAML block sequence.
      const rest = source.slice(from);
      const flow = /^\s*[:=]?\s*\[/.test(rest) || /^["']?\s*[:=]\s*\[/.test(rest);
      const element = flow ? flowElement(source, from, segment) : blockElement(source, from, segment);
      if (element === undefined) return undefined;
      // The element itself, not the line break after the comma before it.
      index = element + (/^\s*/.exec(source.slice(element))?.[0].length ?? 0);
      from = element;
      continue;
    }
    const pattern = new RegExp(`(?:^|[\\s{,-])["']?${escape(segment)}["']?\\s*[:=]`, 'gm');
    pattern.lastIndex = from;
    const match = pattern.exec(source);
    if (!match) return undefined;
    index = match.index + match[0].indexOf(segment);
    from = index + segment.length;
  }
  return index < 0 ? undefined : index;
}

/**
 * The 1-based line where `segments` is written in a config file's text; when the full path is not
 * written (a required key left out), the line of its longest written prefix.
 */
export function configKeyLine(source: string, segments: readonly Segment[]): number | undefined {
  for (let length = segments.length; length > 0; length--) {
    const offset = segmentsOffset(source, segments.slice(0, length));
    if (offset !== undefined) return source.slice(0, offset).split('\n').length;
  }
  return undefined;
}

/** The segments of a path as `formatPath` writes it (`phases[0].codemods[1]`, `a["b c"]`); `(root)` is none. */
export function parseConfigPath(path: string): Segment[] {
  if (path === '(root)') return [];
  const segments: Segment[] = [];
  const token = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let match: RegExpExecArray | null;
  while (token.lastIndex < path.length && (match = token.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]!) as string);
  }
  return segments;
}

/**
 * The key path as shown to a user (under `ssot` in package.json) and the 1-based line where it is
 * written in `configFile`, when a text search finds it.
 */
export function configKeyPlace(configFile: string, segments: readonly Segment[]): { path: string; line: number | undefined } {
  const inPackage = basename(configFile) === 'package.json';
  const path = inPackage ? ['ssot', ...segments] : [...segments];
  let line: number | undefined;
  try {
    line = path.length > 0 ? configKeyLine(readFileSync(configFile, 'utf8'), path) : undefined;
  } catch {
    line = undefined;
  }
  return { path: formatPath(path), line };
}

/** `ssot.config.json:4: canonical.retry` for a key path of a config file, shown relative to `cwd`. */
export function locateConfigKey(configFile: string, segments: readonly Segment[], cwd: string): string {
  const { path, line } = configKeyPlace(configFile, segments);
  const rel = relative(cwd, configFile);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? configFile : rel;
  return `${shown}${line !== undefined ? `:${line}` : ''}: ${path}`;
}
