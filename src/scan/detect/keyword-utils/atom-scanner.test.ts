import { describe, expect, it } from 'vitest';
import { Random } from '../../../bench/generate-tree-utils/random.js';
import { AtomScanner } from './atom-scanner.js';
import { WORD_BOUNDARY } from './regex-prefilter.js';

/** The atoms of `atoms` found in `text`, by the scanner. */
function scanned(atoms: string[], text: string): string[] {
  const found = new Uint8Array(atoms.length);
  new AtomScanner(atoms).scan(text, found);
  return atoms.filter((_, i) => found[i] === 1);
}

/** The same, one regex per atom: what the scanner must agree with. */
function expected(atoms: string[], text: string): string[] {
  return atoms.filter((atom) => {
    const core = atom.split(WORD_BOUNDARY).join('').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const source = (atom.startsWith(WORD_BOUNDARY) ? '\\b' : '') + core + (atom.length > 1 && atom.endsWith(WORD_BOUNDARY) ? '\\b' : '');
    return new RegExp(source, 'i').test(text);
  });
}

describe('atom scanner', () => {
  it('finds every atom occurring in a text, ASCII letters in any case', () => {
    const atoms = ['retry', 'retr', 'try', 'breaker', '.then', 'err', 'error'];
    expect(scanned(atoms, 'p.THEN(() => RETRY()); // Errors')).toEqual(['retry', 'retr', 'try', '.then', 'err', 'error']);
    expect(scanned(atoms, 'nothing here')).toEqual([]);
    // Overlapping and nested atoms: each found where another one ends or starts.
    expect(scanned(['abc', 'bcd', 'c', 'abcd'], 'xabcdx')).toEqual(['abc', 'bcd', 'c', 'abcd']);
  });

  it('finds an atom with a word boundary only where a word starts or ends', () => {
    const atoms = [`${WORD_BOUNDARY}date`, `date${WORD_BOUNDARY}`, `${WORD_BOUNDARY}err${WORD_BOUNDARY}`];
    expect(scanned(atoms, 'update(x); errors')).toEqual([`date${WORD_BOUNDARY}`]);
    expect(scanned(atoms, 'Date.now() || err')).toEqual(atoms);
    expect(scanned(atoms, 'date_x $err')).toEqual([`${WORD_BOUNDARY}date`, `${WORD_BOUNDARY}err${WORD_BOUNDARY}`]);
    // After a dot, `\b` wants a word to start.
    expect(scanned([`x.${WORD_BOUNDARY}`], 'x. x.y')).toEqual([`x.${WORD_BOUNDARY}`]);
    expect(scanned([`x.${WORD_BOUNDARY}`], 'x. x.')).toEqual([]);
  });

  it('agrees with one regex per atom on random texts, other scripts included', () => {
    // The benchmark's seeded generator: the same draws on every run.
    const generator = new Random(3);
    const random = (n: number): number => generator.int(0, n - 1);
    const pick = <T>(list: readonly T[]): T => generator.pick(list);
    const atoms = ['ab', 'abc', 'bca', 'cab', 'aaa', `${WORD_BOUNDARY}ab`, `ca${WORD_BOUNDARY}`, `${WORD_BOUNDARY}bc${WORD_BOUNDARY}`, 'a.b', "'a"];
    // A boundary next to a character that is not a word's: a word must be on the other side.
    atoms.push(`a.${WORD_BOUNDARY}`, `${WORD_BOUNDARY}.b`, `${WORD_BOUNDARY}'a'${WORD_BOUNDARY}`);
    const letters = ['a', 'b', 'c', 'A', 'B', 'C', ' ', '_', '.', "'", 'é', 'ſ', '1'];
    for (let t = 0; t < 2000; t++) {
      const text = Array.from({ length: random(14) }, () => pick(letters)).join('');
      expect(scanned(atoms, text), JSON.stringify(text)).toEqual(expected(atoms, text));
    }
  });

  it('refuses atoms it could not find faithfully', () => {
    expect(() => new AtomScanner(['Retry'])).toThrow(/lower-case/);
    expect(() => new AtomScanner(['caf\u00e9'])).toThrow(/lower-case/);
    expect(() => new AtomScanner([WORD_BOUNDARY])).toThrow(/empty/);
  });
});
