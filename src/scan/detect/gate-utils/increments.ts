/**
 * What a file counts, read from its tokens: the names it increments (`n++`, `++this.n`, `n += 1`,
 * `n = n + 1`, `outcomes.push(false)`: `incrementTarget` in `breaker-utils/shared.ts`) where an
 * operation failed. The breaker matchers compare such a count in a trip's condition; the name the
 * condition reads is the increment target's last name (a member's, or an element access's key).
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { endsAStatement, someGuardStretch } from './guards.js';
import { RESERVED } from './reinvoke-sites.js';
import { type Brackets, perText } from './token-utils.js';

/** A failure's name (`FAILURE_NAME`); `catch` and `then` take the callbacks a failure runs (`isCatchCallback`). */
const FAILURE_NAME = /fail|error|errs|fault|strike|consecutive/i;
/** An error value an error-first callback tests (`if (err)`: `ERROR_VALUE` in `breaker-utils/implicit.ts`). */
const ERROR_VALUE = /^(e|err|error|ex|exception|failure)$/i;

/** An increment: the operator's token, and the names its target may end with. */
interface Increment {
  at: number;
  names: string[];
  /** Whether a name or key of the target is failure-named (`this.stats['errors'].count++`). */
  failureNamed: boolean;
}

function nameOf(tokens: Tokens, k: number): string | undefined {
  if (tokens.isIdentifier(k)) return tokens.textOf(k);
  return tokens.kind[k] === TokenKind.String || tokens.kind[k] === TokenKind.Template ? tokens.stringValue(k) : undefined;
}

/**
 * Every increment of the file, with the names of its target (read loosely: any name of it may be the
 * last). The loop over every token only finds the operators; their targets are read after it: a small
 * loop compiles quickly, and the engine compiled the whole reading, inlined, several times over while
 * it warmed up.
 */
function increments(tokens: Tokens, brackets: Brackets): Increment[] {
  const found: Increment[] = [];
  const { partner } = brackets;
  for (const k of incrementOperators(tokens)) {
    let last: string[];
    let all: string[];
    if (tokens.isPunct(k, '+')) {
      // A postfix `++` follows its target on the same line; a prefix one comes first.
      const postfix = tokens.newlineBefore[k] === 0 && ((tokens.isIdentifier(k - 1) && !RESERVED.has(tokens.textOf(k - 1))) || tokens.isPunct(k - 1, ')') || tokens.isPunct(k - 1, ']') || tokens.isPunct(k - 1, '!'));
      [last, all] = postfix ? targetBefore(tokens, partner, k - 1) : targetAfter(tokens, partner, k + 2);
    } else {
      [last, all] = targetBefore(tokens, partner, k - 1);
    }
    if (last.length > 0) found.push({ at: k, names: last, failureNamed: all.some((name) => FAILURE_NAME.test(name)) });
  }
  return found;
}

/**
 * The tokens that may increment a target, in order: the first `+` of `++`, `+=`, the `.` or `?.` of
 * `.push`, the `=` of `n = n + 1`. Punctuators are told apart by their character codes: most tokens
 * are none of these.
 */
function incrementOperators(tokens: Tokens): number[] {
  const operators: number[] = [];
  const text = tokens.text;
  const kinds = tokens.kind;
  const starts = tokens.start;
  const ends = tokens.end;
  for (let k = 0; k < tokens.count; k++) {
    if (kinds[k] !== TokenKind.Punctuator) continue;
    const start = starts[k]!;
    const length = ends[k]! - start;
    const c = text.charCodeAt(start);
    if (length === 1) {
      if (c === 43 /* + */) {
        if (!tokens.isPunct(k + 1, '+') || ends[k] !== starts[k + 1]) continue;
        operators.push(k);
        k++;
      } else if (c === 46 /* . */) {
        if (tokens.is(k + 1, 'push')) operators.push(k);
      } else if (c === 61 /* = */ && sumsItself(tokens, k)) operators.push(k);
    } else if (length === 2) {
      const d = text.charCodeAt(start + 1);
      // `+=`, or `?.push`.
      if ((c === 43 && d === 61) || (c === 63 && d === 46 && tokens.is(k + 1, 'push'))) operators.push(k);
    }
  }
  return operators;
}

