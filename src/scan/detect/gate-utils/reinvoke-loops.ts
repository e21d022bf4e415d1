/**
 * Retry loops as the loop matcher reads them (`retry-utils/loops.ts`), at token level: a loop goes
 * round again after a failure when its body tries an operation in a `try` block with a `catch` that
 * may let the loop go on, leaving the loop on success (`return`, `break`, `continue outer`, or a flag
 * set to `true`/`false`); when an `if` in its body, after a call, checks the operation's result and
 * leaves the loop (`if (res.ok) return res`, `if (!failed) break`, `if (res.status >= 500) continue`,
 * `if ('value' in r) return r`); or when a while/do loop's own condition finds the last result failed
 * (`while (!res.ok && n-- > 0)`, `while (r.status === 'retryable')`). Each part is a precondition of
 * the matcher's reading: it may hold on a loop the matcher rejects, never fail on one it accepts.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { WordTable } from './token-codes.js';
import { type Brackets, firstAtOrAfter, hashWord } from './token-utils.js';

/** Names a success check reads (`res.ok`, `succeeded`); a `#` before them (private fields) is read through. */
const SUCCESS_NAMES = new WordTable(['ok', 'success', 'succeeded', 'isSuccess', 'isOk']);
/** Names a success check reads negated (`!failed`, `!res.error`). */
const FAILURE_NAMES = new WordTable(['failed', 'failure', 'error', 'err', 'isError', 'hasError', 'isFailure']);
/** Names of a status code, which a check compares with a number (`res.status < 500`, `statusCode === 429`). */
const STATUS_NAMES = new WordTable(['status', 'statusCode']);
/** Strings a check tests with `in` (`'value' in result`). */
const IN_KEYS = new Set(['success', 'ok', 'value']);
/** Words of a result status asking for another attempt, or a result's flag saying so (`'retryable'`, `res.isTransient`). */
const RETRY_STATUS_TEXT = /retr[yi]|transient|temporar|try_?again/i;

/** The hashes of the keywords read below, compared before their spelling. */
const TRY = hashWord('try');
const IF = hashWord('if');
const RETURN = hashWord('return');
const BREAK = hashWord('break');
const CONTINUE = hashWord('continue');
const THROW = hashWord('throw');
const TRUE = hashWord('true');
const FALSE = hashWord('false');
const AWAIT = hashWord('await');
/** Keywords whose `(` starts no call. */
const NOT_CALLED = new WordTable(['if', 'for', 'while', 'switch', 'catch', 'with']);
/** Punctuators after a name that may make it part of a larger operand (`!res.ok()`, `!res.ok!`, `!res.ok++`: the tokens read `++` as two `+`). */
const GOES_ON = new Set(['.', '?.', '(', '[', '!', '<', '+', '-']);
/** Comparison operators (a status code compared with a number). */
const COMPARISONS = new Set(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);

/** Whether identifier `k` is one of `words`, a private field's `#` read through. */
function spells(tokens: Tokens, k: number, words: WordTable): boolean {
  const start = tokens.start[k]!;
  const hash = tokens.text.charCodeAt(start) === 35; /* # */
  return words.hasRange(tokens.text, hash ? start + 1 : start, tokens.end[k]!);
}

/**
 * Whether a while/do loop's condition `(` … `)` (from `open` to `close`) may find the last result
 * failed (`failedResultNames` of the matcher): a success name, a failure name after a `!`, a status
 * name with a number, a key tested with `in`, or a word asking for another attempt.
 */
function mayFindResultFailed(tokens: Tokens, open: number, close: number): boolean {
  let negated = false;
  let status = false;
  let number = false;
  for (let k = open + 1; k < close; k++) {
    const kind = tokens.kind[k];
    if (kind === TokenKind.Identifier) {
      if (spells(tokens, k, SUCCESS_NAMES)) return true;
      if (negated && spells(tokens, k, FAILURE_NAMES)) return true;
      if (spells(tokens, k, STATUS_NAMES)) status = true;
    } else if (kind === TokenKind.Number) number = true;
    else if (kind === TokenKind.Punctuator) {
      if (tokens.isPunct(k, '!')) negated = true;
    } else if ((kind === TokenKind.String || kind === TokenKind.Template) && tokens.is(k + 1, 'in')) {
      const value = tokens.stringValue(k);
      if (value !== undefined && IN_KEYS.has(value)) return true;
    }
  }
  if (status && number) return true;
  return RETRY_STATUS_TEXT.test(tokens.text.slice(tokens.start[open]!, tokens.end[close]!));
}

