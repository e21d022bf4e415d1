/**
 * Configured canonicals that a scan could not honour: the reference names no finding, or the key
 * names no cluster or concept. The CLI prints them as warnings (a typo in `canonical` should not go
 * unnoticed, but it is no reason to stop a scan).
 */
import type { Finding, ScanResult } from '../scan/types.js';
import type { ResolvedConfig } from './types.js';

export interface UnmatchedCanonical {
  /** The `canonical` key: a cluster id or a concept id. */
  key: string;
  reference: string;
  problem: string;
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/** Whether `path#Symbol` names this finding; the extension may be left out of the path. */
export function referenceMatches(reference: string, finding: Pick<Finding, 'file' | 'symbol'>): boolean {
  const hash = reference.indexOf('#');
  if (hash <= 0) return false;
  const path = reference.slice(0, hash).replace(/^\.\//, '');
  const symbol = reference.slice(hash + 1);
  if (symbol !== finding.symbol) return false;
  return path === finding.file || path === finding.file.replace(SOURCE_EXTENSION, '');
}

export function unmatchedCanonicals(config: Pick<ResolvedConfig, 'canonical'>, result: ScanResult): UnmatchedCanonical[] {
  const unmatched: UnmatchedCanonical[] = [];
  const keys = new Set([...result.clusters.map((cluster) => cluster.id), ...result.clusters.map((cluster) => cluster.concept), ...result.findings.map((finding) => finding.concept)]);
  for (const [key, reference] of Object.entries(config.canonical)) {
    if (!result.findings.some((finding) => referenceMatches(reference, finding))) {
      unmatched.push({ key, reference, problem: 'matches no finding of the scan' });
    } else if (!keys.has(key)) {
      unmatched.push({ key, reference, problem: `names no cluster or concept found by the scan` });
    }
  }
  return unmatched;
}
