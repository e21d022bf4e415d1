/**
 * The token-level precondition of the retry matcher `re-invokes-after-failure` (see `matchers/retry.ts`):
 * every structure that matcher accepts implies it, so a file where it fails cannot hold such a retry.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { RXJS } from '../libraries.js';
import { groupByHash, hashArray } from './hash-groups.js';
import { failureRegionsOf } from './failure-regions.js';
import { Names, UNNAMED_OBJECT } from './reinvoke-names.js';
import { mayHoldRetryLoop } from './reinvoke-loops.js';
import { declaredFunctionSpan } from './reinvoke-functions.js';
import { type RunAgain, runsWithoutReporting, whatRunsAgain } from './reinvoke-operations.js';
import { reRunsAfterItsFailure } from './reinvoke-parameters.js';
import { Reach } from './reinvoke-reach.js';
import { destructuresRequestField, readsRequestField } from './reinvoke-requests.js';
import { declarationAt, invokedAt, RESERVED } from './reinvoke-sites.js';
import { type Brackets, bracketsOf, hashesOf, hasModuleString, hashRange, hashWord, perText, readableAsCode } from './token-utils.js';

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
/** The hashes of the loop keywords, compared before their spelling. */
const FOR = hashWord('for');
const WHILE = hashWord('while');
const DO = hashWord('do');
/** The hashes of the failure event handler properties a function may be assigned to (`socket.onclose = this.connect`). */
const ONERROR = hashWord('onerror');
const ONCLOSE = hashWord('onclose');

/** `plusOneFieldRoot`: no field plus one at the token. */
const NO_FIELD = -2;
/** `plusOneFieldRoot`: a field plus one whose chain may start anywhere (parenthesized: `(job as Job).attempts + 1`). */
const ANY_ROOT = -1;

/**
 * `job.attempts + 1` or `1 + msg.attempt`: a field plus one, the attempt number a re-submission
 * carries forward (see `retry-utils/requeue.ts`). A bare name plus one (`page + 1`) moves on to the
 * next item instead; a parenthesized or asserted operand (`(n as number) + 1`) may hold a field.
 * The field counts when it is read from the work item, a parameter of the function (`job` of
 * `process(job)`): the token of its chain's root is returned for that test, `ANY_ROOT` when the
 * chain may start anywhere, `NO_FIELD` when the number at `i` is no field plus one.
 */
function plusOneFieldRoot(tokens: Tokens, brackets: Brackets, i: number): number {
  // The `+` first: most numbers have none beside them, and reading the value makes strings.
  const plusBefore = tokens.isPunct(i - 1, '+');
  if (!plusBefore && !tokens.isPunct(i + 1, '+')) return NO_FIELD;
  if (tokens.kind[i] !== TokenKind.Number || !spellsOne(tokens, i)) return NO_FIELD;
  if (plusBefore) {
    const k = i - 2;
    const field = (tokens.isIdentifier(k) && (tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.'))) || tokens.isPunct(k, ']') || tokens.isPunct(k, ')') || tokens.isPunct(k, '!');
    return field ? chainRoot(tokens, brackets, k) : NO_FIELD;
  }
  const k = i + 2;
  if (tokens.isPunct(k, '(')) return ANY_ROOT;
  if (!tokens.isIdentifier(k) || !(tokens.isPunct(k + 1, '.') || tokens.isPunct(k + 1, '?.') || tokens.isPunct(k + 1, '['))) return NO_FIELD;
  return k;
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
 * Whether a function or method may run itself again (or a parameter or stored operation may run
 * again): some name declared at one token is invoked at another token of the group around the
 * declaration, and what it names is something the recursion matcher runs again (see
 * `whatRunsAgain`): a function with a failure word, invoked where the matcher looks (see
 * `reinvoke-reach.ts`); a parameter of one, run twice in it; an operation a member stores, called
 * through `this`. Every re-invocation the matcher accepts (a self call from a catch, a
 * `.catch()`/`.then()` continuation, a scheduler, a local helper, a parameter run again, a stored
 * operation) is such a pair.
 */
function reinvokesADeclaredName(tokens: Tokens, brackets: Brackets, names: Names, handlerProperties: boolean): boolean {
  let reach: Reach | undefined;
  // Occurrences grouped by the hash of their name: names that share a hash share a group, and a pair
  // counts only when its names are equal.
  const groups = names.groups;
  const { head, next } = groups;
  for (let g = 0; g < groups.count; g++) {
    const slot = groups.order[g]!;
    if (groups.size[slot]! < 2) continue;
    // Most names are never invoked (variables, fields): their declarations need not be looked for.
    const invoked = invokedOccurrences(tokens, brackets, head[slot]!, next, RESERVED_HASHES.has(groups.hash[slot]!), handlerProperties);
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
        if (asMember ? !names.isSelfObject(objectOf(tokens, brackets, j)) : !declaration.bare) return false;
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
          if (reRunsAfterItsFailure(tokens, brackets, invoked.filter(invokes), target.parameterOf, failureRegionsOf(tokens, brackets))) return true;
          break;
        }
        // A function run by one of its names: from its own failure handlers, or a helper they reach.
        if (target.runs) {
          if ((reach ??= new Reach(tokens, brackets)).reaches(target.runs, j)) return true;
        } else if (callsStoredOperation(tokens, brackets, j, names) && failureRegionsOf(tokens, brackets).holds(tokens.start[j]!)) return true;
      }
    }
  }
  return false;
}

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

