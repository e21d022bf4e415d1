/**
 * What a file counts, read from its tokens: the names it increments (`n++`, `++this.n`, `n += 1`,
 * `n = n + 1`, `outcomes.push(false)`: `incrementTarget` in `breaker-utils/shared.ts`) where an
 * operation failed. The breaker matchers compare such a count in a trip's condition; the name the
 * condition reads is the increment target's last name (a member's, or an element access's key).
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { endsAStatement, someGuardStretch } from './guards.js';
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

/** Every increment of the file, with the names of its target (read loosely: any name of it may be the last). */
function increments(tokens: Tokens, brackets: Brackets): Increment[] {
  const found: Increment[] = [];
  const { partner } = brackets;
  // The target before token `k` (`this.stats.fails`, `counts[key]`, `(n)`, `n!`): its names back to the chain's start.
  const before = (k: number): string[] => {
    const names: string[] = [];
    for (;;) {
      if (tokens.isPunct(k, ')') || tokens.isPunct(k, ']')) {
        for (let j = partner[k]! + 1; j < k; j++) {
          const name = nameOf(tokens, j);
          if (name !== undefined) names.push(name);
        }
        k = partner[k]! - 1;
      } else if (tokens.isPunct(k, '!') || tokens.isPunct(k, '.') || tokens.isPunct(k, '?.')) k--;
      else if (tokens.isIdentifier(k)) {
        names.push(tokens.textOf(k));
        if (!tokens.isPunct(k - 1, '.') && !tokens.isPunct(k - 1, '?.')) return names;
        k--;
      } else return names;
    }
  };
  // The target after a prefix `++` at `k` (`++this.n`, `++(n)`): its names.
  const after = (k: number): string[] => {
    const names: string[] = [];
    for (; k < tokens.count; k++) {
      const name = nameOf(tokens, k);
      if (name !== undefined) names.push(name);
      else if (!['.', '?.', '!', '(', ')', '[', ']'].some((p) => tokens.isPunct(k, p))) return names;
    }
    return names;
  };
  const add = (at: number, names: string[]): void => {
    if (names.length > 0) found.push({ at, names, failureNamed: names.some((name) => FAILURE_NAME.test(name)) });
  };
  for (let k = 0; k < tokens.count; k++) {
    if (tokens.kind[k] !== TokenKind.Punctuator) continue;
    if (tokens.isPunct(k, '+') && tokens.isPunct(k + 1, '+') && tokens.end[k] === tokens.start[k + 1]) {
      add(k, [...before(k - 1), ...after(k + 2)]);
      k++;
    } else if (tokens.isPunct(k, '+=')) add(k, before(k - 1));
    else if ((tokens.isPunct(k, '.') || tokens.isPunct(k, '?.')) && tokens.is(k + 1, 'push')) add(k, before(k - 1));
    else if (tokens.isPunct(k, '=') && sumsItself(tokens, k)) add(k, before(k - 1));
  }
  return found;
}

/**
 * `n = n + 1` (`this.n = (this.n as number) + 1`): the target's last name comes back before a `+` in
 * the same statement (read loosely: that name anywhere, then a `+`).
 */
function sumsItself(tokens: Tokens, equals: number): boolean {
  let k = equals - 1;
  while (tokens.isPunct(k, ')') || tokens.isPunct(k, '!')) k--;
  const target = tokens.isPunct(k, ']') ? nameOf(tokens, k - 1) : nameOf(tokens, k);
  if (target === undefined) return false;
  let seen = false;
  for (let j = equals + 1; j < tokens.count && j < equals + 64; j++) {
    if (tokens.isPunct(j, ';') || tokens.isPunct(j, ',') || tokens.isPunct(j, '{') || tokens.isPunct(j, '}')) return false;
    if (seen && tokens.isPunct(j, '+')) return true;
    if (!seen && nameOf(tokens, j) === target) seen = true;
  }
  return false;
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
        if (tokens.isPunct(k, '}') && endsAStatement(tokens, brackets, open, k)) break;
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

/**
 * The names a breaker may count failures by: `'failure-path'`, those incremented where an operation
 * failed (`failureCounts` in `breaker-utils/implicit.ts`); `'failure-named'`, those and the targets
 * with a failure word (`failureCounters` in `matchers/breaker.ts`).
 */
export function countedNames(tokens: Tokens, brackets: Brackets, which: 'failure-path' | 'failure-named'): Set<string> {
  return perText(tokens, `counted-names:${which}`, () => {
    const names = new Set<string>();
    for (const increment of increments(tokens, brackets)) {
      if ((which === 'failure-named' && increment.failureNamed) || isOnFailurePath(tokens, brackets, increment.at)) {
        for (const name of increment.names) names.add(name);
      }
    }
    return names;
  });
}
