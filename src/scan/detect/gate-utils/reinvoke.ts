/**
 * The token-level precondition of the retry matcher `re-invokes-after-failure` (see `matchers/retry.ts`):
 * every structure that matcher accepts implies it, so a file where it fails cannot hold such a retry.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { RXJS } from '../libraries.js';
import { groupByHash, hashArray } from './hash-groups.js';
import { mayHoldRetryLoop } from './reinvoke-loops.js';
import { type Span } from './reinvoke-functions.js';
import { type RunAgain, runsWithoutReporting, whatRunsAgain } from './reinvoke-operations.js';
import { Reach } from './reinvoke-reach.js';
import { destructuresRequestField, readsRequestField } from './reinvoke-requests.js';
import { declarationAt, invokedAt, RESERVED } from './reinvoke-sites.js';
import { type Brackets, bracketsOf, hashesOf, hasModuleString, hashRange, hashWord, perText, readableAsCode, spellsOneOf } from './token-utils.js';

/** A handler object's failure callback (the `resubmitsItself` form). */
const FAILURE_CALLBACK = /^#?_?(on|handle)_?(error|failure|fail|reject|rejection)$/i;
/** The fields of a failed HTTP request an error handler resends (`axios(error.config)`). */
const REQUEST_FIELDS = new Set(['config', 'request', 'options']);
/**
 * rxjs functions the retry matcher reads: operators (`retryWhen(notifier)`, `retry({ delay })`), and a
 * notifier's give-up (`throwError`, with a `timer` on the other branch).
 */
const RXJS_RETRY = new Set(['retry', 'retryWhen', 'throwError']);


const RESERVED_HASHES = hashesOf(RESERVED);
/** Names whose occurrence as an identifier or string (an element access key) keeps the rule (see `mayReinvokeAfterFailure`). */
const TELLING_NAMES = new Set([...RXJS_RETRY, ...REQUEST_FIELDS]);
const TELLING_HASHES = hashesOf(TELLING_NAMES);
/** First characters `FAILURE_CALLBACK` accepts, and the lengths it accepts (`onFail` to `#_handle_rejection`). */
const FAILURE_CALLBACK_FIRST = new Uint8Array(128);
for (const c of '#_oOhH') FAILURE_CALLBACK_FIRST[c.charCodeAt(0)] = 1;
const FAILURE_CALLBACK_LENGTH = [6, 18] as const;

/**
 * `job.attempts + 1` or `1 + msg.attempt`: a field plus one, the attempt number a re-submission
 * carries forward (see `retry-utils/requeue.ts`). A bare name plus one (`page + 1`) moves on to the
 * next item instead; a parenthesized or asserted operand (`(n as number) + 1`) may hold a field.
 */
function fieldPlusOne(tokens: Tokens, brackets: Brackets, i: number, parameters: () => ReadonlySet<string>): boolean {
  // The `+` first: most numbers have none beside them, and reading the value makes strings.
  const plusBefore = tokens.isPunct(i - 1, '+');
  if (!plusBefore && !tokens.isPunct(i + 1, '+')) return false;
  if (tokens.kind[i] !== TokenKind.Number || !spellsOne(tokens, i)) return false;
  let root = -1;
  if (plusBefore) {
    const k = i - 2;
    const field = (tokens.isIdentifier(k) && (tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.'))) || tokens.isPunct(k, ']') || tokens.isPunct(k, ')') || tokens.isPunct(k, '!');
    if (!field) return false;
    root = chainRoot(tokens, brackets, k);
  } else if (tokens.isPunct(i + 1, '+')) {
    const k = i + 2;
    if (tokens.isPunct(k, '(')) return true;
    if (!tokens.isIdentifier(k) || !(tokens.isPunct(k + 1, '.') || tokens.isPunct(k + 1, '?.') || tokens.isPunct(k + 1, '['))) return false;
    root = k;
  } else return false;
  // The field is read from the work item, a parameter of the function (`job` of `process(job)`).
  return root < 0 || parameters().has(tokens.textOf(root));
}

/** Whether the number token `i` is one (`1`, also `1.0`, `0x1`, `1_0e-1`). */
function spellsOne(tokens: Tokens, i: number): boolean {
  const start = tokens.start[i]!;
  if (tokens.end[i]! - start === 1) return tokens.text.charCodeAt(start) === 49; /* 1 */
  return Number(tokens.textOf(i).replace(/_/g, '')) === 1;
}

