/**
 * The token-level reading of a breaker's trip (`guardedTransitions` and `isFailureCondition` in
 * `matchers/breaker.ts`): a move to an open state under a condition about failures, in the same
 * function. A file with an `'open'` somewhere and an `error` somewhere else holds no such trip; this
 * reads where the words are.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { someGuardStretch } from './guards.js';
import { type CountedNames, countedNames } from './increments.js';
import { type Brackets, tokenAtOrBefore } from './token-utils.js';

/** What a token must contain to stand for an open state, a trip or an open flag (`closed = false`). */
const OPEN_TEXT = /open|trip|broken|closed/gi;
/** An identifier naming the open state (`STATE_WORD` of the open category in `matchers/breaker.ts`). */
const OPEN_WORD = /^(?:state_?|circuit_?|status_?|breaker_?)?(?:open|opened|tripped|broken)$/i;
/** A string naming it, read as the matcher reads one: its letters, lower case. */
const OPEN_LETTERS = new Set(['open', 'opened', 'tripped', 'broken']);
/** A field keeping the open state as a time (`OPEN_MARKER`). */
const OPEN_MARKER = /^_?(opened|open|tripped)_?(at|since|until|time|timestamp|deadline|expiry|expires|till)$/i;
/** A boolean state flag (`BOOLEAN_STATE`): `isOpen = true` or `closed = false` opens. */
const BOOLEAN_STATE = /^(?:is_?)?(open|opened|tripped|broken|closed)$/i;
/** A method that opens (`TRIP_CALL`), called as a member (`this.trip()`). */
const TRIP_CALL = /^_?(open|trip|toOpen|openCircuit|tripBreaker|moveToOpen|transitionToOpen|setOpen|markOpen)$/i;
/** What a condition about failures names (`FAILURE_NAME` and the threshold words of `isFailureCondition`). */
const FAILURE_GUARD = /fail|error|errs|fault|strike|consecutive|threshold|shouldtrip|shouldopen|exceed/i;

