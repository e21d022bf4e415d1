import { describe, expect, it } from 'vitest';
import { parseSource } from '../../parser/ts.js';
import { fileContext } from './context.js';
import { collectLocalUses, collectProducers, identifierAt } from './holders.js';
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

describe('identifierAt', () => {
  const text = 'function retry() { /* sleep */ return sleep("sleep") + sleeper; }\nfunction sleep(ms) { return ms; }\n';
  const sf = parseSource('example.ts', text);
  const first = sf.statements[0]!;

  it('finds the identifier written at a position', () => {
    const at = text.indexOf('sleep(');
    expect(identifierAt(first, at, 'sleep'.length)?.text).toBe('sleep');
  });

  it('finds none for the same text in a comment, a string or a longer identifier', () => {
    for (const occurrence of ['sleep */', 'sleep"', 'sleeper']) {
      expect(identifierAt(first, text.indexOf(occurrence), 'sleep'.length)).toBeUndefined();
    }
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

  it('ignores names that occur only in comments, strings, longer identifiers, property names and exports', () => {
    expect(
      localUses(`
        function sleep(ms: number) { return ms; }
        const base = 1;
        // sleep first, then base
        export function retry(o: { sleep: number }) { const sleeper = 'sleep'; return o.sleep + sleeper.length; }
        export const options = { base: 2 };
        module.exports = { sleep };
      `),
    ).toEqual([]);
  });

  it('finds a use after look-alike occurrences in the same statement', () => {
    expect(localUses(`function sleep(ms: number) { return ms; }\nexport function retry() { /* sleep */ const s = 'sleep'; return sleep(s.length); }\n`)).toEqual(['sleep']);
  });

  it('finds the same names in a file with many top-level names (walked, not looked up)', () => {
    const many = Array.from({ length: 30 }, (_, i) => `export const name${i} = ${i};`).join('\n');
    expect(localUses(`${many}\nfunction sleep(ms: number) { return ms + name3; }\nexport function retry() { return sleep(name7); }\n`)).toEqual(['name3', 'name7', 'sleep']);
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
