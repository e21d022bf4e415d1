/**
 * The token-level reading of a fibonacci delay (the fibonacci forms of `growths` in
 * `matchers/backoff.ts`), so a file with a loop and a sum, or a `slice(-2)`, is not taken for one:
 * - in a loop, a sum of two different names is assigned or declared (`next = previous + current`),
 *   both names assigned in the loop;
 * - a pair is swapped for a sum (`[a, b] = [b, a + b]`);
 * - a function adds two calls of itself (`fib(n - 1) + fib(n - 2)`).
 * Each is read generously (a sum anywhere in the file, names assigned anywhere): it may keep a file the
 * matcher finds nothing in, never drop one it finds something in.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { type Brackets } from './token-utils.js';

/** Tokens that end the expression after a sum's second name (`= a + b;`, `(x = a + b)`, `= a + b, c = 1`). */
function endsExpression(tokens: Tokens, k: number): boolean {
  if (k >= tokens.count || tokens.newlineBefore[k] === 1) return true;
  return tokens.isPunct(k, ';') || tokens.isPunct(k, ',') || tokens.isPunct(k, ')') || tokens.isPunct(k, ']') || tokens.isPunct(k, '}');
}

function isMember(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.');
}

/**
 * `x = a + b` (or `const x = a + b`) whose whole value is the sum of two different names, both of
 * which the file assigns (`a = …`): the loop form's sum. The loop itself is left to the caller's text test.
 */
export function mayAddTwoAssignedNames(tokens: Tokens): boolean {
  let assigned: Set<string> | undefined;
  for (let i = 0; i + 3 < tokens.count; i++) {
    if (!tokens.isPunct(i, '=') || !tokens.isIdentifier(i + 1) || !tokens.isPunct(i + 2, '+') || !tokens.isIdentifier(i + 3) || !endsExpression(tokens, i + 4)) continue;
    const left = tokens.textOf(i + 1);
    const right = tokens.textOf(i + 3);
    if (left === right) continue;
    assigned ??= assignedNames(tokens);
    if (assigned.has(left) && assigned.has(right)) return true;
  }
  return false;
}

/** Names assigned somewhere in the file (`name =`, not `obj.name =`). */
function assignedNames(tokens: Tokens): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i + 1 < tokens.count; i++) {
    if (tokens.kind[i] === TokenKind.Identifier && tokens.isPunct(i + 1, '=') && !isMember(tokens, i)) names.add(tokens.textOf(i));
  }
  return names;
}

/**
 * `[a, b] = [b, a + b]`: a pair assigned a pair whose second element holds a sum; or `f(…) + f(…)`, two
 * calls of the same bare name added.
 */
export function maySwapOrRecurseTwice(tokens: Tokens, brackets: Brackets): boolean {
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.isPunct(i, '=') && tokens.isPunct(i - 1, ']') && tokens.isPunct(i + 1, '[') && secondElementAdds(tokens, brackets, i + 1)) return true;
    if (tokens.isPunct(i, '+') && tokens.isPunct(i - 1, ')') && addsTwoCallsOfOneName(tokens, brackets, i)) return true;
  }
  return false;
}

/** Whether the array opened at `open` has two elements, the second holding a `+`. */
function secondElementAdds(tokens: Tokens, brackets: Brackets, open: number): boolean {
  const close = brackets.partner[open]!;
  let comma = -1;
  for (let k = open + 1; k < close; k++) {
    if (tokens.isPunct(k, '(') || tokens.isPunct(k, '[') || tokens.isPunct(k, '{')) k = brackets.partner[k]!;
    else if (tokens.isPunct(k, ',')) {
      if (comma >= 0) return false;
      comma = k;
    }
  }
  if (comma < 0) return false;
  for (let k = comma + 1; k < close; k++) if (tokens.isPunct(k, '+')) return true;
  return false;
}

/** Whether the `+` at `plus` adds two calls of the same bare name (`fib(n - 1) + fib(n - 2)`, also with type arguments). */
function addsTwoCallsOfOneName(tokens: Tokens, brackets: Brackets, plus: number): boolean {
  const callee = brackets.partner[plus - 1]! - 1;
  // Type arguments before either call's parentheses cannot be followed here: the sum may be one.
  if (tokens.isPunct(callee, '>') || (tokens.isIdentifier(plus + 1) && tokens.isPunct(plus + 2, '<'))) return true;
  if (!tokens.isIdentifier(callee) || isMember(tokens, callee) || !tokens.isIdentifier(plus + 1) || !tokens.isPunct(plus + 2, '(')) return false;
  return tokens.textOf(callee) === tokens.textOf(plus + 1);
}
