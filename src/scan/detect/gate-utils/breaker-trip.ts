/**
 * The token-level reading of a breaker's trip (`guardedTransitions` and `isFailureCondition` in
 * `matchers/breaker.ts`): a move to an open state under a condition about failures, in the same
 * function. A file with an `'open'` somewhere and an `error` somewhere else holds no such trip; this
 * reads where the words are.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { someGuardStretch } from './guards.js';
import type { Brackets } from './token-utils.js';

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
function mayOpenAt(tokens: Tokens, i: number): boolean {
  const kind = tokens.kind[i];
  if (kind === TokenKind.Identifier) {
    const name = tokens.textOf(i).replace(/^#/, '');
    if (OPEN_WORD.test(name) || OPEN_MARKER.test(name)) return true;
    if (BOOLEAN_STATE.test(name) && assignsABoolean(tokens, i + 1)) return true;
    return TRIP_CALL.test(name) && (tokens.isPunct(i - 1, '.') || tokens.isPunct(i - 1, '?.'));
  }
  if (kind === TokenKind.String || kind === TokenKind.Template) {
    const value = tokens.stringValue(i) ?? '';
    if (OPEN_LETTERS.has(value.toLowerCase().replace(/[^a-z]/g, '')) || OPEN_MARKER.test(value)) return true;
    return BOOLEAN_STATE.test(value) && tokens.isPunct(i + 1, ']') && assignsABoolean(tokens, i + 2);
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

/** Whether `= true` or `= false` starts at token `i`, after a `)` or `!` around the target. */
function assignsABoolean(tokens: Tokens, i: number): boolean {
  while (tokens.isPunct(i, ')') || tokens.isPunct(i, '!')) i++;
  return tokens.isPunct(i, '=') && (tokens.is(i + 1, 'true') || tokens.is(i + 1, 'false'));
}