/** `resultCheck`: the condition checks no result. */
const NO_CHECK = 0;
/** `resultCheck`: the condition may find the result succeeded (`res.ok`, `!failed`, `'value' in r`). */
const SUCCESS_CHECK = 1;
/** `resultCheck`: the condition may compare a status code with a number (a success or a transient failure). */
const STATUS_CHECK = 2;

/**
 * What the condition `(` … `)` of an `if` (from `open` to `close`) may check, as the matcher's
 * `isSuccessCheck` and `goesRoundOnFailedStatus` read it: a success name not negated itself
 * (`!res.ok` finds a failure), a failure name at the end of a negated chain (`!res.error`, not
 * `!res.error.code` nor `!isError(e)`), a key tested with `in`; or a status name and a number beside
 * a comparison (`res.status >= 500`).
 */
function resultCheck(tokens: Tokens, open: number, close: number): number {
  let negated = false;
  let success = false;
  let status = false;
  let comparedNumber = false;
  for (let k = open + 1; k < close; k++) {
    const kind = tokens.kind[k];
    if (kind === TokenKind.Identifier) {
      if (spells(tokens, k, SUCCESS_NAMES) && !negatedAlone(tokens, k)) success = true;
      else if (negated && spells(tokens, k, FAILURE_NAMES) && !chainGoesOn(tokens, k + 1)) success = true;
      else if (spells(tokens, k, STATUS_NAMES)) status = true;
    } else if (kind === TokenKind.Number) {
      if (isComparison(tokens, k - 1) || isComparison(tokens, k + 1)) comparedNumber = true;
    } else if (kind === TokenKind.Punctuator) {
      if (tokens.isPunct(k, '!')) negated = true;
    } else if (kind === TokenKind.String || kind === TokenKind.Template) {
      if (tokens.is(k + 1, 'in')) {
        const value = tokens.stringValue(k);
        if (value !== undefined && IN_KEYS.has(value)) success = true;
      } else if (tokens.isPunct(k + 1, ']')) {
        // An element key is read as a name (`!res['error']`, `res['status'] >= 500`).
        const value = tokens.stringValue(k) ?? '';
        if (negated && FAILURE_NAMES.hasRange(value, 0, value.length)) success = true;
        if (STATUS_NAMES.hasRange(value, 0, value.length)) status = true;
      }
    }
  }
  if (status && comparedNumber) return STATUS_CHECK;
  return success ? SUCCESS_CHECK : NO_CHECK;
}

/** Whether token `k` is a comparison operator. */
function isComparison(tokens: Tokens, k: number): boolean {
  return tokens.kind[k] === TokenKind.Punctuator && COMPARISONS.has(tokens.textOf(k));
}

/**
 * Whether a chain going on at token `k` (`.x`, `?.x`, `(…)`, `[…]`, a tagged template) makes the
 * name before it no failure name of a negation: `lastName` reads the chain's last name.
 */
function chainGoesOn(tokens: Tokens, k: number): boolean {
  const kind = tokens.kind[k];
  if (kind === TokenKind.Template || kind === TokenKind.TemplatePart) return true;
  return tokens.isPunct(k, '.') || tokens.isPunct(k, '?.') || tokens.isPunct(k, '(') || tokens.isPunct(k, '[');
}

/**
 * Whether the success name at `k` is negated by itself (`!ok`, `!res.ok`, `!this.#state.ok`): the
 * matcher reads no success check there. Anything after the name (`!res.ok()`, `!res.ok!`,
 * `!res.ok.value`, `!res.ok++`) or a chain it cannot follow back (`!(r as R).ok`, `!list[0].ok`)
 * counts as one.
 */
function negatedAlone(tokens: Tokens, k: number): boolean {
  const next = k + 1;
  const kind = tokens.kind[next];
  if (kind === TokenKind.Template || kind === TokenKind.TemplatePart) return false;
  if (kind === TokenKind.Punctuator && GOES_ON.has(tokens.textOf(next))) return false;
  let first = k;
  while (tokens.isPunct(first - 1, '.') || tokens.isPunct(first - 1, '?.')) {
    if (tokens.kind[first - 2] !== TokenKind.Identifier) return false;
    first -= 2;
  }
  return tokens.isPunct(first - 1, '!');
}

