import { describe, expect, it } from 'vitest';
import { entry, finding } from './test-utils/data.js';
import { buildBaseline } from './update.js';

const previous = {
  version: 1 as const,
  tool: 'ssot 0.0.9',
  entries: [
    entry({ id: 'f1', file: 'src/a.ts', symbol: 'a', line: 3 }),
    entry({ id: 'f2', file: 'src/b.ts', symbol: 'b', line: 5 }),
    entry({ id: 'f3', file: 'src/c.ts', symbol: 'c', line: 7 }),
  ],
};

describe('buildBaseline', () => {
  it('records every finding when there is no baseline yet', () => {
    const update = buildBaseline([finding({ file: 'src/a.ts', symbol: 'a', fingerprint: 'f1' })], { 'src/a.ts#a': 'ab'.repeat(32) }, 'ssot 1', null);
    expect(update.baseline.entries).toEqual([entry({ id: 'f1', file: 'src/a.ts', symbol: 'a', shape: 'ab'.repeat(32) })]);
    expect(update.added).toHaveLength(1);
    expect(update.removed).toEqual([]);
  });

  it('prunes fixed entries, refreshes a moved one, keeps an unchanged one as it was, and adds nothing', () => {
    const findings = [
      finding({ file: 'src/a.ts', symbol: 'a', fingerprint: 'f1', startLine: 30 }), // line shifted: kept as it was
      finding({ file: 'src/moved.ts', symbol: 'b', fingerprint: 'f2', startLine: 1 }), // moved: refreshed
      finding({ file: 'src/new.ts', symbol: 'n', fingerprint: 'f9' }), // new: not added when pruning
    ];
    const update = buildBaseline(findings, {}, 'ssot 1', previous, true);
    expect(update.baseline.entries).toEqual([
      entry({ id: 'f1', file: 'src/a.ts', symbol: 'a', line: 3 }),
      entry({ id: 'f2', file: 'src/moved.ts', symbol: 'b', line: 1 }),
    ]);
    expect(update.removed.map((e) => e.id)).toEqual(['f2', 'f3']);
    expect(update.added.map((e) => e.file)).toEqual(['src/moved.ts']);
  });

  it('adds new findings when not pruning', () => {
    const findings = [finding({ file: 'src/a.ts', symbol: 'a', fingerprint: 'f1' }), finding({ file: 'src/new.ts', symbol: 'n', fingerprint: 'f9' })];
    const update = buildBaseline(findings, {}, 'ssot 1', previous);
    expect(update.baseline.entries.map((e) => e.id)).toEqual(['f1', 'f9']);
    expect(update.baseline.tool).toBe('ssot 1');
  });
});

describe('buildBaseline with unparsable files', () => {
  it('keeps the entries of a file the scanner could not parse', () => {
    const update = buildBaseline([finding({ file: 'src/a.ts', symbol: 'a', fingerprint: 'f1' })], {}, 'ssot 1', previous, true, new Set(['src/b.ts']));
    expect(update.baseline.entries.map((e) => e.id)).toEqual(['f1', 'f2']);
  });
});
