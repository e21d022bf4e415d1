/** Helpers shared by the loop and recursion retry analyses. */
import { ts } from '../../../../parser/ts.js';
import { bindingNames, isFunctionLike, kindSet, lastName, walk, walkSelfKinds } from '../../ast-utils.js';

const K = ts.SyntaxKind;

/** Loop statements. */
export type Loop = ts.ForStatement | ts.ForOfStatement | ts.ForInStatement | ts.WhileStatement | ts.DoStatement;

/** Whether a node is a loop statement. */
export function isLoop(node: ts.Node): node is Loop {
  return node.kind === K.ForStatement || node.kind === K.ForOfStatement || node.kind === K.ForInStatement || node.kind === K.WhileStatement || node.kind === K.DoStatement;
}

/** Visits the nodes of `root` without entering nested functions (and, if asked, nested loops). */
export function walkLocal(root: ts.Node, visit: (node: ts.Node) => void, stopAtLoops: boolean): void {
  walk(root, (node) => {
    if (isFunctionLike(node)) return false;
    if (stopAtLoops && isLoop(node)) return false;
    visit(node);
    return true;
  });
}

/** The condition of a for/while/do loop. */
export function loopCondition(loop: Loop): ts.Expression | undefined {
  if (ts.isForStatement(loop)) return loop.condition;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return loop.expression;
  return undefined;
}

/** Whether a list of statements ends the enclosing flow unconditionally (throw/return/break as a direct statement). */
export function exitsUnconditionally(block: ts.Block, kinds: ts.SyntaxKind[]): boolean {
  return block.statements.some((statement) => kinds.includes(statement.kind));
}

const NAME_KINDS = kindSet(K.Identifier, K.PropertyAccessExpression);
/** Comparisons and counter steps. */
const BOUND_KINDS = kindSet(K.BinaryExpression, K.PostfixUnaryExpression, K.PrefixUnaryExpression);
const IF = kindSet(K.IfStatement);
const GIVE_UP_KINDS = kindSet(K.ThrowStatement, K.ReturnStatement, K.BreakStatement, K.ContinueStatement, K.CallExpression);

/** Names referenced in a node (identifiers and `this.x` chains). */
export function referencedNames(node: ts.Node | undefined): Set<string> {
  const names = new Set<string>();
  if (!node) return names;
  walkSelfKinds(node, NAME_KINDS, (child) => {
    if (ts.isIdentifier(child)) names.add(child.text);
    else if (ts.isPropertyAccessExpression(child) && child.expression.kind === K.ThisKeyword) names.add(`this.${child.name.text}`);
  });
  return names;
}

/** Names declared in a for/for-of/for-in head. */
export function loopVariables(loop: Loop): string[] {
  const names: string[] = [];
  const initializer = ts.isForStatement(loop) || ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.initializer : undefined;
  if (initializer && ts.isVariableDeclarationList(initializer)) {
    for (const declaration of initializer.declarations) bindingNames(declaration.name, names);
  }
  return names;
}

/** The operation attempted in a try block: a call, await or yield outside nested functions. */
export function findOperation(block: ts.Block): ts.Node | undefined {
  let found: ts.Node | undefined;
  walkLocal(block, (node) => {
    if (!found && (ts.isCallExpression(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node) || ts.isNewExpression(node))) found = node;
  }, false);
  return found;
}

/** `x++`, `--x`, `x += 1`: a counter step. */
export function isCounterUpdate(node: ts.Node): boolean {
  if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && (node.operator === K.PlusPlusToken || node.operator === K.MinusMinusToken)) return true;
  return ts.isBinaryExpression(node) && (node.operatorToken.kind === K.PlusEqualsToken || node.operatorToken.kind === K.MinusEqualsToken) && ts.isNumericLiteral(node.right);
}

/** Comparison operators. */
export const COMPARISONS = new Set([K.LessThanToken, K.LessThanEqualsToken, K.GreaterThanToken, K.GreaterThanEqualsToken, K.EqualsEqualsEqualsToken, K.ExclamationEqualsEqualsToken, K.EqualsEqualsToken, K.ExclamationEqualsToken]);

/** Whether an expression compares or counts (a bound). */
export function hasComparisonOrCount(node: ts.Node | undefined): boolean {
  if (!node) return false;
  let found = false;
  walkSelfKinds(node, BOUND_KINDS, (child) => {
    if (ts.isBinaryExpression(child) && COMPARISONS.has(child.operatorToken.kind)) found = true;
    if ((ts.isPostfixUnaryExpression(child) || ts.isPrefixUnaryExpression(child)) && (child.operator === K.MinusMinusToken || child.operator === K.PlusPlusToken)) found = true;
  });
  return found;
}

/** An `if (counter >= max) throw/return/break` (or reject/callback) inside a node. */
export function guardedGiveUp(root: ts.Node): ts.Node | undefined {
  let found: ts.Node | undefined;
  walkSelfKinds(root, IF, (node) => {
    if (found || !ts.isIfStatement(node) || !hasComparisonOrCount(node.expression) && !ts.isPrefixUnaryExpression(node.expression)) return;
    walkSelfKinds(node.thenStatement, GIVE_UP_KINDS, (child) => {
      // give up (throw/return/break), or go round again only while under the bound (continue)
      if (ts.isThrowStatement(child) || ts.isReturnStatement(child) || ts.isBreakStatement(child) || ts.isContinueStatement(child)) found = node;
      if (ts.isCallExpression(child) && /^(reject|callback|cb|done|next)$/.test(lastName(child.expression))) found = node;
    });
  });
  return found;
}

/** Whether a call passes `n - 1`, `n + 1`, `n--`... (a counted recursion). */
export function countsInArguments(call: ts.Node | undefined): boolean {
  if (!call || !ts.isCallExpression(call)) return false;
  let found = false;
  for (const arg of call.arguments) {
    walkSelfKinds(arg, BOUND_KINDS, (node) => {
      if (ts.isBinaryExpression(node) && (node.operatorToken.kind === K.MinusToken || node.operatorToken.kind === K.PlusToken) && ts.isNumericLiteral(node.right)) found = true;
      if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && (node.operator === K.MinusMinusToken || node.operator === K.PlusPlusToken)) found = true;
    });
  }
  return found;
}