/**
 * The root name of the member chain ending at token `k` (`job` in `job.opts.attempts`, `list[i]`,
 * `make(job).n`), or -1 when the chain starts in parentheses (`(job as Job).attempts`: any root).
 */
function chainRoot(tokens: Tokens, brackets: Brackets, k: number): number {
  for (let steps = 0; steps < 64 && k >= 0; steps++) {
    if (tokens.isPunct(k, ')') || tokens.isPunct(k, ']')) k = brackets.partner[k]! - 1;
    else if (tokens.isPunct(k, '!')) k--;
    else if (!tokens.isIdentifier(k)) return -1;
    else if (tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.')) k -= 2;
    else return tokens.is(k - 1, 'new') || !RESERVED.has(tokens.textOf(k)) ? k : -1;
  }
  return -1;
}

/**
 * Names that may be a parameter of a function, found on first use: in a parenthesized list that a
 * body or a return type follows (`(job, done) {`, `(job: Job) =>`), or before `=>` (`job =>`).
 */
function lazyParameters(tokens: Tokens, brackets: Brackets): () => ReadonlySet<string> {
  let names: Set<string> | undefined;
  return () => {
    if (names) return names;
    names = new Set();
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.kind[i] !== TokenKind.Identifier) continue;
      if (tokens.isPunct(i + 1, '=>')) names.add(tokens.textOf(i));
      const list = brackets.enclosing[i]!;
      if (list < 0 || !tokens.isPunct(list, '(') || !endsParameter(tokens, i + 1)) continue;
      if ((tokens.isPunct(i - 1, '(') || tokens.isPunct(i - 1, ',') || tokens.isPunct(i - 1, '...') || tokens.isIdentifier(i - 1)) && startsBody(tokens, brackets.partner[list]! + 1)) names.add(tokens.textOf(i));
    }
    return names;
  };
}

/**
 * Whether a function or method may run itself again (or a parameter or stored operation may run
 * again): some name declared at one token is invoked at another token of the group around the
 * declaration, and what it names is something the recursion matcher runs again (see
 * `whatRunsAgain`): a function with a failure word, invoked where the matcher looks (see
 * `reinvoke-reach.ts`); a parameter of one, run twice in it; an operation a member stores, called
 * through `this`. Every re-invocation the matcher accepts (a self call from a catch, a
 * `.catch()`/`.then()` continuation, a scheduler, a local helper, a parameter run again, a stored
 * operation) is such a pair.
 */
function reinvokesADeclaredName(tokens: Tokens, brackets: Brackets, hashes: Int32Array): boolean {
  let objects: Set<string> | undefined;
  let reach: Reach | undefined;
  let aliases: Set<string> | undefined;
  const thisAliases = (): Set<string> => (aliases ??= aliasesOfThis(tokens));
  const selfObjects = (): Set<string> => (objects ??= objectsASelfCallGoesThrough(tokens));
  // Occurrences grouped by the hash of their name (names that share a hash share a group, and a
  // pair counts only when its names are equal). Identifiers come hashed (see `reinvokesAfterFailure`).
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i];
    if (kind === TokenKind.Identifier) continue;
    hashes[i] = -1;
    // `this['attempt']()`: an element access with a literal key is the member itself.
    if ((kind === TokenKind.String || kind === TokenKind.Template) && tokens.isPunct(i + 1, ']')) {
      const value = tokens.stringValue(i);
      if (value !== undefined) hashes[i] = hashWord(value);
    }
  }
  const groups = groupByHash(hashes, tokens.count);
  const { head, next } = groups;
  for (let g = 0; g < groups.count; g++) {
    const slot = groups.order[g]!;
    if (groups.size[slot]! < 2) continue;
    // Most names are never invoked (variables, fields): their declarations need not be looked for.
    const invoked = invokedOccurrences(tokens, brackets, head[slot]!, next, RESERVED_HASHES.has(groups.hash[slot]!));
    if (invoked.length === 0) continue;
    for (let i = head[slot]!; i >= 0; i = next[i]!) {
      if (tokens.kind[i] !== TokenKind.Identifier) continue;
      const declaration = declarationAt(tokens, brackets, i);
      if (!declaration) continue;
      let name: string | undefined;
      /** Whether the occurrence at `j` invokes what is declared at `i`. */
      const invokes = (j: number): boolean => {
        if (j === i || j < declaration.from || j > declaration.to) return false;
        // A bare name (a parameter, variable or function) is not invoked as a member (`x.op()`).
        const asMember = tokens.kind[j] !== TokenKind.Identifier || tokens.isPunct(j - 1, '.') || tokens.isPunct(j - 1, '?.');
        if (declaration.bare && asMember) return false;
        // A method runs itself through `this` (or an alias of it, its object, its class), not through
        // another object, nor by a bare name (`spawn()` is not the class's `spawn` method).
        if (asMember ? !selfObjects().has(objectOf(tokens, brackets, j)) : !declaration.bare) return false;
        name ??= nameOf(tokens, i);
        return nameOf(tokens, j) === name;
      };
      let target: RunAgain | null | undefined;
      let runs = 0;
      // For a parameter: invocations that hand on no error (`op()`, not `callback(err)`).
      let rerun = !declaration.parameter;
      for (const j of invoked) {
        if (!invokes(j)) continue;
        runs++;
        rerun ||= runsWithoutReporting(tokens, brackets, j);
        if (runs < (declaration.parameter ? 2 : 1) || !rerun) continue;
        target ??= whatRunsAgain(tokens, brackets, i, declaration.list) ?? null;
        if (target === null) break;
        // A parameter is run first and again in its own function (or the call it is handed to).
        if (target.parameterOf) {
          if (runsTwiceWithin(tokens, brackets, invoked.filter(invokes), target.parameterOf)) return true;
          break;
        }
        // A function run by one of its names: from its own failure handlers, or a helper they reach.
        if (target.runs) {
          if ((reach ??= new Reach(tokens, brackets)).reaches(target.runs, j)) return true;
        } else if (callsStoredOperation(tokens, brackets, j, thisAliases)) return true;
      }
    }
  }
  return false;
}

