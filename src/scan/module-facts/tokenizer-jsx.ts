/**
 * The JSX half of the tokenizer (see `tokenizer.ts`; where JSX starts is `tokenizer-jsx-start.ts`):
 * reads JSX elements the way TypeScript's scanner does: tag and attribute names
 * (`aria-label`, `svg:rect`, `Foo.Bar`) are identifiers, attribute strings have no escapes and may
 * span lines, the text between tags is one `JsxText` token (or none when it is white space only), and
 * `{...}` hands back to the code tokenizer, which resumes the element at the matching `}`.
 *
 * The code tokenizer keeps its state in the locals of one loop, so this reader works by hand-over:
 * `scanJsx` reads until the element ends (back to code), a `{` opens an expression container (the
 * caller records where to resume, like a template's `${`), or the text cannot be JSX (the caller
 * takes back everything since the outermost element's `<` and reads it as code, unfaithful). The
 * open elements live on one stack, reused from file to file.
 */
import { TokenKind, type Tokens } from './token-buffer.js';
import {
  CH_CLOSE_BRACE,
  CH_COLON,
  CH_DOT,
  CH_DOUBLE_QUOTE,
  CH_EQUALS,
  CH_GREATER,
  CH_LESS,
  CH_MINUS,
  CH_OPEN_BRACE,
  CH_QUOTE,
  CH_SLASH,
  CH_STAR,
  isDigit,
  isIdentifierPart,
  isIdentifierStart,
  isLineBreak,
  isSpace,
  scanIdentifier,
} from './tokenizer-chars.js';

/** Where `scanJsx` starts: inside an opening tag (after its name), among an element's children, or at the `<` of a new element. */
export const JSX_ATTRIBUTES = 0;
export const JSX_CHILDREN = 1;
export const JSX_OPEN = 2;

/** How `scanJsx` stopped: the element read through, at a `{` (resume at its `}`), or on text that is not JSX. */
export const JSX_DONE = 0;
export const JSX_SUSPENDED = 1;
export const JSX_FAILED = 2;

/** What the last `scanJsx` call ended with (a singleton, so the hot loop gets a single number back). */
export const jsxResult = {
  outcome: JSX_DONE,
  /** When suspended: `JSX_ATTRIBUTES` or `JSX_CHILDREN`, where to resume at the `}`. */
  resume: JSX_CHILDREN,
  /** When failed: the position where the text stopped reading as JSX. */
  failedAt: 0,
};

/** What an element returns to once closed: code, its parent's children, or its parent's opening tag (an attribute value). */
const ROOT = 0;
const CHILD = 1;
const ATTRIBUTE_VALUE = 2;

/** The open elements, innermost last: the span of the tag name (empty for a fragment) and what it returns to. */
const nameStarts: number[] = [];
const nameEnds: number[] = [];
const returnsTo: number[] = [];

/** Number of open JSX elements (0 once every element read so far is closed). */
export function openJsxElements(): number {
  return returnsTo.length;
}

/** Forgets the open elements (a new text, or a take-back). */
export function clearJsx(): void {
  if (returnsTo.length === 0) return;
  nameStarts.length = 0;
  nameEnds.length = 0;
  returnsTo.length = 0;
}

/** Line break seen since the last token pushed (the next token's "newline before"). */
let newline = false;

function emit(tokens: Tokens, kind: TokenKind, start: number, end: number, depth: number): void {
  tokens.push(kind, start, end, depth, newline);
  newline = false;
}

function fail(pos: number): number {
  jsxResult.outcome = JSX_FAILED;
  jsxResult.failedAt = pos;
  return pos;
}

/**
 * Reads JSX from `pos` in `state` (`JSX_OPEN` at the `<` of an element starting in code, or where a
 * `{...}` container handed back) and pushes its tokens at brace depth `depth`. Returns the position
 * where code resumes; `jsxResult` says why it stopped. `newlineBefore` is the first token's.
 */
