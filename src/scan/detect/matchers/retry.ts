/**
 * Retry structure: the same operation attempted again after a failure. Finds the retry constructs of
 * a unit (loops and failure handlers that re-invoke the enclosing function); the delay and bound
 * matchers then look inside those constructs only, so a sleep elsewhere in the unit does not count.
 */
import { ts } from '../../../parser/ts.js';
import { chainText, lastName, lineAt, walk, walkSelf, type FunctionLike } from '../ast-utils.js';
import { memo, unitText, type UnitContext } from '../context.js';
import { loopConstructs } from './retry-utils/loops.js';
import { SCHEDULERS } from './retry-utils/failure-handlers.js';
import { recursionConstructs } from './retry-utils/recursion.js';
import { rxjsConstructs } from './retry-utils/rxjs.js';
import { countsInArguments, guardedGiveUp, hasComparisonOrCount, loopCondition, type Loop } from './retry-utils/shared.js';
import type { MatchEvidence } from './types.js';


/** A place where an operation is attempted again after a failure. */
export interface RetryConstruct {
  /** `operator`: an rxjs retry operator with a notifier or delay function of its own. */
  form: 'loop' | 'recursion' | 'operator';
  /** The loop, or the failure handler that re-invokes. */
  node: ts.Node;
  /** For recursion: the call (or setTimeout) that re-invokes. */
  reinvoke?: ts.Node;
  /** For recursion: the function that is re-invoked. */
  fn?: FunctionLike;
  note: string;
}

const RETRY_TEXT = /catch|err|fail|close|disconnect|\bend\b|timeout|\bok\b|success|status|then|retr|transient/i;

/** Every retry construct of a unit (memoised). */
export function retryConstructs(ctx: UnitContext): RetryConstruct[] {
  return memo(ctx, 'retry-constructs', () => {
    const constructs: RetryConstruct[] = [];
    // rxjs operators carry the failure path themselves (and the unit may never name an error).
    rxjsConstructs(ctx, constructs);
    // Every other construct needs a catch, an error check, a failure event or a success check in the text.
    if (!RETRY_TEXT.test(unitText(ctx))) return constructs;
    loopConstructs(ctx, constructs);
    recursionConstructs(ctx, constructs);
    return constructs;
  });
}

function evidence(ctx: UnitContext, node: ts.Node, note: string): MatchEvidence {
  return { line: lineAt(ctx.file.sf, node.getStart(ctx.file.sf)), note };
}

/** `retry-loop`. */
export function retryLoop(ctx: UnitContext): MatchEvidence[] {
  return retryConstructs(ctx).filter((c) => c.form === 'loop').map((c) => evidence(ctx, c.node, c.note));
}

/** `recursive-retry`. */
export function recursiveRetry(ctx: UnitContext): MatchEvidence[] {
  return retryConstructs(ctx).filter((c) => c.form === 'recursion').map((c) => evidence(ctx, c.reinvoke ?? c.node, c.note));
}

/** `re-invokes-after-failure`: any retry construct. */
export function reinvokesAfterFailure(ctx: UnitContext): MatchEvidence[] {
  return retryConstructs(ctx).map((c) => evidence(ctx, c.reinvoke ?? c.node, c.note));
}

const SLEEP_NAME = /sleep|delay|wait|pause|backoff|snooze|timeout/i;

/** A call that waits: setTimeout (directly or in a promise), or an awaited sleep/delay helper. */
export function isSleepCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const name = lastName(node.expression);
  if (SCHEDULERS.test(name) && name !== 'nextTick' && name !== 'queueMicrotask') return true;
  if (name === 'wait' && chainText(node.expression) === 'Atomics.wait') return true;
  return /^(sleep|delay|wait|pause|snooze|backoff)$/i.test(name) || (SLEEP_NAME.test(name) && ts.isAwaitExpression(node.parent));
}

/** `delay-between-attempts`: a wait inside a retry construct. */
export function delayBetweenAttempts(ctx: UnitContext): MatchEvidence[] {
  const found: MatchEvidence[] = [];
  for (const construct of retryConstructs(ctx)) {
    const regions = construct.form === 'loop' ? [construct.node] : [construct.node, construct.reinvoke].filter((n): n is ts.Node => !!n);
    let sleep: ts.Node | undefined;
    for (const region of regions) {
      walkSelf(region, (node) => {
        if (!sleep && isSleepCall(node)) sleep = node;
      });
    }
    if (sleep) found.push(evidence(ctx, sleep, `waits with ${lastName((sleep as ts.CallExpression).expression)}() between attempts`));
  }
  return found;
}

/** `attempt-counter-bound`: a retry construct with a bound on attempts. */
export function attemptCounterBound(ctx: UnitContext): MatchEvidence[] {
  const found: MatchEvidence[] = [];
  for (const construct of retryConstructs(ctx)) {
    if (construct.form === 'loop') {
      const loop = construct.node as Loop;
      if (ts.isForOfStatement(loop) || hasComparisonOrCount(loopCondition(loop))) {
        found.push(evidence(ctx, loop, 'the loop condition bounds the attempts'));
        continue;
      }
      const guard = guardedGiveUp(loop.statement);
      if (guard) found.push(evidence(ctx, guard, 'gives up when the attempt count reaches a bound'));
    } else {
      const guard = guardedGiveUp(construct.node) ?? (construct.fn?.body ? guardedGiveUp(construct.fn.body) : undefined);
      const reinvokeCall = construct.reinvoke && ts.isCallExpression(construct.reinvoke) ? construct.reinvoke : undefined;
      let counted = countsInArguments(reinvokeCall);
      if (!counted && reinvokeCall) {
        walk(reinvokeCall, (node) => {
          if (ts.isCallExpression(node) && countsInArguments(node)) counted = true;
        });
      }
      if (counted || guard) found.push(evidence(ctx, guard ?? construct.reinvoke ?? construct.node, counted ? 'passes a decremented/incremented attempt count to the next attempt' : 'gives up when the attempt count reaches a bound'));
    }
  }
  return found;
}