/** Whether a parameter is invoked twice within `span`, once at least without handing on an error (see `runsWithoutReporting`). */
function runsTwiceWithin(tokens: Tokens, brackets: Brackets, invocations: readonly number[], span: Span): boolean {
  let runs = 0;
  let rerun = false;
  for (const j of invocations) {
    if (tokens.start[j]! < span[0] || tokens.end[j]! > span[1]) continue;
    runs++;
    rerun ||= runsWithoutReporting(tokens, brackets, j);
    if (runs >= 2 && rerun) return true;
  }
  return false;
}

/** Marks an object the tokens cannot name (`(this as any).attempt()`, `list[0].attempt()`): any may be the function's own. */
const UNNAMED_OBJECT = '';

/** Marks a call's result as the object (`make().attempt()`): the matcher's chains never name one as a function's own. */
const CALL_RESULT = '()';

/**
 * The object a member at `j` is read from (`this` in `this.attempt`, `this['attempt']`), `CALL_RESULT`
 * for a call's result, or `UNNAMED_OBJECT` (a parenthesized object the matcher reads through: `(this as any).attempt`).
 */
function objectOf(tokens: Tokens, brackets: Brackets, j: number): string {
  const object = j - 2;
  if (tokens.isIdentifier(object)) return tokens.textOf(object);
  if (tokens.isPunct(object, ')')) {
    // A callee before the parentheses (`make(`, `f()(`, `list[0](`), not a keyword (`return (this as any).attempt()`).
    const callee = brackets.partner[object]! - 1;
    if ((tokens.isIdentifier(callee) && !RESERVED.has(tokens.textOf(callee))) || tokens.isPunct(callee, ')') || tokens.isPunct(callee, ']')) return CALL_RESULT;
  }
  return UNNAMED_OBJECT;
}

/** Names given `this` (`const self = this`), through which the matcher runs a stored operation. */
function aliasesOfThis(tokens: Tokens): Set<string> {
  const aliases = new Set(['this']);
  for (let i = 0; i < tokens.count; i++) if (tokens.isPunct(i, '=') && tokens.is(i + 1, 'this') && tokens.isIdentifier(i - 1)) aliases.add(tokens.textOf(i - 1));
  return aliases;
}

/** Whether the member at `j` is called as a stored operation is (`this._fn(`, `self._fn?.(`). */
function callsStoredOperation(tokens: Tokens, brackets: Brackets, j: number, aliases: () => Set<string>): boolean {
  const called = tokens.isPunct(j + 1, '(') || (tokens.isPunct(j + 1, '?.') && tokens.isPunct(j + 2, '('));
  return called && tokens.kind[j] === TokenKind.Identifier && tokens.isPunct(j - 1, '.') && aliases().has(objectOf(tokens, brackets, j));
}

