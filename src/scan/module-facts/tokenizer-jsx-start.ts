/**
 * Where JSX starts: which files TypeScript reads with JSX, and whether a `<` in code starts a JSX
 * element or is a less-than, a shift or type arguments (see `classifyLess`).
 */
import { TokenKind, type Tokens } from './token-buffer.js';
import {
  CH_CLOSE_BRACE,
  CH_CLOSE_BRACKET,
  CH_CLOSE_PAREN,
  CH_COMMA,
  CH_EQUALS,
  CH_GREATER,
  CH_LESS,
  CH_MINUS,
  CH_OPEN_BRACE,
  CH_PLUS,
  CH_SLASH,
  CH_STAR,
  isIdentifierPart,
  isIdentifierStart,
  isLineBreak,
  isSpace,
  scanIdentifier,
} from './tokenizer-chars.js';

/** Whether TypeScript reads `fileName` with JSX enabled (as `scriptKindFor` does: `.tsx`, `.jsx`, `.js`, `.mjs`, `.cjs`). */
export function allowsJsx(fileName: string): boolean {
  return /\.(?:[tj]sx|[mc]?js)$/i.test(fileName);
}

/** What a `<` in code is: an operator (or type arguments), the start of JSX, or an operator that may have been JSX. */
export const LESS_OPERATOR = 0;
export const LESS_JSX = 1;
export const LESS_UNSURE = 2;

/**
 * What the `<` at `pos` starts, from the token before it (as the tokenizer tells a regex from a division)
 * and what follows it. TypeScript reads JSX wherever an expression may start, except a generic arrow
 * function (`<T,>(x) => x`, `<T extends U>(x) => x`, `<const T,>`), which it recognises by the same
 * look-ahead as here. Where the token before cannot tell (after a `}`), or TypeScript would report an
 * error (`x = < 2`), the answer is unsure.
 */
export function classifyLess(text: string, pos: number, tokens: Tokens): number {
  // `<<` and `<<=` (read as two tokens) are shifts.
  if (text.charCodeAt(pos + 1) === CH_LESS || (tokens.isPunct(tokens.count - 1, '<') && tokens.end[tokens.count - 1] === pos)) return LESS_OPERATOR;
  const before = expressionMayStart(tokens);
  if (before === 0) return LESS_OPERATOR;
  let p = skipTrivia(text, pos + 1);
  const c = text.charCodeAt(p);
  if (c === CH_GREATER) return before === 1 ? LESS_JSX : LESS_UNSURE;
  if (!isIdentifierStart(c)) return LESS_UNSURE;
  let end = scanIdentifier(text, p);
  if (end - p === 5 && text.startsWith('const', p)) {
    p = skipTrivia(text, end);
    if (!isIdentifierStart(text.charCodeAt(p))) return before === 1 ? LESS_JSX : LESS_UNSURE;
    end = scanIdentifier(text, p);
  }
  p = skipTrivia(text, end);
  const third = text.charCodeAt(p);
  if (third === CH_COMMA || isPlainEquals(text, p)) return LESS_OPERATOR;
  if (third === 101 /* e */ && text.startsWith('extends', p) && !isIdentifierPart(text.charCodeAt(p + 7))) {
    p = skipTrivia(text, p + 7);
    const fourth = text.charCodeAt(p);
    const jsx = isPlainEquals(text, p) || fourth === CH_GREATER || (fourth === CH_SLASH && text.charCodeAt(p + 1) !== CH_EQUALS);
    if (!jsx) return LESS_OPERATOR;
  }
  return before === 1 ? LESS_JSX : LESS_UNSURE;
}

/** `=` alone (TypeScript's `EqualsToken`), not `==` or `=>`. */
function isPlainEquals(text: string, p: number): boolean {
  if (text.charCodeAt(p) !== CH_EQUALS) return false;
  const next = text.charCodeAt(p + 1);
  return next !== CH_EQUALS && next !== CH_GREATER;
}

