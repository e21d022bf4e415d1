/**
 * A small hand-written JavaScript/TypeScript tokenizer for the fast import/export pass: files that
 * cannot hold a finding are never parsed, only tokenized. It knows exactly what it must skip to be
 * correct (comments, strings, template literals with nested `${}` expressions, regular expression
 * literals) and nothing else: no keywords, no grammar.
 *
 * Tokens live in typed arrays (kind, start, end, brace depth, "newline before"), so tokenizing a file
 * allocates a handful of arrays instead of an object per token.
 */

export enum TokenKind {
  Identifier = 0,
  /** A complete string literal; `start`/`end` include the quotes. */
  String = 1,
  /** A template literal without substitutions (usable as a specifier). */
  Template = 2,
  /** Part of a template with substitutions (head, middle or tail): never a specifier. */
  TemplatePart = 3,
  Punctuator = 4,
  Number = 5,
  Regex = 6,
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_KEYWORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await', 'extends',
]);

const CH_NEWLINE = 10;
const CH_CR = 13;
const CH_SLASH = 47;
const CH_STAR = 42;
const CH_BACKSLASH = 92;
const CH_BACKTICK = 96;
const CH_DOLLAR = 36;
const CH_OPEN_BRACE = 123;
const CH_CLOSE_BRACE = 125;
const CH_OPEN_BRACKET = 91;
const CH_CLOSE_BRACKET = 93;
const CH_CLOSE_PAREN = 41;
const CH_DOT = 46;
const CH_EQUALS = 61;
const CH_QUESTION = 63;

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

function isIdentifierStart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & ID_START) !== 0 : !isUnicodeSpace(c);
}

function isIdentifierPart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & ID_PART) !== 0 : !isUnicodeSpace(c);
}

/** Non-ASCII white space and line terminators (callers test `c >= 128` first where it is hot). */
function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680;
}

function isLineBreak(c: number): boolean {
  return c === CH_NEWLINE || c === CH_CR || (c >= 0x2028 && c <= 0x2029);
}

/** The tokens of one file. Read them through the accessors; `count` is the number of tokens. */
export class Tokens {
  count = 0;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** Depth of `{` nesting (template substitutions excluded) at the token. */
  depth: Int32Array;
  /** 1 when a line break separates the token from the previous one. */
  newlineBefore: Uint8Array;

  text = '';

  /**
   * Indexes of the identifiers that may be a module keyword (`import`, `export`, `exports`, `require`,
   * `module`: six or seven characters from `i`, `e`, `r` or `m`), in order, so the import/export
   * lexer visits a handful of tokens per file instead of every one. `moduleWordCount` of them are set.
   */
  moduleWords = new Int32Array(256);
  moduleWordCount = 0;

  constructor(capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.newlineBefore = new Uint8Array(capacity);
  }

  /** Starts over on a new text, keeping the arrays (tokenizing allocates nothing per file). */
  reset(text: string): this {
    this.text = text;
    this.count = 0;
    this.moduleWordCount = 0;
    return this;
  }

  push(kind: TokenKind, start: number, end: number, depth: number, newlineBefore: boolean): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.depth[i] = depth;
    this.newlineBefore[i] = newlineBefore ? 1 : 0;
  }

  /** Records the identifier about to be pushed as a possible module keyword (see `moduleWords`). */
  pushModuleWord(): void {
    if (this.moduleWordCount === this.moduleWords.length) {
      const next = new Int32Array(this.moduleWords.length * 2);
      next.set(this.moduleWords);
      this.moduleWords = next;
    }
    this.moduleWords[this.moduleWordCount++] = this.count;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const grow = <T extends Uint8Array | Int32Array>(array: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(array);
      return next;
    };
    this.kind = grow(this.kind, (n) => new Uint8Array(n));
    this.start = grow(this.start, (n) => new Int32Array(n));
    this.end = grow(this.end, (n) => new Int32Array(n));
    this.depth = grow(this.depth, (n) => new Int32Array(n));
    this.newlineBefore = grow(this.newlineBefore, (n) => new Uint8Array(n));
  }

  /** Source text of token `i`. */
  textOf(i: number): string {
    return this.text.slice(this.start[i], this.end[i]);
  }

  /** True when token `i` is the identifier (or keyword) `word`, without allocating. */
  is(i: number, word: string): boolean {
    if (i < 0 || i >= this.count || this.kind[i] !== TokenKind.Identifier) return false;
    const start = this.start[i]!;
    return this.end[i]! - start === word.length && this.text.startsWith(word, start);
  }

  /** True when token `i` is the punctuator `punct` (`{`, `=>`, `...`, `?.`). */
  isPunct(i: number, punct: string): boolean {
    if (i < 0 || i >= this.count || this.kind[i] !== TokenKind.Punctuator) return false;
    const start = this.start[i]!;
    return this.end[i]! - start === punct.length && this.text.startsWith(punct, start);
  }

  isIdentifier(i: number): boolean {
    return i >= 0 && i < this.count && this.kind[i] === TokenKind.Identifier;
  }

  /** The value of a string or substitution-free template token, or undefined for any other token. */
  stringValue(i: number): string | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const kind = this.kind[i];
    if (kind !== TokenKind.String && kind !== TokenKind.Template) return undefined;
    const raw = this.text.slice(this.start[i]! + 1, this.end[i]! - 1);
    return raw.includes('\\') ? unescape(raw) : raw;
  }
}

