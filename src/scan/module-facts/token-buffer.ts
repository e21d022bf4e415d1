/**
 * The token buffer the tokenizer fills (see `tokenizer.ts`): typed arrays (kind, start, end, brace
 * depth, "newline before") reused file after file, so tokenizing allocates nothing per token.
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
  /**
   * A run of JSX text between tags (`<p>Don't retry</p>`: `Don't retry`), from the end of the token
   * before it to the `<` or `{` after it, as TypeScript's `JsxText` node. Not code: its words are no
   * identifiers. Runs of white space alone get no token. Only tokenizing with JSX enabled yields it.
   */
  JsxText = 7,
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
   * False when the tokenizer met something it cannot read for sure, so the tokens may differ from the
   * compiler's: a string or regular expression cut by a line break, a comment or template left open,
   * a JSX element that does not close or reads oddly, a `<` it cannot tell JSX from an operator. A
   * caller that needs exact tokens falls back to the full parse then. Relative to the JSX setting the
   * text was tokenized with: a `.tsx` text tokenized without JSX may read wrong and still be faithful.
   */
  faithful = true;

  /** Whether the text was tokenized with JSX read as such (see `tokenize`). */
  jsx = false;

  /** Whether the tokenizer was told if the file may hold JSX (`tokenize`'s `jsxMode` given). */
  jsxKnown = false;

  /** How JSX was read, as one number (for memos keyed by a text and the way it was read). */
  get readMode(): number {
    return (this.jsx ? 1 : 0) | (this.jsxKnown ? 2 : 0);
  }

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

  /**
   * Whether code may hide from these tokens: the tokenizer met something it cannot read for sure, or
   * the text may hold JSX (nobody said it cannot) and was read without it, and holds some (`</`, `/>`),
   * whose text may then be misread as code. A `.ts` file's `</` (in a comment, a string) is no JSX.
   */
  mayHideCode(): boolean {
    return !this.faithful || (!this.jsxKnown && (this.text.includes('</') || this.text.includes('/>')));
  }

  /** Starts over on a new text, keeping the arrays (tokenizing allocates nothing per file). */
  reset(text: string): this {
    this.text = text;
    this.count = 0;
    this.moduleWordCount = 0;
    this.faithful = true;
    this.jsx = false;
    this.jsxKnown = false;
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
    return i >= 0 && i < this.count && this.kind[i] === TokenKind.Identifier && this.spells(i, word);
  }

  /** True when token `i` is the punctuator `punct` (`{`, `=>`, `...`, `?.`). */
  isPunct(i: number, punct: string): boolean {
    return i >= 0 && i < this.count && this.kind[i] === TokenKind.Punctuator && this.spells(i, punct);
  }

  /**
   * Whether token `i` is spelled `word`, compared code by code: the gates ask this of most tokens, and
   * a short loop the engine inlines costs less than `startsWith`, a call into the runtime.
   */
  private spells(i: number, word: string): boolean {
    const start = this.start[i]!;
    const length = word.length;
    if (this.end[i]! - start !== length) return false;
    const text = this.text;
    for (let k = 0; k < length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  isIdentifier(i: number): boolean {
    return i >= 0 && i < this.count && this.kind[i] === TokenKind.Identifier;
  }

  /**
   * The value of a string or substitution-free template token, or undefined for any other token.
   * Escapes are resolved, as in code strings (a JSX attribute string has none, but never names a module).
   */
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
