/**
 * Token helpers shared by the structure gate's tests: name hashes (names are looked up without making a
 * string per token) and the bracket structure of a token list.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';

/**
 * A 30-bit hash of `text[start, end)` (FNV-1a), so names are grouped and looked up without making a
 * string per token: the gate reads every identifier of a file, and most are never looked at again.
 * Equal hashes do not prove equal names: whatever a hash decides is confirmed on the text.
 */
export function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 16777619);
  return hash & 0x3fffffff;
}

export function hashWord(word: string): number {
  return hashRange(word, 0, word.length);
}

/** Hashes of a few words: a bit per hash's low 16 bits answers most lookups before the set is asked. */
export class HashSet {
  private readonly bits = new Uint8Array(1 << 13);
  private readonly hashes: Set<number>;

  constructor(hashes: Iterable<number>) {
    this.hashes = new Set(hashes);
    for (const hash of this.hashes) this.bits[(hash & 0xffff) >> 3]! |= 1 << (hash & 7);
  }

  has(hash: number): boolean {
    return (this.bits[(hash & 0xffff) >> 3]! & (1 << (hash & 7))) !== 0 && this.hashes.has(hash);
  }
}

/** Hashes of a set of words, for a quick "certainly not one of them" before slicing a token. */
export function hashesOf(words: Iterable<string>): HashSet {
  return new HashSet([...words].map(hashWord));
}

/** Whether token `i` (an identifier, or a string without escapes) may spell a name of `hashes`: a hash lookup, then the text. */
export function spellsOneOf(tokens: Tokens, start: number, end: number, hashes: HashSet, words: ReadonlySet<string>): boolean {
  return hashes.has(hashRange(tokens.text, start, end)) && words.has(tokens.text.slice(start, end));
}


/** Bracket structure of a token list: the partner of each bracket and the innermost group around each token. */
export interface Brackets {
  /** For an opening bracket, the index of its closing one (and the reverse); -1 elsewhere. */
  partner: Int32Array;
  /** The opening bracket of the innermost group holding the token, or -1 at the top level. */
  enclosing: Int32Array;
}

/**
 * Values derived from one text's tokens, kept until the gates ask about another text: the rules'
 * tests of one file read the same brackets, strings, names and code text. Keyed by the text, its token
 * count and the way JSX was read, so the same text read another way is derived again.
 */
let current: { text: string; count: number; mode: number; values: Map<string, unknown> } | undefined;

/** Marks a value `peekPerText` does not have. */
const NOT_KEPT = Symbol('not kept');

/** The value `key` of these tokens when it was computed for this text, else `NOT_KEPT`. */
function peekPerText(tokens: Tokens, key: string): unknown {
  if (!current || current.text !== tokens.text || current.count !== tokens.count || current.mode !== tokens.readMode) return NOT_KEPT;
  return current.values.has(key) ? current.values.get(key) : NOT_KEPT;
}

/** The value `key` of these tokens, computed once per text (see `current`). */
export function perText<T>(tokens: Tokens, key: string, compute: () => T): T {
  if (!current || current.text !== tokens.text || current.count !== tokens.count || current.mode !== tokens.readMode) {
    current = { text: tokens.text, count: tokens.count, mode: tokens.readMode, values: new Map() };
  }
  const values = current.values;
  if (values.has(key)) return values.get(key) as T;
  const value = compute();
  values.set(key, value);
  return value;
}

/** The bracket structure of the tokens, or undefined when the brackets do not pair up (computed once per text). */
export function bracketsOf(tokens: Tokens): Brackets | undefined {
  return perText(tokens, 'brackets', () => computeBrackets(tokens));
}

/**
 * Whether the tokens can be read as the file's code: nothing may hide from them (see
 * `Tokens.mayHideCode`: JSX read without JSX, a string, regex, comment or template left open) and
 * their brackets pair up (a broken file otherwise).
 */
export function readableAsCode(tokens: Tokens): boolean {
  return !tokens.mayHideCode() && bracketsOf(tokens) !== undefined;
}

/** The whether-brackets-pair-up of these tokens when `bracketsOf` already knows it, else undefined. */
export function knownBracketsBalance(tokens: Tokens): boolean | undefined {
  const known = peekPerText(tokens, 'brackets');
  return known === NOT_KEPT ? undefined : known !== undefined;
}

/**
 * The arrays of the last bracket structure, reused text after text: a structure is kept per text (see
 * `perText`) and read only while the gates look at that text, and allocating (and clearing) two
 * arrays per file cost more than finding the brackets.
 */
let partnerBuffer = new Int32Array(4096);
let enclosingBuffer = new Int32Array(4096);
/** Open brackets while reading, innermost last. */
let openStack = new Int32Array(256);

