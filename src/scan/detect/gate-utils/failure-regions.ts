/**
 * Where the recursion matcher's failure handlers may be (see `failureHandlers` in
 * `retry-utils/failure-handlers.ts`), read from the tokens as spans of text. A retry the matcher finds
 * by recursion runs again from inside a handler: the self call, the scheduler or helper call that leads
 * to it, the parameter run again, the stored operation, the request sent again and the attempt number
 * carried forward all sit in one. A handler is one of:
 * - a `catch` clause's block, and the arguments of a `.catch()` call;
 * - a function handed by name to `.catch()` or `.then()` (`.catch(onError)`), wherever the file
 *   declares a function so named;
 * - the arguments after the first of a `.then()` call (the rejection handler) and of a `.use()` call
 *   (an interceptor's error handler);
 * - the arguments of `.on()`, `.once()`, `.addEventListener()`, `.addListener()` for a failure event;
 * - what is assigned to `.onerror` or `.onclose`;
 * - the branch of an `if` whose condition may test a failure (a bare name like an error, a result's
 *   `ok`, `success`, `failed`, `failure`, `status`…);
 * - a function whose first parameter is named like an error and that returns early when there is
 *   none (`if (!err) return`), or whose only parameter is `err` or `error` and that is handed to a
 *   call or is an observer's `error` (an error-only callback).
 * Spans are read generously (a whole argument list, a statement up to its `;`): a span may hold more
 * than the handler, which only keeps a file; it never holds less.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { arrowBodyEnd, bodyEndAfterParameters, declaredFunctionSpan } from './reinvoke-functions.js';
import { SpanSet } from './span-set.js';
import { WordTable } from './token-codes.js';
import { afterTypeArguments, type Brackets, firstAtOrAfter, perText } from './token-utils.js';

/** The matcher's `ERROR_NAME`: a parameter so named makes its function a failure handler (a test keeps the two equal). */
export const ERROR_NAME = /^(err|error|e|ex|exc|reason|failure|fail)$/i;
/**
 * What every failure condition tests (the matcher's `isFailureCondition`), at the end of a chain: a
 * bare name like an error (`if (err)`), a result's field (`if (!res.ok)`, `if (r.failed)`), a status
 * (`if (res.status >= 500)`). Not a field of the error (`if (error.cause)`), nor a call (`if (isError(x))`).
 */
const FAILED_FIELD = /^(error|err|failed|failure|ok|success|succeeded|status|statusCode)$/;
const STATUS = /^(status|statusCode)$/;
/** The matcher's failure events (`FAILURE_EVENTS`). */
const FAILURE_EVENT = /^(error|close|disconnect|disconnected|end|timeout)$/i;
/** Longest name `FAILED_FIELD` and `ERROR_NAME` accept: longer names are not sliced to be tested. */
const LONGEST_NAME = 10;

