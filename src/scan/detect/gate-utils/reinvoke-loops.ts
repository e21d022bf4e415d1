/**
 * Retry loops as the loop matcher reads them (`retry-utils/loops.ts`), at token level: a loop goes
 * round again after a failure when its body tries an operation in a `try` block, when an `if` in its
 * body checks the operation's result (`if (res.ok) return res`, `if (!failed) break`,
 * `if (res.status >= 500) continue`, `if ('value' in r)`), or when a while/do loop's own condition
 * finds the last result failed (`while (!res.ok && n-- > 0)`, `while (r.status === 'retryable')`).
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { WordTable } from './token-codes.js';
import { type Brackets, hashWord } from './token-utils.js';

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

/** The hashes of `try` and `if` (see `triesAndChecks`). */
const TRY = hashWord('try');
const IF = hashWord('if');

/** Whether identifier `k` is one of `words`, a private field's `#` read through. */
function spells(tokens: Tokens, k: number, words: WordTable): boolean {
  const start = tokens.start[k]!;
  const hash = tokens.text.charCodeAt(start) === 35; /* # */
  return words.hasRange(tokens.text, hash ? start + 1 : start, tokens.end[k]!);
}

/**
 * Whether a condition `(` … `)` (from `open` to `close`) may test an operation's result: a success
 * name, a failure name after a `!`, a status name with a number, a key tested with `in`; with
 * `failedResult`, also a word asking for another attempt (a while/do loop's own condition).
 */
function checksAResult(tokens: Tokens, open: number, close: number, failedResult: boolean): boolean {
  let negated = false;
  let status = false;
  let number = false;
  for (let k = open + 1; k < close; k++) {
    const kind = tokens.kind[k];
    if (kind === TokenKind.Identifier) {
      if (spells(tokens, k, SUCCESS_NAMES)) return true;
      if (negated && spells(tokens, k, FAILURE_NAMES)) return true;
      if (STATUS_NAMES.hasToken(tokens, k)) status = true;
    } else if (kind === TokenKind.Number) number = true;
    else if (kind === TokenKind.Punctuator) {
      if (tokens.isPunct(k, '!')) negated = true;
    } else if ((kind === TokenKind.String || kind === TokenKind.Template) && tokens.is(k + 1, 'in')) {
      const value = tokens.stringValue(k);
      if (value !== undefined && IN_KEYS.has(value)) return true;
    }
  }
  if (status && number) return true;
  return failedResult && RETRY_STATUS_TEXT.test(tokens.text.slice(tokens.start[open]!, tokens.end[close]!));
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
    if (tokens.is(loop, 'while') && tokens.isPunct(loop + 1, '(') && checksAResult(tokens, loop + 1, brackets.partner[loop + 1]!, true)) return true;
    if (tokens.is(loop, 'while') && endsADoLoop(tokens, brackets, loop)) continue;
    checks ??= triesAndChecks(tokens, brackets, loops[0]!, hashes);
    if (checks.length === 0) continue;
    const [from, to] = loopBody(tokens, brackets, loop);
    const first = firstAtOrAfter(checks, from);
    if (first < checks.length && checks[first]! <= to) return true;
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
    if (tokens.is(k, 'try') && tokens.isPunct(k + 1, '{')) found.push(k);
    else if (tokens.is(k, 'if') && tokens.isPunct(k + 1, '(') && checksAResult(tokens, k + 1, brackets.partner[k + 1]!, false)) found.push(k);
  }
  return found;
}

/** The index of the first entry of the ascending `list` at or after `value`. */
function firstAtOrAfter(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