/** Whether the member at `j` is called as a stored operation is (`this._fn(`, `self._fn?.(`). */
function callsStoredOperation(tokens: Tokens, brackets: Brackets, j: number, names: Names): boolean {
  const called = tokens.isPunct(j + 1, '(') || (tokens.isPunct(j + 1, '?.') && tokens.isPunct(j + 2, '('));
  return called && tokens.kind[j] === TokenKind.Identifier && tokens.isPunct(j - 1, '.') && names.isThisAlias(objectOf(tokens, brackets, j));
}

/** The name of an identifier, or the value of a string key. */
function nameOf(tokens: Tokens, i: number): string {
  return tokens.kind[i] === TokenKind.Identifier ? tokens.textOf(i) : tokens.stringValue(i)!;
}

/**
 * The occurrences of a group (from `first` along `next`, see `groupByHash`) that are invoked (see
 * `invokedAt`); string keys always count. `mayBeReserved`: the hash is a reserved word's;
 * `handlerProperties`: the file may name a failure event handler property.
 */
function invokedOccurrences(tokens: Tokens, brackets: Brackets, first: number, next: Int32Array, mayBeReserved: boolean, handlerProperties: boolean): readonly number[] {
  let invoked: number[] | undefined;
  for (let j = first; j >= 0; j = next[j]!) {
    if (tokens.kind[j] !== TokenKind.Identifier || invokedAt(tokens, brackets, j, mayBeReserved && RESERVED.has(tokens.textOf(j)), handlerProperties)) (invoked ??= []).push(j);
  }
  return invoked ?? NONE;
}

const NONE: readonly number[] = [];

/**
 * Whether an rxjs function (see `RXJS_RETRY`) named at a token may be one the matcher reads: only in
 * a file that loads rxjs (the matcher follows rxjs imports only), and a notifier's `throwError` only
 * with a `timer` in the file.
 */
function rxjsRetryAt(tokens: Tokens, name: string): boolean {
  return hasModuleString(tokens, [RXJS]) && (name !== 'throwError' || hasIdentifier(tokens, 'timer'));
}

/**
 * Whether a request field (`config`, `request`, `options`) at token `i` (the name, or the `[` of an
 * element key) may be read as a resending error handler reads it (see `reinvoke-requests.ts`):
 * `send(error.config)`, `const config = error['config']`, `const { config } = error`.
 */