function computeBrackets(tokens: Tokens): Brackets | undefined {
  const n = tokens.count;
  if (partnerBuffer.length < n) {
    partnerBuffer = new Int32Array(Math.max(n, partnerBuffer.length * 2));
    enclosingBuffer = new Int32Array(partnerBuffer.length);
  }
  const partner = partnerBuffer.subarray(0, n).fill(-1);
  const enclosing = enclosingBuffer.subarray(0, n);
  let depth = 0;
  const text = tokens.text;
  const kinds = tokens.kind;
  const starts = tokens.start;
  const ends = tokens.end;
  for (let i = 0; i < n; i++) {
    enclosing[i] = depth > 0 ? openStack[depth - 1]! : -1;
    if (kinds[i] !== TokenKind.Punctuator || ends[i]! - starts[i]! !== 1) continue;
    const c = text.charCodeAt(starts[i]!);
    if (c === 40 || c === 91 || c === 123) {
      if (depth === openStack.length) {
        const larger = new Int32Array(depth * 2);
        larger.set(openStack);
        openStack = larger;
      }
      openStack[depth++] = i;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) return undefined;
      const o = openStack[--depth]!;
      if (text.charCodeAt(starts[o]!) !== (c === 41 ? 40 : c - 2)) return undefined;
      partner[o] = i;
      partner[i] = o;
    }
  }
  return depth === 0 ? { partner, enclosing } : undefined;
}

/**
 * The token after the type arguments opened by the `<` at `i` when it is a `(` (`attempt<T>(`), -1
 * when it is not, Infinity when the arguments are too long to follow (then anything may follow).
 */
export function afterTypeArguments(tokens: Tokens, i: number): number {
  // A comparison (`i < n`) is read up to the limit: the codes are compared in place.
  const limit = Math.min(tokens.count, i + 257);
  const text = tokens.text;
  const kinds = tokens.kind;
  const starts = tokens.start;
  const ends = tokens.end;
  let depth = 0;
  for (let k = i; k < limit; k++) {
    if (kinds[k] !== TokenKind.Punctuator || ends[k]! - starts[k]! !== 1) continue;
    const c = text.charCodeAt(starts[k]!);
    if (c === 60 /* < */) depth++;
    else if (c === 62 /* > */ && --depth === 0) return tokens.isPunct(k + 1, '(') ? k + 1 : tokens.isPunct(k + 1, '?.') && tokens.isPunct(k + 2, '(') ? k + 2 : -1;
  }
  return limit < tokens.count ? Infinity : -1;
}


/** The last token starting at or before character `offset` of the text (binary search over the starts; 0 when none does). */
export function tokenAtOrBefore(tokens: Tokens, offset: number): number {
  let low = 0;
  let high = tokens.count - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (tokens.start[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The token whose text holds position `at` (binary search over the token starts), or -1. */
export function tokenAround(tokens: Tokens, at: number): number {
  const low = tokenAtOrBefore(tokens, at);
  return tokens.count > 0 && tokens.start[low]! <= at && at < tokens.end[low]! ? low : -1;
}

/**
 * The values of the file's strings (escaped ones by their value) that `keep` accepts (by token index),
 * found once per text under `key`.
 */
function stringValues(tokens: Tokens, key: string, keep: (i: number) => boolean): string[] {
  return perText(tokens, key, () => {
    const values = new Set<string>();
    for (let i = 0; i < tokens.count; i++) {
      const kind = tokens.kind[i];
      if ((kind !== TokenKind.String && kind !== TokenKind.Template) || !keep(i)) continue;
      const value = tokens.stringValue(i);
      if (value !== undefined) values.add(value);
    }
    return [...values];
  });
}

function anyMatches(values: readonly string[], modules: readonly RegExp[]): boolean {
  return values.some((value) => modules.some((pattern) => pattern.test(value)));
}

/** Whether a string of the file (a module specifier among them) matches one of `modules`; escaped strings are tested by their value. */
export function hasModuleString(tokens: Tokens, modules: readonly RegExp[]): boolean {
  return anyMatches(stringValues(tokens, 'strings', () => true), modules);
}

/**
 * Whether a module specifier of the file matches one of `modules`: a string after `from` (`import x
 * from 'm'`, `export * from 'm'`), after `import` (`import 'm'`), or as the first argument of
 * `require(` or `import(` (`const x = require('m')`, `import x = require('m')`, `await import('m')`).
 * Those are all the places an import signal reads a module name from (see `fileContext` and
 * `unitFacts` in `context.ts`); any other string (`'async'` in a test's title) names no module.
 */
export function importsModuleMatching(tokens: Tokens, modules: readonly RegExp[]): boolean {
  const isSpecifier = (i: number): boolean =>
    tokens.is(i - 1, 'from') || tokens.is(i - 1, 'import') || (tokens.isPunct(i - 1, '(') && (tokens.is(i - 2, 'require') || tokens.is(i - 2, 'import')));
  return anyMatches(stringValues(tokens, 'module-specifiers', isSpecifier), modules);
}

/** The index of the first entry of the ascending `list` at or after `value`. */
export function firstAtOrAfter(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
