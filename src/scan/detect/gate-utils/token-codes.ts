/**
 * Tokens compared as numbers, not strings: the gates look at the punctuator or word around nearly every
 * token of a file, and slicing each one into a string to look it up in a set costs more than the rest
 * of the test. A punctuator is read as a number made of its character codes; a word is looked up by
 * a hash of its characters, then confirmed character by character.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { hashRange, hashWord } from './token-utils.js';

/** `punctuatorCode` of a token that is no punctuator, or out of range. */
export const NOT_PUNCTUATOR = -1;
/** `punctuatorCode` of a punctuator no code stands for (longer than three characters, or not ASCII): in no set of codes. */
const OTHER_PUNCTUATOR = -2;

/** The code of a punctuator's spelling: its (ASCII) character codes, seven bits each. */
export function codeOfPunctuator(punctuator: string): number {
  let code = 0;
  for (let k = punctuator.length - 1; k >= 0; k--) code = code * 128 + punctuator.charCodeAt(k);
  return code;
}

/** Codes of a set of punctuators (see `punctuatorCode`). */
export function punctuatorCodes(punctuators: Iterable<string>): Set<number> {
  return new Set([...punctuators].map(codeOfPunctuator));
}

/**
 * The code of token `i` when it is a punctuator (equal to `codeOfPunctuator` of its text), else
 * `NOT_PUNCTUATOR`; a punctuator no code can stand for gets one no set holds.
 */
export function punctuatorCode(tokens: Tokens, i: number): number {
  if (i < 0 || i >= tokens.count || tokens.kind[i] !== TokenKind.Punctuator) return NOT_PUNCTUATOR;
  const start = tokens.start[i]!;
  const end = tokens.end[i]!;
  if (end - start > 3) return OTHER_PUNCTUATOR;
  const text = tokens.text;
  let code = 0;
  for (let k = end - 1; k >= start; k--) {
    const c = text.charCodeAt(k);
    if (c >= 128) return OTHER_PUNCTUATOR;
    code = code * 128 + c;
  }
  return code;
}

/** A set of words that tells whether a token spells one of them without making a string of the token. */
export class WordTable {
  private readonly byHash = new Map<number, string>();
  /** Words whose hashes collide: looked up by their text. */
  private readonly shared = new Set<string>();

  constructor(words: Iterable<string>) {
    for (const word of words) {
      const hash = hashWord(word);
      const other = this.byHash.get(hash);
      if (other !== undefined && other !== word) this.shared.add(word).add(other);
      else this.byHash.set(hash, word);
    }
  }

  /** Whether `text[start, end)` is one of the words. */
  hasRange(text: string, start: number, end: number): boolean {
    const word = this.byHash.get(hashRange(text, start, end));
    if (word === undefined) return false;
    if (this.shared.has(word)) return this.shared.has(text.slice(start, end));
    if (word.length !== end - start) return false;
    for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  /** Whether token `i` exists and its text is one of the words. */
  hasToken(tokens: Tokens, i: number): boolean {
    return i >= 0 && i < tokens.count && this.hasRange(tokens.text, tokens.start[i]!, tokens.end[i]!);
  }
}
