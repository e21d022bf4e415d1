/**
 * What a text must contain for a regex to match it, read from the regex's source: a condition on
 * literal strings (atoms), like `retr AND (breaker OR circuit)`. The keyword gate finds every atom of
 * every rule in one pass over a text (`atom-scanner.ts`) and runs a keyword's regex only when its
 * condition holds, so a text is no longer scanned once per keyword that it does not contain.
 *
 * The condition is necessary, never more: whatever this reader does not follow (a backreference, a
 * character class, a syntax it does not know) counts as "may match anything". Atoms are lower case
 * and compared with ASCII letters folded, which can only let more texts through than the regex would,
 * with or without its `i` flag. Where the regex is nothing but literal words, case-insensitive
 * (`breaker`, `retr(y|ies)`), the condition is the regex itself and the regex need not run.
 */

/** A condition on the atoms a text contains. */
export type Prefilter =
  | { readonly kind: 'any' }
  | { readonly kind: 'atom'; readonly atom: string }
  | { readonly kind: 'and' | 'or'; readonly parts: readonly Prefilter[] };

/** A regex's prefilter (see the module comment). */
export interface RegexPrefilter {
  readonly filter: Prefilter;
  /** The filter holds exactly when the regex matches: the regex need not run. */
  readonly exact: boolean;
}

/** Atoms shorter than this are too common to be worth looking for: they count as "any text". */
export const MIN_ATOM_LENGTH = 3;
/** The same for an atom that starts or ends at a word boundary. */
export const MIN_BOUNDED_ATOM_LENGTH = 2;
/** The most strings a piece of a regex is followed as (`(on|handle)_?(error|fail)` is 12). */
const MAX_STRINGS = 16;

export const ANY: Prefilter = { kind: 'any' };

/** What is known of a piece of a regex: the strings it matches (when few and known) and a condition besides. */
interface Piece {
  /** Lower-case strings the piece matches, all of them; null when unknown or too many. */
  strings: ReadonlySet<string> | null;
  /** A condition the text meets besides (lookaheads), `any` when none. */
  cond: Prefilter;
}

const EMPTY: Piece = { strings: new Set(['']), cond: ANY };
/**
 * A word boundary (`\b`) inside known strings: an atom that starts (ends) with it must be found where
 * a word starts (ends), as in `\bDate`, which `update` does not satisfy. Elsewhere it is dropped.
 */
export const WORD_BOUNDARY = '\u0001';
const BOUNDARY_PIECE: Piece = { strings: new Set([WORD_BOUNDARY]), cond: ANY };
const UNKNOWN: Piece = { strings: null, cond: ANY };

export function and(parts: readonly Prefilter[]): Prefilter {
  const flat: Prefilter[] = [];
  for (const part of parts) {
    if (part.kind === 'any') continue;
    if (part.kind === 'and') flat.push(...part.parts);
    else flat.push(part);
  }
  return flat.length === 0 ? ANY : flat.length === 1 ? flat[0]! : { kind: 'and', parts: flat };
}

export function or(parts: readonly Prefilter[]): Prefilter {
  const flat: Prefilter[] = [];
  for (const part of parts) {
    if (part.kind === 'any') return ANY;
    if (part.kind === 'or') flat.push(...part.parts);
    else flat.push(part);
  }
  // An atom containing another atom of the same alternation adds nothing (`retr OR retry` is `retr`).
  const atoms = flat.flatMap((part) => (part.kind === 'atom' ? [part.atom] : []));
  const kept = flat.filter((part) => part.kind !== 'atom' || !atoms.some((other) => other !== part.atom && part.atom.includes(other)));
  const unique = kept.filter((part, index) => part.kind !== 'atom' || kept.findIndex((p) => p.kind === 'atom' && p.atom === part.atom) === index);
  if (unique.length === 0) return ANY;
  return unique.length === 1 ? unique[0]! : { kind: 'or', parts: unique };
}

/** The condition a piece puts on a text: one of its strings occurs, and its own condition holds. */
function conditionOf(piece: Piece): Prefilter {
  if (!piece.strings) return piece.cond;
  const atoms = [...piece.strings].map(atomOf);
  const some = atoms.some((atom) => atom === undefined) ? ANY : or(atoms.map((atom) => ({ kind: 'atom', atom: atom! })));
  return and([some, piece.cond]);
}

/** The atom of a known string: word boundaries kept at its ends only; undefined when too short. */
function atomOf(text: string): string | undefined {
  const starts = text.startsWith(WORD_BOUNDARY);
  const ends = text.length > 1 && text.endsWith(WORD_BOUNDARY);
  const core = text.split(WORD_BOUNDARY).join('');
  // A word boundary makes a short atom rare enough to look for (`ok` as a word, not in `token`).
  if (core.length < (starts || ends ? MIN_BOUNDED_ATOM_LENGTH : MIN_ATOM_LENGTH)) return undefined;
  return (starts ? WORD_BOUNDARY : '') + core + (ends ? WORD_BOUNDARY : '');
}

