import { describe, expect, it } from 'vitest';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { NEAR_CLONES_SHOWN } from './reporter-utils/near-clones.js';
import { tableReporter } from './table.js';
import { manyCopiesResult } from './test-utils/scan-results.js';

/** 40 copies: 780 near-clone pairs in one cluster. */
const result = manyCopiesResult(40);
const pairs = result.clusters[0]!.similar;
const mostSimilar = pairs[0]!;
const leastSimilar = pairs[pairs.length - 1]!;

describe('near clones in the reports meant for people', () => {
  it('the table lists the most similar pairs of a cluster and counts the rest', () => {
    const text = tableReporter(result, { color: false });
    expect(text.split('\n').filter((line) => line.includes('near clones:'))).toHaveLength(NEAR_CLONES_SHOWN);
    expect(text).toContain(`near clones: ${mostSimilar.a} ~ ${mostSimilar.b}`);
    expect(text).not.toContain(`${leastSimilar.a} ~ ${leastSimilar.b}`);
    expect(text).toContain(`… and ${pairs.length - NEAR_CLONES_SHOWN} more near-clone pairs (--format json lists them all)`);
  });

  it('Markdown and HTML do the same', () => {
    const markdown = markdownReporter(result);
    expect(markdown.split('\n').filter((line) => line.startsWith('| `retry` | `vendor/'))).toHaveLength(NEAR_CLONES_SHOWN);
    expect(markdown).toContain(`${pairs.length - NEAR_CLONES_SHOWN} more near-clone pairs`);
    const html = htmlReporter(result);
    expect(html.split(' ~ ')).toHaveLength(NEAR_CLONES_SHOWN + 1);
    expect(html).toContain(`${pairs.length - NEAR_CLONES_SHOWN} more near-clone pairs`);
  });

  it('JSON keeps every pair', () => {
    expect(JSON.parse(jsonReporter(result)).clusters[0].similar).toHaveLength(pairs.length);
  });

  it('a cluster with few pairs lists all of them and no count line', () => {
    const small = manyCopiesResult(4);
    const text = tableReporter(small, { color: false });
    expect(text.split('\n').filter((line) => line.includes('near clones:'))).toHaveLength(6);
    expect(text).not.toContain('more near-clone pair');
  });
});

describe('near clones of a cluster too big to list every pair', () => {
  const big = manyCopiesResult(40);
  const cluster = big.clusters[0]!;
  const listed = cluster.similar.length;
  cluster.similarOmitted = 123456;
  const hidden = listed - NEAR_CLONES_SHOWN + 123456;

  it('the table, Markdown and HTML count the pairs the scan left out, and say JSON lists only some', () => {
    const line = `… and ${hidden} more near-clone pairs (--format json lists the ${listed} most similar)`;
    expect(tableReporter(big, { color: false })).toContain(line);
    expect(markdownReporter(big)).toContain(line);
    expect(htmlReporter(big)).toContain(line);
  });

  it('JSON states the omitted count after the listed pairs', () => {
    const json = JSON.parse(jsonReporter(big)).clusters[0];
    expect(Object.keys(json).slice(-2)).toEqual(['similar', 'similarOmitted']);
    expect(json.similarOmitted).toBe(123456);
  });
});