export function scanJsx(text: string, pos: number, tokens: Tokens, depth: number, state: number, newlineBefore: boolean): number {
  const length = text.length;
  let returns = ROOT;
  newline = newlineBefore;
  for (;;) {
    if (state === JSX_OPEN) {
      emit(tokens, TokenKind.Punctuator, pos, pos + 1, depth);
      pos = skipTrivia(text, pos + 1);
      if (text.charCodeAt(pos) === CH_GREATER) {
        openElement(pos, pos, returns);
        emit(tokens, TokenKind.Punctuator, pos, ++pos, depth);
        state = JSX_CHILDREN;
        continue;
      }
      const nameStart = pos;
      pos = scanTagName(text, pos, tokens, depth);
      if (pos < 0) return fail(~pos);
      openElement(nameStart, pos, returns);
      pos = skipTrivia(text, pos);
      if (text.charCodeAt(pos) === CH_LESS) {
        pos = scanTypeArguments(text, pos, tokens, depth);
        if (pos < 0) return fail(~pos);
      }
      state = JSX_ATTRIBUTES;
      continue;
    }
    if (state === JSX_ATTRIBUTES) {
      pos = skipTrivia(text, pos);
      const c = text.charCodeAt(pos);
      if (c === CH_GREATER) {
        emit(tokens, TokenKind.Punctuator, pos, ++pos, depth);
        state = JSX_CHILDREN;
        continue;
      }
      if (c === CH_SLASH) {
        emit(tokens, TokenKind.Punctuator, pos, pos + 1, depth);
        pos = skipTrivia(text, pos + 1);
        if (text.charCodeAt(pos) !== CH_GREATER) return fail(pos);
        emit(tokens, TokenKind.Punctuator, pos, ++pos, depth);
      } else if (c === CH_OPEN_BRACE) {
        // A spread attribute `{...props}`.
        emit(tokens, TokenKind.Punctuator, pos, ++pos, depth);
        if (!text.startsWith('...', skipTrivia(text, pos))) tokens.faithful = false;
        return suspend(pos, JSX_ATTRIBUTES);
      } else if (isIdentifierStart(c)) {
        pos = scanAttributeName(text, pos, tokens, depth);
        if (pos < 0) return fail(~pos);
        pos = skipTrivia(text, pos);
        if (text.charCodeAt(pos) !== CH_EQUALS) continue;
        emit(tokens, TokenKind.Punctuator, pos, pos + 1, depth);
        pos = skipTrivia(text, pos + 1);
        const value = text.charCodeAt(pos);
        if (value === CH_DOUBLE_QUOTE || value === CH_QUOTE) {
          // JSX attribute strings have no escapes and may span lines.
          const close = text.indexOf(value === CH_QUOTE ? "'" : '"', pos + 1);
          if (close < 0) return fail(pos);
          emit(tokens, TokenKind.String, pos, close + 1, depth);
          pos = close + 1;
          continue;
        }
        if (value === CH_OPEN_BRACE) {
          emit(tokens, TokenKind.Punctuator, pos, ++pos, depth);
          return suspend(pos, JSX_ATTRIBUTES);
        }
        if (value === CH_LESS) {
          returns = ATTRIBUTE_VALUE;
          state = JSX_OPEN;
          continue;
        }
        return fail(pos);
      } else {
        return fail(pos);
      }
    } else {
      // Children: a run of text up to a `{` or `<`.
      const runStart = pos;
      let textStart = -1;
      let breakBeforeText = false;
      let breakAfterText = false;
      let c = 0;
      for (; pos < length; pos++) {
        c = text.charCodeAt(pos);
        if (c === CH_OPEN_BRACE || c === CH_LESS) break;
        // TypeScript reports a bare `>` or `}` in JSX text: read as JSX, the text is broken.
        if (c === CH_GREATER || c === CH_CLOSE_BRACE) return fail(pos);
        if (c > 32 && c < 128) {
          if (textStart < 0) {
            textStart = pos;
            breakBeforeText = breakAfterText;
          }
          breakAfterText = false;
        } else if (isLineBreak(c)) breakAfterText = true;
        else if (!isSpace(c)) {
          if (textStart < 0) {
            textStart = pos;
            breakBeforeText = breakAfterText;
          }
          breakAfterText = false;
        }
      }
      if (pos >= length) return fail(pos);
      if (textStart >= 0) {
        newline = breakBeforeText;
        emit(tokens, TokenKind.JsxText, runStart, pos, depth);
        newline = breakAfterText;
      } else if (breakAfterText) {
        newline = true;
      }
      if (c === CH_OPEN_BRACE) {
        emit(tokens, TokenKind.Punctuator, pos, ++pos, depth);
        return suspend(pos, JSX_CHILDREN);
      }
      if (text.charCodeAt(pos + 1) !== CH_SLASH) {
        returns = CHILD;
        state = JSX_OPEN;
        continue;
      }
      // A closing tag: its name must be the open element's.
      emit(tokens, TokenKind.Punctuator, pos, pos + 1, depth);
      emit(tokens, TokenKind.Punctuator, pos + 1, pos + 2, depth);
      pos = skipTrivia(text, pos + 2);
      const top = returnsTo.length - 1;
      const openStart = nameStarts[top]!;
      const openLength = nameEnds[top]! - openStart;
      if (openLength > 0) {
        const nameStart = pos;
        pos = scanTagName(text, pos, tokens, depth);
        if (pos < 0) return fail(~pos);
        if (pos - nameStart !== openLength || !sameText(text, nameStart, openStart, openLength)) return fail(nameStart);
        pos = skipTrivia(text, pos);
      }
      if (text.charCodeAt(pos) !== CH_GREATER) return fail(pos);
      emit(tokens, TokenKind.Punctuator, pos, ++pos, depth);
    }
    // An element closed (`/>` or its closing tag): back to what it returns to.
    nameStarts.pop();
    nameEnds.pop();
    const back = returnsTo.pop();
    if (back === ROOT) {
      jsxResult.outcome = JSX_DONE;
      return pos;
    }
    state = back === CHILD ? JSX_CHILDREN : JSX_ATTRIBUTES;
  }
}