function requestFieldAt(tokens: Tokens, brackets: Brackets, i: number, names: Names): boolean {
  const member = tokens.isPunct(i, '[') || tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.');
  return member ? readsRequestField(tokens, brackets, i, names) : destructuresRequestField(tokens, brackets, i, names);
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
 * Whether the method named at `i` may hand itself on with a stored request (`this.dispatch(this.opts,
 * this)`, see `resubmitsItself`): `this` as an argument of its own (`(this`, `, this`, `<Handler>this`,
 * not `this.x`), and `this.` somewhere in the method.
 */
function handsItselfOn(tokens: Tokens, brackets: Brackets, i: number): boolean {
  const span = declaredFunctionSpan(tokens, brackets, i, undefined);
  if (!span) return true;
  let itself = false;
  let member = false;
  for (let k = i; k < tokens.count && tokens.start[k]! < span[1]; k++) {
    if (!tokens.is(k, 'this')) continue;
    const next = k + 1;
    if (tokens.isPunct(next, '.')) member = true;
    else if (!tokens.isPunct(next, '?.') && !tokens.isPunct(next, '[') && (tokens.isPunct(k - 1, '(') || tokens.isPunct(k - 1, ',') || tokens.isPunct(k - 1, '>'))) itself = true;
    if (itself && member) return true;
  }
  return false;
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

/** The tokens the first pass leaves to `readCandidates`, reused file after file. */
const candidates: number[] = [];

/** What `readCandidates` finds for the tests after it. */
interface Found {
  /** The `for`, `while` and `do` loop keywords, in order. */
  loops: number[];
  /**
   * Tests that ask whether a name is a parameter wait for the names to be grouped (see `Names`): the
   * roots of fields plus one (with the number each is added to, at the same index of `fieldOnes`),
   */
  fieldRoots: number[];
  fieldOnes: number[];
  /** Numbers one added to a field whose chain may start anywhere (`(job as Job).attempts + 1`), */
  anyRootOnes: number[];
  /** and the request fields. */
  requestFields: number[];
}

function reinvokesAfterFailure(tokens: Tokens): boolean {
  // Text the tokens may not show as code (JSX read without JSX, a stray quote, a broken file): no token-level conclusion.
  if (!readableAsCode(tokens)) return true;
  const brackets = bracketsOf(tokens)!;
  const text = tokens.text;
  // The first backslash at or after the identifier read last: identifiers come in order, so the text
  // is searched once, not from each identifier to the next backslash (which may be far on).
  let backslash = -1;
  // Whether the file may assign a function to a failure event handler (see `invokedAt`).
  let handlerProperties = false;
  // The hash of each identifier and element key, read here once and grouped later (see `reinvokesADeclaredName`).
  const hashes = hashArray(tokens.count);
  // A small loop over every token: it hashes the names and picks the few tokens a test may hold on
  // (`readCandidates` reads them after it). With those tests inlined, the loop was compiled again and
  // again while warming up, each time a branch it had not run before was met.
  candidates.length = 0;
  const { count, kind: kinds, start: starts, end: ends } = tokens;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i];
    hashes[i] = -1;
    if (kind === TokenKind.Identifier) {
      const start = starts[i]!;
      const end = ends[i]!;
      // An escaped identifier (`\u0061ttempt`) may spell any name: no token-level conclusion.
      if (backslash < start) {
        backslash = text.indexOf('\\', start);
        if (backslash === -1) backslash = text.length;
      }
      if (backslash < end) return true;
      const hash = hashRange(text, start, end);
      hashes[i] = hash;
      if (hash === ONERROR || hash === ONCLOSE) handlerProperties = true;
      const length = end - start;
      const failureCallback = FAILURE_CALLBACK_FIRST[text.charCodeAt(start)] === 1 && length >= FAILURE_CALLBACK_LENGTH[0] && length <= FAILURE_CALLBACK_LENGTH[1];
      if (failureCallback || hash === FOR || hash === WHILE || hash === DO || TELLING_HASHES.has(hash)) candidates.push(i);
    } else if (kind === TokenKind.Number) {
      if (tokens.isPunct(i - 1, '+') || tokens.isPunct(i + 1, '+')) candidates.push(i);
    } else if (kind === TokenKind.String || kind === TokenKind.Template) {
      const start = starts[i]!;
      const end = ends[i]!;
      // A string the line break ended (a stray quote): what follows on its line was not read as code.
      if (end - 1 === start || text.charCodeAt(end - 1) !== text.charCodeAt(start)) return true;
      if (tokens.isPunct(i + 1, ']')) candidates.push(i);
    }
  }
  const found: Found = { loops: [], fieldRoots: [], fieldOnes: [], anyRootOnes: [], requestFields: [] };
  if (readCandidates(tokens, brackets, hashes, found)) return true;
  if (mayHoldRetryLoop(tokens, brackets, found.loops, hashes)) return true;
  // The attempt number carried forward and the request sent again are read in a failure handler.
  const inHandler = (i: number): boolean => failureRegionsOf(tokens, brackets).holds(tokens.start[i]!);
  if (found.anyRootOnes.some(inHandler)) return true;
  const names = new Names(tokens, brackets, groupByHash(hashes, count));
  if (found.fieldRoots.some((root, k) => inHandler(found.fieldOnes[k]!) && names.isParameter(tokens.textOf(root)))) return true;
  if (found.requestFields.some((i) => inHandler(i) && requestFieldAt(tokens, brackets, i, names))) return true;
  return reinvokesADeclaredName(tokens, brackets, names, handlerProperties);
}

