/**
 * A small hand-written JavaScript/TypeScript tokenizer for the fast import/export pass: files that
 * cannot hold a finding are never parsed, only tokenized. It knows exactly what it must skip to be
 * correct (comments, strings, template literals with nested `${}` expressions, regular expression
 * literals, JSX text when asked to read JSX) and nothing else: no keywords, no grammar.
 *
 * Tokens live in typed arrays (kind, start, end, brace depth, "newline before"; see `token-buffer.ts`),
 * so tokenizing a file allocates a handful of arrays instead of an object per token. JSX is read by
 * `tokenizer-jsx.ts`.
 */
import { TokenKind, Tokens } from './token-buffer.js';
import {
  CH_BACKSLASH,
  CH_BACKTICK,
  CH_CLOSE_BRACE,
  CH_CLOSE_BRACKET,
  CH_CLOSE_PAREN,
  CH_CR,
  CH_DOLLAR,
  CH_DOT,
  CH_EQUALS,
  CH_GREATER,
  CH_LESS,
  CH_NEWLINE,
  CH_OPEN_BRACE,
  CH_OPEN_BRACKET,
  CH_QUESTION,
  CH_SLASH,
  CH_STAR,
  isDigit,
  isIdentifierPart,
  isIdentifierStart,
  isLineBreak,
  isUnicodeSpace,
} from './tokenizer-chars.js';
import { classifyLess, LESS_JSX, LESS_OPERATOR } from './tokenizer-jsx-start.js';
import { clearJsx, JSX_FAILED, JSX_OPEN, JSX_SUSPENDED, jsxResult, openJsxElements, scanJsx } from './tokenizer-jsx.js';

export { TokenKind, Tokens } from './token-buffer.js';
export { allowsJsx } from './tokenizer-jsx-start.js';

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_KEYWORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await', 'extends',
]);

/** One token buffer per thread, reused file after file: callers consume the tokens before the next call. */
let shared: Tokens | undefined;

/**
 * Where the code tokenizer resumes something at a `}`, innermost last: a template at its `${`
 * (the brace depth, >= 0), or a JSX element at the end of a `{...}` container (negative: see
 * `jsxEntry`). Reused, like `shared`.
 */
const templateStack: number[] = [];

/** The `templateStack` entry of a JSX container whose inside is at brace depth `depth`, resuming in `state`. */
function jsxEntry(depth: number, state: number): number {
  return -(depth * 2 + state) - 1;
}

/**
 * The tokenizer's state where the outermost open JSX element started, to read it again as code if it
 * turns out not to be JSX (kept out of the tokenizer's locals: the hot loop never reads it).
 */
const jsxRoot = { count: 0, words: 0, pos: 0, depth: 0, templates: 0, newline: false };

/** Set when a string, regex, comment or template ran to a line break or the end of the text (see `Tokens.faithful`). */
let unterminated = false;

/**
 * Tokenizes `text`. Never throws: unterminated strings, regexes and comments end at the line break (or
 * the end of the file), so one odd character costs at most a line, and `faithful` turns false.
 * The result is only valid until the next call (the buffer is reused); pass `fresh` to keep it.
 *
 * `jsx` reads JSX as TypeScript does in a file it parses with JSX enabled (`allowsJsx(fileName)`:
 * `.tsx`, `.jsx`, `.js`, `.mjs`, `.cjs`; never `.ts`, where `<T>x` is a type assertion): tag and
 * attribute names are identifiers, the text between tags one `JsxText` token, attribute strings
 * have no escapes. `false` says the file cannot hold JSX (`.ts`); left out, whether it may is unknown,
 * and the tokens of a JSX text would misread its text as code (see `Tokens.mayHideCode`).
 *
 * The scanning state lives in local variables of this one function (no closure shares them), so the
 * engine keeps it in registers: this loop runs over every character of every file a scan reads.
 */
