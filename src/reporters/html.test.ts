import { describe, expect, it } from 'vitest';
import { htmlReporter } from './html.js';
import { backendResult, emptyResult, hostileResult } from './test-utils/scan-results.js';

/** Rows of the table in the section with this heading (cells as HTML). */
function sectionRows(html: string, heading: string): string[][] {
  const start = html.indexOf(`>${heading}</h2>`);
  expect(start, heading).toBeGreaterThan(-1);
  const section = html.slice(start, html.indexOf('</section>', start));
  const body = section.slice(section.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) => [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) => cell[1]!));
}

describe('htmlReporter', () => {
  const html = htmlReporter(backendResult);

  it('is one self-contained document: no scripts, nothing loaded from elsewhere', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|\bsrc=|@import/i);
  });

  it('has the inventory per concept, one row per finding', () => {
    const retry = sectionRows(html, 'retry');
    expect(retry).toHaveLength(6);
    expect(retry[0]!.slice(0, 4)).toEqual(['<code>src/core/resilience/retry.ts:12-88</code>', '<code>retryWithPolicy</code>', 'implementation', '77']);
    expect(retry[0]![5]).toBe('<span class="status canonical">canonical</span>');
    expect(sectionRows(html, 'circuit-breaker')).toHaveLength(2);
    expect(sectionRows(html, 'factory').map((row) => row[5])).toEqual([
      '<span class="status canonical">canonical</span>',
      '<span class="status duplicate">duplicate</span>',
    ]);
  });

  it('has clusters, double initializations and unparsable files', () => {
    const clusters = sectionRows(html, 'Clusters');
    expect(clusters.map((row) => row[0])).toEqual(['<code>retry</code>', '<code>circuit-breaker</code>', '<code>retry-config</code>', '<code>factory:ExecutionEngine</code>']);
    expect(clusters[0]![4]).toBe('<code>src/db/db-retry.ts#withDbRetry</code> ~ <code>src/legacy/old-retry.ts#oldRetry</code> (93%)');
    expect(sectionRows(html, 'Double initializations')[0]![1]).toBe('<code>Supervisor</code>');
    expect(sectionRows(html, 'Files that could not be parsed')).toEqual([
      ['<code>src/broken.ts</code>', '12', '&#39;}&#39; expected.'],
      ['<code>src/assets/blob.js</code>', '', 'cannot read file: EACCES'],
    ]);
    expect(html).toContain('<strong>42 files scanned: 12 findings in 4 concepts');
  });

  it('escapes every value that comes from the scanned code', () => {
    const hostile = htmlReporter(hostileResult);
    expect(hostile).not.toMatch(/<script|<img|<b>|<dir>|<bad>/);
    expect(hostile).toContain('<code>src/&lt;script&gt;alert(1)&lt;/script&gt;.ts:1-5</code>');
    expect(hostile).toContain('picked because &lt;img src=x onerror=alert(1)&gt; | and **bold**');
    expect(hostile).toContain('<title>ssot scan: /tmp/&quot;quoted&quot; &amp; &lt;dir&gt;</title>');
    expect(hostile).toContain('title="src/a&amp;b.ts"');
    expect(hostile).toContain('Unexpected token &quot;&lt;&quot;');
  });

  it('says so when nothing was found', () => {
    const empty = htmlReporter(emptyResult);
    expect(empty).toContain('<p>No implementation of any concept found.</p>');
    expect(empty).not.toContain('<table>');
  });
});