/**
 * The tests of the tokens the first pass picked (see `candidates`), in order: true when one holds
 * already (an rxjs retry, a failure callback declared as a method, a field plus one read from any
 * root); else what the later tests read is put in `found`, and element keys get their hashes.
 */
function readCandidates(tokens: Tokens, brackets: Brackets, hashes: Int32Array, found: Found): boolean {
  for (const i of candidates) {
    const kind = tokens.kind[i];
    if (kind === TokenKind.Number) {
      const root = plusOneFieldRoot(tokens, brackets, i);
      if (root === ANY_ROOT) found.anyRootOnes.push(i);
      else if (root !== NO_FIELD) {
        found.fieldRoots.push(root);
        found.fieldOnes.push(i);
      }
    } else if (kind === TokenKind.Identifier) {
      const hash = hashes[i]!;
      if (TELLING_HASHES.has(hash) && TELLING_NAMES.has(tokens.textOf(i))) {
        const name = tokens.textOf(i);
        if (!RXJS_RETRY.has(name)) found.requestFields.push(i);
        else if (rxjsRetryAt(tokens, name)) return true;
      }
      const length = tokens.end[i]! - tokens.start[i]!;
      if (FAILURE_CALLBACK_FIRST[tokens.text.charCodeAt(tokens.start[i]!)] === 1 && length >= FAILURE_CALLBACK_LENGTH[0] && length <= FAILURE_CALLBACK_LENGTH[1] && FAILURE_CALLBACK.test(tokens.textOf(i)) && declaresMethodAt(tokens, brackets, i) && handsItselfOn(tokens, brackets, i)) return true;
      if ((hash === FOR || hash === WHILE || hash === DO) && (tokens.is(i, 'for') || tokens.is(i, 'while') || tokens.is(i, 'do')) && !tokens.isPunct(i - 1, '.') && !tokens.isPunct(i - 1, '?.')) found.loops.push(i);
    } else {
      // `this['attempt']()`: an element access with a literal key is the member itself, which the
      // matchers read as such (`error['config']`).
      const value = tokens.stringValue(i);
      if (value === undefined) continue;
      const hash = hashWord(value);
      hashes[i] = hash;
      if (!tokens.isPunct(i - 1, '[') || !TELLING_HASHES.has(hash) || !TELLING_NAMES.has(value)) continue;
      if (!RXJS_RETRY.has(value)) found.requestFields.push(i - 1);
      else if (rxjsRetryAt(tokens, value)) return true;
    }
  }
  return false;
}
