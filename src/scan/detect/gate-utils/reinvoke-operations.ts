/**
 * What the recursion matcher may run again, read at the token of its declaration and at the tokens
 * that invoke it (see `reinvokesADeclaredName` in `reinvoke.ts`): a function with a failure word, by
 * one of its names; a parameter of one, invoked again without handing on the error; an operation a
 * member stores (`this._fn = fn`). Continuations (`callback(err)`, `done(null, value)`) only report.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { ERROR_NAME } from './failure-regions.js';
import { declaredFunctionSpan, FAILURE_TEXT, type Span } from './reinvoke-functions.js';
import { WordTable } from './token-codes.js';
import { type Brackets } from './token-utils.js';

/** Names of continuations, which the matcher never runs again as an operation (its `CONTINUATION`). */
const CONTINUATION = /^(callback|cb|done|next|resolve|reject|release|finish|complete|respond|reply|onError|onDone|end)$/;
/** Members the matcher does not take for a stored operation (`this.callback = cb`). */
const CONTINUATION_MEMBER = /^_*(callback|cb|done|next|resolve|reject|listener|handler|on[A-Z_]\w*)$/i;
/** Words that are no parameter's name. */
const NOT_A_PARAMETER = new WordTable(['this', 'null', 'true', 'false', 'function', 'class', 'new', 'typeof', 'void', 'await', 'yield', 'super', 'import']);
/** Words that go on with the expression on the next line (`this.op = op\n  as Fn`). */
const CONTINUING_OPERATORS = new WordTable(['as', 'satisfies', 'in', 'instanceof']);

function isOpening(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, '(') || tokens.isPunct(k, '[') || tokens.isPunct(k, '{');
}

/**
 * What the recursion matcher may run again of what is declared at `i` (a parameter when `list` is the
 * `(` of its list or an arrow follows it), or undefined when nothing: a parameter of a function with a
 * failure word in its text, unless it is a continuation (`callback`, `done`: those report the outcome);
 * such a function itself by one of its names (`runs`: its span, where the matcher looks for the
 * re-invocation, see `reinvoke-reach.ts`); or an operation a member stores.
 */
export function whatRunsAgain(tokens: Tokens, brackets: Brackets, i: number, list: number | undefined): RunAgain | undefined {
  const parameter = list !== undefined || tokens.isPunct(i + 1, '=>');
  if (parameter && CONTINUATION.test(tokens.textOf(i))) return undefined;
  const span = declaredFunctionSpan(tokens, brackets, i, list);
  if (span !== undefined && FAILURE_TEXT.test(tokens.text.slice(span[0], span[1]))) {
    return parameter ? { parameterOf: withEnclosingCall(tokens, brackets, list ?? i, span) } : { runs: span };
  }
  return storesAnOperation(tokens, brackets, i) ? {} : undefined;
}

/** What `whatRunsAgain` finds: a function by its names (`runs`), a parameter (`parameterOf`), or a stored operation (neither). */
export interface RunAgain {
  /** A function run again by one of its names: its span (see `reinvoke-reach.ts`). */
  runs?: Span;
  /**
   * A parameter: where the matcher finds it run, first and again from a failure handler: in its
   * function, or in the call the function is handed to (`op(function (err) { if (err) op(…) })`,
   * `list.reduce((p, op) => p.catch(() => op()), op())`).
   */
  parameterOf?: Span;
}

/** The span of a function whose head is at token `head`, with the call it is an argument of (`callee(` … `)`). */
function withEnclosingCall(tokens: Tokens, brackets: Brackets, head: number, span: Span): Span {
  const group = brackets.enclosing[head]!;
  if (group <= 0 || !tokens.isPunct(group, '(')) return span;
  return [Math.min(span[0], tokens.start[group - 1]!), Math.max(span[1], tokens.end[brackets.partner[group]!]!)];
}

/**
 * Whether the invocation of a parameter at `j` may run it again rather than report the failure to it:
 * its call hands on no `null` and no error (`callback(err)`, `done(null, value)` report; see `passesError`
 * of the recursion matcher). For a function handed to a call (`setTimeout(op, d)`), that call's arguments.
 */
export function runsWithoutReporting(tokens: Tokens, brackets: Brackets, j: number): boolean {
  let open = -1;
  if (tokens.isPunct(j + 1, '(')) open = j + 1;
  else if (tokens.isPunct(j + 1, '.') && (tokens.is(j + 2, 'call') || tokens.is(j + 2, 'apply')) && tokens.isPunct(j + 3, '(')) open = j + 3;
  else if (tokens.isPunct(j + 1, '?.') && tokens.isPunct(j + 2, '(')) open = j + 2;
  else {
    const group = brackets.enclosing[j]!;
    if (group >= 0 && tokens.isPunct(group, '(')) open = group;
  }
  if (open < 0) return true;
  const close = brackets.partner[open]!;
  let startsAnArgument = true;
  for (let k = open + 1; k < close; k++) {
    const alone = tokens.isPunct(k + 1, ',') || k + 1 === close;
    if (startsAnArgument && alone && (tokens.is(k, 'null') || (tokens.isIdentifier(k) && ERROR_NAME.test(tokens.textOf(k))))) return false;
    startsAnArgument = tokens.isPunct(k, ',');
    if (isOpening(tokens, k)) k = brackets.partner[k]!;
  }
  return true;
}

/**
 * Whether the member named at `i` stores an operation as the recursion matcher reads one (its
 * `storedOperationsOf`): a statement of a function's body `this.name = parameter;` that assigns
 * exactly a parameter (not a continuation such as `this.callback = cb`) to a member that is no handler.
 */
export function storesAnOperation(tokens: Tokens, brackets: Brackets, i: number): boolean {
  if (!tokens.is(i - 2, 'this') || !tokens.isPunct(i - 1, '.') || !tokens.isPunct(i + 1, '=')) return false;
  const value = i + 2;
  if (!tokens.isIdentifier(value) || NOT_A_PARAMETER.hasToken(tokens, value)) return false;
  // The statement is the assignment alone: it starts a statement and the parameter ends it.
  const before = i - 3;
  if (!(before < 0 || tokens.isPunct(before, '{') || tokens.isPunct(before, ';') || tokens.isPunct(before, '}') || tokens.newlineBefore[i - 2] === 1)) return false;
  const after = value + 1;
  const ends =
    after >= tokens.count ||
    tokens.isPunct(after, ';') ||
    tokens.isPunct(after, '}') ||
    (tokens.newlineBefore[after] === 1 && tokens.kind[after] !== TokenKind.Punctuator && tokens.kind[after] !== TokenKind.Template && tokens.kind[after] !== TokenKind.TemplatePart && !CONTINUING_OPERATORS.hasToken(tokens, after));
  if (!ends) return false;
  if (CONTINUATION.test(tokens.textOf(value)) || CONTINUATION_MEMBER.test(tokens.textOf(i))) return false;
  // The value is a parameter of the function whose body holds the statement (`(op) {`, `(op) => {`).
  const body = brackets.enclosing[i]!;
  if (body < 0 || !tokens.isPunct(body, '{')) return false;
  const close = tokens.isPunct(body - 1, '=>') ? body - 2 : body - 1;
  if (!tokens.isPunct(close, ')')) return true;
  const name = tokens.textOf(value);
  for (let k = brackets.partner[close]! + 1; k < close; k++) if (tokens.isIdentifier(k) && tokens.textOf(k) === name) return true;
  return false;
}
