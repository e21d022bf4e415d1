import { describe, expect, it } from 'vitest';
import { tableReporter } from './table.js';
import { backendResult, emptyResult } from './test-utils/scan-results.js';

const ESC = '\u001b[';

/** The table rows (header excluded) printed under a concept heading. */
function conceptRows(text: string, concept: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${concept}  (`));
  expect(start, `heading of ${concept}`).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (line.trim() === '') break;
    rows.push(line);
  }
  return rows;
}

describe('tableReporter', () => {
  const plain = tableReporter(backendResult, { color: false });

  it('has no escape codes without colour', () => {
    expect(plain).not.toContain(ESC);
  });

  it('prints one table per concept, built-in concepts in their documented order', () => {
    const headings = plain.split('\n').filter((line) => /^[a-z-]+ {2}\(/.test(line));
    expect(headings).toEqual([
      'retry  (1 canonical, 2 duplicates, 2 wrappers, 1 dead)',
      'circuit-breaker  (1 canonical, 1 duplicate)',
      'retry-config  (1 canonical, 1 duplicate)',
      'factory  (1 canonical, 1 duplicate)',
    ]);
    const headers = plain.split('\n').filter((line) => line.trim().startsWith('location'));
    expect(headers).toHaveLength(4);
    for (const header of headers) expect(header.trim().split(/\s+/)).toEqual(['location', 'symbol', 'kind', 'lines', 'importers', 'status']);
  });

  it('lists each finding with location, symbol, kind, lines, importers and status, canonical first', () => {
    const rows = conceptRows(plain, 'retry').map((row) => row.trim().split(/\s+/));
    expect(rows).toEqual([
      ['src/core/resilience/retry.ts:12-88', 'retryWithPolicy', 'implementation', '77', '6', 'canonical'],
      ['src/db/db-retry.ts:5-40', 'withDbRetry', 'implementation', '36', '2', 'duplicate'],
      ['src/llm/llm-retry.ts:20-61', 'LlmRetryHandler.execute', 'implementation', '42', '1', 'duplicate'],
      ['src/agents/retry-helper.ts:3-9', 'retryAgentCall', 'wrapper', '7', '1', 'wrapper'],
      ['src/utils/retry.ts:1', 'retryWithPolicy', 're-export', '1', '3', 'wrapper'],
      ['src/legacy/old-retry.ts:1-30', 'oldRetry', 'implementation', '30', '0', 'dead'],
    ]);
  });

  it('aligns the columns of a table', () => {
    const rows = conceptRows(plain, 'circuit-breaker');
    const symbolColumn = rows.map((row) => row.indexOf(row.trim().split(/\s+/)[1]!));
    expect(new Set(symbolColumn).size).toBe(1);
    // Numbers are right-aligned: the importers column ends at the same offset.
    const importersEnd = rows.map((row) => row.search(/\d+ {2}(canonical|duplicate)/) + row.match(/(\d+) {2}(canonical|duplicate)/)![1]!.length);
    expect(new Set(importersEnd).size).toBe(1);
  });

  it('lists clusters with their canonical, the reason and near-clone pairs', () => {
    expect(plain).toContain('  retry  6 members, canonical src/core/resilience/retry.ts#retryWithPolicy (suggested)\n    reason: most importers (6) and the most signals (3)');
    expect(plain).toContain('near clones: src/db/db-retry.ts#withDbRetry ~ src/legacy/old-retry.ts#oldRetry 93%');
    expect(plain).toContain('circuit-breaker  2 members, canonical src/core/resilience/circuit-breaker.ts#CircuitBreaker (configured)');
  });

  it('says "1 member" for a cluster that has converged on its canonical', () => {
    const retry = backendResult.clusters.find((cluster) => cluster.id === 'retry')!;
    const converged = { ...backendResult, clusters: [{ ...retry, members: [retry.canonical!] }] };
    expect(tableReporter(converged, { color: false })).toContain('  retry  1 member, canonical src/core/resilience/retry.ts#retryWithPolicy');
  });

  it('lists double initializations and unparsable files', () => {
    expect(plain).toContain('Double initializations\n  src/agents/supervisor.ts:10-80  Supervisor holds 2 members of cluster circuit-breaker:');
    expect(plain).toContain('    serviceBreaker (line 15) → src/services/breaker.ts#ServiceBreaker');
    expect(plain).toContain("Files that could not be parsed\n  src/broken.ts:12  '}' expected.\n  src/assets/blob.js  cannot read file: EACCES");
  });

  it('ends with the summary line', () => {
    expect(plain.trimEnd().split('\n').at(-1)).toBe(
      '42 files scanned: 12 findings in 4 concepts, 5 duplicates, 2 wrappers, 1 dead, 1 double initialization, 2 unparsable files',
    );
  });

  it('colours statuses and headings when asked', () => {
    const colored = tableReporter(backendResult, { color: true });
    expect(colored).toContain(`${ESC}32mcanonical${ESC}39m`);
    expect(colored).toContain(`${ESC}33mduplicate${ESC}39m`);
    expect(colored).toContain(`${ESC}1mretry${ESC}22m`);
    // Colour codes do not change the layout.
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('says so when nothing was found', () => {
    expect(tableReporter(emptyResult, { color: false })).toBe(
      'No implementation of any concept found.\n\n3 files scanned: 0 findings in 0 concepts, 0 duplicates, 0 wrappers, 0 dead, 0 double initializations, 0 unparsable files\n',
    );
  });
});
