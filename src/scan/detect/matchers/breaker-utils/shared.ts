/** Helpers shared by the breaker analyses (named states, and states kept without a name). */
import { ts } from '../../../../parser/ts.js';
import { chainText, FUNCTION_KINDS, isCatchCallback, isFunctionLike, kindSet, lastName, walkSelfKinds } from '../../ast-utils.js';

const K = ts.SyntaxKind;

/** Names of failures and of their counts. */
export const FAILURE_NAME = /fail|error|errs|fault|strike|consecutive/i;

/** Whether a node runs when an operation failed: in a catch, an error callback or a failure-named function. */
export function isFailurePath(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isCatchClause(current)) return true;
    if (isFunctionLike(current)) {
      if (isCatchCallback(current)) return true;
      const name = current.name && ts.isIdentifier(current.name) ? current.name.text : ts.isPropertyAssignment(current.parent) || ts.isPropertyDeclaration(current.parent) ? chainText(current.parent.name) : '';
      if (FAILURE_NAME.test(name)) return true;
      if (ts.isBinaryExpression(current.parent) && FAILURE_NAME.test(lastName(current.parent.left))) return true;
    }
  }
  return false;
}

/** The target of `x++`, `x += n`, `x = x + n`, `x.push(v)`. */
export function incrementTarget(node: ts.Node): ts.Expression | undefined {
  if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && node.operator === K.PlusPlusToken) return node.operand;
  if (ts.isBinaryExpression(node)) {
    if (node.operatorToken.kind === K.PlusEqualsToken) return node.left;
    if (node.operatorToken.kind === K.EqualsToken && ts.isBinaryExpression(node.right) && node.right.operatorToken.kind === K.PlusToken && chainText(node.right.left) === chainText(node.left)) return node.left;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push') return node.expression.expression;
  return undefined;
}

const TIME = /^(Date\.now|performance\.now|process\.hrtime|process\.hrtime\.bigint|Date\.prototype\.getTime)$/;

const CLOCK_KINDS = kindSet(K.CallExpression, K.NewExpression);

/** Whether a node reads the clock. */
export function mentionsTime(node: ts.Node): boolean {
  let found = false;
  walkSelfKinds(node, CLOCK_KINDS, (child) => {
    if (found) return false;
    if (ts.isCallExpression(child) && (TIME.test(chainText(child.expression)) || lastName(child.expression) === 'getTime')) found = true;
    if (ts.isNewExpression(child) && chainText(child.expression) === 'Date') found = true;
    return undefined;
  });
  return found;
}

const REFUSAL_KINDS = kindSet(K.ThrowStatement, K.CallExpression, K.ReturnStatement, ...FUNCTION_KINDS);

/** Whether a branch refuses the call: throws, rejects, hands an error to a callback, or returns a fallback. */
export function rejects(branch: ts.Node): boolean {
  let found = false;
  walkSelfKinds(branch, REFUSAL_KINDS, (child) => {
    if (found || (child !== branch && isFunctionLike(child))) return false;
    if (ts.isThrowStatement(child)) found = true;
    if (ts.isCallExpression(child) && (chainText(child.expression) === 'Promise.reject' || /^(reject|fallback|callback|cb)$/i.test(lastName(child.expression)))) found = true;
    if (ts.isReturnStatement(child) && child.expression && ts.isCallExpression(child.expression) && /fallback/i.test(lastName(child.expression.expression))) found = true;
    // `return done(new Error('unavailable'))`: an error handed to the caller's callback.
    if (ts.isReturnStatement(child) && child.expression && ts.isCallExpression(child.expression) && child.expression.arguments.some((arg) => ts.isNewExpression(arg) && /Error$/.test(chainText(arg.expression)))) found = true;
    return undefined;
  });
  return found;
}
