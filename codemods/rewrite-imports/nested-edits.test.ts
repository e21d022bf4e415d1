import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/migrate/plan/codemod-utils/edits.js';
import { foldNestedEdits } from './nested-edits.js';

const text = 'const c = { recoveryTimeout: cfg.recoveryTimeout, name: cfg.name };';
const at = (part: string): { start: number; end: number } => ({ start: text.indexOf(part), end: text.indexOf(part) + part.length });

describe('edits of two moves nested in each other', () => {
  it('applies the inner edit inside the outer one, in parentheses unless it is a plain operand', () => {
    const outer = { ...at('recoveryTimeout: cfg.recoveryTimeout'), text: 'recoveryTimeoutMs: cfg.recoveryTimeout * 1000' };
    const inner = { ...at('cfg.recoveryTimeout,'), end: at('cfg.recoveryTimeout,').end - 1, text: 'cfg.recoveryTimeoutMs / 1000' };
    expect(applyEdits(text, foldNestedEdits(text, [outer, inner]))).toBe('const c = { recoveryTimeoutMs: (cfg.recoveryTimeoutMs / 1000) * 1000, name: cfg.name };');
    const renamed = { ...inner, text: 'cfg.timeout' };
    expect(applyEdits(text, foldNestedEdits(text, [renamed, outer]))).toBe('const c = { recoveryTimeoutMs: cfg.timeout * 1000, name: cfg.name };');
  });

  it('leaves edits alone that do not nest, and a nested one whose code the outer text no longer holds (applying them fails, as before)', () => {
    const name = { ...at('cfg.name'), text: 'cfg.label' };
    const outer = { ...at('recoveryTimeout: cfg.recoveryTimeout'), text: 'recoveryTimeoutMs: 60_000' };
    const inner = { start: at('cfg.recoveryTimeout,').start, end: at('cfg.recoveryTimeout,').end - 1, text: 'cfg.recoveryTimeoutMs / 1000' };
    const folded = foldNestedEdits(text, [outer, inner, name]);
    expect(folded).toHaveLength(3);
    expect(() => applyEdits(text, folded)).toThrow(/overlapping edits/);
    // A longer name that merely starts with the inner code is not the inner code.
    const longer = { ...outer, text: 'recoveryTimeoutMs: cfg.recoveryTimeoutSeconds * 1000' };
    expect(foldNestedEdits(text, [longer, inner])).toHaveLength(2);
  });
});
