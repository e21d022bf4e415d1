import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from './progress.js';

function stream() {
  const writes: string[] = [];
  return { writes, write: (text: string) => writes.push(text) };
}

describe('progressLine', () => {
  it('describes each phase', () => {
    expect(progressLine({ phase: 'discover', done: 12, total: 0 })).toBe('ssot: discovering files (12 found)');
    expect(progressLine({ phase: 'analyze', done: 120, total: 480 })).toBe('ssot: analyzing [#####---------------] 120/480 files');
    expect(progressLine({ phase: 'analyze', done: 480, total: 480 })).toBe('ssot: analyzing [####################] 480/480 files');
    expect(progressLine({ phase: 'link', done: 0, total: 0 })).toBe('ssot: linking');
  });
});

describe('createProgress', () => {
  it('writes nothing when disabled', () => {
    const out = stream();
    const progress = createProgress(out, false);
    progress.update({ phase: 'analyze', done: 1, total: 2 });
    progress.done();
    expect(out.writes).toEqual([]);
  });

  it('redraws one line at most every interval, at once on a new phase or the last item, and clears it at the end', () => {
    const out = stream();
    let time = 0;
    const progress = createProgress(out, true, { intervalMs: 100, now: () => time });
    progress.update({ phase: 'discover', done: 5, total: 0 });
    progress.update({ phase: 'analyze', done: 1, total: 10 });
    time = 50;
    progress.update({ phase: 'analyze', done: 2, total: 10 });
    time = 150;
    progress.update({ phase: 'analyze', done: 3, total: 10 });
    time = 160;
    progress.update({ phase: 'analyze', done: 10, total: 10 });
    progress.done();
    progress.done();
    const clear = '\r\u001b[2K';
    expect(out.writes).toEqual([
      `${clear}ssot: discovering files (5 found)`,
      `${clear}ssot: analyzing [##------------------] 1/10 files`,
      `${clear}ssot: analyzing [######--------------] 3/10 files`,
      `${clear}ssot: analyzing [####################] 10/10 files`,
      clear,
    ]);
  });

  it('does not clear a line it never drew', () => {
    const out = stream();
    createProgress(out, true).done();
    expect(out.writes).toEqual([]);
  });
});
