import { describe, expect, it } from 'vitest';
import { parseSource, ts } from '../../../parser/ts.js';
import { applyEdits } from './edits.js';
import { usageEdits } from './usage-edits.js';
import type { UsageSite } from './usages.js';

/** The first object literal of `text` rewritten for the canonical, as a config-type move writes it. */
function convert(text: string, fields: Record<string, string | null>, fieldDefaults: Record<string, string>, canonicalSpreads?: string[]): string {
  const source = parseSource('case.ts', text);
  let literal: ts.ObjectLiteralExpression | undefined;
  const find = (node: ts.Node): void => {
    if (!literal && ts.isObjectLiteralExpression(node)) literal = node;
    else ts.forEachChild(node, find);
  };
  find(source);
  const sites: UsageSite[] = literal!.properties.filter((property) => !ts.isSpreadAssignment(property)).map((property) => ({ kind: 'field', name: (property.name as ts.Identifier).text, line: 1, nameNode: ts.isShorthandPropertyAssignment(property) ? property : property.name!, literal }));
  return applyEdits(text, usageEdits(source, sites, { fields, fieldDefaults, ...(canonicalSpreads ? { canonicalSpreads } : {}) }).edits);
}

const fields = { recoveryTimeout: 'recoveryTimeoutMs: $ * 1000', legacy: null };
const defaults = { windowSize: '20', recoveryTimeoutMs: '60_000' };

describe('canonical defaults in a converted literal', () => {
  it('adds the required fields the literal does not set, after its own keys', () => {
    expect(convert(`const c = { name: 'a', recoveryTimeout: 2 };`, fields, defaults)).toBe(`const c = { name: 'a', recoveryTimeoutMs: 2 * 1000, windowSize: 20 };`);
    expect(convert(`const c = { name: 'a' };`, fields, defaults)).toBe(`const c = { name: 'a', windowSize: 20, recoveryTimeoutMs: 60_000 };`);
  });

  it('keeps a multi-line literal multi-line, trailing comma included', () => {
    expect(convert(`const c = {\n  name: 'a',\n  recoveryTimeout: 2,\n};`, fields, defaults)).toBe(`const c = {\n  name: 'a',\n  recoveryTimeoutMs: 2 * 1000,\n  windowSize: 20,\n};`);
    expect(convert(`const c = {\n  name: 'a'\n};`, fields, defaults)).toBe(`const c = {\n  name: 'a',\n  windowSize: 20,\n  recoveryTimeoutMs: 60_000\n};`);
  });

  it('places them after the last key that stays when the last one is dropped, and alone when every key is', () => {
    expect(convert(`const c = { name: 'a', legacy: 1 };`, fields, defaults)).toBe(`const c = { name: 'a', windowSize: 20, recoveryTimeoutMs: 60_000 };`);
    expect(convert(`const c = {\n  name: 'a',\n  legacy: 1,\n};`, fields, defaults)).toBe(`const c = {\n  name: 'a',\n  windowSize: 20,\n  recoveryTimeoutMs: 60_000,\n};`);
    expect(convert(`const c = { legacy: 1 };`, fields, defaults)).toBe(`const c = { windowSize: 20, recoveryTimeoutMs: 60_000 };`);
  });

  it('leaves a literal with a spread alone: the spread may set them', () => {
    expect(convert(`const c = { ...base, name: 'a' };`, fields, defaults)).toBe(`const c = { ...base, name: 'a' };`);
    // A spread of a moved property, next to one of something else: still alone.
    expect(convert(`const c = { name: 'a', ...options.circuit, ...base };`, fields, defaults, ['circuit'])).toBe(`const c = { name: 'a', ...options.circuit, ...base };`);
  });

  it('puts them before a spread of a property that holds the canonical type already, so the spread still wins', () => {
    expect(convert(`const c = { name: 'a', ...options.circuit };`, fields, defaults, ['circuit'])).toBe(`const c = { name: 'a', windowSize: 20, recoveryTimeoutMs: 60_000, ...options.circuit };`);
    expect(convert(`const c = { ...options?.circuit, name: 'a' };`, fields, defaults, ['circuit'])).toBe(`const c = { windowSize: 20, recoveryTimeoutMs: 60_000, ...options?.circuit, name: 'a' };`);
    expect(convert(`const c = {\n  recoveryTimeout: 2,\n  ...options.circuit,\n};`, fields, defaults, ['circuit'])).toBe(`const c = {\n  recoveryTimeoutMs: 2 * 1000,\n  windowSize: 20,\n  ...options.circuit,\n};`);
  });
});