function openElement(nameStart: number, nameEnd: number, returns: number): void {
  nameStarts.push(nameStart);
  nameEnds.push(nameEnd);
  returnsTo.push(returns);
}

function suspend(pos: number, resume: number): number {
  jsxResult.outcome = JSX_SUSPENDED;
  jsxResult.resume = resume;
  return pos;
}

function sameText(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** White space, line breaks and comments from `pos` (between JSX tokens, as in code); notes line breaks. */
function skipTrivia(text: string, pos: number): number {
  const length = text.length;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (isLineBreak(c)) {
      newline = true;
      pos++;
    } else if (isSpace(c)) {
      pos++;
    } else if (c === CH_SLASH && text.charCodeAt(pos + 1) === CH_SLASH) {
      pos += 2;
      while (pos < length && !isLineBreak(text.charCodeAt(pos))) pos++;
    } else if (c === CH_SLASH && text.charCodeAt(pos + 1) === CH_STAR) {
      const close = text.indexOf('*/', pos + 2);
      const end = close < 0 ? length : close + 2;
      for (let i = pos; i < end; i++) if (isLineBreak(text.charCodeAt(i))) { newline = true; break; }
      pos = end;
    } else {
      break;
    }
  }
  return pos;
}

/** A JSX identifier (`aria-label`): an identifier that may contain `-`. */
function scanJsxIdentifier(text: string, pos: number): number {
  const length = text.length;
  pos++;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (!isIdentifierPart(c) && c !== CH_MINUS) break;
    pos++;
  }
  return pos;
}