/** The token holding character `offset` of the text (the last token starting at or before it). */
function tokenAt(tokens: Tokens, offset: number): number {
  let low = 0;
  let high = tokens.count - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (tokens.start[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The last names of what the file increments (`n++`, `++this.n`, `n += 1`, `n = n + 1`, `list.push(x)`):
 * a condition compares a failure counter by such a name (`failureCounter`'s targets).
 */
export function incrementedNames(tokens: Tokens, brackets: Brackets): Set<string> {
  const names = new Set<string>();
  const addBefore = (k: number): void => {
    while (tokens.isPunct(k, ')') || tokens.isPunct(k, '!')) k--;
    if (tokens.isIdentifier(k)) names.add(tokens.textOf(k));
    else if (tokens.isPunct(k, ']')) addWithin(brackets.partner[k]!, k);
  };
  // An element access's key (`stats['fails']++`, `counts[key]++`): its names and strings.
  const addWithin = (from: number, to: number): void => {
    for (let j = from + 1; j < to; j++) {
      if (tokens.isIdentifier(j)) names.add(tokens.textOf(j));
      else if (tokens.kind[j] === TokenKind.String || tokens.kind[j] === TokenKind.Template) names.add(tokens.stringValue(j) ?? '');
    }
  };
  // A chain after a prefix `++`: every name in it (the last one among them).
  const addAfter = (k: number): void => {
    for (; k < tokens.count; k++) {
      if (tokens.isIdentifier(k)) names.add(tokens.textOf(k));
      else if (tokens.isPunct(k, '[')) {
        addWithin(k, brackets.partner[k]!);
        k = brackets.partner[k]!;
      } else if (!tokens.isPunct(k, '.') && !tokens.isPunct(k, '?.') && !tokens.isPunct(k, '!') && !tokens.isPunct(k, '(')) return;
    }
  };
  for (let k = 0; k < tokens.count; k++) {
    if (tokens.kind[k] !== TokenKind.Punctuator) continue;
    if (tokens.isPunct(k, '+') && tokens.isPunct(k + 1, '+') && tokens.end[k] === tokens.start[k + 1]) {
      addBefore(k - 1);
      addAfter(k + 2);
      k++;
    } else if (tokens.isPunct(k, '+=')) addBefore(k - 1);
    else if ((tokens.isPunct(k, '.') || tokens.isPunct(k, '?.')) && tokens.is(k + 1, 'push')) addBefore(k - 1);
    else if (tokens.isPunct(k, '=')) addSelfSum(tokens, k, names);
  }
  return names;
}

/**
 * `n = n + 1` (`this.n = (this.n as number) + 1`): the target's last name when it comes back before a
 * `+` in the same statement (read loosely: any name of the target, then a `+`).
 */
function addSelfSum(tokens: Tokens, equals: number, names: Set<string>): void {
  let k = equals - 1;
  while (tokens.isPunct(k, ')') || tokens.isPunct(k, '!')) k--;
  let target: string | undefined;
  if (tokens.isIdentifier(k)) target = tokens.textOf(k);
  else if (tokens.isPunct(k, ']') && (tokens.kind[k - 1] === TokenKind.String || tokens.kind[k - 1] === TokenKind.Identifier)) target = tokens.stringValue(k - 1) ?? tokens.textOf(k - 1);
  if (target === undefined) return;
  let seen = false;
  for (let j = equals + 1; j < tokens.count && j < equals + 64; j++) {
    if (tokens.isPunct(j, ';') || tokens.isPunct(j, ',') || tokens.isPunct(j, '{') || tokens.isPunct(j, '}')) return;
    if (tokens.isPunct(j, '+') && seen) {
      names.add(target);
      return;
    }
    if ((tokens.isIdentifier(j) && tokens.textOf(j) === target) || ((tokens.kind[j] === TokenKind.String || tokens.kind[j] === TokenKind.Template) && tokens.stringValue(j) === target)) seen = true;
  }
}

/**
 * Whether the file may hold a breaker's trip: a move to an open state (an open state assigned or
 * passed, an open-time marker, an open flag set, a trip method called) with a condition about failures
 * (a failure word, or a name the file increments) among its guards in the same function.
 */
export function mayTripOnFailures(tokens: Tokens, brackets: Brackets): boolean {
  let counted: Set<string> | undefined;
  const aboutFailures = (from: number, to: number): boolean => {
    for (let k = from; k < to; k++) {
      if (tokens.kind[k] !== TokenKind.Identifier) continue;
      const name = tokens.textOf(k);
      if (FAILURE_GUARD.test(name) || (counted ??= incrementedNames(tokens, brackets)).has(name)) return true;
    }
    return false;
  };
  const text = tokens.text;
  let last = -1;
  for (const match of text.matchAll(OPEN_TEXT)) {
    const i = tokenAt(tokens, match.index);
    if (i === last || tokens.end[i]! <= match.index) continue;
    last = i;
    if (mayOpenAt(tokens, i) && someGuardStretch(tokens, brackets, i, true, aboutFailures)) return true;
  }
  return false;
}

/** A failure count's name (`FAILURE_NAME` of `breaker-utils/shared.ts`). */
const FAILURE_NAME = /fail|error|errs|fault|strike|consecutive/i;
/** What refuses a call (`rejects` in `breaker-utils/shared.ts`): a throw, a rejection, a callback, a fallback, an error returned. */
const REFUSAL_WORD = /^(?:throw|reject|callback|cb)$|fallback|Error$/i;

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
  let counted: Set<string> | undefined;
  const comparesFailures = (from: number, to: number): boolean => {
    let compares = false;
    let failures = false;
    for (let k = from; k < to && !(compares && failures); k++) {
      if (tokens.kind[k] === TokenKind.Identifier) {
        if (!failures) {
          const name = tokens.textOf(k);
          failures = FAILURE_NAME.test(name) || (counted ??= incrementedNames(tokens, brackets)).has(name);
        }
      } else if (!compares) compares = isComparison(tokens, k);
    }
    return compares && failures;
  };
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i];
    // A refusal, or a state assigned (`= false`, `= 'failing'`, `= Health.Down`, `= DOWN`).
    const guarded =
      (kind === TokenKind.Identifier && REFUSAL_WORD.test(tokens.textOf(i))) ||
      (kind === TokenKind.Punctuator && tokens.isPunct(i, '=') && statesAValue(tokens, i + 1));
    if (guarded && someGuardStretch(tokens, brackets, i, true, comparesFailures)) return true;
  }
  return false;
}

/** Whether token `i` may start a state value (`stateValue` and `booleanValue` in `breaker-utils/implicit.ts`). */
function statesAValue(tokens: Tokens, i: number): boolean {
  const kind = tokens.kind[i];
  if (kind === TokenKind.String || kind === TokenKind.Template) return true;
  if (kind !== TokenKind.Identifier) return false;
  const c = tokens.text.charCodeAt(tokens.start[i]!);
  return (c >= 65 && c <= 90) || tokens.is(i, 'true') || tokens.is(i, 'false');
}