/** Whether token `i` may be where a unit moves to an open state (see `breakerFacts` in `matchers/breaker.ts`). */
function mayOpenAt(tokens: Tokens, brackets: Brackets, i: number): boolean {
  const kind = tokens.kind[i];
  if (kind === TokenKind.Identifier) {
    const name = tokens.textOf(i).replace(/^#/, '');
    if (OPEN_WORD.test(name) && isAssignedOrPassed(tokens, brackets, i)) return true;
    if (OPEN_MARKER.test(name) && isAssignedTo(tokens, i + 1)) return true;
    if (BOOLEAN_STATE.test(name) && assignsABoolean(tokens, i + 1)) return true;
    return TRIP_CALL.test(name) && (tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.'));
  }
  if (kind === TokenKind.String || kind === TokenKind.Template) {
    const value = tokens.stringValue(i) ?? '';
    if (OPEN_LETTERS.has(value.toLowerCase().replace(/[^a-z]/g, ''))) return isAssignedOrPassed(tokens, brackets, tokens.isPunct(i + 1, ']') ? i + 1 : i);
    // An element access's key: `s['openedAt'] = Date.now()`, `s['isOpen'] = true`.
    if (!tokens.isPunct(i + 1, ']')) return false;
    return (OPEN_MARKER.test(value) && isAssignedTo(tokens, i + 2)) || (BOOLEAN_STATE.test(value) && assignsABoolean(tokens, i + 2));
  }
  if (kind === TokenKind.TemplatePart) {
    // A store key ending in the state (`${name}:open`): the last segment of the template's tail.
    const text = tokens.textOf(i);
    if (!text.endsWith('`')) return false;
    const tail = text.slice(1, -1);
    return tail.includes('\\') || OPEN_LETTERS.has(/[\w-]*$/.exec(tail)![0].toLowerCase().replace(/[^a-z]/g, ''));
  }
  return false;
}

/**
 * Whether the value ending at token `last` (a state name, `State.OPEN`, `'open'`, `S['OPEN']`) is all
 * of an assigned value, an initializer, a property's value or a call's argument: a state the unit
 * moves to, not one it compares with (`readyState === OPEN`) or reads from (`open.length`).
 */
function isAssignedOrPassed(tokens: Tokens, brackets: Brackets, last: number): boolean {
  const after = last + 1;
  const ends = after >= tokens.count || tokens.newlineBefore[after] === 1 || [';', ',', ')', ']', '}', ':'].some((p) => tokens.isPunct(after, p));
  if (!ends) return false;
  // Back over the chain the value is read through (`this.states.OPEN`, `getStates().OPEN`, `S['OPEN']`).
  let k = last;
  for (;;) {
    if (tokens.isPunct(k, ']') || tokens.isPunct(k, ')')) k = brackets.partner[k]! - 1;
    else if (tokens.isIdentifier(k) && (tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.'))) k -= 2;
    else if (tokens.isPunct(k, '!')) k--;
    else break;
  }
  const before = k - 1;
  if (tokens.isPunct(before, '=') || tokens.isPunct(before, '(') || tokens.isPunct(before, ',')) return true;
  // A property's value (`{ state: 'open' }`) counts under a state's name; a ternary's `: 'open'` is no value of its own.
  if (!tokens.isPunct(before, ':')) return false;
  const key = nameOfToken(tokens, before - 1);
  return tokens.isPunct(before - 1, ']') || (key !== undefined && STATE_KEY.test(key));
}

/** The names a state's initializer goes by (`breakerFacts`: a property or variable named `state` or `status`). */
const STATE_KEY = /state|status/i;

function nameOfToken(tokens: Tokens, k: number): string | undefined {
  if (tokens.isIdentifier(k)) return tokens.textOf(k);
  return tokens.kind[k] === TokenKind.String || tokens.kind[k] === TokenKind.Template ? tokens.stringValue(k) : undefined;
}

/** Whether an assignment starts at token `i`, after a `]`, `)` or `!` closing the target. */
function isAssignedTo(tokens: Tokens, i: number): boolean {
  while (tokens.isPunct(i, ')') || tokens.isPunct(i, '!') || tokens.isPunct(i, ']')) i++;
  return tokens.isPunct(i, '=');
}

/** Whether `= true` or `= false` starts at token `i`, after a `)` or `!` around the target. */
function assignsABoolean(tokens: Tokens, i: number): boolean {
  while (tokens.isPunct(i, ')') || tokens.isPunct(i, '!')) i++;
  return tokens.isPunct(i, '=') && (tokens.is(i + 1, 'true') || tokens.is(i + 1, 'false'));
}

/**
 * Whether the file may hold a breaker's trip: a move to an open state (an open state assigned or
 * passed, an open-time marker, an open flag set, a trip method called) with a condition about failures
 * (a failure word, or a name the file increments) among its guards in the same function.
 */
export function mayTripOnFailures(tokens: Tokens, brackets: Brackets): boolean {
  let counted: CountedNames | undefined;
  const aboutFailures = (from: number, to: number): boolean => {
    for (let k = from; k < to; k++) {
      if (tokens.kind[k] !== TokenKind.Identifier) continue;
      const name = tokens.textOf(k);
      if (FAILURE_GUARD.test(name) || (counted ??= countedNames(tokens, brackets, 'failure-named')).has(name)) return true;
    }
    return false;
  };
  const text = tokens.text;
  let last = -1;
  for (const match of text.matchAll(OPEN_TEXT)) {
    const i = tokenAtOrBefore(tokens, match.index);
    if (i === last || tokens.end[i]! <= match.index) continue;
    last = i;
    if (mayOpenAt(tokens, brackets, i) && someGuardStretch(tokens, brackets, i, true, aboutFailures)) return true;
  }
  return false;
}

/** A failure count's name (`FAILURE_NAME` of `breaker-utils/shared.ts`). */
const FAILURE_NAME = /fail|error|errs|fault|strike|consecutive/i;
/** What refuses a call (`rejects` in `breaker-utils/shared.ts`): a throw, a rejection, a callback, a fallback, an error returned. */
const REFUSAL_WORD = /^(?:throw|reject|callback|cb)$|fallback/i;
/** Where `REFUSAL_WORD` or a `new` may be: the text is searched, then the token there read. */
const REFUSAL_TEXT = /\b(?:throw|reject|callback|cb|new)\b|fallback/gi;

/** Whether token `k` is a comparison (`<`, `>`, `<=`, `>=`; `<<` and `>>` are read as two, which only finds more). */
function isComparison(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, '<') || tokens.isPunct(k, '>') || tokens.isPunct(k, '<=') || tokens.isPunct(k, '>=');
}

/**
 * Whether the file may hold a breaker without state names (`implicitBreaker` in
 * `breaker-utils/implicit.ts`): both of its forms compare a failure count (a failure-named value, or a
 * name the file increments) in a guard, either of a refusal (`if (n > max && Date.now() < until) throw`)
 * or of a move to a state (`if (n >= max) this.healthy = false`).
 */
export function mayCompareFailuresInAGuard(tokens: Tokens, brackets: Brackets): boolean {
  let counted: CountedNames | undefined;
  const comparesFailures = (from: number, to: number): boolean => {
    let compares = false;
    for (let k = from; k < to && !compares; k++) compares = tokens.kind[k] === TokenKind.Punctuator && isComparison(tokens, k);
    if (!compares) return false;
    for (let k = from; k < to; k++) {
      if (tokens.kind[k] !== TokenKind.Identifier) continue;
      const name = tokens.textOf(k);
      if (FAILURE_NAME.test(name) || (counted ??= countedNames(tokens, brackets, 'failure-path')).has(name)) return true;
    }
    return false;
  };
  // A refusal (found by its words in the text: slicing every name costs more than the rest).
  let last = -1;
  for (const match of tokens.text.matchAll(REFUSAL_TEXT)) {
    const i = tokenAtOrBefore(tokens, match.index);
    if (i === last || tokens.kind[i] !== TokenKind.Identifier || tokens.end[i]! <= match.index) continue;
    last = i;
    // A private member is named as a public one (`this.#reject(e)`: `lastName`).
    const refuses = REFUSAL_WORD.test(tokens.textOf(i).replace(/^#/, '')) || (tokens.is(i, 'new') && returnsAnError(tokens, i));
    if (refuses && someGuardStretch(tokens, brackets, i, true, comparesFailures)) return true;
  }
  // A state assigned (`= false`, `= 'failing'`, `= Health.Down`, `= DOWN`).
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] === TokenKind.Punctuator && tokens.isPunct(i, '=') && statesAValue(tokens, i + 1) && someGuardStretch(tokens, brackets, i, true, comparesFailures)) return true;
  }
  return false;
}

/**
 * Whether a state value is all of what starts at token `i` (`stateValue` and `booleanValue` in
 * `breaker-utils/implicit.ts`): a string, `true` or `false`, a constant (`DOWN`) or a member of a
 * capitalized object (`Health.Down`), then the end of the value.
 */
function statesAValue(tokens: Tokens, i: number): boolean {
  const kind = tokens.kind[i];
  let last = i;
  if (kind === TokenKind.Identifier) {
    while (tokens.isPunct(last + 1, '.') && tokens.isIdentifier(last + 2)) last += 2;
    const named = last === i ? i : last - 2;
    const c = tokens.text.charCodeAt(tokens.start[named]!);
    if (!(c >= 65 && c <= 90) && !tokens.is(i, 'true') && !tokens.is(i, 'false')) return false;
  } else if (kind !== TokenKind.String && kind !== TokenKind.Template) return false;
  const after = last + 1;
  return after >= tokens.count || tokens.newlineBefore[after] === 1 || [';', ',', ')', ']', '}', ':'].some((p) => tokens.isPunct(after, p));
}

/** Whether the `new` at token `i` makes an error in a returned call (`return done(new BusyError())`). */
function returnsAnError(tokens: Tokens, i: number): boolean {
  let k = i + 1;
  while (tokens.isIdentifier(k) && tokens.isPunct(k + 1, '.')) k += 2;
  return tokens.isIdentifier(k) && tokens.textOf(k).endsWith('Error');
}