/**
 * Whether an expression may start after the tokens so far: 1 yes, 0 no (an operand ended: a `<` is an
 * operator or type arguments), 2 cannot tell (after a `}`: a block ends where a statement may start,
 * an object literal or function ends an operand).
 */
function expressionMayStart(tokens: Tokens): number {
  const last = tokens.count - 1;
  if (last < 0) return 1;
  const kind = tokens.kind[last];
  const text = tokens.text;
  const start = tokens.start[last]!;
  const end = tokens.end[last]!;
  if (kind === TokenKind.Identifier) return isExpressionKeyword(tokens, last) && !isMemberName(tokens, last) ? 1 : 0;
  // A template part ending in `${` opens a substitution; other literals end an operand.
  if (kind === TokenKind.TemplatePart) return text.charCodeAt(end - 1) === CH_OPEN_BRACE ? 1 : 0;
  if (kind !== TokenKind.Punctuator) return 0;
  if (end - start !== 1) return 1;
  const c = text.charCodeAt(start);
  if (c === CH_CLOSE_PAREN || c === CH_CLOSE_BRACKET) return 0;
  if (c === CH_CLOSE_BRACE) return 2;
  const before = last - 1;
  // Postfix `++`/`--` (the tokenizer reads them as two tokens) and the non-null assertion `x!` end an operand.
  if ((c === CH_PLUS || c === CH_MINUS) && tokens.isPunct(before, c === CH_PLUS ? '+' : '-') && tokens.end[before] === start) return 0;
  if (c === 33 /* ! */ && before >= 0 && tokens.end[before] === start && endsOperand(tokens, before)) return 0;
  // `type Name = <T>(x: T) => T`: a generic function type, not JSX.
  if (c === CH_EQUALS && tokens.isIdentifier(before) && tokens.is(before - 1, 'type')) return 0;
  return 1;
}

/** Whether identifier `i` follows a `.` or `?.`: a property name (`x.default`), never a keyword. */
function isMemberName(tokens: Tokens, i: number): boolean {
  return tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.');
}

function endsOperand(tokens: Tokens, i: number): boolean {
  const kind = tokens.kind[i];
  if (kind === TokenKind.Identifier) return !isExpressionKeyword(tokens, i) || isMemberName(tokens, i);
  return tokens.isPunct(i, ')') || tokens.isPunct(i, ']');
}

/** Keywords an expression may follow (`return <div/>`, `export default <App/>`, `case 1: ...`). */
function isExpressionKeyword(tokens: Tokens, i: number): boolean {
  switch (tokens.text.charCodeAt(tokens.start[i]!)) {
    case 97 /* a */: return tokens.is(i, 'await');
    case 99 /* c */: return tokens.is(i, 'case');
    case 100 /* d */: return tokens.is(i, 'default') || tokens.is(i, 'do') || tokens.is(i, 'delete');
    case 101 /* e */: return tokens.is(i, 'else');
    case 105 /* i */: return tokens.is(i, 'in') || tokens.is(i, 'instanceof');
    case 111 /* o */: return tokens.is(i, 'of');
    case 114 /* r */: return tokens.is(i, 'return');
    case 116 /* t */: return tokens.is(i, 'typeof') || tokens.is(i, 'throw');
    case 118 /* v */: return tokens.is(i, 'void');
    case 121 /* y */: return tokens.is(i, 'yield');
    default: return false;
  }
}

/** White space, line breaks and comments from `pos`. */
function skipTrivia(text: string, pos: number): number {
  const length = text.length;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (isSpace(c) || isLineBreak(c)) {
      pos++;
    } else if (c === CH_SLASH && text.charCodeAt(pos + 1) === CH_SLASH) {
      pos += 2;
      while (pos < length && !isLineBreak(text.charCodeAt(pos))) pos++;
    } else if (c === CH_SLASH && text.charCodeAt(pos + 1) === CH_STAR) {
      const close = text.indexOf('*/', pos + 2);
      pos = close < 0 ? length : close + 2;
    } else {
      break;
    }
  }
  return pos;
}