export function tokenize(text: string, fresh = false, jsxMode?: boolean): Tokens {
  const jsx = jsxMode === true;
  const length = text.length;
  const tokens = fresh ? new Tokens(Math.max(64, length >> 2)).reset(text) : (shared ??= new Tokens(4096)).reset(text);
  tokens.jsx = jsx;
  tokens.jsxKnown = jsxMode !== undefined;
  let pos = 0;
  let depth = 0;
  let newline = false;
  templateStack.length = 0;
  unterminated = false;
  // JSX: up to where a `<` is read as an operator after a take-back (see `jsxRoot`).
  clearJsx();
  let jsxFrom = 0;

  // Hashbang line.
  if (text.startsWith('#!')) {
    const eol = text.indexOf('\n');
    pos = eol === -1 ? length : eol;
  }

  for (;;) {
    let failedAt = -1;
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
          if (close === -1) unterminated = true;
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
        // A division right before `>`: rather the `/>` of a self-closing tag read as code.
        if (jsx && next === CH_GREATER) tokens.faithful = false;
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
      // JSX to read: an element starting at this `<`, or the rest of one whose `{...}` container ends at this `}`.
      let jsxState = -1;
      if (c === CH_CLOSE_BRACE) {
        if (templateStack.length > 0) {
          const top = templateStack[templateStack.length - 1]!;
          if (top === depth) {
            templateStack.pop();
            const end = scanTemplateBody(text, pos + 1, depth);
            pos = end < 0 ? ~end : end;
            tokens.push(TokenKind.TemplatePart, start, pos, depth, nl);
            continue;
          }
          if (top < 0 && (-top - 1) >> 1 === depth) {
            templateStack.pop();
            jsxState = (-top - 1) & 1;
          }
        }
        if (depth > 0) depth--;
        tokens.push(TokenKind.Punctuator, start, ++pos, depth, nl);
        if (jsxState < 0) continue;
      } else if (c === CH_LESS && jsx) {
        const less = pos < jsxFrom ? LESS_OPERATOR : classifyLess(text, pos, tokens);
        if (less === LESS_JSX) {
          jsxState = JSX_OPEN;
          if (openJsxElements() === 0) {
            jsxRoot.count = tokens.count;
            jsxRoot.words = tokens.moduleWordCount;
            jsxRoot.pos = pos;
            jsxRoot.depth = depth;
            jsxRoot.templates = templateStack.length;
            jsxRoot.newline = nl;
          }
        } else if (less !== LESS_OPERATOR || text.charCodeAt(pos + 1) === CH_SLASH) {
          // A `<` that may start JSX, or a `</` (rather a closing tag) read as an operator.
          tokens.faithful = false;
        }
      }
      if (jsxState >= 0) {
        pos = scanJsx(text, pos, tokens, depth, jsxState, jsxState === JSX_OPEN && nl);
        const outcome = jsxResult.outcome;
        if (outcome === JSX_SUSPENDED) templateStack.push(jsxEntry(++depth, jsxResult.resume));
        else if (outcome === JSX_FAILED) {
          failedAt = jsxResult.failedAt;
          break;
        }
        continue;
      }
      // Multi-character punctuators that patterns distinguish: `=>`, `==`, `===`, `...`, `?.`.
      if (c === CH_EQUALS) {
        const next = text.charCodeAt(pos + 1);
        if (next === CH_GREATER) pos += 2;
        else if (next === CH_EQUALS) pos += text.charCodeAt(pos + 2) === CH_EQUALS ? 3 : 2;
        else pos++;
      } else if (c === CH_DOT && text.charCodeAt(pos + 1) === CH_DOT && text.charCodeAt(pos + 2) === CH_DOT) {
        pos += 3;
      } else if (c === CH_QUESTION && text.charCodeAt(pos + 1) === CH_DOT && !isDigit(text.charCodeAt(pos + 2))) {
        pos += 2;
      } else if ((c === 33 /* ! */ || c === CH_LESS || c === CH_GREATER || c === 43 || c === 45 || c === 42 || c === 37 || c === 38 || c === 124 || c === 94 || c === CH_SLASH) && text.charCodeAt(pos + 1) === CH_EQUALS) {
        // Compound operators keep `=` out of assignment patterns (`a != require(...)`, `x += y`).
        pos += text.charCodeAt(pos + 2) === CH_EQUALS ? 3 : 2;
      } else {
        pos++;
      }
      tokens.push(TokenKind.Punctuator, start, pos, depth, nl);
    }
    if (failedAt < 0) {
      if (openJsxElements() === 0) break;
      failedAt = length;
    }
    // Not JSX after all (or never closed): take back everything since the outermost element's `<`
    // and read it as code, with `<` an operator up to where the JSX reading failed.
    tokens.faithful = false;
    tokens.count = jsxRoot.count;
    tokens.moduleWordCount = jsxRoot.words;
    pos = jsxRoot.pos;
    depth = jsxRoot.depth;
    templateStack.length = jsxRoot.templates;
    newline = jsxRoot.newline;
    jsxFrom = Math.max(failedAt, pos + 1);
    clearJsx();
  }
  if (unterminated || templateStack.length > 0) tokens.faithful = false;
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
  unterminated = true;
  return pos;
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
    if (c === CH_NEWLINE || c === CH_CR) break;
    pos++;
  }
  unterminated = true;
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
    if (isLineBreak(c)) break;
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
  unterminated = true;
  return pos;
}
