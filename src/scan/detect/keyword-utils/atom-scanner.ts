/**
 * Finds which of many short strings (atoms) occur in a text, in one pass over it: an Aho-Corasick
 * automaton compiled to a table, ASCII letters folded to lower case. The keyword gate looks for the
 * atoms of every rule's keywords at once (see `regex-prefilter.ts`), where testing each keyword's
 * regex would read the text once per keyword that does not occur in it.
 */
import { WORD_BOUNDARY } from './regex-prefilter.js';

/** Whether a character code is one of `\w` (what `\b` tells from the rest, outside unicode mode). */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** The atoms found in a text: `found[i]` is 1 when atom `i` occurs. */
export type FoundAtoms = Uint8Array;

export class AtomScanner {
  readonly atoms: readonly string[];
  /** Input class of each ASCII code (0: a character no atom holds). */
  private readonly classOf = new Uint8Array(128);
  /**
   * Next state of each state and class, stored as the next state's row offset (state × classes), or
   * its complement (negative) when atoms end at the next state: the scan loop tests one sign only.
   */
  private readonly next: Int32Array;
  /** Per row offset: the atoms ending at that state (own and by suffix), or undefined. */
  private readonly ending: Array<readonly number[] | undefined>;

  /** Per atom: 1 when a word boundary (`\b`) must hold where it starts, 2 where it ends, 3 both (see `WORD_BOUNDARY`). */
  private readonly bounds: Uint8Array;
  /** Per atom: its length without boundary marks. */
  private readonly lengths: Int32Array;

  /**
   * `atoms`: lower-case ASCII strings, none empty, each possibly starting or ending with
   * `WORD_BOUNDARY` (then it counts only where a word starts or ends there, as `\b` would).
   */
  constructor(atoms: readonly string[]) {
    this.atoms = atoms;
    this.bounds = new Uint8Array(atoms.length);
    this.lengths = new Int32Array(atoms.length);
    const cores = atoms.map((atom, index) => {
      let core = atom;
      if (core.startsWith(WORD_BOUNDARY)) {
        this.bounds[index]! |= 1;
        core = core.slice(1);
      }
      if (core.endsWith(WORD_BOUNDARY) && core.length > 0) {
        this.bounds[index]! |= 2;
        core = core.slice(0, -1);
      }
      if (core.length === 0 || core.includes(WORD_BOUNDARY)) throw new Error(`atom ${JSON.stringify(atom)} is empty or has a boundary inside`);
      this.lengths[index] = core.length;
      return core;
    });
    let classes = 1;
    for (const atom of cores) {
      for (let i = 0; i < atom.length; i++) {
        const code = atom.charCodeAt(i);
        if (code > 127 || (code >= 65 && code <= 90)) throw new Error(`atom ${JSON.stringify(atom)} is not lower-case ASCII`);
        if (this.classOf[code] === 0) this.classOf[code] = classes++;
      }
    }
    // Upper-case letters read as their lower-case letter.
    for (let code = 65; code <= 90; code++) this.classOf[code] = this.classOf[code + 32]!;
    const C = classes;
    // The trie: goto per state and class (-1: none), and the atoms each state completes.
    const capacity = 1 + cores.reduce((sum, atom) => sum + atom.length, 0);
    const goto = new Int32Array(capacity * C).fill(-1);
    const own: number[][] = [[]];
    cores.forEach((atom, index) => {
      let state = 0;
      for (let i = 0; i < atom.length; i++) {
        const slot = state * C + this.classOf[atom.charCodeAt(i)]!;
        if (goto[slot]! < 0) {
          goto[slot] = own.length;
          own.push([]);
        }
        state = goto[slot]!;
      }
      own[state]!.push(index);
    });
    // Breadth first: each state's failure link (its longest proper suffix that is a trie state) fills
    // its missing transitions and adds the atoms that suffix completes.
    const states = own.length;
    const fail = new Int32Array(states);
    const next = (this.next = new Int32Array(states * C));
    const completes: Array<readonly number[] | undefined> = new Array(states);
    const queue: number[] = [];
    for (let cls = 0; cls < C; cls++) {
      const target = goto[cls]!;
      next[cls] = target < 0 ? 0 : target * C;
      if (target >= 0) queue.push(target);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const inherited = completes[fail[state]!];
      const completed = inherited ? [...own[state]!, ...inherited] : own[state]!;
      if (completed.length > 0) completes[state] = completed;
      const row = state * C;
      const failRow = fail[state]! * C;
      for (let cls = 0; cls < C; cls++) {
        const target = goto[row + cls]!;
        if (target < 0) next[row + cls] = next[failRow + cls]!;
        else {
          fail[target] = next[failRow + cls]! / C;
          next[row + cls] = target * C;
          queue.push(target);
        }
      }
    }
    const ending: Array<readonly number[] | undefined> = (this.ending = new Array(states * C).fill(undefined));
    completes.forEach((atoms, state) => {
      if (atoms) ending[state * C] = atoms;
    });
    for (let k = 0; k < next.length; k++) if (completes[next[k]! / C] !== undefined) next[k] = ~next[k]!;
  }

  /** Marks in `found` (one entry per atom, zeroed by the caller) every atom occurring in `text`; returns how many. */
  scan(text: string, found: FoundAtoms): number {
    const { classOf, next, ending, bounds, lengths } = this;
    const total = this.atoms.length;
    let count = 0;
    let row = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      row = next[row + (code < 128 ? classOf[code]! : 0)]!;
      if (row >= 0) continue;
      row = ~row;
      for (const atom of ending[row]!) {
        if (found[atom] !== 0) continue;
        const bound = bounds[atom]!;
        if (bound !== 0) {
          // Found here only where `\b` would hold: a word character on one side of the edge, none on the other.
          const first = i + 1 - lengths[atom]!;
          if (bound & 1 && isWordCode(text.charCodeAt(first)) === (first > 0 && isWordCode(text.charCodeAt(first - 1)))) continue;
          if (bound & 2 && isWordCode(text.charCodeAt(i)) === (i + 1 < n && isWordCode(text.charCodeAt(i + 1)))) continue;
        }
        found[atom] = 1;
        count++;
      }
      if (count === total) break;
    }
    return count;
  }
}