/** Two pieces with known strings, one after the other. */
function concat(a: Piece, b: Piece): Piece {
  const strings = new Set<string>();
  for (const x of a.strings!) for (const y of b.strings!) strings.add(x + y);
  return { strings, cond: and([a.cond, b.cond]) };
}

function alternation(pieces: readonly Piece[]): Piece {
  if (pieces.length === 1) return pieces[0]!;
  if (pieces.every((piece) => piece.strings)) {
    const strings = new Set(pieces.flatMap((piece) => [...piece.strings!]));
    // Each branch's own condition holds when that branch matched: at least one of them holds.
    if (strings.size <= MAX_STRINGS) return { strings, cond: or(pieces.map((piece) => piece.cond)) };
  }
  return { strings: null, cond: or(pieces.map(conditionOf)) };
}

class Unsupported extends Error {}

const QUANTIFIER = /\{(\d+)(?:,(\d*))?\}/y;
const HEX = /[0-9a-fA-F]+/y;

/** Reads a regex source (without the `u` or `v` flag) into pieces. */
class Reader {
  private at = 0;
  /** Set when something other than literal text was read: the filter is then necessary only. */
  inexact = false;
  /** Set by `quantified` for a term with known strings repeated at least once (`x+`, `x{2,}`). */
  private repeated = false;

  constructor(private readonly source: string) {}

  read(): Piece {
    const piece = this.alternation();
    if (this.at < this.source.length) throw new Unsupported('unbalanced parenthesis');
    return piece;
  }

