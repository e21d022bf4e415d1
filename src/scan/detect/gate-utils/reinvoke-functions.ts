/**
 * The function a declaration of the retry precondition names, or whose parameter it is (see
 * `declarationAt` in `reinvoke-sites.ts`), read as a span of text. The recursion matcher looks for
 * re-invocations only in a function whose own text, leading comments included, holds a failure word
 * (`FAILURE_TEXT` in `retry-utils/failure-handlers.ts`), and what it runs again is that function (by
 * one of its names) or one of its parameters. Spans are read generously: a span may hold more than
 * the function, which only keeps a file; it never holds less.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { WordTable } from './token-codes.js';
import { afterTypeArguments, type Brackets } from './token-utils.js';

/** The recursion matcher's `FAILURE_TEXT` (a test keeps the two equal). */
export const FAILURE_TEXT = /catch|err|fail|close|disconnect|\bend\b|timeout|\bok\b|success|\.then\(|status(Code)?\s*(>=?|[=!]={1,2})\s*(5\d\d|429)/i;

/** Words a function declaration's node may start with before its name. */
const FUNCTION_HEAD = new WordTable(['function', 'async', 'export', 'default', 'declare']);
/** Statements a line may start with after a complete expression (where a semicolon was left out). */
const STATEMENT_START = new WordTable(['const', 'let', 'var', 'function', 'class', 'export', 'import', 'if', 'for', 'while', 'do', 'return', 'throw', 'try', 'switch']);
/** Words after which an expression goes on (`await`, `typeof`, `x instanceof`): no statement ends there. */
const CONTINUING_WORDS = new WordTable(['await', 'typeof', 'new', 'void', 'delete', 'yield', 'in', 'of', 'instanceof', 'as', 'satisfies', 'return', 'throw', 'case', 'extends', 'else', 'do', 'keyof', 'async', 'is', 'infer', 'readonly', 'unique', 'asserts']);
/** Tokens before a `{` that opens a type literal, not a body (`): { ok: boolean } {`). */
const TYPE_BRACE_AFTER = new WordTable([':', '|', '&', '<', ',', '=>', '(', '[', '?', 'keyof', 'typeof', 'readonly', 'extends', 'is', 'infer']);
/** Walking back over type arguments stops after this many tokens: the span is then read from the file's start. */
const ANGLE_LIMIT = 256;

function isOpening(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, '(') || tokens.isPunct(k, '[') || tokens.isPunct(k, '{');
}

function isClosing(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, ')') || tokens.isPunct(k, ']') || tokens.isPunct(k, '}');
}

/**
 * Whether a line break before token `k` ends a statement: an expression was complete (a value, or a
 * closing bracket, before it) and a statement keyword starts the next line (`() => x` then `const y`).
 */
function statementEndsBefore(tokens: Tokens, k: number): boolean {
  if (tokens.newlineBefore[k] !== 1 || !STATEMENT_START.hasToken(tokens, k)) return false;
  const p = k - 1;
  const kind = tokens.kind[p];
  if (kind === TokenKind.Punctuator) return isClosing(tokens, p);
  if (kind === TokenKind.Identifier) return !CONTINUING_WORDS.hasToken(tokens, p);
  return kind === TokenKind.String || kind === TokenKind.Number || kind === TokenKind.Template;
}

/** The `<` that opens the type arguments closed by the `>` at `close`, or -1 when it cannot be told. */
function angleOpen(tokens: Tokens, brackets: Brackets, close: number): number {
  let depth = 0;
  for (let b = close, steps = 0; b >= 0 && steps < ANGLE_LIMIT; b--, steps++) {
    if (tokens.kind[b] !== TokenKind.Punctuator) continue;
    if (tokens.isPunct(b, '>')) depth++;
    else if (tokens.isPunct(b, '<')) {
      if (--depth === 0) return b;
    } else if (isClosing(tokens, b)) b = brackets.partner[b]!;
    else if (isOpening(tokens, b) || tokens.isPunct(b, ';')) return -1;
  }
  return -1;
}

/**
 * Where the text of a function or method whose name (or parameter list) is at `k` may start: walks
 * back over what its node may hold before that (modifiers, `function`, `async`, `*`, decorators with
 * their arguments, type parameters, a method's name) to a token that ends whatever came before. The
 * text starts where that token ends, so the function's leading comments are in it.
 */
