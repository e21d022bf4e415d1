/**
 * Token-level preconditions of the breaker matchers (`matchers/breaker.ts`, `breaker-utils/implicit.ts`)
 * and of the reliability manager's composition (`matchers/composition.ts`). Each is implied by every
 * structure its matcher accepts; they read the file's code text (see `code-text.ts`), and its raw
 * text where the matcher itself reads comments too.
 */
import type { Tokens } from '../../module-facts/tokenizer.js';
import { BREAKER_LIBRARY, COCKATIEL, RETRY_LIBRARY } from '../libraries.js';
import { mayCompareFailuresInAGuard, mayTripOnFailures } from './breaker-trip.js';
import { mayReinvokeAfterFailure } from './reinvoke.js';
import { bracketsOf, hasModuleString, perText, readableAsCode } from './token-utils.js';

/** Every open state a breaker is known by holds one of these (`'open'`, `isTripped`, `broken`, a `closed` flag set false). */
const OPEN_STATE_TEXT = /open|trip|broken|close/i;
/**
 * What a trip's condition shows of failures: a failure-named value or counter, a threshold, or a count
 * kept where an operation failed (a catch, a rejection handler).
 */
const FAILURE_EVIDENCE = /fail|error|errs|fault|strike|consecutive|threshold|exceed|catch|then|shouldtrip|shouldopen/i;
/** The failure words the implicit analyses require of a unit's text (comments included, as they read it). */
const IMPLICIT_FAILURE_TEXT = /fail|err|fault|strike|consecutive/i;
/**
 * What an implicit breaker leaves its state by: the clock as `mentionsTime` reads it (`Date.now()`,
 * `Date['now']()`, `performance.now()`, `process.hrtime()`, a `getTime()` call, `new Date`) or a timer.
 */
const TIME_TEXT = /\bDate\s*(?:\.\s*now\b|\[\s*['"`]now)|performance\s*(?:\.\s*now\b|\[)|hrtime|getTime|\bnew\s*\(*\s*Date\b|setTimeout|setInterval/;
/**
 * How an implicit breaker counts its failures: `n++`, `n += 1`, `outcomes.push(false)`, or (`SELF_SUM_TEXT`) `n = n + 1`
 * with the target spelled as the matcher reads it (through parentheses, element access with a literal
 * key and private names: `this.#n = (this.#n) + 1`, `s['n'] = s['n'] + 1`); the name the target ends
 * with is enough.
 */
const INCREMENT_TEXT = /\+\+|\+=|\.push\s*\(/;
/**
 * The `n = n + 1` form of `INCREMENT_TEXT`, searched only where the operators are not found: tried at
 * every character of the text, its backreference costs a hundred times what the operators do.
 */
const SELF_SUM_TEXT = /([\w$#]+)['"`]?\s*\]?\s*=(?!=)[\s(]*[\w$#.?!\[\]'"`\s]*?\b\1['"`]?\s*[\])]*\s*\+/;

/**
 * How an implicit breaker refuses a call (`rejects` in `breaker-utils/shared.ts`): it throws, calls
 * `reject`/`callback`/`cb` or a fallback (also as `this['cb'](`, `(reject)(`, `cb!(`, `cb?.(`), or returns a
 * call handed a new error (`return done(new BusyError())`).
 * Both implicit forms need a refusal; `options.fallback` or an `Error` type alone is none.
 */
const REFUSAL_TEXT = /\bthrow\b|(?:reject|callback|\bcb|fallback[\w$]*)['"`]?\s*[\])]*\s*(?:<[^()]*>)?\s*(?:!|\?\.)?\s*\(|\bnew\s+[\w$.(]*Error\b/i;

/**
 * The precondition of `failure-state-machine`: an open state and a failure condition guarding it, or
 * (states without breaker names, or none at all) failures counted, a refusal, and the time that ends it.
 * The words are a first test of the text; where the tokens can be read as the code, the open state
 * must be moved to under a failure condition in its function, and a breaker without state names must
 * compare a failure count in a guard (see `breaker-trip.ts`).
 */
export function mayHoldFailureStateMachine(tokens: Tokens, code = tokens.text): boolean {
  // Two rules ask (the breaker, and the reliability manager's composition), a rule maybe twice (for
  // its requirements and its confidence): the answer is kept per text and code.
  const known = perText(tokens, 'failure-state-machine', () => new Map<string, boolean>());
  let answer = known.get(code);
  if (answer === undefined) known.set(code, (answer = holdsFailureStateMachine(tokens, code)));
  return answer;
}

function holdsFailureStateMachine(tokens: Tokens, code: string): boolean {
  if (OPEN_STATE_TEXT.test(code) && FAILURE_EVIDENCE.test(code) && (!readableAsCode(tokens) || mayTripOnFailures(tokens, bracketsOf(tokens)!))) return true;
  return (
    IMPLICIT_FAILURE_TEXT.test(tokens.text) && TIME_TEXT.test(code) && (INCREMENT_TEXT.test(code) || SELF_SUM_TEXT.test(code)) && REFUSAL_TEXT.test(code) &&
    (!readableAsCode(tokens) || mayCompareFailuresInAGuard(tokens, bracketsOf(tokens)!))
  );
}

const RETRY_WORD = /retr/i;
const BREAKER_WORD = /breaker|circuit/i;

/**
 * The precondition of `composes-retry-and-breaker`: a retry component (named like one, or from a retry
 * library) and a breaker component (likewise), or a retry and a breaker state machine of its own.
 */
export function mayComposeRetryAndBreaker(tokens: Tokens, code = tokens.text): boolean {
  const retry = RETRY_WORD.test(code) || hasModuleString(tokens, [RETRY_LIBRARY, COCKATIEL]);
  if (retry && (BREAKER_WORD.test(code) || hasModuleString(tokens, [BREAKER_LIBRARY, COCKATIEL]))) return true;
  return mayReinvokeAfterFailure(tokens) && mayHoldFailureStateMachine(tokens, code);
}
