/** Character codes and classes shared by the tokenizer (`tokenizer.ts`) and its JSX reader (`tokenizer-jsx.ts`). */

export const CH_NEWLINE = 10;
export const CH_CR = 13;
export const CH_DOUBLE_QUOTE = 34;
export const CH_DOLLAR = 36;
export const CH_QUOTE = 39;
export const CH_CLOSE_PAREN = 41;
export const CH_STAR = 42;
export const CH_PLUS = 43;
export const CH_COMMA = 44;
export const CH_MINUS = 45;
export const CH_DOT = 46;
export const CH_SLASH = 47;
export const CH_COLON = 58;
export const CH_LESS = 60;
export const CH_EQUALS = 61;
export const CH_GREATER = 62;
export const CH_QUESTION = 63;
export const CH_OPEN_BRACKET = 91;
export const CH_BACKSLASH = 92;
export const CH_CLOSE_BRACKET = 93;
export const CH_BACKTICK = 96;
export const CH_OPEN_BRACE = 123;
export const CH_CLOSE_BRACE = 125;

/** ASCII character classes, one lookup per character instead of a chain of comparisons. */
const ID_START = 1;
const ID_PART = 2;
const ASCII_CLASS = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === CH_DOLLAR || c === CH_BACKSLASH;
    if (letter || c === 35 /* # */) table[c]! |= ID_START;
    if (letter || (c >= 48 && c <= 57)) table[c]! |= ID_PART;
  }
  return table;
})();

export function isIdentifierStart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & ID_START) !== 0 : !isUnicodeSpace(c);
}

export function isIdentifierPart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & ID_PART) !== 0 : !isUnicodeSpace(c);
}

/** Non-ASCII white space and line terminators (callers test `c >= 128` first where it is hot). */
export function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680;
}

export function isLineBreak(c: number): boolean {
  return c === CH_NEWLINE || c === CH_CR || (c >= 0x2028 && c <= 0x2029);
}

/** White space other than line breaks. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || (c >= 128 && isUnicodeSpace(c) && c !== 0x2028 && c !== 0x2029);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The end of the identifier starting at `pos`. */
export function scanIdentifier(text: string, pos: number): number {
  const length = text.length;
  pos++;
  while (pos < length && isIdentifierPart(text.charCodeAt(pos))) pos++;
  return pos;
}