/**
 * The target ending before token `k` (`this.stats.fails`, `counts[key]`, `(n)`, `n!`): the names its
 * last segment may be (a condition reads a counter by it), and every name of it (for a failure word).
 */
function targetBefore(tokens: Tokens, partner: Int32Array, k: number): [string[], string[]] {
  const last: string[] = [];
  const all: string[] = [];
  let inLastSegment = true;
  for (;;) {
    if (tokens.isPunct(k, ')') || tokens.isPunct(k, ']')) {
      for (let j = partner[k]! + 1; j < k; j++) {
        const name = nameOf(tokens, j);
        if (name === undefined) continue;
        all.push(name);
        if (inLastSegment) last.push(name);
      }
      inLastSegment = false;
      k = partner[k]! - 1;
    } else if (tokens.isPunct(k, '!') || tokens.isPunct(k, '.') || tokens.isPunct(k, '?.')) k--;
    else if (tokens.isIdentifier(k)) {
      all.push(tokens.textOf(k));
      if (inLastSegment) last.push(tokens.textOf(k));
      inLastSegment = false;
      if (!tokens.isPunct(k - 1, '.') && !tokens.isPunct(k - 1, '?.')) return [last, all];
      k--;
    } else return [last, all];
  }
}

/** The target after a prefix `++` at `k` (`++this.n`, `++(n)`, `++counts[key]`): likewise. */
function targetAfter(tokens: Tokens, partner: Int32Array, k: number): [string[], string[]] {
  let last: string[] = [];
  const all: string[] = [];
  let expectsName = true;
  for (; k < tokens.count; k++) {
    if (tokens.isPunct(k, '(') || tokens.isPunct(k, '[')) {
      const close = partner[k]!;
      last = [];
      for (let j = k + 1; j < close; j++) {
        const name = nameOf(tokens, j);
        if (name !== undefined) last.push(name);
      }
      all.push(...last);
      k = close;
      expectsName = false;
    } else if (tokens.isIdentifier(k) && expectsName) {
      last = [tokens.textOf(k)];
      all.push(...last);
      expectsName = false;
    } else if (tokens.isPunct(k, '.') || tokens.isPunct(k, '?.')) expectsName = true;
    else if (!tokens.isPunct(k, '!')) break;
  }
  return [last, all];
}

/**
 * `n = n + 1` (`this.n = (this.n as number) + 1`): the target's last name comes back before the first
 * `+` of the statement (read loosely: that name anywhere before it).
 */
function sumsItself(tokens: Tokens, equals: number): boolean {
  let k = equals - 1;
  while (tokens.isPunct(k, ')') || tokens.isPunct(k, '!')) k--;
  const target = tokens.isPunct(k, ']') ? nameOf(tokens, k - 1) : nameOf(tokens, k);
  if (target === undefined) return false;
  // The sum's left operand comes before its first `+`: the target must be named there. Most `=` start
  // no sum: the punctuators are read by their codes, and a name is compared without slicing it.
  const text = tokens.text;
  const kinds = tokens.kind;
  const starts = tokens.start;
  const ends = tokens.end;
  let seen = false;
  for (let j = equals + 1; j < tokens.count && j < equals + 64; j++) {
    const kind = kinds[j];
    if (kind === TokenKind.Punctuator) {
      if (ends[j]! - starts[j]! !== 1) continue;
      const c = text.charCodeAt(starts[j]!);
      if (c === 59 /* ; */ || c === 44 /* , */ || c === 123 /* { */ || c === 125 /* } */) return false;
      if (c === 43 /* + */) return seen;
    } else if (!seen) seen = spellsName(tokens, j, target);
  }
  return false;
}