/** Resolves the simple escapes that can appear in a module specifier. */
function unescape(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g, (_, esc: string) => {
    if (esc.startsWith('u{')) return String.fromCodePoint(parseInt(esc.slice(2, -1), 16));
    if (esc.startsWith('u') && esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if (esc.startsWith('x') && esc.length === 3) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if (esc === '\n' || esc === '\r\n' || esc === '\r') return '';
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[esc] ?? esc;
  });
}

/** One token buffer per thread, reused file after file: callers consume the tokens before the next call. */
let shared: Tokens | undefined;

/** Brace depths at which an open template substitution `${` resumes its template (reused, like `shared`). */
const templateStack: number[] = [];

/**
 * Tokenizes `text`. Never throws: unterminated strings, regexes and comments end at the line break (or
 * the end of the file), so one odd character (an apostrophe in JSX text) costs at most a line.
 * The result is only valid until the next call (the buffer is reused); pass `fresh` to keep it.
 *
 * The scanning state lives in local variables of this one function (no closure shares them), so the
 * engine keeps it in registers: this loop runs over every character of every file a scan reads.
 */
export function tokenize(text: string, fresh = false): Tokens {
  const length = text.length;
  const tokens = fresh ? new Tokens(Math.max(64, length >> 2)).reset(text) : (shared ??= new Tokens(4096)).reset(text);
  let pos = 0;
  let depth = 0;
  let newline = false;
  templateStack.length = 0;

  // Hashbang line.
  if (text.startsWith('#!')) {
    const eol = text.indexOf('\n');
    pos = eol === -1 ? length : eol;
  }

  while (pos < length) {
    const c = text.charCodeAt(pos);
    // Whitespace and line breaks.
    if (c === 32 || c === 9 || c === 11 || c === 12 || (c >= 128 && isUnicodeSpace(c))) {
      pos++;
      continue;
    }
    if (isLineBreak(c)) {
      newline = true;
      pos++;
      continue;
    }
    // Comments.
    if (c === CH_SLASH) {
      const next = text.charCodeAt(pos + 1);
      if (next === CH_SLASH) {
        pos += 2;
        while (pos < length && !isLineBreak(text.charCodeAt(pos))) pos++;
        continue;
      }
      if (next === CH_STAR) {
        const close = text.indexOf('*/', pos + 2);
        const endPos = close === -1 ? length : close + 2;
        for (let i = pos; i < endPos; i++) if (isLineBreak(text.charCodeAt(i))) { newline = true; break; }
        pos = endPos;
        continue;
      }
      if (regexAllowed(tokens)) {
        const start = pos;
        pos = scanRegex(text, pos);
        tokens.push(TokenKind.Regex, start, pos, depth, newline);
        newline = false;
        continue;
      }
    }
    const start = pos;
    const nl = newline;
    newline = false;
    if (isIdentifierStart(c)) {
      pos++;
      while (pos < length && isIdentifierPart(text.charCodeAt(pos))) pos++;
      if ((pos - start === 6 || pos - start === 7) && (c === 105 /* i */ || c === 101 /* e */ || c === 114 /* r */ || c === 109) /* m */) tokens.pushModuleWord();
      tokens.push(TokenKind.Identifier, start, pos, depth, nl);
      continue;
    }
    if (c >= 48 && c <= 57 || (c === CH_DOT && isDigit(text.charCodeAt(pos + 1)))) {
      pos++;
      while (pos < length) {
        const d = text.charCodeAt(pos);
        if (isIdentifierPart(d) || (d === CH_DOT && isDigit(text.charCodeAt(pos + 1)))) pos++;
        else if ((d === 43 || d === 45) && (text.charCodeAt(pos - 1) | 32) === 101 /* e/E */ && !isHexLiteral(text, start)) pos++;
        else break;
      }
      tokens.push(TokenKind.Number, start, pos, depth, nl);
      continue;
    }
    if (c === 39 || c === 34) {
      pos = scanString(text, pos, c);
      tokens.push(TokenKind.String, start, pos, depth, nl);
      continue;
    }
    if (c === CH_BACKTICK) {
      const end = scanTemplateBody(text, pos + 1, depth);
      pos = end < 0 ? ~end : end;
      tokens.push(end >= 0 ? TokenKind.Template : TokenKind.TemplatePart, start, pos, depth, nl);
      continue;
    }
    if (c === CH_OPEN_BRACE) {
      tokens.push(TokenKind.Punctuator, start, ++pos, depth, nl);
      depth++;
      continue;
    }
    if (c === CH_CLOSE_BRACE) {
      if (templateStack.length > 0 && templateStack[templateStack.length - 1] === depth) {
        templateStack.pop();
        const end = scanTemplateBody(text, pos + 1, depth);
        pos = end < 0 ? ~end : end;
        tokens.push(TokenKind.TemplatePart, start, pos, depth, nl);
        continue;
      }
      if (depth > 0) depth--;
      tokens.push(TokenKind.Punctuator, start, ++pos, depth, nl);
      continue;
    }
    // Multi-character punctuators that patterns distinguish: `=>`, `==`, `===`, `...`, `?.`.
    if (c === CH_EQUALS) {
      const next = text.charCodeAt(pos + 1);
      if (next === 62 /* > */) pos += 2;
      else if (next === CH_EQUALS) pos += text.charCodeAt(pos + 2) === CH_EQUALS ? 3 : 2;
      else pos++;
    } else if (c === CH_DOT && text.charCodeAt(pos + 1) === CH_DOT && text.charCodeAt(pos + 2) === CH_DOT) {
      pos += 3;
    } else if (c === CH_QUESTION && text.charCodeAt(pos + 1) === CH_DOT && !isDigit(text.charCodeAt(pos + 2))) {
      pos += 2;
    } else if ((c === 33 /* ! */ || c === 60 /* < */ || c === 62 /* > */ || c === 43 || c === 45 || c === 42 || c === 37 || c === 38 || c === 124 || c === 94 || c === CH_SLASH) && text.charCodeAt(pos + 1) === CH_EQUALS) {
      // Compound operators keep `=` out of assignment patterns (`a != require(...)`, `x += y`).
      pos += text.charCodeAt(pos + 2) === CH_EQUALS ? 3 : 2;
    } else {
      pos++;
    }
    tokens.push(TokenKind.Punctuator, start, pos, depth, nl);
  }
  return tokens;
}

