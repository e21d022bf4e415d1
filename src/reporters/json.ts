/**
 * `--format json`: the scan result exactly as the documented contract (`src/scan/types.ts`), with
 * keys in the contract's order whatever order the scanner built them in, so diffs between two runs
 * show only real changes. Fields the contract does not list yet are kept, after the known ones.
 */
import type { ScanResult } from '../scan/types.js';

type Shape = { keys: readonly string[]; children?: Record<string, Shape> };

const EVIDENCE: Shape = { keys: ['signal', 'line', 'note'] };
const FINDING: Shape = {
  keys: ['id', 'concept', 'kind', 'file', 'symbol', 'startLine', 'endLine', 'importers', 'cluster', 'status', 'confidence', 'signals', 'evidence', 'target', 'workspace', 'fingerprint'],
  children: { evidence: EVIDENCE },
};
const CLUSTER: Shape = {
  keys: ['id', 'concept', 'members', 'canonical', 'reason', 'configured', 'similar', 'similarOmitted'],
  children: { similar: { keys: ['a', 'b', 'score'] } },
};
const DOUBLE_INIT: Shape = {
  keys: ['id', 'file', 'class', 'cluster', 'holders', 'startLine', 'endLine'],
  children: { holders: { keys: ['member', 'finding', 'line'] } },
};
const RESULT: Shape = {
  keys: ['schemaVersion', 'root', 'files', 'findings', 'clusters', 'doubleInitializations', 'errors'],
  children: { findings: FINDING, clusters: CLUSTER, doubleInitializations: DOUBLE_INIT, errors: { keys: ['file', 'message', 'line'] } },
};

function ordered(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, shape));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const extra = Object.keys(source)
    .filter((key) => !shape.keys.includes(key))
    .sort();
  const out: Record<string, unknown> = {};
  for (const key of [...shape.keys, ...extra]) {
    if (source[key] === undefined) continue;
    const child = shape.children?.[key];
    out[key] = child ? ordered(source[key], child) : source[key];
  }
  return out;
}

/** The result in contract key order: the same object, re-keyed. */
export function orderScanResult(result: ScanResult): ScanResult {
  return ordered(result, RESULT) as ScanResult;
}

/** The JSON report: two-space indented, with a final newline. */
export function jsonReporter(result: ScanResult): string {
  return `${JSON.stringify(orderScanResult(result), null, 2)}\n`;
}
