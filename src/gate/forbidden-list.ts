/**
 * `.ssot/forbidden.json`: the modules and symbols that phase 3 of a migration deleted. The gate keeps
 * them deleted: importing a deleted path, re-creating a deleted file, or declaring a deleted symbol
 * again fails, naming the replacement.
 *
 * ```json
 * { "version": 1,
 *   "files": [ { "path": "src/x.ts", "replacement": "src/y.ts#Y" } ],
 *   "symbols": [ { "name": "X", "file": "src/x.ts", "replacement": "src/y.ts#Y" } ] }
 * ```
 */
import type { ErrorIssue } from '../shared/errors.js';
import { SsotError } from '../shared/errors.js';
import type { ForbiddenList } from './types.js';

export const FORBIDDEN_LIST_FILE = '.ssot/forbidden.json';

export function parseForbiddenList(text: string, where: string): ForbiddenList {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SsotError('config', `${where} is not valid JSON: ${(error as Error).message}`, [
      { path: where, message: 'expected { "version": 1, "files": [...], "symbols": [...] }' },
    ]);
  }
  const issues: ErrorIssue[] = [];
  const list: ForbiddenList = { version: 1, files: [], symbols: [] };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SsotError('config', `${where} must hold a JSON object`, [{ path: where, message: 'expected { "version": 1, ... }' }]);
  }
  const record = value as Record<string, unknown>;
  if (record.version !== 1) issues.push({ path: `${where}: version`, message: `expected 1, found ${JSON.stringify(record.version)}` });
  for (const key of Object.keys(record)) {
    if (!['version', 'files', 'symbols'].includes(key)) issues.push({ path: `${where}: ${key}`, message: 'unknown key' });
  }
  const arrayOf = (key: 'files' | 'symbols'): unknown[] => {
    const raw = record[key];
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      issues.push({ path: `${where}: ${key}`, message: 'must be an array' });
      return [];
    }
    return raw;
  };
  arrayOf('files').forEach((raw, index) => {
    const at = `${where}: files[${index}]`;
    const item = objectAt(raw, at, issues);
    if (!item) return;
    const path = stringAt(item, 'path', at, issues, true);
    const replacement = stringAt(item, 'replacement', at, issues, false);
    if (path) list.files.push(replacement ? { path, replacement } : { path });
  });
  arrayOf('symbols').forEach((raw, index) => {
    const at = `${where}: symbols[${index}]`;
    const item = objectAt(raw, at, issues);
    if (!item) return;
    const name = stringAt(item, 'name', at, issues, true);
    const file = stringAt(item, 'file', at, issues, false);
    const replacement = stringAt(item, 'replacement', at, issues, false);
    if (name) list.symbols.push({ name, ...(file ? { file } : {}), ...(replacement ? { replacement } : {}) });
  });
  if (issues.length > 0) throw new SsotError('config', `${where} is malformed`, issues);
  return list;
}

function objectAt(raw: unknown, at: string, issues: ErrorIssue[]): Record<string, unknown> | null {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return raw as Record<string, unknown>;
  issues.push({ path: at, message: 'must be an object' });
  return null;
}

function stringAt(item: Record<string, unknown>, key: string, at: string, issues: ErrorIssue[], required: boolean): string | undefined {
  const value = item[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') {
    issues.push({ path: `${at}.${key}`, message: 'must be a non-empty string' });
    return undefined;
  }
  return value;
}