/** Whether a `/` after the tokens so far starts a regular expression rather than a division. */
function regexAllowed(tokens: Tokens): boolean {
  const last = tokens.count - 1;
  if (last < 0) return true;
  const kind = tokens.kind[last];
  if (kind === TokenKind.Punctuator) {
    const c = tokens.text.charCodeAt(tokens.start[last]!);
    const len = tokens.end[last]! - tokens.start[last]!;
    return !(len === 1 && (c === CH_CLOSE_PAREN || c === CH_CLOSE_BRACKET || c === CH_CLOSE_BRACE));
  }
  if (kind === TokenKind.Identifier) return REGEX_AFTER_KEYWORD.has(tokens.textOf(last));
  return false;
}

/**
 * Scans template characters from `pos` (just after `` ` `` or `}`): the position after the template's
 * end, or, when a substitution `${` interrupts it (its depth is pushed on `templateStack`), the
 * bitwise complement (negative) of the position after the `${`.
 */
function scanTemplateBody(text: string, pos: number, depth: number): number {
  const length = text.length;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (c === CH_BACKSLASH) {
      pos += 2;
    } else if (c === CH_BACKTICK) {
      return pos + 1;
    } else if (c === CH_DOLLAR && text.charCodeAt(pos + 1) === CH_OPEN_BRACE) {
      templateStack.push(depth);
      return ~(pos + 2);
    } else {
      pos++;
    }
  }
  return pos;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexLiteral(text: string, start: number): boolean {
  return text.charCodeAt(start) === 48 && (text.charCodeAt(start + 1) | 32) === 120;
}

/** Scans a quoted string from its opening quote; ends at the closing quote or an unescaped line break. */
function scanString(text: string, pos: number, quote: number): number {
  const length = text.length;
  pos++;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (c === quote) return pos + 1;
    if (c === CH_BACKSLASH) {
      pos += text.charCodeAt(pos + 1) === CH_CR && text.charCodeAt(pos + 2) === CH_NEWLINE ? 3 : 2;
      continue;
    }
    if (c === CH_NEWLINE || c === CH_CR) return pos;
    pos++;
  }
  return pos;
}

/** Scans a regular expression literal from its `/`; classes `[...]` may contain `/`. Ends at a line break. */
function scanRegex(text: string, pos: number): number {
  const length = text.length;
  let inClass = false;
  pos++;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (c === CH_BACKSLASH) {
      pos += 2;
      continue;
    }
    if (isLineBreak(c)) return pos;
    if (inClass) {
      if (c === CH_CLOSE_BRACKET) inClass = false;
    } else if (c === CH_OPEN_BRACKET) {
      inClass = true;
    } else if (c === CH_SLASH) {
      pos++;
      while (pos < length && isIdentifierPart(text.charCodeAt(pos))) pos++;
      return pos;
    }
    pos++;
  }
  return pos;
}
