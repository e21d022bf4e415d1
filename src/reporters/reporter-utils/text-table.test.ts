import { describe, expect, it } from 'vitest';
import { layoutTable, visibleWidth } from './text-table.js';

describe('visibleWidth', () => {
  it('counts terminal columns: colour codes none, CJK and emoji two, combining marks none', () => {
    expect(visibleWidth('src/retry.ts')).toBe(12);
    expect(visibleWidth('\u001b[32mcanonical\u001b[39m')).toBe(9);
    expect(visibleWidth('src/重试.ts')).toBe(11);
    expect(visibleWidth('ｒｅｔｒｙ')).toBe(10);
    expect(visibleWidth('🔁.ts')).toBe(5);
    expect(visibleWidth('cafe\u0301.ts')).toBe(7);
  });
});

describe('layoutTable', () => {
  it('aligns the columns after a file name in Chinese with those after an ASCII one', () => {
    const lines = layoutTable(['location', 'symbol'], [['src/plain-name.ts:1-7', 'retry'], ['src/重试.ts:1-7', 'retry']], ['left', 'left']);
    const column = (line: string) => visibleWidth(line.slice(0, line.lastIndexOf('retry')));
    expect(column(lines[2]!)).toBe(column(lines[1]!));
  });
});