/**
 * The objects through which a function may call itself as a member (see `selfNames` in
 * `retry-utils/failure-handlers.ts`): `this`, an alias of it (`const self = this`), the object literal
 * holding a method (`const api = {`), `exports`, a class or function of the file (static members,
 * `Foo.prototype`), and any object the file assigns members to (`Foo.m = function () {}`).
 */
function objectsASelfCallGoesThrough(tokens: Tokens): Set<string> {
  const objects = new Set(['this', 'exports', 'prototype', UNNAMED_OBJECT]);
  for (let i = 0; i < tokens.count; i++) {
    if (!tokens.isIdentifier(i)) continue;
    const assigned = tokens.isPunct(i + 1, '=') && (tokens.is(i + 2, 'this') || tokens.isPunct(i + 2, '{'));
    const declared = tokens.is(i - 1, 'class') || tokens.is(i - 1, 'function');
    const holder = tokens.isPunct(i + 1, '.') && tokens.isIdentifier(i + 2) && tokens.isPunct(i + 3, '=');
    if (assigned || declared || holder) objects.add(tokens.textOf(i));
  }
  return objects;
}

/** The name of an identifier, or the value of a string key. */
function nameOf(tokens: Tokens, i: number): string {
  return tokens.kind[i] === TokenKind.Identifier ? tokens.textOf(i) : tokens.stringValue(i)!;
}

/**
 * The occurrences of a group (from `first` along `next`, see `groupByHash`) that are invoked (see
 * `invokedAt`); string keys always count. `mayBeReserved`: the hash is a reserved word's.
 */
function invokedOccurrences(tokens: Tokens, brackets: Brackets, first: number, next: Int32Array, mayBeReserved: boolean): readonly number[] {
  let invoked: number[] | undefined;
  for (let j = first; j >= 0; j = next[j]!) {
    if (tokens.kind[j] !== TokenKind.Identifier || invokedAt(tokens, brackets, j, mayBeReserved && RESERVED.has(tokens.textOf(j)))) (invoked ??= []).push(j);
  }
  return invoked ?? NONE;
}

const NONE: readonly number[] = [];

/**
 * Names that may be a function's first parameter, found on first use: before `=>` (`error =>`), or
 * first in a parenthesized list that a body or a return type follows (`(error) =>`, `function (err) {`,
 * `(error: AxiosError): Promise<T> =>`), not first in a call's arguments (`send(connection.config)`).
 */
function lazyFirstParameters(tokens: Tokens, brackets: Brackets): () => ReadonlySet<string> {
  let names: Set<string> | undefined;
  return () => {
    if (names) return names;
    names = new Set();
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.kind[i] !== TokenKind.Identifier || tokens.is(i, 'this')) continue;
      if (tokens.isPunct(i + 1, '=>') || (tokens.isPunct(i - 1, '(') && endsParameter(tokens, i + 1) && startsBody(tokens, brackets.partner[i - 1]! + 1))) names.add(tokens.textOf(i));
    }
    return names;
  };
}

/** Whether token `k`, after a parameter's name, ends the name: `,` `)`, a type `:`, a default `=`, an optional `?`. */
function endsParameter(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, ',') || tokens.isPunct(k, ')') || tokens.isPunct(k, ':') || tokens.isPunct(k, '=') || tokens.isPunct(k, '?');
}

/** Whether token `k`, after a parameter list, starts a body or a return type: `{`, `=>`, `:`. */
function startsBody(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, '{') || tokens.isPunct(k, '=>') || tokens.isPunct(k, ':');
}

/**
 * Whether a telling name (see `TELLING_NAMES`) at token `i` (the name, or the `[` of an element key)
 * may be read as the matchers read it:
 * - a request field (`config`, `request`, `options`) as a resending error handler reads it (see
 *   `reinvoke-requests.ts`): `send(error.config)`, `const config = error['config']`, `const { config } = error`;
 * - an rxjs function only in a file that loads rxjs (the matcher follows rxjs imports only), and a
 *   notifier's `throwError` only with a `timer` in the file.
 */
function tellingAt(tokens: Tokens, brackets: Brackets, i: number, name: string, parameters: () => ReadonlySet<string>): boolean {
  if (RXJS_RETRY.has(name)) return hasModuleString(tokens, [RXJS]) && (name !== 'throwError' || hasIdentifier(tokens, 'timer'));
  const member = tokens.isPunct(i, '[') || tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.');
  return member ? readsRequestField(tokens, brackets, i, parameters) : destructuresRequestField(tokens, brackets, i, parameters);
}

