/**
 * Token-level precondition of the backoff matcher `delay-from-attempt` (see `matchers/backoff.ts`):
 * every growth it accepts is written with one of these operators or shapes.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { mayAddTwoAssignedNames, maySwapOrRecurseTwice } from './backoff-fibonacci.js';
import { mayGrowInTokens } from './backoff-growth.js';
import { bracketsOf, readableAsCode } from './token-utils.js';

/**
 * A product or power (`*`, `**`, `*=` after an operand: not `import *`, `function*` or `yield*`), a
 * shift, `pow`, a swap of a pair from an array (`[a, b] = [b, a + b]`), or the `n - 2)` of a recursive
 * fibonacci. An operand may end with a non-null assertion (`this.opts.step! * attempt`), a postfix
 * `++`/`--`, or a letter outside ASCII (`délai * 2`).
 */
const GROWTH = /\*(?<=[\w$)\]!+\-\u0080-\uffff](?<!\b(?:import|export|function|yield))\s*\*)|<<|pow|\[[^\]]*,[^\]]*\]\s*=\s*\[|-\s*2\s*\)/;
/** The fibonacci forms, read from the text alone: a swap of a pair, a recursion's `n - 2)`. */
const FIBONACCI = /\[[^\]]*,[^\]]*\]\s*=\s*\[|-\s*2\s*\)/;
/** A fibonacci loop: a loop, and a sum of two names assigned (`next = previous + current`). */
const LOOP = /\b(?:for|while|do)\b/;
const SUM = /=\s*[\w$.]+\s*\+\s*[\w$.]+/;

/**
 * The precondition of `delay-from-attempt`: some growth of a delay may be written in the code. A
 * product, power, shift or `pow` (see `backoff-growth.ts`) and the fibonacci forms (see
 * `backoff-fibonacci.ts`) are read from the tokens when they can be read as the code.
 */
export function mayGrowADelay(tokens: Tokens, code = tokens.text): boolean {
  const fibonacciLoop = LOOP.test(code) && SUM.test(code);
  if (!GROWTH.test(code) && !fibonacciLoop) return false;
  if (!readableAsCode(tokens)) return true;
  const brackets = bracketsOf(tokens)!;
  if (fibonacciLoop && mayAddTwoAssignedNames(tokens)) return true;
  if (FIBONACCI.test(code) && maySwapOrRecurseTwice(tokens, brackets)) return true;
  return mayGrowInTokens(tokens, brackets);
}

/**
 * The precondition of `jitter`: a call of `Math.random` (by name, or `Math['random']`) is in the code.
 * An escaped name (`r\u0061ndom`) cannot be read from the text: any escape keeps the file.
 */
export function mayJitter(tokens: Tokens, code = tokens.text): boolean {
  return code.includes('random') || code.includes('\\u');
}

/** Delay names (`DELAY_NAME` of the matcher). */
const DELAY_NAME = /delay|wait|backoff|interval|timeout|sleep|jitter|cooldown|ms$|millis|seconds|duration|base|cap/i;
/** Tokens of every growth the matcher reads (`*`, `**`, `<<` read as two `<`, `*=`, `<<=`, `=` of a sum or swap, `+` of a fibonacci step). */
const GROWTH_PUNCTUATORS = new Set(['*', '**', '*=', '**=', '<', '<<', '<<=', '=', '+']);

/**
 * The precondition of `delay-cap`: a `Math.min(…)` call (not a schema's `.min(…)`) with an argument that names a delay or holds
 * a growth (`delayCap` in the matcher), so one of its arguments has a delay's name, a growth's
 * operator, or `pow`. A `min` that may be called in a way not followed here (`(Math.min)(…)`,
 * `Math.min<T>(…)`) keeps the file.
 */
export function mayCapADelay(tokens: Tokens, code = tokens.text): boolean {
  if (!code.includes('min')) return false;
  if (code.includes('\\u') || !readableAsCode(tokens)) return true;
  const brackets = bracketsOf(tokens)!;
  for (let k = 0; k < tokens.count; k++) {
    const kind = tokens.kind[k];
    if (kind === TokenKind.Identifier ? !tokens.is(k, 'min') : !(kind === TokenKind.String && tokens.stringValue(k) === 'min')) continue;
    // A member of `Math` (`Math.min`, `Math?.min`, `Math['min']`), which may be wrapped (`(Math as M).min`, `Math!.min`).
    const object = k - 2;
    if (kind === TokenKind.String ? !tokens.isPunct(k - 1, '[') : !(tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.'))) continue;
    if (!(tokens.is(object, 'Math') || tokens.isPunct(object, '!') || (tokens.isPunct(object, ')') && wrapsMath(tokens, brackets.partner[object]!)))) continue;
    let open = kind === TokenKind.String ? k + 2 : k + 1;
    if (tokens.isPunct(open, '?.')) open++;
    if (tokens.isPunct(open, ')') || tokens.isPunct(open, '!') || tokens.isPunct(open, '<') || tokens.is(open, 'as')) return true;
    if (!tokens.isPunct(open, '(')) continue;
    const close = brackets.partner[open]!;
    for (let j = open + 1; j < close; j++) {
      const inner = tokens.kind[j];
      if (inner === TokenKind.Punctuator ? GROWTH_PUNCTUATORS.has(tokens.textOf(j)) : inner === TokenKind.Identifier ? DELAY_NAME.test(tokens.textOf(j)) || tokens.is(j, 'pow') : tokens.textOf(j).includes('pow')) return true;
    }
  }
  return false;
}

/** Whether the group opened at `open` may wrap `Math` (`(Math)`, `(Math as M)`, `((Math))`, `(await Math)`), not a call's arguments (`z.number()`). */
function wrapsMath(tokens: Tokens, open: number): boolean {
  let first = open + 1;
  while (tokens.isPunct(first, '(')) first++;
  return tokens.is(first, 'Math') || tokens.is(first, 'await');
}
