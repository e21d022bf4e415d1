/**
 * A parameter run again after its own failure (the recursion matcher's `handlesFailureOf`): the
 * failure handler that runs it again handles the failure of a call of that very parameter (a bare
 * `op(` call, as the matcher's `callsName` reads one). So beside the run again in a handler, there is
 * such a call, and the two are placed as one of:
 * - the call in a `try` block, the run again in its `catch` block;
 * - the call in the chain a method is called on, the run again in that method's arguments
 *   (`op().catch(() => op())`, `op().subscribe(ok, (err) => op())`), or, for a chain that starts
 *   with a name, anywhere in a file that reduces (`previous.catch(() => op())` in a `reduce(…, op())`);
 * - the run again inside the arguments of the call (an error-first callback handed to it:
 *   `op((err) => { if (err) op() })`).
 */
import { type Tokens } from '../../module-facts/tokenizer.js';
import { runsWithoutReporting } from './reinvoke-operations.js';
import { type Span } from './reinvoke-functions.js';
import { type SpanSet } from './span-set.js';
import { type Brackets, perText } from './token-utils.js';

/**
 * Whether the parameter whose invocations are `invocations` (tokens of its name, in order) is run
 * twice within `span`: called, and run again without handing on an error (see `runsWithoutReporting`)
 * in a failure handler (`regions`) that handles the failure of that call.
 */
export function reRunsAfterItsFailure(tokens: Tokens, brackets: Brackets, invocations: readonly number[], span: Span, regions: SpanSet): boolean {
  const within = invocations.filter((j) => tokens.start[j]! >= span[0] && tokens.end[j]! <= span[1]);
  if (within.length < 2) return false;
  const calls = within.filter((j) => isBareCall(tokens, j));
  if (calls.length === 0) return false;
  for (const again of within) {
    // The run again hands on no error (the matcher's `passesError`): `callback(err)` reports the failure.
    if (!regions.holds(tokens.start[again]!) || !runsWithoutReporting(tokens, brackets, again)) continue;
    for (const call of calls) {
      if (call !== again && (insideArguments(tokens, brackets, call, again) || inCatchOfTryHolding(tokens, brackets, call, again) || inMethodArgumentsOfChainHolding(tokens, brackets, call, again))) return true;
    }
  }
  return false;
}

/** `op(`, `op?.(`, `op<T>(`: a call of the bare name (not `x.op(`, `op.call(`). */
function isBareCall(tokens: Tokens, j: number): boolean {
  if (tokens.isPunct(j - 1, '.') || tokens.isPunct(j - 1, '?.')) return false;
  return tokens.isPunct(j + 1, '(') || (tokens.isPunct(j + 1, '?.') && tokens.isPunct(j + 2, '(')) || tokens.isPunct(j + 1, '<');
}

/** Whether token `inner` is inside the group opened at `open`. */
function inGroup(brackets: Brackets, open: number, inner: number): boolean {
  return open < inner && inner < brackets.partner[open]!;
}

/** `op((err) => … op() …)`: the run again inside the call's arguments (after type arguments: may be). */
function insideArguments(tokens: Tokens, brackets: Brackets, call: number, again: number): boolean {
  if (again <= call) return false;
  if (tokens.isPunct(call + 1, '<')) return true;
  const open = tokens.isPunct(call + 1, '(') ? call + 1 : call + 2;
  return inGroup(brackets, open, again);
}

/** `try { … op() … } catch (e) { … op() … }`. */
function inCatchOfTryHolding(tokens: Tokens, brackets: Brackets, call: number, again: number): boolean {
  for (let group = brackets.enclosing[call]!; group >= 0; group = brackets.enclosing[group]!) {
    if (!tokens.isPunct(group, '{') || !tokens.is(group - 1, 'try')) continue;
    let block = brackets.partner[group]! + 1;
    if (!tokens.is(block, 'catch')) continue;
    block++;
    if (tokens.isPunct(block, '(')) block = brackets.partner[block]! + 1;
    if (tokens.isPunct(block, '{') && inGroup(brackets, block, again)) return true;
  }
  return false;
}

/**
 * `op().catch(() => op())`: the run again in the arguments of a method called on a chain holding the
 * call (the tokens from the start of the group around the method's name up to it); a chain that is a
 * bare name may be a `reduce` accumulator, whose seed holds the call.
 */
function inMethodArgumentsOfChainHolding(tokens: Tokens, brackets: Brackets, call: number, again: number): boolean {
  for (let group = brackets.enclosing[again]!; group >= 0; group = brackets.enclosing[group]!) {
    if (!tokens.isPunct(group, '(')) continue;
    let method = group - 1;
    if (tokens.isPunct(method, '?.')) method--;
    // Type arguments before the arguments: the method cannot be told here, so it may be one.
    if (tokens.isPunct(method, '>')) return true;
    if (!tokens.isIdentifier(method) || !(tokens.isPunct(method - 1, '.') || tokens.isPunct(method - 1, '?.'))) continue;
    const chainEnd = method - 2;
    if (call > brackets.enclosing[method]! && call < method) return true;
    if (tokens.isIdentifier(chainEnd) && !tokens.isPunct(chainEnd - 1, '.') && !tokens.isPunct(chainEnd - 1, '?.') && hasReduce(tokens)) return true;
  }
  return false;
}

function hasReduce(tokens: Tokens): boolean {
  return perText(tokens, 'has-reduce', () => {
    for (let i = 0; i < tokens.count; i++) if (tokens.is(i, 'reduce')) return true;
    return false;
  });
}