/**
 * A tag name from `pos`: `div`, `svg:rect`, `Foo.Bar.Baz`, each name an identifier token. Returns the
 * end of the name, or the complement (negative) of where it stopped reading as one.
 */
function scanTagName(text: string, pos: number, tokens: Tokens, depth: number): number {
  if (!isIdentifierStart(text.charCodeAt(pos))) return ~pos;
  let end = scanJsxIdentifier(text, pos);
  emit(tokens, TokenKind.Identifier, pos, end, depth);
  let p = skipTrivia(text, end);
  if (text.charCodeAt(p) === CH_COLON) {
    emit(tokens, TokenKind.Punctuator, p, p + 1, depth);
    p = skipTrivia(text, p + 1);
    if (!isIdentifierStart(text.charCodeAt(p))) return ~p;
    end = scanJsxIdentifier(text, p);
    emit(tokens, TokenKind.Identifier, p, end, depth);
    return end;
  }
  while (text.charCodeAt(p) === CH_DOT) {
    emit(tokens, TokenKind.Punctuator, p, p + 1, depth);
    p = skipTrivia(text, p + 1);
    if (!isIdentifierStart(text.charCodeAt(p))) return ~p;
    end = scanIdentifier(text, p);
    emit(tokens, TokenKind.Identifier, p, end, depth);
    p = skipTrivia(text, end);
  }
  return end;
}

/** An attribute name from `pos`: `disabled`, `aria-label`, `xlink:href`. Same returns as `scanTagName`. */
function scanAttributeName(text: string, pos: number, tokens: Tokens, depth: number): number {
  let end = scanJsxIdentifier(text, pos);
  emit(tokens, TokenKind.Identifier, pos, end, depth);
  const p = skipTrivia(text, end);
  if (text.charCodeAt(p) !== CH_COLON) return end;
  emit(tokens, TokenKind.Punctuator, p, p + 1, depth);
  const name = skipTrivia(text, p + 1);
  if (!isIdentifierStart(text.charCodeAt(name))) return ~name;
  end = scanJsxIdentifier(text, name);
  emit(tokens, TokenKind.Identifier, name, end, depth);
  return end;
}

/**
 * Type arguments of a tag (`<Select<Option> ...>`, TypeScript only), from their `<` to the matching `>`:
 * names, strings, numbers and single-character punctuators (`=>` kept whole, so its `>` closes nothing).
 * Returns the position after them, or the complement of where they stopped reading as such.
 */
function scanTypeArguments(text: string, pos: number, tokens: Tokens, depth: number): number {
  const length = text.length;
  let angles = 0;
  while (pos < length) {
    pos = skipTrivia(text, pos);
    if (pos >= length) break;
    const c = text.charCodeAt(pos);
    const start = pos;
    if (isIdentifierStart(c)) {
      pos = scanIdentifier(text, pos);
      emit(tokens, TokenKind.Identifier, start, pos, depth);
    } else if (isDigit(c)) {
      pos = scanIdentifier(text, pos);
      emit(tokens, TokenKind.Number, start, pos, depth);
    } else if (c === CH_QUOTE || c === CH_DOUBLE_QUOTE) {
      pos++;
      while (pos < length && text.charCodeAt(pos) !== c && !isLineBreak(text.charCodeAt(pos))) pos += text.charCodeAt(pos) === 92 /* \ */ ? 2 : 1;
      if (text.charCodeAt(pos) !== c) return ~start;
      emit(tokens, TokenKind.String, start, ++pos, depth);
    } else if (c === CH_EQUALS && text.charCodeAt(pos + 1) === CH_GREATER) {
      emit(tokens, TokenKind.Punctuator, start, (pos += 2), depth);
    } else {
      if (c === CH_LESS) angles++;
      else if (c === CH_GREATER) angles--;
      emit(tokens, TokenKind.Punctuator, start, ++pos, depth);
      if (angles === 0) return pos;
    }
  }
  return ~pos;
}
