/**
 * Token-level reading of what guards a node: the conditions of the `if`s whose branch holds it, and
 * the left sides of the `&&`s and `?`s before it, up to the function around it. The breaker matchers
 * ask of a transition (or a refusal) what its guards say (`guardsOf` in `breaker-utils/implicit.ts`,
 * `guardedTransitions` in `matchers/breaker.ts`); a gate that looks for the same words in these
 * stretches finds them wherever the matcher does.
 *
 * The stretches hold every guard and may hold more (the `if` of a preceding `else` branch, a whole
 * statement before a `?`): they may let through a file that holds nothing, never hide a guard.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import type { Brackets } from './token-utils.js';

/**
 * Words only a statement starts with: an expression (the left side of `&&` or `?`) never holds one,
 * so the stretch before a `&&` or `?` starts after it. `if` belongs here too: its condition is read
 * on its own.
 */
const STATEMENT_WORDS = new Set(['if', 'else', 'for', 'while', 'do', 'switch', 'case', 'return', 'throw', 'try', 'finally', 'const', 'var', 'break', 'continue', 'export']);
/** Words before a `(` that does not hold a function's parameters (`if (…) {`, `catch (e) {`). */
const NOT_A_FUNCTION_NAME = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'typeof', 'await', 'yield', 'void', 'delete', 'new', 'in', 'of', 'instanceof', 'else', 'do', 'case', 'throw']);

function isWord(tokens: Tokens, i: number, words: ReadonlySet<string>): boolean {
  return tokens.isIdentifier(i) && tokens.end[i]! - tokens.start[i]! <= 10 && words.has(tokens.textOf(i)) && !tokens.isPunct(i - 1, '.') && !tokens.isPunct(i - 1, '?.');
}

/** Whether tokens `i` and `i + 1` are one character each, written together (`&&` is read as `&`, `&`). */
function pairAt(tokens: Tokens, i: number, punct: string): boolean {
  return tokens.isPunct(i, punct) && tokens.isPunct(i + 1, punct) && tokens.end[i] === tokens.start[i + 1];
}

/** Words before a block's `{` (`else {`, `try {`). */
const BLOCK_WORDS = new Set(['else', 'try', 'finally', 'do']);
/** Words before the `(…)` before a block's `{` (`if (…) {`, `catch (e) {`). */
const BLOCK_HEADS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with']);
/** Words that continue a statement after its block (`} else`, `} catch`, `} while (…)`). */
const CONTINUING = new Set(['else', 'catch', 'finally', 'while']);

/**
 * Whether the `}` at `close` ends a block statement (`if (…) {…}`, `try {…}`), or with
 * `functionBodies` a function's body, and its statement goes on no further: what comes after is
 * another statement, or another member. A function's body may also end within an expression
 * (`if (c) f = function () {…}, state = 'open'`): a guard is looked for across it.
 */
export function endsAStatement(tokens: Tokens, brackets: Brackets, open: number, close: number, functionBodies: boolean): boolean {
  if (isWord(tokens, close + 1, CONTINUING)) return false;
  if (isWord(tokens, open - 1, BLOCK_WORDS)) return true;
  if (tokens.isPunct(open - 1, ')') && isWord(tokens, brackets.partner[open - 1]! - 1, BLOCK_HEADS)) return true;
  return functionBodies && opensFunctionBody(tokens, brackets, open);
}

/**
 * Whether the `{` at `open` certainly opens a function's body: after `=>`, after the parameters of
 * `function name(…)`, or of a method written `name(…) {` on one line. Any other brace (a block, a
 * method with a return type or type parameters) is read past: a guard is then looked for further out,
 * which finds more, never less.
 */
export function opensFunctionBody(tokens: Tokens, brackets: Brackets, open: number): boolean {
  if (!tokens.isPunct(open, '{')) return false;
  if (tokens.isPunct(open - 1, '=>')) return true;
  if (!tokens.isPunct(open - 1, ')')) return false;
  const parameters = brackets.partner[open - 1]!;
  const before = parameters - 1;
  if (tokens.is(before, 'function') || (tokens.isPunct(before, '*') && tokens.is(before - 1, 'function'))) return true;
  if (!tokens.isIdentifier(before) || NOT_A_FUNCTION_NAME.has(tokens.textOf(before))) return false;
  if (tokens.is(before - 1, 'function') || (tokens.isPunct(before - 1, '*') && tokens.is(before - 2, 'function'))) return true;
  // `name(…) {` is a method: in statement position it would not parse (a call takes a line break before a block).
  return !tokens.isPunct(before - 1, '.') && !tokens.isPunct(before - 1, '?.') && tokens.newlineBefore[open] === 0;
}

/**
 * Calls `visit(from, to)` for each stretch of tokens `[from, to)` that may hold a condition guarding
 * token `at` (see the module comment), innermost first, until `visit` returns true (then returns
 * true). Stops at the body of the function around `at` when `withinFunction`; else reads on to the
 * top level (a failure path: a `catch` or an error branch anywhere around).
 */
export function someGuardStretch(tokens: Tokens, brackets: Brackets, at: number, withinFunction: boolean, visit: (from: number, to: number) => boolean): boolean {
  const { partner, enclosing } = brackets;
  let position = at;
  for (;;) {
    const group = enclosing[position]!;
    const cuts: number[] = [];
    let k = position - 1;
    for (; k > group; k--) {
      const kind = tokens.kind[k];
      if (kind === TokenKind.Punctuator) {
        const c = tokens.text.charCodeAt(tokens.start[k]!);
        const single = tokens.end[k]! - tokens.start[k]! === 1;
        if (single && (c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */)) {
          const open = partner[k]!;
          if (c === 41 && tokens.is(open - 1, 'if') && visit(open + 1, k)) return true;
          // After a block statement or a function's body, another statement starts: no guard before it is ours.
          if (c === 125 && endsAStatement(tokens, brackets, open, k, false)) break;
          k = open;
          continue;
        }
        // A statement ends at `;`, unless an `else` follows (`if (a) if (b) x; else y`: both ifs guard y's branch).
        if (single && c === 59 /* ; */ && !tokens.is(k + 1, 'else')) break;
        if (single && c === 63 /* ? */) cuts.push(k);
        else if (single && c === 38 /* & */ && pairAt(tokens, k - 1, '&')) cuts.push(--k);
      } else if (kind === TokenKind.Identifier && cuts.length > 0 && isWord(tokens, k, STATEMENT_WORDS)) {
        for (const cut of cuts) if (visit(k + 1, cut)) return true;
        cuts.length = 0;
      }
    }
    for (const cut of cuts) if (visit(k + 1, cut)) return true;
    if (group < 0 || (withinFunction && opensFunctionBody(tokens, brackets, group))) return false;
    position = group;
  }
}