function headStart(tokens: Tokens, brackets: Brackets, k: number): number {
  let b = k - 1;
  while (b >= 0) {
    const kind = tokens.kind[b];
    if (kind === TokenKind.Identifier || kind === TokenKind.String || kind === TokenKind.Number) b--;
    else if (kind !== TokenKind.Punctuator) break;
    else if (tokens.isPunct(b, ')') || tokens.isPunct(b, ']')) b = brackets.partner[b]! - 1;
    else if (tokens.isPunct(b, '>')) {
      const open = angleOpen(tokens, brackets, b);
      if (open < 0) return 0;
      b = open - 1;
    } else if (tokens.isPunct(b, '.') || tokens.isPunct(b, '?.') || tokens.isPunct(b, '@') || tokens.isPunct(b, '*')) b--;
    else break;
  }
  return b < 0 ? 0 : tokens.end[b]!;
}

/** Where a function declaration (`export default async function* name`) named at `name` starts. */
function functionDeclarationStart(tokens: Tokens, name: number): number {
  let b = name - 1;
  while (b >= 0 && (FUNCTION_HEAD.hasToken(tokens, b) || tokens.isPunct(b, '*'))) b--;
  return b < 0 ? 0 : tokens.end[b]!;
}

/**
 * The last token of an arrow function's body starting at `k`: its block, or an expression up to a
 * `;`, the end of the group, a `,` (unless a `<` may have opened type arguments) or a statement that
 * starts a new line.
 */
export function arrowBodyEnd(tokens: Tokens, brackets: Brackets, k: number): number {
  if (tokens.isPunct(k, '{')) return brackets.partner[k]!;
  let angle = false;
  let last = k - 1;
  for (; k < tokens.count; k++) {
    if (tokens.kind[k] === TokenKind.Punctuator) {
      if (isOpening(tokens, k)) {
        last = k = brackets.partner[k]!;
        continue;
      }
      if (isClosing(tokens, k) || tokens.isPunct(k, ';') || (tokens.isPunct(k, ',') && !angle)) return last;
      if (tokens.isPunct(k, '<')) angle = true;
    } else if (statementEndsBefore(tokens, k)) return last;
    last = k;
  }
  return tokens.count - 1;
}

/**
 * The last token of the body of the function whose parameter list opens at `open` (after an optional
 * return type: `(op): Promise<T> {`, `(op) => op()`), or undefined when no body follows (a call's
 * arguments, an overload).
 */
export function bodyEndAfterParameters(tokens: Tokens, brackets: Brackets, open: number): number | undefined {
  let angle = false;
  for (let k = brackets.partner[open]! + 1; k < tokens.count; ) {
    if (tokens.kind[k] !== TokenKind.Punctuator) {
      if (statementEndsBefore(tokens, k)) return undefined;
      k++;
      continue;
    }
    if (tokens.isPunct(k, '=>')) {
      const end = arrowBodyEnd(tokens, brackets, k + 1);
      // `(): () => { a: 1 } => body`: what came before this `=>` was the return type.
      if (tokens.isPunct(end + 1, '=>')) {
        k = end + 1;
        continue;
      }
      return end;
    }
    if (tokens.isPunct(k, '{') && !TYPE_BRACE_AFTER.hasToken(tokens, k - 1)) return brackets.partner[k]!;
    if (isOpening(tokens, k)) {
      k = brackets.partner[k]! + 1;
      continue;
    }
    if (isClosing(tokens, k) || tokens.isPunct(k, ';') || (tokens.isPunct(k, ',') && !angle)) return undefined;
    if (tokens.isPunct(k, '<')) angle = true;
    k++;
  }
  return undefined;
}

/**
 * The `(` of the parameters of a function or method named at `name` (`name(`, `name<T>(`), -1 when
 * none follows, `UNKNOWN` when the type arguments are too long to follow.
 */
function parametersAfterName(tokens: Tokens, name: number): number {
  if (tokens.isPunct(name + 1, '(')) return name + 1;
  if (!tokens.isPunct(name + 1, '<')) return -1;
  const open = afterTypeArguments(tokens, name + 1);
  return open === Infinity ? UNKNOWN : open;
}

/** A position the tokens cannot tell: the span runs to the end of the file. */
const UNKNOWN = -2;

/** A span of text: [start, end) in characters. */
export type Span = readonly [number, number];

/** The span of a function whose text starts at `start` and whose parameter list opens at `open` (or `UNKNOWN`), if it has a body. */
function spanFrom(tokens: Tokens, brackets: Brackets, start: number, open: number): Span | undefined {
  if (open === UNKNOWN) return [start, tokens.text.length];
  if (open < 0) return undefined;
  const end = bodyEndAfterParameters(tokens, brackets, open);
  return end === undefined ? undefined : [start, tokens.end[end]!];
}

