import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../scan/types.js';
import { jsonReporter, orderScanResult } from './json.js';
import { backendResult, emptyResult } from './test-utils/scan-results.js';

/** The same data with every object's keys reversed, as a scanner might build it. */
function scrambled<T>(value: T): T {
  if (Array.isArray(value)) return value.map(scrambled) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, scrambled(item)])) as T;
}

describe('jsonReporter', () => {
  it('round-trips to the same result', () => {
    const text = jsonReporter(backendResult);
    expect(JSON.parse(text)).toEqual(backendResult);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
  });

  it('writes keys in the contract order whatever order they were built in', () => {
    expect(jsonReporter(scrambled(backendResult))).toBe(jsonReporter(backendResult));
    const parsed = JSON.parse(jsonReporter(scrambled(backendResult))) as ScanResult;
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'root', 'files', 'findings', 'clusters', 'doubleInitializations', 'errors']);
    expect(Object.keys(parsed.findings[3]!)).toEqual([
      'id', 'concept', 'kind', 'file', 'symbol', 'startLine', 'endLine', 'importers', 'cluster', 'status', 'confidence', 'signals', 'evidence', 'target', 'fingerprint',
    ]);
    expect(Object.keys(parsed.clusters[0]!.similar[0]!)).toEqual(['a', 'b', 'score']);
    expect(Object.keys(parsed.doubleInitializations[0]!.holders[0]!)).toEqual(['member', 'finding', 'line']);
  });

  it('keeps fields the contract does not list yet, after the known ones, and drops undefined ones', () => {
    const withExtra = { ...emptyResult, zeta: 1, alpha: 'x', errors: [{ file: 'a.ts', message: 'bad', line: undefined }] } as unknown as ScanResult;
    const ordered = orderScanResult(withExtra) as unknown as Record<string, unknown>;
    expect(Object.keys(ordered)).toEqual(['schemaVersion', 'root', 'files', 'findings', 'clusters', 'doubleInitializations', 'errors', 'alpha', 'zeta']);
    expect((ordered.errors as object[])[0]).toEqual({ file: 'a.ts', message: 'bad' });
  });
});
