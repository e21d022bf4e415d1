/**
 * Where the recursion matcher's failure handlers may be (see `failureHandlers` in
 * `retry-utils/failure-handlers.ts`), read from the tokens as spans of text. A retry the matcher finds
 * by recursion runs again from inside a handler: the self call, the scheduler or helper call that leads
 * to it, the parameter run again, the stored operation, the request sent again and the attempt number
 * carried forward all sit in one. A handler is one of:
 * - a `catch` clause's block, and the arguments of a `.catch()` call;
 * - the arguments after the first of a `.then()` call (the rejection handler) and of a `.use()` call
 *   (an interceptor's error handler);
 * - the arguments of `.on()`, `.once()`, `.addEventListener()`, `.addListener()` for a failure event;
 * - what is assigned to `.onerror` or `.onclose`;
 * - the branch of an `if` whose condition may test a failure (names an error, `ok`, `success`,
 *   `failed`, `failure`, `status`…);
 * - a function whose first parameter is named like an error (an error-first callback with a success
 *   guard, an error-only callback).
 * Spans are read generously (a whole argument list, a statement up to its `;`): a span may hold more
 * than the handler, which only keeps a file; it never holds less.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { arrowBodyEnd, bodyEndAfterParameters } from './reinvoke-functions.js';
import { SpanSet } from './span-set.js';
import { WordTable } from './token-codes.js';
import { afterTypeArguments, type Brackets, perText } from './token-utils.js';

/** The matcher's `ERROR_NAME`: a parameter so named makes its function a failure handler (a test keeps the two equal). */
export const ERROR_NAME = /^(err|error|e|ex|exc|reason|failure|fail)$/i;
/** Names one of which every failure condition holds (`if (err)`, `if (!res.ok)`, `if (r.failed)`, `if (res.status >= 500)`). */
const CONDITION_NAME = /^(err|error|e|ex|exc|reason|failure|fail|ok|success|succeeded|failed|status|statusCode)$/i;
/** The matcher's failure events (`FAILURE_EVENTS`). */
const FAILURE_EVENT = /^(error|close|disconnect|disconnected|end|timeout)$/i;
/** Longest name `CONDITION_NAME` and `ERROR_NAME` accept: longer names are not sliced to be tested. */
const LONGEST_NAME = 10;

const LISTENING = new WordTable(['on', 'once', 'addEventListener', 'addListener']);
/** Calls whose handler is their second argument (`.then(onOk, onError)`, `.use(onOk, onError)`). */
const SECOND_ARGUMENT = new WordTable(['then', 'use']);
const HANDLER_PROPERTY = /^on(error|close)$/i;
const PARAMETER_MODIFIERS = new WordTable(['public', 'private', 'protected', 'readonly', 'override']);
/** Tokens after a first parameter's name in a parameter list: `(err)`, `(err, res)`, `(err: Error)`, `(err?)`, `(err = null)`. */
const AFTER_PARAMETER = [')', ',', ':', '?', '='];

/** The failure regions of the tokens (computed once per text). */
export function failureRegionsOf(tokens: Tokens, brackets: Brackets): SpanSet {
  return perText(tokens, 'failure-regions', () => computeRegions(tokens, brackets));
}

function computeRegions(tokens: Tokens, brackets: Brackets): SpanSet {
  const spans: Array<[number, number]> = [];
  const add = (first: number, last: number): void => {
    if (first <= last) spans.push([tokens.start[first]!, tokens.end[last]!]);
  };
  const { count, kind } = tokens;
  for (let i = 0; i < count; i++) {
    if (kind[i] === TokenKind.Punctuator) {
      if (tokens.isPunct(i, '(') && firstParameterIsAnError(tokens, brackets, i)) {
        const end = bodyEndAfterParameters(tokens, brackets, i);
        if (end !== undefined) add(i, end);
      }
      continue;
    }
    if (kind[i] !== TokenKind.Identifier) continue;
    const length = tokens.end[i]! - tokens.start[i]!;
    const member = tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.');
    if (length <= LONGEST_NAME && tokens.isPunct(i + 1, '=>') && ERROR_NAME.test(tokens.textOf(i))) {
      // `err => …`: a function whose only parameter is named like an error.
      add(i, arrowBodyEnd(tokens, brackets, i + 2));
    } else if (tokens.is(i, 'catch')) {
      if (member) addArguments(tokens, brackets, i, 0, add);
      else addCatchClause(tokens, brackets, i, add);
    } else if (member && SECOND_ARGUMENT.hasToken(tokens, i)) {
      addArguments(tokens, brackets, i, 1, add);
    } else if (member && LISTENING.hasToken(tokens, i)) {
      const open = callOpenAfter(tokens, i);
      if (open >= 0 && mayNameAFailureEvent(tokens, open + 1)) add(open, brackets.partner[open]!);
    } else if (member && length === 7 && tokens.isPunct(i + 1, '=') && HANDLER_PROPERTY.test(tokens.textOf(i))) {
      add(i + 2, statementEnd(tokens, brackets, i + 2));
    } else if (tokens.is(i, 'if') && tokens.isPunct(i + 1, '(')) {
      const close = brackets.partner[i + 1]!;
      if (mayTestAFailure(tokens, i + 2, close)) {
        const then = close + 1;
        add(then, tokens.isPunct(then, '{') ? brackets.partner[then]! : statementEnd(tokens, brackets, then));
      }
    }
  }
  return SpanSet.of(spans);
}

