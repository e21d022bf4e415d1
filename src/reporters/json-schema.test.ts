import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../scan/types.js';
import { scanResultSchemaErrors } from '../test-utils/scan-result-schema.js';
import { jsonReporter } from './json.js';
import { backendResult, emptyResult, hostileResult } from './test-utils/scan-results.js';

const roundTrip = (result: ScanResult): unknown => JSON.parse(jsonReporter(result));

describe('schema/scan-result.schema.json', () => {
  it.each([
    ['a backend inventory', backendResult],
    ['an empty scan', emptyResult],
    ['hostile names and paths', hostileResult],
  ])('accepts the JSON report of %s', (_name, result) => {
    expect(scanResultSchemaErrors(roundTrip(result))).toEqual([]);
  });

  it('accepts warnings, and optional target and workspace', () => {
    const [first] = backendResult.findings;
    const result = { ...backendResult, findings: [{ ...first!, workspace: '@acme/api' }], warnings: [{ path: 'canonical.retry', message: 'matches no finding' }] };
    expect(scanResultSchemaErrors(roundTrip(result))).toEqual([]);
  });

  it('accepts the omitted near-clone count of a big cluster, and rejects a fractional one', () => {
    const [cluster] = backendResult.clusters;
    const withCount = (similarOmitted: number) => ({ ...backendResult, clusters: [{ ...cluster!, similarOmitted }] });
    expect(scanResultSchemaErrors(roundTrip(withCount(1_998_000)))).toEqual([]);
    expect(scanResultSchemaErrors(roundTrip(withCount(1.5)))).not.toEqual([]);
  });

  it.each([
    ['a wrong schemaVersion', (r: Record<string, unknown>) => ({ ...r, schemaVersion: 2 })],
    ['a missing errors list', ({ errors: _errors, ...rest }: Record<string, unknown>) => rest],
    ['an unknown status', (r: Record<string, unknown>) => ({ ...r, findings: [{ ...backendResult.findings[0]!, status: 'maybe' }] })],
    ['a 0-based line', (r: Record<string, unknown>) => ({ ...r, findings: [{ ...backendResult.findings[0]!, startLine: 0 }] })],
    ['an id without #', (r: Record<string, unknown>) => ({ ...r, findings: [{ ...backendResult.findings[0]!, id: 'src/a.ts' }] })],
    ['a confidence above 1', (r: Record<string, unknown>) => ({ ...r, findings: [{ ...backendResult.findings[0]!, confidence: 1.2 }] })],
    ['a cluster without reason', (r: Record<string, unknown>) => ({ ...r, clusters: [{ ...backendResult.clusters[0]!, reason: undefined }] })],
  ])('rejects %s', (_name, mutate) => {
    const mutated = JSON.parse(JSON.stringify(mutate(roundTrip(backendResult) as Record<string, unknown>))) as unknown;
    expect(scanResultSchemaErrors(mutated)).not.toEqual([]);
  });
});
