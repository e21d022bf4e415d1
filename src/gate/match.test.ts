import { describe, expect, it } from 'vitest';
import { matchBaseline } from './match.js';
import { shapeOf } from './shape.js';
import { entry, finding } from './test-utils/data.js';

const retryText = `export async function retry(op, attempts) {
  for (let i = 0; i < attempts; i++) {
    try { return await op(); } catch (error) { if (i === attempts - 1) throw error; }
    await new Promise((r) => setTimeout(r, 100 * 2 ** i));
  }
}`;

describe('matchBaseline', () => {
  it('matches an unchanged finding as the same', () => {
    const result = matchBaseline([finding({ file: 'src/a.ts', symbol: 'retry', fingerprint: 'f1' })], [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry' })]);
    expect(result.matched.map((m) => m.how)).toEqual(['same']);
    expect(result.unmatched).toEqual([]);
    expect(result.fixed).toEqual([]);
  });

  it('matches a moved file and a renamed symbol by identity', () => {
    const result = matchBaseline(
      [finding({ file: 'lib/net/retry.ts', symbol: 'retryWithBackoff', fingerprint: 'f1' })],
      [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry' })],
    );
    expect(result.matched).toMatchObject([{ how: 'moved', file: 'lib/net/retry.ts', entry: { file: 'src/a.ts' } }]);
    expect(result.unmatched).toEqual([]);
  });

  it('counts multiplicity: a copy of a baselined finding is new, and names what it copies', () => {
    const result = matchBaseline(
      [
        finding({ file: 'src/a.ts', symbol: 'retry', fingerprint: 'f1' }),
        finding({ file: 'src/copy.ts', symbol: 'retry', fingerprint: 'f1', startLine: 4 }),
      ],
      [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry', line: 2 })],
    );
    expect(result.matched).toMatchObject([{ finding: 'src/a.ts#retry', how: 'same' }]);
    expect(result.unmatched).toHaveLength(1);
    expect(result.unmatched[0]?.finding.file).toBe('src/copy.ts');
    expect(result.unmatched[0]?.copyOf).toMatchObject({ file: 'src/a.ts', line: 2 });
  });

  it('never lets a copy take over a fixed entry, even one with the same name', () => {
    const result = matchBaseline(
      [
        finding({ file: 'src/a.ts', symbol: 'retry', fingerprint: 'f1' }),
        finding({ file: 'src/b.ts', symbol: 'retry', fingerprint: 'f1' }),
      ],
      [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry' }), entry({ id: 'f2', file: 'src/b.ts', symbol: 'retry' })],
    );
    expect(result.unmatched.map((u) => u.finding.id)).toEqual(['src/b.ts#retry']);
    expect(result.fixed.map((e) => e.id)).toEqual(['f2']);
  });

  it('pairs two identical baselined findings with their own locations', () => {
    const result = matchBaseline(
      [finding({ file: 'src/b.ts', symbol: 'r', fingerprint: 'f1' }), finding({ file: 'src/a.ts', symbol: 'r', fingerprint: 'f1' })],
      [entry({ id: 'f1', file: 'src/a.ts', symbol: 'r' }), entry({ id: 'f1', file: 'src/b.ts', symbol: 'r' })],
    );
    expect(result.matched.map((m) => [m.file, m.entry.file, m.how])).toEqual([
      ['src/a.ts', 'src/a.ts', 'same'],
      ['src/b.ts', 'src/b.ts', 'same'],
    ]);
  });

  it('reports an implementation edited in place as changed, not new', () => {
    const result = matchBaseline([finding({ file: 'src/a.ts', symbol: 'retry', fingerprint: 'f9' })], [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry' })]);
    expect(result.matched).toMatchObject([{ how: 'changed', entry: { id: 'f1' } }]);
    expect(result.unmatched).toEqual([]);
    expect(result.fixed).toEqual([]);
  });

  it('reports an implementation moved and edited (same name) as changed', () => {
    const result = matchBaseline([finding({ file: 'src/new/place.ts', symbol: 'retry', fingerprint: 'f9' })], [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry' })]);
    expect(result.matched).toMatchObject([{ how: 'changed' }]);
  });

  it('lets the closer match win: an in-place edit keeps its entry over a same-named newcomer', () => {
    const result = matchBaseline(
      [finding({ file: 'src/a.ts', symbol: 'retry', fingerprint: 'f8' }), finding({ file: 'src/z.ts', symbol: 'retry', fingerprint: 'f9' })],
      [entry({ id: 'f1', file: 'src/z.ts', symbol: 'retry' })],
    );
    expect(result.matched).toMatchObject([{ finding: 'src/z.ts#retry', how: 'changed' }]);
    expect(result.unmatched.map((u) => u.finding.id)).toEqual(['src/a.ts#retry']);
  });

  it('recognises a renamed and edited implementation by its token shape', () => {
    const edited = retryText.replace('retry(op, attempts)', 'withRetries(fn, max)').replace('throw error; }', 'throw error; log(error); }');
    const result = matchBaseline(
      [finding({ file: 'src/b.ts', symbol: 'withRetries', fingerprint: 'f9' })],
      [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry', shape: shapeOf(retryText) })],
      { 'src/b.ts#withRetries': shapeOf(edited) },
    );
    expect(result.matched).toMatchObject([{ how: 'changed', finding: 'src/b.ts#withRetries' }]);
  });

  it('does not take a different implementation for the fixed one', () => {
    const other = 'export class Breaker { state = "closed"; failures = 0; open() { this.state = "open"; } }';
    const result = matchBaseline(
      [finding({ file: 'src/b.ts', symbol: 'other', fingerprint: 'f9' })],
      [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry', shape: shapeOf(retryText) })],
      { 'src/b.ts#other': shapeOf(other) },
    );
    expect(result.unmatched.map((u) => u.finding.id)).toEqual(['src/b.ts#other']);
    expect(result.fixed.map((e) => e.id)).toEqual(['f1']);
  });

  it('keeps concepts apart: an entry of another concept is never used', () => {
    const result = matchBaseline(
      [finding({ file: 'src/a.ts', symbol: 'retry', fingerprint: 'f1', concept: 'backoff' })],
      [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry', concept: 'retry' })],
    );
    expect(result.unmatched).toHaveLength(1);
    expect(result.fixed).toHaveLength(1);
  });

  it('reports a deleted finding as fixed', () => {
    const result = matchBaseline([], [entry({ id: 'f1', file: 'src/a.ts', symbol: 'retry' })]);
    expect(result.fixed.map((e) => e.file)).toEqual(['src/a.ts']);
  });

  it('never lets more findings pass than there are entries for a concept', () => {
    const findings = ['a', 'b', 'c', 'd'].map((s, i) => finding({ file: `src/${s}.ts`, symbol: 'retry', fingerprint: `g${i}` }));
    const entries = [entry({ id: 'f1', file: 'src/x.ts', symbol: 'retry' }), entry({ id: 'f2', file: 'src/y.ts', symbol: 'retry' })];
    const result = matchBaseline(findings, entries);
    expect(result.matched).toHaveLength(2);
    expect(result.unmatched).toHaveLength(2);
  });
});
