import { describe, expect, it } from 'vitest';
import { markdownReporter } from './markdown.js';
import { backendResult, emptyResult, hostileResult } from './test-utils/scan-results.js';

/** Cells of a Markdown table row, split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The first table after a heading, as rows of cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const first = lines.findIndex((line, index) => index > start && line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

describe('markdownReporter', () => {
  const markdown = markdownReporter(backendResult);

  it('starts with a title and the summary', () => {
    expect(markdown.split('\n').slice(0, 3)).toEqual([
      '# ssot scan',
      '',
      '42 files scanned: 12 findings in 4 concepts, 5 duplicates, 2 wrappers, 1 dead, 1 double initialization, 2 unparsable files.',
    ]);
  });

  it('has one table per concept with a row per finding', () => {
    const retry = tableAfter(markdown, '## retry');
    expect(retry[0]).toEqual(['location', 'symbol', 'kind', 'lines', 'importers', 'status']);
    expect(retry[1]).toEqual(['---', '---', '---', '---:', '---:', '---']);
    expect(retry.slice(2)).toHaveLength(6);
    expect(retry[2]).toEqual(['`src/core/resilience/retry.ts:12-88`', '`retryWithPolicy`', 'implementation', '77', '6', '**canonical**']);
    expect(tableAfter(markdown, '## factory').slice(2).map((row) => row[5])).toEqual(['**canonical**', 'duplicate']);
  });

  it('has clusters, near clones, double initializations and unparsable files', () => {
    expect(tableAfter(markdown, '## Clusters').slice(2).map((row) => row[0])).toEqual(['`retry`', '`circuit-breaker`', '`retry-config`', '`factory:ExecutionEngine`']);
    expect(markdown).toContain('| `circuit-breaker` | 2 | `src/core/resilience/circuit-breaker.ts#CircuitBreaker` (configured) | configured as canonical.circuit-breaker |');
    expect(tableAfter(markdown, '### Near clones').slice(2)).toHaveLength(2);
    expect(markdown).toContain('| `src/agents/supervisor.ts:10-80` | `Supervisor` | `circuit-breaker` | `breaker` (line 14)');
    expect(tableAfter(markdown, '## Files that could not be parsed').slice(2)).toEqual([
      ['`src/broken.ts`', '12', "'}' expected."],
      ['`src/assets/blob.js`', '', 'cannot read file: EACCES'],
    ]);
  });

  it('escapes names and messages so they cannot break tables or inject HTML', () => {
    const hostile = markdownReporter(hostileResult);
    const rows = tableAfter(hostile, '## retry');
    for (const row of rows) expect(row).toHaveLength(6);
    expect(rows[3]![0]).toBe('`src/x\\|y.ts:2-3`');
    expect(rows[2]![1]).toBe('``retry_`x`\\|y``');
    expect(hostile).toContain('picked because \\<img src=x onerror=alert(1)\\> \\| and \\*\\*bold\\*\\*');
    expect(hostile).not.toMatch(/(?<![\\`])<img/);
    expect(hostile).toContain('Unexpected token "\\<"');
  });

  it('says so when nothing was found', () => {
    expect(markdownReporter(emptyResult)).toContain('No implementation of any concept found.');
    expect(markdownReporter(emptyResult)).not.toContain('## Clusters');
  });
});