/**
 * Whether the `if` at `k` may be a retry loop's result check: its condition checks a result (see
 * `resultCheck`) and its then-branch may leave the loop (`leavesLoop` of the matcher: `return`,
 * `break`, `continue outer`), or, after a status check, go round again (`continue`).
 */
function leavesOnResult(tokens: Tokens, brackets: Brackets, hashes: Int32Array, k: number): boolean {
  const close = brackets.partner[k + 1]!;
  const check = resultCheck(tokens, k + 1, close);
  if (check === NO_CHECK) return false;
  const anyContinue = check === STATUS_CHECK;
  const then = close + 1;
  if (tokens.isPunct(then, '{')) return leavesWithin(tokens, hashes, then, brackets.partner[then]!, anyContinue, false);
  return leavesAt(tokens, hashes, then, anyContinue);
}

/**
 * Whether the `try` at `k` may be a retry loop's attempt: it has a `catch` (the matcher reads
 * try/catch only); its block may leave the loop on success (`successExit`, `conditionalExit`: a
 * `return`, a `break`, a `continue outer`, or a flag of the loop's condition set to `true`/`false`);
 * and its catch block does not give up at once (a `throw`, `return` or `break` as its own statement,
 * with no `continue` anywhere in the block to go round before it).
 */
function mayRetryInTry(tokens: Tokens, brackets: Brackets, hashes: Int32Array, k: number): boolean {
  const close = brackets.partner[k + 1]!;
  if (!tokens.is(close + 1, 'catch')) return false;
  if (!leavesWithin(tokens, hashes, k + 1, close, false, true)) return false;
  let open = close + 2;
  if (tokens.isPunct(open, '(')) open = brackets.partner[open]! + 1;
  return !tokens.isPunct(open, '{') || !givesUpAtOnce(tokens, brackets, hashes, open, brackets.partner[open]!);
}

/**
 * Whether token `k` leaves the loop: `return`, `break`, a `continue` naming a label (an enclosing
 * loop's next pass), or with `anyContinue`, any `continue`.
 */
function leavesAt(tokens: Tokens, hashes: Int32Array, k: number, anyContinue: boolean): boolean {
  const hash = hashes[k];
  if (hash === RETURN) return tokens.is(k, 'return');
  if (hash === BREAK) return tokens.is(k, 'break');
  if (hash !== CONTINUE || !tokens.is(k, 'continue')) return false;
  // A label is on the same line (a line break ends the statement).
  return anyContinue || (tokens.kind[k + 1] === TokenKind.Identifier && tokens.newlineBefore[k + 1] === 0);
}

/** Whether a token between `open` and `close` leaves the loop (see `leavesAt`), or with `flags`, sets a flag (`= true`, `= false`). */
function leavesWithin(tokens: Tokens, hashes: Int32Array, open: number, close: number, anyContinue: boolean, flags: boolean): boolean {
  for (let k = open + 1; k < close; k++) {
    const hash = hashes[k];
    if (hash === RETURN || hash === BREAK || hash === CONTINUE) {
      if (leavesAt(tokens, hashes, k, anyContinue)) return true;
    } else if (flags && (hash === TRUE || hash === FALSE) && tokens.isPunct(k - 1, '=') && (tokens.is(k, 'true') || tokens.is(k, 'false'))) return true;
  }
  return false;
}

/**
 * Whether the catch block `{` … `}` (from `open` to `close`) gives up at once (`exitsUnconditionally`
 * without `continuesBeforeExit`): a `throw`, `return` or `break` starts one of its own statements
 * (after its `{`, a `;` or a `}`), and no `continue` is anywhere in it.
 */
function givesUpAtOnce(tokens: Tokens, brackets: Brackets, hashes: Int32Array, open: number, close: number): boolean {
  let exits = false;
  for (let k = open + 1; k < close; k++) {
    const hash = hashes[k];
    if (hash === CONTINUE) {
      if (tokens.is(k, 'continue')) return false;
    } else if (!exits && (hash === THROW || hash === RETURN || hash === BREAK) && brackets.enclosing[k] === open && startsAStatement(tokens, k, open)) {
      exits = tokens.is(k, 'throw') || tokens.is(k, 'return') || tokens.is(k, 'break');
    }
  }
  return exits;
}

/** Whether the token at `k`, directly in the block opened at `open`, starts a statement of that block. */
function startsAStatement(tokens: Tokens, k: number, open: number): boolean {
  return k - 1 === open || tokens.isPunct(k - 1, ';') || tokens.isPunct(k - 1, '}');
}