/** The `(` of a call of the member named at `i` (`.catch(`, `.catch?.(`, `.then<T>(`), or -1. */
function callOpenAfter(tokens: Tokens, i: number): number {
  if (tokens.isPunct(i + 1, '(')) return i + 1;
  if (tokens.isPunct(i + 1, '?.') && tokens.isPunct(i + 2, '(')) return i + 2;
  if (!tokens.isPunct(i + 1, '<')) return -1;
  const open = afterTypeArguments(tokens, i + 1);
  // Type arguments too long to follow: the call's arguments cannot be told.
  return open === Infinity || open < 0 ? -1 : open;
}

/**
 * Adds the arguments of the call of the member at `i`, from the argument at position `from` (the
 * argument's own position is read generously: from the first comma at the top level of the list).
 */
function addArguments(tokens: Tokens, brackets: Brackets, i: number, from: number, add: (first: number, last: number) => void): void {
  const open = callOpenAfter(tokens, i);
  if (open < 0) return;
  const close = brackets.partner[open]!;
  if (from === 0) {
    add(open, close);
    return;
  }
  for (let k = open + 1; k < close; k++) {
    if (isOpening(tokens, k)) k = brackets.partner[k]!;
    else if (tokens.isPunct(k, ',')) {
      add(k, close);
      return;
    }
  }
}

/** A `catch` clause's block (`catch {`, `catch (e) {`). */
function addCatchClause(tokens: Tokens, brackets: Brackets, i: number, add: (first: number, last: number) => void): void {
  let block = i + 1;
  if (tokens.isPunct(block, '(')) block = brackets.partner[block]! + 1;
  if (tokens.isPunct(block, '{')) add(block, brackets.partner[block]!);
}

/** Whether the first argument at `k` may be a failure event's name (a string; one whose value cannot be read counts). */
function mayNameAFailureEvent(tokens: Tokens, k: number): boolean {
  const kind = tokens.kind[k];
  if (kind !== TokenKind.String && kind !== TokenKind.Template) return false;
  const value = tokens.stringValue(k);
  return value === undefined || FAILURE_EVENT.test(value);
}

/** Whether the condition in tokens [from, to) names something a failure condition tests. */
function mayTestAFailure(tokens: Tokens, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    if (tokens.kind[k] === TokenKind.Identifier && tokens.end[k]! - tokens.start[k]! <= LONGEST_NAME && CONDITION_NAME.test(tokens.textOf(k))) return true;
  }
  return false;
}

/**
 * Whether the list opened at `open` starts with a parameter named like an error (`(err, res)`,
 * `(...err)`, `(private err)`); a decorated one (`(@Inject() err)`) counts, as it cannot be read here.
 */
function firstParameterIsAnError(tokens: Tokens, brackets: Brackets, open: number): boolean {
  let k = open + 1;
  if (tokens.isPunct(k, '@')) return true;
  if (tokens.isPunct(k, '...')) k++;
  while (PARAMETER_MODIFIERS.hasToken(tokens, k) && tokens.isIdentifier(k + 1)) k++;
  if (tokens.kind[k] !== TokenKind.Identifier || tokens.end[k]! - tokens.start[k]! > LONGEST_NAME) return false;
  if (!AFTER_PARAMETER.some((punct) => tokens.isPunct(k + 1, punct)) && brackets.partner[open] !== k + 1) return false;
  return ERROR_NAME.test(tokens.textOf(k));
}

function isOpening(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, '(') || tokens.isPunct(k, '[') || tokens.isPunct(k, '{');
}

/** The last token of the statement (or expression) starting at `k`: up to a `;` or the end of its group. */
function statementEnd(tokens: Tokens, brackets: Brackets, k: number): number {
  for (; k < tokens.count; k++) {
    if (isOpening(tokens, k)) k = brackets.partner[k]!;
    else if (tokens.isPunct(k, ';')) return k;
    else if (tokens.isPunct(k, ')') || tokens.isPunct(k, ']') || tokens.isPunct(k, '}')) return k - 1;
  }
  return tokens.count - 1;
}