const LISTENING = new WordTable(['on', 'once', 'addEventListener', 'addListener']);
/** Calls whose handler is their second argument (`.then(onOk, onError)`, `.use(onOk, onError)`). */
const SECOND_ARGUMENT = new WordTable(['then', 'use']);
const HANDLER_PROPERTY = /^on(error|close)$/i;
const PARAMETER_MODIFIERS = new WordTable(['public', 'private', 'protected', 'readonly', 'override']);
/** Character codes a table marks (1), for a first-character test before a word is compared. */
function firstCharacters(characters: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of characters) table[c.charCodeAt(0)] = 1;
  return table;
}
/** First characters of `ERROR_NAME`'s words, either case. */
const ERROR_FIRST = firstCharacters('eErRfF');
/** First characters of the members read as handlers (`then`, `use`, `on`, `once`, `addEventListener`, `addListener`, `onerror`, `onclose`). */
const MEMBER_FIRST = firstCharacters('tuoaOA');
/** First characters of parameter modifiers (`public`, `private`, `protected`, `readonly`, `override`). */
const MODIFIER_FIRST = firstCharacters('pro');
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
  const { count, kind, text } = tokens;
  const guards = new SuccessGuards(tokens);
  /** Names handed to `.catch()` or `.then()` (`.catch(onError)`): the functions so named are handlers too. */
  const handed = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (kind[i] === TokenKind.Punctuator) {
      if (tokens.isPunct(i, '(')) {
        const parameter = errorParameter(tokens, brackets, i);
        const end = parameter && bodyEndAfterParameters(tokens, brackets, i);
        if (parameter && end !== undefined && handlesErrors(tokens, i, parameter, end, guards)) add(i, end);
      }
      continue;
    }
    if (kind[i] !== TokenKind.Identifier) continue;
    // Told apart by length and first character before any word is compared: this reads every name.
    const length = tokens.end[i]! - tokens.start[i]!;
    const first = text.charCodeAt(tokens.start[i]!);
    if (length <= LONGEST_NAME && ERROR_FIRST[first] === 1 && tokens.isPunct(i + 1, '=>') && ERROR_NAME.test(tokens.textOf(i))) {
      // `err => …`: a function whose only parameter is named like an error.
      const end = arrowBodyEnd(tokens, brackets, i + 2);
      if (handlesErrors(tokens, i, { name: i, only: true }, end, guards)) add(i, end);
      continue;
    }
    if (length === 5 && first === 99 /* c */ && tokens.is(i, 'catch')) {
      if (tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.')) {
        addArguments(tokens, brackets, i, 0, add);
        handedByName(tokens, brackets, i, handed);
      } else addCatchClause(tokens, brackets, i, add);
      continue;
    }
    const member = MEMBER_FIRST[first] === 1 && (tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.'));
    if (member && SECOND_ARGUMENT.hasToken(tokens, i)) {
      addArguments(tokens, brackets, i, 1, add);
      if (tokens.is(i, 'then')) handedByName(tokens, brackets, i, handed);
    } else if (member && LISTENING.hasToken(tokens, i)) {
      const open = callOpenAfter(tokens, i);
      if (open >= 0 && mayNameAFailureEvent(tokens, open + 1)) add(open, brackets.partner[open]!);
    } else if (member && length === 7 && tokens.isPunct(i + 1, '=') && HANDLER_PROPERTY.test(tokens.textOf(i))) {
      add(i + 2, statementEnd(tokens, brackets, i + 2));
    } else if (length === 2 && first === 105 /* i */ && tokens.is(i, 'if') && tokens.isPunct(i + 1, '(')) {
      const close = brackets.partner[i + 1]!;
      if (mayTestAFailure(tokens, i + 2, close)) {
        const then = close + 1;
        add(then, tokens.isPunct(then, '{') ? brackets.partner[then]! : statementEnd(tokens, brackets, then));
      }
    }
  }
  if (handed.size > 0) {
    const lengths = new Set([...handed].map((name) => name.length));
    for (let i = 0; i < count; i++) {
      if (kind[i] !== TokenKind.Identifier || !lengths.has(tokens.end[i]! - tokens.start[i]!)) continue;
      if (tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.') || !handed.has(tokens.textOf(i))) continue;
      const span = declaredFunctionSpan(tokens, brackets, i, undefined);
      if (span) spans.push([span[0], span[1]]);
    }
  }
  return SpanSet.of(spans);
}

/** Adds the bare names among the arguments of the call of the member at `i` (`.catch(onError)`, `.then(ok, onError)`). */
function handedByName(tokens: Tokens, brackets: Brackets, i: number, into: Set<string>): void {
  const open = callOpenAfter(tokens, i);
  if (open < 0) return;
  const close = brackets.partner[open]!;
  for (let k = open + 1; k < close; k++) {
    if (isOpening(tokens, k)) k = brackets.partner[k]!;
    else if (tokens.isIdentifier(k) && (k === open + 1 || tokens.isPunct(k - 1, ',')) && (k + 1 === close || tokens.isPunct(k + 1, ','))) into.add(tokens.textOf(k));
  }
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
    if (tokens.kind[k] !== TokenKind.Identifier || tokens.end[k]! - tokens.start[k]! > LONGEST_NAME) continue;
    // A chain or call goes on after the name: the condition tests something else.
    if (tokens.isPunct(k + 1, '.') || tokens.isPunct(k + 1, '?.') || tokens.isPunct(k + 1, '(') || tokens.isPunct(k + 1, '[')) continue;
    const name = tokens.textOf(k);
    if (tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.') ? FAILED_FIELD.test(name) : ERROR_NAME.test(name) || STATUS.test(name)) return true;
  }
  return false;
}

/** A first parameter named like an error: its name's token (-1 when it is decorated, so it cannot be read), and whether it is the only one. */
interface ErrorParameter {
  name: number;
  only: boolean;
}

/**
 * The first parameter of the list opened at `open` when it is named like an error (`(err, res)`,
 * `(...err)`, `(private err)`); a decorated one (`(@Inject() err)`) counts, as it cannot be read here.
 */
