/**
 * Where the retry precondition (see `reinvoke.ts`) finds a name declared and where it finds one
 * invoked. Both run on most names of a file, so they read the tokens around a name as numbers (see
 * `token-codes.ts`) and never make a string of a token they do not keep.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { codeOfPunctuator, NOT_PUNCTUATOR, punctuatorCode, WordTable } from './token-codes.js';
import { afterTypeArguments, type Brackets } from './token-utils.js';

/** Words that cannot be an identifier reference: such a name is only ever invoked as a member (`this.catch(...)`). */
export const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with let static yield await implements ' +
    'interface package private protected public').split(' '),
);
const RESERVED_WORDS = new WordTable(RESERVED);
/**
 * Calls that take a function to run later: on a settled promise (`.catch(attempt)`), a timer
 * (`setTimeout(attempt, d)`), an event (`socket.on('close', this.connect)`) or a failed response
 * (`interceptors.response.use(ok, retryRequest)`).
 */
const DEFERRING = new Set(['then', 'finally', 'catch', 'setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'requestAnimationFrame', 'on', 'once', 'addEventListener', 'addListener', 'use']);
const DEFERRING_WORDS = new WordTable(DEFERRING);
/** Deferring calls that are promise methods, deferring only as members (`p.catch(f)`, not `catch (e)`). */
const PROMISE_METHODS = new Set(['then', 'finally', 'catch']);
const PROMISE_METHOD_WORDS = new WordTable(PROMISE_METHODS);
/** Tokens before a parameter's name: the list's start, a comma, a rest or a parameter property's modifier. */
const BEFORE_PARAMETER = new WordTable(['(', ',', '...', 'private', 'public', 'protected', 'readonly', 'override']);
/** Tokens before a name declared with a type, a `?` or a `!` (`{ attempt?: Fn`, `; op!: Fn`, `private op: Fn`). */
const BEFORE_TYPED_NAME = new WordTable(['{', '}', ';', ',', '(', 'private', 'public', 'protected', 'readonly', 'static', 'declare', 'override', 'abstract', 'accessor', 'const', 'let', 'var']);
/** Event handler properties a function assigned to runs from (`socket.onclose = this.connect`). */
const FAILURE_HANDLER_PROPERTIES = new WordTable(['onerror', 'onclose']);
/** Tokens before a `{` that opens a type literal, not a function body (`): { ok: boolean } {`). */
const TYPE_BRACE_AFTER = new WordTable([':', '|', '&', '<', ',', '=>', '(', '[', '?', 'keyof', 'typeof', 'readonly', 'extends', 'is', 'infer']);

const DOT = codeOfPunctuator('.');
const OPTIONAL_DOT = codeOfPunctuator('?.');
const STAR = codeOfPunctuator('*');
const ARROW = codeOfPunctuator('=>');
const COLON = codeOfPunctuator(':');
const QUESTION = codeOfPunctuator('?');
const BANG = codeOfPunctuator('!');
const EQUALS = codeOfPunctuator('=');
const OPEN_PAREN = codeOfPunctuator('(');
const CLOSE_PAREN = codeOfPunctuator(')');
const COMMA = codeOfPunctuator(',');
const LESS = codeOfPunctuator('<');
const OPEN_BRACE = codeOfPunctuator('{');

/** Whether token `k` is a punctuator or an identifier spelled as one of `words`. */
function punctuatorOrWordIn(tokens: Tokens, k: number, words: WordTable): boolean {
  const kind = tokens.kind[k];
  return (kind === TokenKind.Punctuator || kind === TokenKind.Identifier) && words.hasToken(tokens, k);
}

/**
 * The body of the function declared at `name` (`function name<T>(params): Type { body }`): its braces,
 * undefined when it has none (an overload or `declare function`), 'unknown' when the tokens are unclear.
 */
function functionBody(tokens: Tokens, brackets: Brackets, name: number): [number, number] | undefined | 'unknown' {
  const open = tokens.isPunct(name + 1, '<') ? afterTypeArguments(tokens, name + 1) : tokens.isPunct(name + 1, '(') ? name + 1 : -1;
  if (open < 0 || open === Infinity) return 'unknown';
  for (let k = brackets.partner[open]! + 1; k < tokens.count; ) {
    if (tokens.isPunct(k, ';')) return undefined;
    if (tokens.isPunct(k, '{') && !punctuatorOrWordIn(tokens, k - 1, TYPE_BRACE_AFTER)) return [k, brackets.partner[k]!];
    k = tokens.isPunct(k, '{') || tokens.isPunct(k, '(') || tokens.isPunct(k, '[') ? brackets.partner[k]! + 1 : k + 1;
    if (tokens.isPunct(k, '}') || tokens.isPunct(k, ')') || tokens.isPunct(k, ']')) return 'unknown';
  }
  return 'unknown';
}

/** Where a declared name may be invoked by what it names, and how. */
export interface Declaration {
  from: number;
  to: number;
  /** A parameter, variable or function name: invoked bare (`op()`), never as a member (`x.op()`). */
  bare: boolean;
  /**
   * A parameter: run again only after it was run once (its failure handled: `op().catch(() => op())`,
   * `try { op() } catch { op() }`), so it must be invoked twice.
   */
  parameter?: boolean;
  /** For a parameter: the `(` of the list holding it (the function it belongs to follows the list). */
  list?: number;
}

/**
 * The declaration at token `i`, if the name is declared there: the span of tokens where it can be
 * invoked by the function it names, or by the function it is a parameter of. That is the innermost
 * group holding the name (the group holding a parameter list, for a name inside parentheses), since
 * helpers a failure handler calls may be declared next to the function; the function's own body for
 * a top-level `function` (its helpers are declared inside it); the whole file for a member
 * assignment (`this.fn = fn`: a stored operation may run from any method of the class).
 */
export function declarationAt(tokens: Tokens, brackets: Brackets, i: number): Declaration | undefined {
  const p = i - 1;
  const next = i + 1;
  const before = punctuatorCode(tokens, p);
  const after = punctuatorCode(tokens, next);
  const member = before === DOT || before === OPTIONAL_DOT;
  const functionName = !member && (tokens.is(p, 'function') || (before === STAR && tokens.is(p - 1, 'function')));
  let bare = functionName || tokens.is(p, 'const') || tokens.is(p, 'let') || tokens.is(p, 'var') || after === ARROW;
  // A type, `?` or `!` after a name declares it only where a declaration may stand (not `x instanceof T ?`, `c ? a : b`).
  const typedName = (after === COLON || after === QUESTION || after === BANG) && (p < 0 || tokens.newlineBefore[i] === 1 || BEFORE_TYPED_NAME.hasToken(tokens, p));
  let declares = bare || before === STAR || after === EQUALS || typedName;
  // A method (`attempt(op) {`, `attempt<T>(op): T {`), not a call or a type reference (`: Promise<T>`).
  if (!declares && (after === OPEN_PAREN || after === LESS)) {
    const open = after === OPEN_PAREN ? next : afterTypeArguments(tokens, next);
    if (open === Infinity) declares = true;
    else if (open > 0) {
      const close = punctuatorCode(tokens, brackets.partner[open]! + 1);
      declares = close === OPEN_BRACE || close === COLON;
    }
  }
  let group = brackets.enclosing[i]!;
  let parameter = false;
  let list: number | undefined;
  // A parameter: `(op, retries)`, `(op: () => T)`, `(private readonly op)`; not a type (`(x: T)`) or a default (`(x = d)`).
  if (group >= 0 && tokens.isPunct(group, '(')) {
    const parameterName = p >= 0 && punctuatorOrWordIn(tokens, p, BEFORE_PARAMETER);
    if (parameterName && (after === COMMA || after === CLOSE_PAREN)) declares = true;
    else if (!parameterName && !functionName && !bare) declares = false;
    if (declares) {
      bare = true;
      parameter = parameterName;
      if (parameterName) list = group;
      group = brackets.enclosing[group]!;
    }
  }
  if (!declares) return undefined;
  const last = tokens.count - 1;
  if (member && after === EQUALS) return { from: 0, to: last, bare: false };
  if (functionName && group < 0) {
    const body = functionBody(tokens, brackets, i);
    if (body === undefined) return undefined;
    if (body !== 'unknown') return { from: body[0], to: body[1], bare };
  }
  return group < 0 ? { from: 0, to: last, bare, parameter, list } : { from: group, to: brackets.partner[group]!, bare, parameter, list };
}

/**
 * Whether the call whose `(` is at `open` defers the functions it is handed (see `DEFERRING`): true or
 * false when the callee ends with a name (`setTimeout(`, `p.then(`, `globalThis['setTimeout'](`);
 * undefined for a parenthesized expression (`return (attempt as Fn)(n)`: a keyword or an operator before it).
 */
function callDefers(tokens: Tokens, open: number): boolean | undefined {
  const before = open - 1;
  const member = tokens.isPunct(before - 1, '.') || tokens.isPunct(before - 1, '?.');
  if (tokens.kind[before] === TokenKind.Identifier) {
    if (!member && RESERVED_WORDS.hasToken(tokens, before)) return undefined;
    // `.catch(attempt)` defers; a `catch (error)` clause does not.
    return DEFERRING_WORDS.hasToken(tokens, before) && (!PROMISE_METHOD_WORDS.hasToken(tokens, before) || member);
  }
  if (!tokens.isPunct(before, ']')) return undefined;
  const callee = tokens.stringValue(before - 1);
  if (callee === undefined) return undefined;
  return DEFERRING.has(callee) && (!PROMISE_METHODS.has(callee) || member);
}

/** Whether the expression ending before token `k` is called there: `(`, `?.(`, `!(`, `.call(`, `.apply(`, `.bind(`. */
function calledAt(tokens: Tokens, k: number): boolean {
  if (tokens.isPunct(k, '!')) k++;
  if (tokens.isPunct(k, '(') || tokens.isPunct(k, '?.')) return true;
  return tokens.isPunct(k, '.') && (tokens.is(k + 1, 'call') || tokens.is(k + 1, 'apply') || tokens.is(k + 1, 'bind'));
}

/**
 * Whether the name at token `j` is invoked there: called (`attempt(`, `this.attempt?.(`,
 * `attempt.call(`, `attempt<T>(`), bound (`attempt.bind(`), or handed to a call that runs it later
 * (`setTimeout(attempt, d)`, `.catch(this.attempt)`, `.then(attempt)`). `handlerProperties`: false
 * when the file names no failure event handler property (see `FAILURE_HANDLER_PROPERTIES`), so no
 * name is invoked by being assigned to one.
 */
export function invokedAt(tokens: Tokens, brackets: Brackets, j: number, reserved: boolean, handlerProperties = true): boolean {
  const before = punctuatorCode(tokens, j - 1);
  if (reserved && before !== DOT && before !== OPTIONAL_DOT) return false;
  const next = j + 1;
  // `new Attempt()` constructs; it does not run a function again.
  if (before === NOT_PUNCTUATOR && tokens.is(j - 1, 'new')) return false;
  const after = punctuatorCode(tokens, next);
  if (after === OPEN_PAREN) {
    // A method declared here (`attempt(op) {`), not called; else a call.
    return !tokens.isPunct(brackets.partner[next]! + 1, '{');
  }
  // An optional call (`attempt?.()`); `x?.y` only reads a member.
  if (after === OPTIONAL_DOT && tokens.isPunct(next + 1, '(')) return true;
  if (after === DOT && (tokens.is(next + 1, 'call') || tokens.is(next + 1, 'apply') || tokens.is(next + 1, 'bind'))) return true;
  if (after === BANG && (tokens.isPunct(next + 1, '(') || tokens.isPunct(next + 1, '.') || tokens.isPunct(next + 1, ')') || tokens.isPunct(next + 1, ','))) return true;
  if (after === LESS && afterTypeArguments(tokens, next) !== -1) return true;
  const argumentEnd = after === CLOSE_PAREN || after === COMMA || after === BANG;
  // Most names end here (`x.y`, `x = y`, `x;`): neither an argument nor assigned to a handler.
  if (!handlerProperties && !argumentEnd && !tokens.is(next, 'as') && !tokens.is(next, 'satisfies')) return false;
  // Assigned to a failure event handler (`socket.onclose = this.connect`, through parentheses).
  let start = j;
  while ((tokens.isPunct(start - 1, '.') || tokens.isPunct(start - 1, '?.')) && (tokens.isIdentifier(start - 2) || tokens.isPunct(start - 2, ')'))) start -= 2;
  while (tokens.isPunct(start - 1, '(')) start--;
  // After type arguments (`.then<T>(attempt)`): an argument, not a parameter (`<T>(items: T[]) =>`).
  if (argumentEnd && tokens.isPunct(start - 1, '>')) return true;
  if (tokens.isPunct(start - 1, '=') && tokens.isIdentifier(start - 2) && FAILURE_HANDLER_PROPERTIES.hasToken(tokens, start - 2)) return true;
  // A type annotation (`listener: Handler)`) is no argument.
  if (before === COLON) return false;
  if (argumentEnd || tokens.is(next, 'as') || tokens.is(next, 'satisfies')) {
    // An argument (through parentheses and type assertions) of a deferring call; not an argument of
    // another call inside it (`.catch((error) => report(String(error)))` runs `String`, not `error`).
    let group = brackets.enclosing[j]!;
    for (let up = 0; up < 4 && group >= 0 && tokens.isPunct(group, '('); up++, group = brackets.enclosing[group]!) {
      const defers = callDefers(tokens, group);
      if (defers !== undefined) return defers;
      // The call of a call's result (`make()(attempt)`).
      if (tokens.isPunct(group - 1, ')')) return false;
      // A parenthesized callee, which the matchers read through (`(attempt as Fn)(n - 1)`, `(this.get)(url)`).
      if (calledAt(tokens, brackets.partner[group]! + 1)) return true;
    }
  }
  return false;
}
