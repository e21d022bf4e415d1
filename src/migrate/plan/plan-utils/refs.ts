/**
 * `path#Symbol` references: config keys and values, finding ids, shim tags and the forbidden list all
 * use them. A path of `ssot` or `ssot/...` names the shipped package rather than a project file.
 */
import type { Finding } from '../../../scan/types.js';

export interface ParsedRef {
  /** Posix path relative to the root, or the package specifier. */
  path: string;
  symbol: string;
  /** Set when the reference names a package (`ssot/resilience`). */
  package?: string;
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

export function parseRef(reference: string): ParsedRef | undefined {
  const hash = reference.lastIndexOf('#');
  if (hash <= 0 || hash === reference.length - 1) return undefined;
  const path = reference.slice(0, hash).replace(/^\.\//, '');
  const symbol = reference.slice(hash + 1);
  if (path === 'ssot' || path.startsWith('ssot/')) return { path, symbol, package: path };
  return { path, symbol };
}

export function formatRef(file: string, symbol: string): string {
  return `${file}#${symbol}`;
}

/** Whether `path#Symbol` names this finding (the extension may be left out). */
export function refMatchesFinding(reference: string, finding: Pick<Finding, 'file' | 'symbol'>): boolean {
  const parsed = parseRef(reference);
  if (!parsed || parsed.package) return false;
  if (parsed.symbol !== finding.symbol) return false;
  return parsed.path === finding.file || parsed.path === finding.file.replace(SOURCE_EXTENSION, '');
}

/** Resolves a reference's path against the scanned files (extension optional). */
export function refFile(reference: ParsedRef, files: ReadonlySet<string>): string | undefined {
  if (reference.package) return undefined;
  if (files.has(reference.path)) return reference.path;
  for (const ext of ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']) {
    if (files.has(reference.path + ext)) return reference.path + ext;
  }
  return undefined;
}
