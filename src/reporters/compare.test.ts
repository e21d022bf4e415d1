import { describe, expect, it } from 'vitest';
import type { CompareResult } from '../scan/compare.js';
import { renderCompareJson, renderCompareMarkdown, renderCompareTable } from './compare.js';

const result: CompareResult = {
  a: { ref: 'a.ts#Manager', file: 'src/a.ts', symbol: 'Manager', declaration: 'class', startLine: 3, endLine: 40, features: { members: ['execute', 'reset'], fields: ['maxRetries'], options: [], events: [] }, fingerprint: '1' },
  b: { ref: 'b.js#Wrapper', file: 'src/b.js', symbol: 'Wrapper', declaration: 'class', startLine: 1, endLine: 90, features: { members: ['execute', 'fallback'], fields: ['max_retries'], options: [], events: ['open'] }, fingerprint: '2' },
  rows: [
    { category: 'members', name: 'execute', a: 'execute', b: 'execute' },
    { category: 'members', name: 'reset', a: 'reset' },
    { category: 'members', name: 'fallback', b: 'fallback' },
    { category: 'fields', name: 'maxRetries', a: 'maxRetries', b: 'max_retries' },
    { category: 'events', name: 'open', b: 'open' },
  ],
  summary: {
    members: { both: 1, onlyA: 1, onlyB: 1 },
    fields: { both: 1, onlyA: 0, onlyB: 0 },
    options: { both: 0, onlyA: 0, onlyB: 0 },
    events: { both: 0, onlyA: 0, onlyB: 1 },
  },
  similarity: 0.42,
  identical: false,
};

describe('compare renderers', () => {
  it('renders a plain table without colour codes', () => {
    const text = renderCompareTable(result, { color: false });
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain('A  src/a.ts#Manager (class, lines 3-40)');
    expect(text).toContain('structural similarity 0.42');
    expect(text).toMatch(/Members\s+A {2}B {3}1 shared, 1 only in A, 1 only in B/);
    expect(text).toMatch(/ {2}reset\s+✓ {2}✗\n/);
    expect(text).toMatch(/ {2}fallback\s+✗ {2}✓\n/);
    expect(text).toMatch(/ {2}maxRetries\s+✓ {2}✓ {2}\(B: max_retries\)\n/);
    expect(text).toContain('Options');
    expect(text).toContain('(none on either side)');
  });

  it('colours marks when asked', () => {
    const text = renderCompareTable(result, { color: true });
    expect(text).toMatch(/\u001b\[32m✓/);
    expect(text).toMatch(/\u001b\[31m✗/);
  });

  it('renders Markdown like the consolidation plans', () => {
    const text = renderCompareMarkdown(result);
    expect(text).toContain('| Feature | `Manager` | `Wrapper` |');
    expect(text).toContain('| **Members** (1 shared, 1 only A, 1 only B) | | |');
    expect(text).toContain('| reset | ✅ | ❌ |');
    expect(text).toContain('| maxRetries / max_retries | ✅ | ✅ |');
    expect(text).toContain('| open | ❌ | ✅ |');
  });

  it('renders JSON that parses back to the result', () => {
    expect(JSON.parse(renderCompareJson(result))).toEqual(result);
  });
});
