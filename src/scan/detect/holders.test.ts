import { describe, expect, it } from 'vitest';
import { parseSource } from '../../parser/ts.js';
import { fileContext } from './context.js';
import { collectLocalUses, collectProducers, mentionsOtherThan } from './holders.js';
import { dedent } from './test-utils/detect.js';
import { collectUnits } from './units.js';

function localUses(code: string): string[] {
  const sf = parseSource('example.ts', dedent(code));
  return collectLocalUses(sf, fileContext(sf, 'example.ts'));
}

function producers(code: string): Array<{ name: string; returns: string }> {
  const sf = parseSource('example.ts', dedent(code));
  return collectProducers(collectUnits(sf), fileContext(sf, 'example.ts'));
}

describe('mentionsOtherThan', () => {
  const text = 'function retry() { return sleep(1); }\nfunction sleep(ms) { return ms; }\n';
  const sf = parseSource('example.ts', text);
  const [first, second] = sf.statements;

  it('is true when a statement names a top-level name it does not declare', () => {
    expect(mentionsOtherThan(new Set(['retry', 'sleep']), text)(first!, new Set(['retry']))).toBe(true);
  });

  it('is false when a statement names only what it declares', () => {
    expect(mentionsOtherThan(new Set(['retry', 'sleep']), text)(second!, new Set(['sleep']))).toBe(false);
  });

  it('is false when the other names a statement mentions are already known to be used', () => {
    expect(mentionsOtherThan(new Set(['retry', 'sleep']), text)(first!, new Set(['retry']), new Set(['sleep']))).toBe(false);
  });

  it('answers true for every statement when identifiers may be written with unicode escapes', () => {
    const escaped = 'function retry() { return \\u0073leep(1); }\nfunction sleep(ms) { return ms; }\n';
    const tree = parseSource('example.ts', escaped);
    expect(mentionsOtherThan(new Set(['retry', 'sleep']), escaped)(tree.statements[1]!, new Set(['sleep']))).toBe(true);
  });

  it('answers true for every statement when the file declares many names', () => {
    const names = new Set(Array.from({ length: 40 }, (_, i) => `name${i}`));
    expect(mentionsOtherThan(names, text)(second!, new Set(['sleep']))).toBe(true);
  });
});

describe('collectLocalUses', () => {
  it('lists top-level names used by other statements, not by their own declaration', () => {
    expect(
      localUses(`
        function sleep(ms: number) { return new Promise((r) => setTimeout(r, ms)); }
        export async function retry(fn: () => Promise<void>) { await sleep(1); return retry(fn); }
        export function unused() { return unused; }
      `),
    ).toEqual(['sleep']);
  });

  it('finds every name used, when later statements use names already seen', () => {
    expect(
      localUses(`
        const base = 100;
        function sleep(ms: number) { return ms + base; }
        export function first() { return sleep(base); }
        export function second() { return sleep(base) + first(); }
      `),
    ).toEqual(['base', 'first', 'sleep']);
  });

  it('sees a use written with a unicode escape', () => {
    expect(
      localUses(`
        function sleep(ms: number) { return ms; }
        export function retry() { return \\u0073leep(1); }
      `),
    ).toEqual(['sleep']);
  });
});

describe('collectProducers', () => {
  it('records a top-level function that returns a new instance of a local class', () => {
    expect(
      producers(`
        class Breaker {}
        export function createBreaker() { const b = new Breaker(); return b; }
        export function describe() { return 'Breaker'; }
      `),
    ).toEqual([{ name: 'createBreaker', returns: 'Breaker' }]);
  });

  it('records an arrow function whose expression body builds the instance', () => {
    expect(producers(`class Breaker {}\nexport const make = () => new Breaker();\n`)).toEqual([{ name: 'make', returns: 'Breaker' }]);
  });
});
