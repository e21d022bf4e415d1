import { describe, expect, it } from 'vitest';
import { parseValueTarget } from './value-mapping.js';

describe('parseValueTarget', () => {
  it('reads a plain name as a rename, with nothing to convert', () => {
    expect(parseValueTarget('maxAttempts')).toEqual({ name: 'maxAttempts' });
  });

  it('converts a written value, parenthesising what is not a primary expression', () => {
    const target = parseValueTarget('recoveryTimeoutMs: $ * 1000')!;
    expect(target.name).toBe('recoveryTimeoutMs');
    expect(target.convert!('30')).toBe('30 * 1000');
    expect(target.convert!('a ?? b')).toBe('(a ?? b) * 1000');
  });

  it('undoes one arithmetic step with a number on a read of the new field', () => {
    const revert = (mapping: string, text = 'cfg.v') => parseValueTarget(mapping)?.revert?.(text);
    expect(revert('recoveryTimeoutMs: $ * 1000')).toBe('cfg.v / 1000');
    expect(revert('maxAttempts: $ + 1')).toBe('cfg.v - 1');
    expect(revert('maxRetries: $ - 1')).toBe('cfg.v + 1');
    expect(revert('seconds: $ / 1_000')).toBe('cfg.v * 1_000');
    expect(revert('timeoutMs: 1000 * $')).toBe('cfg.v / 1000');
    expect(revert('attempts: 1 + $')).toBe('cfg.v - 1');
    expect(revert('timeoutMs: $ * 1000', 'a ?? b')).toBe('(a ?? b) / 1000');
  });

  it('does not undo a conversion that loses the value or is not one step with a number', () => {
    for (const mapping of ['x: $ * 0', 'x: $ * factor', 'x: 1 - $', 'x: 2 / $', 'x: Math.round($)', 'x: $ * 2 + 1', 'x: String($)']) {
      expect(parseValueTarget(mapping)?.revert, mapping).toBeUndefined();
    }
  });
});
