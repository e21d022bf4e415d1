/**
 * The baseline file format (`.ssot/baseline.json`): a small header, then one entry per line, sorted by
 * identity. Two branches that each add entries insert lines at different places of a sorted list, so
 * `git merge` rarely conflicts; a finding whose line merely shifted keeps its entry untouched, so the
 * file does not churn.
 */
import type { ErrorIssue } from '../shared/errors.js';
import { SsotError } from '../shared/errors.js';
import type { Finding, FindingKind } from '../scan/types.js';
import type { Baseline, BaselineEntry } from './types.js';

export const BASELINE_VERSION = 1;

const KINDS: readonly FindingKind[] = ['implementation', 'wrapper', 're-export', 'config-type'];
const ENTRY_KEYS = ['id', 'concept', 'kind', 'file', 'symbol', 'line', 'shape'] as const;

/** The baseline entry recording a finding (the shape signature when the gate computed one). */
export function entryFromFinding(finding: Finding, shape?: string): BaselineEntry {
  const entry: BaselineEntry = {
    id: finding.fingerprint,
    concept: finding.concept,
    kind: finding.kind,
    file: finding.file,
    symbol: finding.symbol,
    line: finding.startLine,
  };
  if (shape) entry.shape = shape;
  return entry;
}

/** Total order of entries: identity first, so the file reads as a stable, mergeable list. */
export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    cmp(a.id, b.id) || cmp(a.concept, b.concept) || cmp(a.file, b.file) || cmp(a.symbol, b.symbol) || a.line - b.line
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Serialises a baseline: header keys, then `"entries": [` with one entry per line, keys in a fixed order. */
export function serializeBaseline(baseline: Baseline): string {
  const entries = [...baseline.entries].sort(compareEntries);
  const lines = entries.map((entry, index) => {
    const ordered: Record<string, unknown> = {};
    for (const key of ENTRY_KEYS) if (entry[key] !== undefined) ordered[key] = entry[key];
    return `    ${JSON.stringify(ordered)}${index < entries.length - 1 ? ',' : ''}`;
  });
  return [
    '{',
    `  "version": ${BASELINE_VERSION},`,
    `  "tool": ${JSON.stringify(baseline.tool)},`,
    entries.length === 0 ? '  "entries": []' : '  "entries": [',
    ...lines,
    ...(entries.length === 0 ? [] : ['  ]']),
    '}',
    '',
  ].join('\n');
}

/**
 * Parses and validates a baseline file's text. Every problem is listed with its location (`file:line`
 * for entries), and any problem throws an `SsotError('baseline')`, which the CLI turns into exit 2:
 * a gate must never pass because it silently misread its baseline.
 */
export function parseBaseline(text: string, where: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SsotError('baseline', `${where} is not valid JSON: ${(error as Error).message}`, [
      { path: where, message: 'regenerate it with `ssot baseline`, or fix the merge conflict in it' },
    ]);
  }
  const issues: ErrorIssue[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SsotError('baseline', `${where} must hold a JSON object`, [{ path: where, message: 'expected { "version": 1, "entries": [...] }' }]);
  }
  const record = value as Record<string, unknown>;
  if (record.version !== BASELINE_VERSION) {
    issues.push({ path: `${where}: version`, message: `expected ${BASELINE_VERSION}, found ${JSON.stringify(record.version)}` });
  }
  if (record.tool !== undefined && typeof record.tool !== 'string') {
    issues.push({ path: `${where}: tool`, message: 'must be a string' });
  }
  const entries: BaselineEntry[] = [];
  if (!Array.isArray(record.entries)) {
    issues.push({ path: `${where}: entries`, message: 'must be an array' });
  } else {
    const lineOfEntry = entryLines(text);
    record.entries.forEach((raw, index) => {
      const at = `${where}:${lineOfEntry[index] ?? 1} (entries[${index}])`;
      const entry = validateEntry(raw, at, issues);
      if (entry) entries.push(entry);
    });
  }
  if (issues.length > 0) throw new SsotError('baseline', `${where} is malformed (${issues.length} problem${issues.length === 1 ? '' : 's'})`, issues);
  return { version: 1, tool: typeof record.tool === 'string' ? record.tool : '', entries: entries.sort(compareEntries) };
}

function validateEntry(raw: unknown, at: string, issues: ErrorIssue[]): BaselineEntry | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path: at, message: 'an entry must be an object' });
    return null;
  }
  const entry = raw as Record<string, unknown>;
  const before = issues.length;
  for (const key of ['id', 'concept', 'file', 'symbol'] as const) {
    if (typeof entry[key] !== 'string' || entry[key] === '') issues.push({ path: `${at}.${key}`, message: 'must be a non-empty string' });
  }
  if (typeof entry.kind !== 'string' || !KINDS.includes(entry.kind as FindingKind)) {
    issues.push({ path: `${at}.kind`, message: `must be one of ${KINDS.join(', ')}` });
  }
  if (typeof entry.line !== 'number' || !Number.isInteger(entry.line) || entry.line < 1) {
    issues.push({ path: `${at}.line`, message: 'must be a positive integer' });
  }
  if (entry.shape !== undefined && (typeof entry.shape !== 'string' || !/^[0-9a-f]*$/.test(entry.shape))) {
    issues.push({ path: `${at}.shape`, message: 'must be a hex string' });
  }
  for (const key of Object.keys(entry)) {
    if (!(ENTRY_KEYS as readonly string[]).includes(key)) issues.push({ path: `${at}.${key}`, message: 'unknown key' });
  }
  if (issues.length > before) return null;
  const result: BaselineEntry = {
    id: entry.id as string,
    concept: entry.concept as string,
    kind: entry.kind as FindingKind,
    file: entry.file as string,
    symbol: entry.symbol as string,
    line: entry.line as number,
  };
  if (typeof entry.shape === 'string' && entry.shape !== '') result.shape = entry.shape;
  return result;
}

/** 1-based line of each top-level object inside the `entries` array (for error locations). */
function entryLines(text: string): number[] {
  const lines: number[] = [];
  const start = text.search(/"entries"\s*:\s*\[/);
  if (start < 0) return lines;
  let line = text.slice(0, start).split('\n').length;
  let depth = 0;
  let inString = false;
  for (let i = text.indexOf('[', start) + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      if (depth === 0) lines.push(line);
      inString = true;
    } else if (ch === '{' || ch === '[') {
      if (depth === 0) lines.push(line);
      depth++;
    } else if (ch === '}' || ch === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && ch !== ',' && !/\s/.test(ch ?? '')) {
      lines.push(line);
      // A scalar entry: skip to the next comma at depth 0.
      while (i + 1 < text.length && text[i + 1] !== ',' && text[i + 1] !== ']') i++;
    }
  }
  return lines;
}
