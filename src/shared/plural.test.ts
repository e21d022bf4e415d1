import { describe, expect, it } from 'vitest';
import { plural } from './plural.js';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(plural(1, 'blocking problem')).toBe('1 blocking problem');
    expect(plural(2, 'blocking problem')).toBe('2 blocking problems');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});
