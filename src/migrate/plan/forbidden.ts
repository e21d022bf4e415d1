/**
 * `.ssot/forbidden.json`: paths and symbols the delete phase removed, so `ssot check` can refuse their
 * return. Merged with the existing file, sorted, deterministic.
 */

export const FORBIDDEN_FILE = '.ssot/forbidden.json';

export interface ForbiddenFile {
  path: string;
  replacement: string;
}

export interface ForbiddenSymbol {
  name: string;
  file: string;
  replacement: string;
}

export interface ForbiddenList {
  version: 1;
  files: ForbiddenFile[];
  symbols: ForbiddenSymbol[];
}

/** Parses an existing list; an unreadable or foreign file counts as empty (it is rewritten whole). */
export function parseForbidden(text: string | null): ForbiddenList {
  const empty: ForbiddenList = { version: 1, files: [], symbols: [] };
  if (text === null) return empty;
  try {
    const value = JSON.parse(text) as Partial<ForbiddenList>;
    const files = Array.isArray(value.files) ? value.files.filter((f): f is ForbiddenFile => typeof f?.path === 'string' && typeof f?.replacement === 'string') : [];
    const symbols = Array.isArray(value.symbols)
      ? value.symbols.filter((s): s is ForbiddenSymbol => typeof s?.name === 'string' && typeof s?.file === 'string' && typeof s?.replacement === 'string')
      : [];
    return { version: 1, files, symbols };
  } catch {
    return empty;
  }
}

/** Adds entries (a later entry for the same path or symbol replaces the earlier one) and sorts. */
export function mergeForbidden(existing: ForbiddenList, files: ForbiddenFile[], symbols: ForbiddenSymbol[]): ForbiddenList {
  const fileMap = new Map(existing.files.map((f) => [f.path, f]));
  for (const file of files) fileMap.set(file.path, { path: file.path, replacement: file.replacement });
  const symbolMap = new Map(existing.symbols.map((s) => [`${s.file}#${s.name}`, s]));
  for (const symbol of symbols) symbolMap.set(`${symbol.file}#${symbol.name}`, { name: symbol.name, file: symbol.file, replacement: symbol.replacement });
  return {
    version: 1,
    files: [...fileMap.values()].sort((a, b) => a.path.localeCompare(b.path)),
    symbols: [...symbolMap.values()].sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name)),
  };
}

export function formatForbidden(list: ForbiddenList): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}