function errorParameter(tokens: Tokens, brackets: Brackets, open: number): ErrorParameter | undefined {
  const close = brackets.partner[open]!;
  let k = open + 1;
  if (tokens.isPunct(k, '@')) return { name: -1, only: false };
  if (tokens.isPunct(k, '...')) k++;
  if (tokens.kind[k] !== TokenKind.Identifier) return undefined;
  while (MODIFIER_FIRST[tokens.text.charCodeAt(tokens.start[k]!)] === 1 && PARAMETER_MODIFIERS.hasToken(tokens, k) && tokens.isIdentifier(k + 1)) k++;
  if (tokens.end[k]! - tokens.start[k]! > LONGEST_NAME || ERROR_FIRST[tokens.text.charCodeAt(tokens.start[k]!)] !== 1) return undefined;
  if (!AFTER_PARAMETER.some((punct) => tokens.isPunct(k + 1, punct)) && close !== k + 1) return undefined;
  if (!ERROR_NAME.test(tokens.textOf(k))) return undefined;
  // The only parameter: no comma at the top level of the list but a trailing one (`(err,)`).
  let only = true;
  for (let j = k + 1; j < close; j++) {
    if (isOpening(tokens, j)) j = brackets.partner[j]!;
    else if (tokens.isPunct(j, ',') && j + 1 !== close) {
      only = false;
      break;
    }
  }
  return { name: k, only };
}

/**
 * Whether a function whose first parameter is named like an error (its head at token `head`, the
 * `(` of its parameters or its single parameter, its body ending at `end`) may be a failure handler as
 * the matcher reads one: an error-only callback (one parameter named `err` or `error`, handed to a
 * call or given as an observer's `error`), or a function whose body returns early when there is no
 * error (`if (!err) … return`, `if (err == null)`, see `hasSuccessGuard`).
 */
function handlesErrors(tokens: Tokens, head: number, parameter: ErrorParameter, end: number, guards: SuccessGuards): boolean {
  if (parameter.name < 0) return true;
  if (parameter.only && ONLY_ERROR.test(tokens.textOf(parameter.name)) && isArgumentOrErrorMember(tokens, head)) return true;
  return guards.within(head, end, tokens.textOf(parameter.name));
}

/** `err` or `error`: the name of an error-only callback's parameter. */
const ONLY_ERROR = /^(err|error)$/i;

/**
 * Whether the function whose head is at `head` is handed to a call (`(`, `,` before it, also after
 * `async`, `function`, a function expression's name) or is an observer's `error` (`error: (err) =>`,
 * `error(err) {`). Type parameters before the head cannot be followed here: they count.
 */
function isArgumentOrErrorMember(tokens: Tokens, head: number): boolean {
  let k = head - 1;
  if (tokens.isPunct(k, '>') || tokens.is(k, 'error')) return true;
  if (tokens.isIdentifier(k) && (tokens.is(k - 1, 'function') || tokens.isPunct(k - 1, '*'))) k--;
  if (tokens.isPunct(k, '*')) k--;
  if (tokens.is(k, 'function')) k--;
  if (tokens.is(k, 'async')) k--;
  if (tokens.isPunct(k, '(') || tokens.isPunct(k, ',')) return true;
  return tokens.isPunct(k, ':') && tokens.is(k - 1, 'error');
}

/**
 * The success guards of a text (`if (!err)`, `if (err == null)`, `if (err === undefined)`): the
 * tokens of the names they test, in order, found on first use.
 */
class SuccessGuards {
  private names: number[] | undefined;

  constructor(private readonly tokens: Tokens) {}

  /** Whether a guard on `name` is among tokens [from, to]. */
  within(from: number, to: number, name: string): boolean {
    const names = (this.names ??= this.find());
    for (let k = firstAtOrAfter(names, from); k < names.length && names[k]! <= to; k++) if (this.tokens.is(names[k]!, name)) return true;
    return false;
  }

  private find(): number[] {
    const tokens = this.tokens;
    const names: number[] = [];
    for (let i = 0; i + 4 < tokens.count; i++) {
      if (!tokens.isPunct(i + 1, '(') || !tokens.is(i, 'if')) continue;
      if (tokens.isPunct(i + 2, '!') && tokens.isIdentifier(i + 3) && tokens.isPunct(i + 4, ')')) names.push(i + 3);
      else if (tokens.isIdentifier(i + 2) && (tokens.isPunct(i + 3, '==') || tokens.isPunct(i + 3, '===')) && (tokens.is(i + 4, 'null') || tokens.is(i + 4, 'undefined')) && tokens.isPunct(i + 5, ')')) names.push(i + 2);
    }
    return names;
  }
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