/** Whether some identifier of the tokens is `word`. */
function hasIdentifier(tokens: Tokens, word: string): boolean {
  for (let i = 0; i < tokens.count; i++) if (tokens.is(i, word)) return true;
  return false;
}

/** Whether the name at `i` declares a method (`onError(err) {`, `onError(err): void {`, `onError<T>(`): not a call. */
function declaresMethodAt(tokens: Tokens, brackets: Brackets, i: number): boolean {
  if (tokens.isPunct(i + 1, '<')) return true;
  if (!tokens.isPunct(i + 1, '(')) return false;
  const close = brackets.partner[i + 1]!;
  return tokens.isPunct(close + 1, '{') || tokens.isPunct(close + 1, ':');
}

/**
 * The precondition of `re-invokes-after-failure` (see `matchers/retry.ts`): a retry loop, a
 * re-invoking failure handler, an rxjs retry operator, a resent failed request, a re-submission with
 * the next attempt number, or a handler object that dispatches itself again.
 */
export function mayReinvokeAfterFailure(tokens: Tokens): boolean {
  // Two rules ask (the retry rule, and the reliability manager's composition): the answer is kept per text.
  return perText(tokens, 'reinvokes', () => reinvokesAfterFailure(tokens));
}

function reinvokesAfterFailure(tokens: Tokens): boolean {
  // Text the tokens may not show as code (JSX read without JSX, a stray quote, a broken file): no token-level conclusion.
  if (!readableAsCode(tokens)) return true;
  const brackets = bracketsOf(tokens)!;
  const text = tokens.text;
  // Without a backslash in the file, no token holds an escape: names are read from the text as is.
  const escapes = text.includes('\\');
  // The first backslash at or after the identifier read last: identifiers come in order, so the text
  // is searched once, not from each identifier to the next backslash (which may be far on).
  let backslash = escapes ? -1 : text.length;
  const parameters = lazyFirstParameters(tokens, brackets);
  const allParameters = lazyParameters(tokens, brackets);
  const loops: number[] = [];
  // The hash of each identifier, read here once and grouped later (see `reinvokesADeclaredName`).
  const hashes = hashArray(tokens.count);
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i];
    const start = tokens.start[i]!;
    const end = tokens.end[i]!;
    if (kind === TokenKind.Number) {
      if (fieldPlusOne(tokens, brackets, i, allParameters)) return true;
      continue;
    }
    if (kind === TokenKind.String || kind === TokenKind.Template) {
      // A string the line break ended (a stray quote): what follows on its line was not read as code.
      if (end - 1 === start || text.charCodeAt(end - 1) !== text.charCodeAt(start)) return true;
      // Also the keys of element accesses, which the matchers read as members (`error['config']`).
      if (!tokens.isPunct(i - 1, '[') || !tokens.isPunct(i + 1, ']')) continue;
      const value = escapes ? tokens.stringValue(i) : spellsOneOf(tokens, start + 1, end - 1, TELLING_HASHES, TELLING_NAMES) ? text.slice(start + 1, end - 1) : undefined;
      if (value !== undefined && TELLING_NAMES.has(value) && tellingAt(tokens, brackets, i - 1, value, parameters)) return true;
      continue;
    }
    if (kind !== TokenKind.Identifier) continue;
    // An escaped identifier (`\u0061ttempt`) may spell any name: no token-level conclusion.
    if (backslash < start) {
      backslash = text.indexOf('\\', start);
      if (backslash === -1) backslash = text.length;
    }
    if (backslash < end) return true;
    const hash = hashRange(text, start, end);
    hashes[i] = hash;
    if (TELLING_HASHES.has(hash) && TELLING_NAMES.has(tokens.textOf(i)) && tellingAt(tokens, brackets, i, tokens.textOf(i), parameters)) return true;
    const length = end - start;
    if (FAILURE_CALLBACK_FIRST[text.charCodeAt(start)] === 1 && length >= FAILURE_CALLBACK_LENGTH[0] && length <= FAILURE_CALLBACK_LENGTH[1] && FAILURE_CALLBACK.test(tokens.textOf(i)) && declaresMethodAt(tokens, brackets, i)) return true;
    if ((tokens.is(i, 'for') || tokens.is(i, 'while') || tokens.is(i, 'do')) && !tokens.isPunct(i - 1, '.') && !tokens.isPunct(i - 1, '?.')) loops.push(i);
  }
  return mayHoldRetryLoop(tokens, brackets, loops) || reinvokesADeclaredName(tokens, brackets, hashes);
}
