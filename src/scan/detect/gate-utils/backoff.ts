/**
 * Token-level precondition of the backoff matcher `delay-from-attempt` (see `matchers/backoff.ts`):
 * every growth it accepts is written with one of these operators or shapes.
 */
import type { Tokens } from '../../module-facts/tokenizer.js';
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