/** Whether token `j` names `name` as `nameOf` reads it (an identifier, or a string's value), without slicing an identifier. */
function spellsName(tokens: Tokens, j: number, name: string): boolean {
  const kind = tokens.kind[j];
  let start = tokens.start[j]!;
  let end = tokens.end[j]!;
  if (kind === TokenKind.String || kind === TokenKind.Template) {
    start++;
    end--;
  } else if (kind !== TokenKind.Identifier) return false;
  const text = tokens.text;
  if (kind !== TokenKind.Identifier) {
    // An escape makes the value shorter than its spelling, never longer.
    if (end - start < name.length) return false;
    for (let k = start; k < end; k++) if (text.charCodeAt(k) === 92 /* backslash */) return tokens.stringValue(j) === name;
  }
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (text.charCodeAt(start + k) !== name.charCodeAt(k)) return false;
  return true;
}

/**
 * Whether token `at` runs where an operation failed (`isFailurePath`): within a `catch` clause, a
 * `.catch()` or `.then()` callback, a function named for a failure (`onError() {`, `handleFailure = () =>`,
 * `x.onFault = function`), at any depth; or, in its own function, under a test of an error value
 * (`if (err) n++`). Read loosely: a failure word or `catch`/`then` among the tokens before any group
 * around `at`, back to where that statement starts.
 */
export function isOnFailurePath(tokens: Tokens, brackets: Brackets, at: number): boolean {
  const { partner, enclosing } = brackets;
  let position = at;
  for (;;) {
    const group = enclosing[position]!;
    for (let k = position - 1; k > group; k--) {
      const name = nameOf(tokens, k);
      if (name !== undefined) {
        // A string may be the key a handler is assigned to (`x['onError'] = function () {`).
        if (FAILURE_NAME.test(name) || name === 'catch' || name === 'then') return true;
      } else if (tokens.isPunct(k, ')') || tokens.isPunct(k, '}')) {
        const open = partner[k]!;
        // A function ending before holds nothing around `at`: its name is no name of a function around it.
        if (tokens.isPunct(k, '}') && endsAStatement(tokens, brackets, open, k, true)) break;
        k = open;
      } else if (tokens.isPunct(k, ';') && !tokens.is(k + 1, 'else')) break;
    }
    if (group < 0) break;
    position = group;
  }
  return someGuardStretch(tokens, brackets, at, true, (from, to) => {
    for (let k = from; k < to; k++) if (tokens.isIdentifier(k) && ERROR_VALUE.test(tokens.textOf(k))) return true;
    return false;
  });
}

/** Names asked about one at a time: whether an increment of the name runs where an operation failed is read only when asked. */
export interface CountedNames {
  has(name: string): boolean;
}

/**
 * The names a breaker may count failures by: `'failure-path'`, those incremented where an operation
 * failed (`failureCounts` in `breaker-utils/implicit.ts`); `'failure-named'`, those and the targets
 * with a failure word (`failureCounters` in `matchers/breaker.ts`).
 */
export function countedNames(tokens: Tokens, brackets: Brackets, which: 'failure-path' | 'failure-named'): CountedNames {
  const byName = perText(tokens, 'increments-by-name', () => {
    const map = new Map<string, Increment[]>();
    for (const increment of increments(tokens, brackets)) {
      for (const name of increment.names) {
        // Pushed, not copied: a loop counter (`i++`) may be incremented a thousand times in a file.
        const sites = map.get(name);
        if (sites) sites.push(increment);
        else map.set(name, [increment]);
      }
    }
    return map;
  });
  const answers = perText(tokens, `counted-names:${which}`, () => new Map<string, boolean>());
  return {
    has(name: string): boolean {
      const sites = byName.get(name);
      if (!sites) return false;
      let answer = answers.get(name);
      if (answer === undefined) {
        answer = sites.some((site) => (which === 'failure-named' && site.failureNamed) || isOnFailurePath(tokens, brackets, site.at));
        answers.set(name, answer);
      }
      return answer;
    },
  };
}
