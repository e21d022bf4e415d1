/**
 * Retries by re-submission: a failure handler that hands the function's own input back (to a queue,
 * a scheduler, a dispatcher) together with the next attempt number, while that number is under a
 * bound. A queue worker re-enqueuing a failed job (`queue.add(job.name, job.data, { attemptsMade:
 * made })` under `if (made < job.opts.attempts)`) runs the same work again later, as a recursive
 * retry does, without calling itself.
 */
import { ts } from '../../../../parser/ts.js';
import { lastName, rootIdentifier, unwrap, walkSelf, type FunctionLike } from '../../ast-utils.js';
import { COMPARISONS, guardedGiveUp } from './shared.js';

const K = ts.SyntaxKind;

/** Calls that report the next attempt rather than run it: logging, metrics, events. */
const REPORTING = /^(log|debug|info|warn|warning|error|trace|emit|report|track|metric|record|increment|gauge|histogram|send(Metric|Event))$/i;

/**
 * `job.attemptsMade + 1`, `1 + msg.attempt`: a field of one of the `roots` plus one. The count travels
 * with the work item; a bare parameter plus one (`page + 1`) moves on to the next item instead.
 */
function plusOneOf(node: ts.Expression, roots: Set<string>): boolean {
  const inner = unwrap(node);
  if (!ts.isBinaryExpression(inner) || inner.operatorToken.kind !== K.PlusToken) return false;
  const [counted, one] = ts.isNumericLiteral(inner.right) ? [unwrap(inner.left), inner.right] : [unwrap(inner.right), inner.left];
  if (!ts.isNumericLiteral(one) || one.text !== '1' || !(ts.isPropertyAccessExpression(counted) || ts.isElementAccessExpression(counted))) return false;
  const root = rootIdentifier(counted);
  return !!root && roots.has(root.text);
}

/** The call in `handler` that re-submits `fn`'s input with the next attempt number, if any. */
export function requeuesWithNextAttempt(handler: ts.Node, fn: FunctionLike): ts.Node | undefined {
  const parameters = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  if (parameters.size === 0) return undefined;
  // Names holding the next attempt number: `const made = job.attemptsMade + 1`.
  const next = new Set<string>();
  walkSelf(handler, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && plusOneOf(node.initializer, parameters)) next.add(node.name.text);
  });
  const isNext = (node: ts.Expression): boolean => (ts.isIdentifier(unwrap(node)) && next.has((unwrap(node) as ts.Identifier).text)) || plusOneOf(node, parameters);
  const carriesNext = (arg: ts.Expression): boolean => {
    const inner = unwrap(arg);
    if (isNext(inner)) return true;
    return (
      ts.isObjectLiteralExpression(inner) &&
      inner.properties.some((p) => (ts.isPropertyAssignment(p) && isNext(p.initializer)) || (ts.isShorthandPropertyAssignment(p) && next.has(p.name.text)))
    );
  };
  // The re-submission runs only under a bound on that number: `if (made < job.opts.attempts)`.
  const bounded = (call: ts.Node): boolean => {
    for (let current: ts.Node | undefined = call.parent; current && current !== handler.parent; current = current.parent) {
      if (!ts.isIfStatement(current) || !(current.thenStatement.pos <= call.pos && call.end <= current.thenStatement.end)) continue;
      let compares = false;
      walkSelf(current.expression, (child) => {
        if (ts.isBinaryExpression(child) && COMPARISONS.has(child.operatorToken.kind) && (isNext(child.left) || isNext(child.right))) compares = true;
      });
      if (compares) return true;
    }
    return false;
  };
  let found: ts.Node | undefined;
  walkSelf(handler, (node) => {
    if (found || !ts.isCallExpression(node) || REPORTING.test(lastName(node.expression))) return;
    const fromInput = node.arguments.some((arg) => {
      const root = rootIdentifier(unwrap(arg));
      return !!root && parameters.has(root.text) && !isNext(arg);
    });
    if (fromInput && node.arguments.some(carriesNext) && bounded(node)) found = node;
  });
  return found;
}

/** A handler object's failure callback (`onError(err)` of a dispatcher's handler protocol). */
const FAILURE_CALLBACK = /^_?(on|handle)_?(error|failure|fail|reject|rejection)$/i;

/**
 * A handler object that dispatches its request again with itself as the handler, from its failure
 * callback and under a give-up guard (`onError(err) { if (this.count >= max) return …; setTimeout(()
 * => this.dispatch(this.opts, this), wait) }`): each failure of the request brings it back here.
 */
export function resubmitsItself(fn: FunctionLike): ts.Node | undefined {
  if (!ts.isMethodDeclaration(fn) || !fn.body || !FAILURE_CALLBACK.test(lastName(fn.name))) return undefined;
  const guard = guardedGiveUp(fn.body);
  if (!guard) return undefined;
  let found: ts.Node | undefined;
  walkSelf(fn.body, (node) => {
    if (found) return false;
    // What the give-up branch does is the final failure being reported.
    if (ts.isIfStatement(guard) && node === guard.thenStatement) return false;
    if (!ts.isCallExpression(node) || REPORTING.test(lastName(node.expression))) return undefined;
    const handsItself = node.arguments.some((arg) => unwrap(arg).kind === K.ThisKeyword);
    const storedRequest = node.arguments.some((arg) => {
      const inner = unwrap(arg);
      return ts.isPropertyAccessExpression(inner) && inner.expression.kind === K.ThisKeyword;
    });
    if (handsItself && storedRequest) found = node;
    return undefined;
  });
  return found;
}