/** The token span of a loop's body: the block after `for (...)`/`while (...)`/`do`, or the rest of the enclosing group. */
function loopBody(tokens: Tokens, brackets: Brackets, i: number): [number, number] {
  let k = i + 1;
  if (tokens.is(k, 'await')) k++;
  if (tokens.isPunct(k, '(') && !tokens.is(i, 'do')) k = brackets.partner[k]! + 1;
  if (k > 0 && tokens.isPunct(k, '{')) return [k, brackets.partner[k]!];
  const group = brackets.enclosing[i]!;
  return [i, group < 0 ? tokens.count - 1 : brackets.partner[group]!];
}

/** Whether the `while` at `i` ends a do-while loop (`do { … } while (…)`): it has no body of its own. */
function endsADoLoop(tokens: Tokens, brackets: Brackets, i: number): boolean {
  return tokens.isPunct(i - 1, '}') && tokens.is(brackets.partner[i - 1]! - 1, 'do');
}

/**
 * Whether one of the loops (the tokens of `for`, `while`, `do`) may be a retry loop: its body holds a
 * `try` block or an `if` checking a result, or, for a while/do loop, its own condition finds the last
 * result failed. The tries and checks of the file are found once, then looked up in each loop's body
 * (loops nest, and a body read per loop would be read again for each loop around it).
 * `hashes`: the hash of each identifier's name (see `hashRange`).
 */
export function mayHoldRetryLoop(tokens: Tokens, brackets: Brackets, loops: readonly number[], hashes: Int32Array): boolean {
  if (loops.length === 0) return false;
  let checks: number[] | undefined;
  for (const loop of loops) {
    if (tokens.is(loop, 'while') && tokens.isPunct(loop + 1, '(') && mayFindResultFailed(tokens, loop + 1, brackets.partner[loop + 1]!)) return true;
    if (tokens.is(loop, 'while') && endsADoLoop(tokens, brackets, loop)) continue;
    checks ??= triesAndChecks(tokens, brackets, loops[0]!, hashes);
    if (checks.length === 0) continue;
    const [from, to] = loopBody(tokens, brackets, loop);
    for (let c = firstAtOrAfter(checks, from); c < checks.length && checks[c]! <= to; c++) {
      const k = checks[c]!;
      if (tokens.is(k, 'try') || callsBefore(tokens, hashes, from, k)) return true;
    }
  }
  return false;
}

/**
 * Whether a call or an `await` may come between `from` and the `if` at `k`: the matcher reads a
 * result check only after it has met an operation (`resultBasedExit`), walking the loop's body in
 * order. A `(` after the keyword `if`, `for`, `while`, `switch`, `catch` or `with` is no call (after
 * a method of that name, `promise.catch(recover)`, it is).
 */
function callsBefore(tokens: Tokens, hashes: Int32Array, from: number, k: number): boolean {
  for (let j = k - 1; j > from; j--) {
    if (hashes[j] === AWAIT) {
      if (tokens.is(j, 'await')) return true;
    } else if (tokens.isPunct(j, '(') && !(NOT_CALLED.hasToken(tokens, j - 1) && !tokens.isPunct(j - 2, '.') && !tokens.isPunct(j - 2, '?.'))) return true;
  }
  return false;
}

/**
 * The tokens from `from` on that start a `try` block or an `if` whose condition checks a result, in
 * order. The names are found by their hashes first, and read after that small loop (with the
 * condition's reading inlined, the loop was compiled again and again while warming up).
 */
function triesAndChecks(tokens: Tokens, brackets: Brackets, from: number, hashes: Int32Array): number[] {
  const heads: number[] = [];
  const kinds = tokens.kind;
  for (let k = from; k < tokens.count; k++) {
    const hash = hashes[k];
    if ((hash === TRY || hash === IF) && kinds[k] === TokenKind.Identifier) heads.push(k);
  }
  const found: number[] = [];
  for (const k of heads) {
    if (tokens.is(k, 'try')) {
      if (tokens.isPunct(k + 1, '{') && mayRetryInTry(tokens, brackets, hashes, k)) found.push(k);
    } else if (tokens.is(k, 'if') && tokens.isPunct(k + 1, '(') && leavesOnResult(tokens, brackets, hashes, k)) found.push(k);
  }
  return found;
}