/**
 * The span of a function expression starting at token `s` (an initializer: `async (op) => {`,
 * `function* name<T>(op) {`, `op => op()`), or undefined when no function starts there.
 */
function functionExpressionAt(tokens: Tokens, brackets: Brackets, s: number): Span | undefined {
  const start = tokens.end[s - 1]!;
  let k = s;
  if (tokens.is(k, 'async') && !tokens.isPunct(k + 1, '=>')) k++;
  if (tokens.is(k, 'function')) {
    k++;
    if (tokens.isPunct(k, '*')) k++;
    if (tokens.isIdentifier(k)) k++;
  }
  if (tokens.isIdentifier(k) && tokens.isPunct(k + 1, '=>')) return [start, tokens.end[arrowBodyEnd(tokens, brackets, k + 2)]!];
  if (tokens.isPunct(k, '<')) {
    const open = afterTypeArguments(tokens, k);
    if (open === Infinity) return [start, tokens.text.length];
    // Type parameters of an arrow function (`<T>(op: T) =>`), or a type assertion (`<Fn>(() => {})`).
    k = open;
  }
  if (!tokens.isPunct(k, '(')) return undefined;
  const arrow = spanFrom(tokens, brackets, start, k);
  if (arrow) return arrow;
  // A function in parentheses (`(async () => {…})`, `(function () {…}) as Fn`): read through them, as
  // the matcher's local helpers are; a function's own names are not, which only keeps more here.
  const close = brackets.partner[k]!;
  return functionExpressionAt(tokens, brackets, k + 1) ? [start, tokens.end[close]!] : undefined;
}

/**
 * The span of the initializer function of the name declared at `i` (`const name = () => {}`,
 * `name: function () {}`, `x.name = async () => {}`, `name: Handler = (e) => {}`), or undefined when
 * what the name is given is no function.
 */
function initializerSpan(tokens: Tokens, brackets: Brackets, i: number): Span | undefined {
  let k = i + 1;
  if (tokens.isPunct(k, '?') || tokens.isPunct(k, '!')) k++;
  if (tokens.isPunct(k, '=')) return functionExpressionAt(tokens, brackets, k + 1);
  if (!tokens.isPunct(k, ':')) return undefined;
  // An object literal's value (`name: () => {}`), or a type before the value (`name: Fn = () => {}`).
  const value = functionExpressionAt(tokens, brackets, k + 1);
  let angle = false;
  for (k++; k < tokens.count; k++) {
    if (isOpening(tokens, k)) k = brackets.partner[k]!;
    else if (tokens.isPunct(k, '=')) break;
    else if (isClosing(tokens, k) || tokens.isPunct(k, ';') || (tokens.isPunct(k, ',') && !angle) || statementEndsBefore(tokens, k)) return value;
    else if (tokens.isPunct(k, '<')) angle = true;
  }
  const typed = k < tokens.count ? functionExpressionAt(tokens, brackets, k + 1) : undefined;
  if (!value || !typed) return value ?? typed;
  return [Math.min(value[0], typed[0]), Math.max(value[1], typed[1])];
}

/**
 * The span of the function the name at `i` names or is a parameter of (`list`: the `(` of the
 * parameter list holding it), or undefined when it names no function with a body.
 */
export function declaredFunctionSpan(tokens: Tokens, brackets: Brackets, i: number, list: number | undefined): Span | undefined {
  // A single parameter of an arrow function (`op => op().catch(() => op())`, also as an argument: `.then(op => …)`).
  if (tokens.isPunct(i + 1, '=>')) return [headStart(tokens, brackets, i), tokens.end[arrowBodyEnd(tokens, brackets, i + 2)]!];
  if (list !== undefined) return spanFrom(tokens, brackets, headStart(tokens, brackets, list), list);
  if (tokens.is(i - 1, 'function') || (tokens.isPunct(i - 1, '*') && tokens.is(i - 2, 'function'))) {
    return spanFrom(tokens, brackets, functionDeclarationStart(tokens, i), parametersAfterName(tokens, i));
  }
  // A method (`attempt(op) {`, `static async attempt<T>(op): Promise<T> {`).
  const open = parametersAfterName(tokens, i);
  if (open !== -1) return spanFrom(tokens, brackets, headStart(tokens, brackets, i), open);
  return initializerSpan(tokens, brackets, i);
}