  private alternation(): Piece {
    const branches = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      branches.push(this.sequence());
    }
    return alternation(branches);
  }

  /**
   * A sequence is followed as a run of known strings (`retr` then `(y|ies)`) for as long as it stays
   * known and few; a piece that is not, or a run grown too many, is set aside as a condition, and a new
   * run starts after it (so `[\w$]+Retry` still looks for `retry`).
   */
  private sequence(): Piece {
    const setAside: Prefilter[] = [];
    let run = EMPTY;
    for (;;) {
      const c = this.source[this.at];
      if (c === undefined || c === '|' || c === ')') break;
      const term = this.quantified(this.term());
      if (this.repeated) {
        // `x+`: the first x follows the run and the last one precedes what comes next.
        this.repeated = false;
        setAside.push(conditionOf(run.strings!.size * term.strings!.size <= MAX_STRINGS ? concat(run, term) : run));
        run = term;
        continue;
      }
      if (term.strings && run.strings!.size * term.strings.size <= MAX_STRINGS) {
        run = concat(run, term);
        continue;
      }
      setAside.push(conditionOf(run));
      if (term.strings) run = term;
      else {
        setAside.push(term.cond);
        run = EMPTY;
      }
    }
    return setAside.length === 0 ? run : { strings: null, cond: and([...setAside, conditionOf(run)]) };
  }

  /** Applies a quantifier following a term, if any. */
  private quantified(term: Piece): Piece {
    const c = this.source[this.at];
    let min: number;
    let max: number;
    if (c === '?' || c === '*' || c === '+') {
      this.at++;
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
    } else if (c === '{') {
      QUANTIFIER.lastIndex = this.at;
      const m = QUANTIFIER.exec(this.source);
      if (!m) return term;
      this.at = QUANTIFIER.lastIndex;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[2] === '' ? Infinity : Number(m[2]);
    } else return term;
    if (this.source[this.at] === '?') this.at++;
    if (min === 1 && max === 1) return term;
    if (min === 0 && max === 1 && term.strings && term.strings.size < MAX_STRINGS) {
      return { strings: new Set([...term.strings, '']), cond: ANY };
    }
    this.inexact = true;
    // Left out or repeated, the term's text is not known: the run of known strings around it breaks
    // (`for\s*\(` is `for` then `(`, never `for(`). Known text needed at least once is kept (see `repeated`).
    if (min === 0) return UNKNOWN;
    if (term.strings) {
      this.repeated = true;
      return term;
    }
    return { strings: null, cond: term.cond };
  }

  private term(): Piece {
    const c = this.source[this.at]!;
    if (c === '(') return this.group();
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    this.at++;
    if (c === '.') {
      this.inexact = true;
      return UNKNOWN;
    }
    if (c === '^' || c === '$') {
      this.inexact = true;
      return EMPTY;
    }
    if (c === '*' || c === '+' || c === '?') throw new Unsupported('nothing to repeat');
    return this.literal(c);
  }

  private literal(c: string): Piece {
    if (c.charCodeAt(0) > 127 || c === WORD_BOUNDARY) {
      // Other scripts fold by rules the atom scanner does not follow (and the marker is not text).
      this.inexact = true;
      return UNKNOWN;
    }
    return { strings: new Set([c.toLowerCase()]), cond: ANY };
  }

  private group(): Piece {
    const source = this.source;
    this.at++;
    let kind: 'group' | 'ahead' | 'behind' | 'negative' = 'group';
    if (source[this.at] === '?') {
      const next = source[this.at + 1];
      const after = source[this.at + 2];
      if (next === ':') this.at += 2;
      else if (next === '=' || next === '!') {
        kind = next === '=' ? 'ahead' : 'negative';
        this.at += 2;
      } else if (next === '<' && (after === '=' || after === '!')) {
        kind = after === '=' ? 'behind' : 'negative';
        this.at += 3;
      } else if (next === '<') {
        const close = source.indexOf('>', this.at);
        if (close < 0) throw new Unsupported('unterminated group name');
        this.at = close + 1;
      } else throw new Unsupported(`group (?${next ?? ''}`);
    }
    const inner = this.alternation();
    if (source[this.at] !== ')') throw new Unsupported('unterminated group');
    this.at++;
    if (kind === 'group') return inner;
    // A lookaround matches no text of its own: what it looks for is a condition on the text.
    this.inexact = true;
    return kind === 'negative' ? EMPTY : { strings: new Set(['']), cond: conditionOf(inner) };
  }

  private characterClass(): Piece {
    const source = this.source;
    this.at++;
    const negated = source[this.at] === '^';
    if (negated) this.at++;
    const chars = new Set<string>();
    let known = !negated;
    while (this.at < source.length && source[this.at] !== ']') {
      let c = source[this.at++]!;
      if (c === '\\') {
        const e = source[this.at++];
        if (e === undefined) throw new Unsupported('unterminated class');
        const plain = /[\^$\\.*+?()[\]{}|/\-]/.test(e) ? e : e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : undefined;
        if (plain === undefined) {
          known = false;
          continue;
        }
        c = plain;
      }
      if (source[this.at] === '-' && source[this.at + 1] !== ']' && this.at + 1 < source.length) {
        // A range: more characters than worth following.
        known = false;
        this.at++;
        continue;
      }
      if (c.charCodeAt(0) > 127) known = false;
      chars.add(c.toLowerCase());
    }
    if (source[this.at] !== ']') throw new Unsupported('unterminated class');
    this.at++;
    // Many characters, or an empty class (which never matches): followed as any character.
    if (!known || chars.size === 0 || chars.size > 8) {
      this.inexact = true;
      return UNKNOWN;
    }
    return { strings: chars, cond: ANY };
  }

  private escape(): Piece {
    const source = this.source;
    const e = source[this.at + 1];
    this.at += 2;
    if (e === undefined) throw new Unsupported('trailing backslash');
    if (e === 'b' || e === 'B') {
      this.inexact = true;
      return e === 'b' ? BOUNDARY_PIECE : EMPTY;
    }
    if ('dDwWsS'.includes(e) || /[0-9]/.test(e) || e === 'c') {
      // Character sets, back-references, octal and control escapes.
      this.inexact = true;
      if (e === 'c' && /[a-zA-Z]/.test(source[this.at] ?? '')) this.at++;
      return UNKNOWN;
    }
    if (e === 'k' && source[this.at] === '<') {
      const close = source.indexOf('>', this.at);
      if (close < 0) throw new Unsupported('unterminated group name');
      this.at = close + 1;
      this.inexact = true;
      return UNKNOWN;
    }
    if (e === 'x' || e === 'u') {
      HEX.lastIndex = this.at;
      const m = HEX.exec(source);
      const digits = e === 'x' ? 2 : 4;
      if (m && m[0].length >= digits) {
        this.at += digits;
        return this.literal(String.fromCharCode(parseInt(m[0].slice(0, digits), 16)));
      }
      // `\x` or `\u` without its digits stands for the letter itself.
      return this.literal(e);
    }
    const control: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
    return this.literal(control[e] ?? e);
  }
}

/** The prefilter of a regex (see the module comment). */
export function regexPrefilter(regex: RegExp): RegexPrefilter {
  // Unicode modes fold some letters of other scripts onto ASCII ones (ſ onto s, K onto k): not followed.
  if (regex.unicode || regex.flags.includes('v')) return { filter: ANY, exact: false };
  const reader = new Reader(regex.source);
  let piece: Piece;
  try {
    piece = reader.read();
  } catch (error) {
    if (error instanceof Unsupported) return { filter: ANY, exact: false };
    throw error;
  }
  const filter = conditionOf(piece);
  const exact =
    regex.ignoreCase &&
    !reader.inexact &&
    piece.strings !== null &&
    piece.cond.kind === 'any' &&
    [...piece.strings].every((s) => s.length >= MIN_ATOM_LENGTH && !s.includes(WORD_BOUNDARY));
  return { filter, exact };
}

/** The atoms a prefilter names. */
export function atomsOf(filter: Prefilter, out: Set<string> = new Set()): Set<string> {
  if (filter.kind === 'atom') out.add(filter.atom);
  else if (filter.kind !== 'any') for (const part of filter.parts) atomsOf(part, out);
  return out;
}
