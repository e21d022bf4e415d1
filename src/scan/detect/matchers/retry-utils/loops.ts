/** Retry loops: a loop that tries an operation, leaves on success and goes round again after a failure. */
import { ts } from '../../../../parser/ts.js';
import { lastName, lineAt, walkSelf } from '../../ast-utils.js';
import type { UnitContext } from '../../context.js';
import type { RetryConstruct } from '../retry.js';
import { isTransientStatus } from './failure-handlers.js';
import { COMPARISONS, exitsUnconditionally, findOperation, guardedGiveUp, hasComparisonOrCount, isCounterUpdate, loopCondition, loopVariables, referencedNames, walkLocal, type Loop } from './shared.js';

const K = ts.SyntaxKind;

/**
 * Names that take a new value on each pass (`dir = parent(dir)`, and locals computed from them),
 * ignoring attempt counters and what the catch block records (`lastError = e`).
 */
function advancingNames(loop: Loop): string[] {
  const names = new Set<string>();
  walkLocal(loop.statement, (node) => {
    if (ts.isCatchClause(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.EqualsToken && ts.isIdentifier(node.left)) {
      let inCatch = false;
      for (let current: ts.Node | undefined = node.parent; current && current !== loop; current = current.parent) if (ts.isCatchClause(current)) inCatch = true;
      if (!inCatch && !isCounterUpdate(node)) names.add(node.left.text);
    }
  }, true);
  // `for (let dir = start; ; dir = dirname(dir))`: the incrementor advances the loop to the next item.
  if (ts.isForStatement(loop) && loop.incrementor) {
    walkSelf(loop.incrementor, (node) => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.EqualsToken && ts.isIdentifier(node.left) && !isCounterUpdate(node)) names.add(node.left.text);
    });
  }
  if (names.size === 0) return [];
  // Locals computed from an advancing name advance too (`const pkgPath = join(dir, 'package.json')`).
  walkLocal(loop.statement, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && [...referencedNames(node.initializer)].some((n) => names.has(n))) names.add(node.name.text);
  }, true);
  return [...names];
}

/** Whether the operation iterates over different items (a batch, failover or directory walk), not the same operation. */
function operationVariesWithLoop(block: ts.Block, loop: Loop): boolean {
  const advancing = advancingNames(loop);
  const operation = findOperation(block);
  if (operation && advancing.length > 0) {
    const call = ts.isCallExpression(operation) ? operation : ts.isAwaitExpression(operation) && ts.isCallExpression(operation.expression) ? operation.expression : undefined;
    if (call && call.arguments.some((arg) => [...referencedNames(arg)].some((n) => advancing.includes(n)))) return true;
  }
  const variables = loopVariables(loop);
  if (variables.length === 0) return false;
  let varies = false;
  walkLocal(block, (node) => {
    if (varies) return;
    if (ts.isElementAccessExpression(node) && variables.some((v) => referencedNames(node.argumentExpression).has(v))) varies = true;
    if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && ts.isCallExpression(node)) {
      const used = new Set<string>();
      for (const arg of node.arguments) for (const name of referencedNames(arg)) used.add(name);
      for (const name of referencedNames(node.expression)) used.add(name);
      if (variables.some((v) => used.has(v))) varies = true;
    }
  }, true);
  return varies;
}

/** A try block leaves the loop once the operation succeeds: return/break, or sets the loop's flag. */
function successExit(block: ts.Block, loop: Loop): string | undefined {
  for (const statement of block.statements) {
    if (ts.isReturnStatement(statement)) return 'returns on success';
    if (ts.isBreakStatement(statement)) return 'breaks on success';
    if (continuesOuterLoop(statement, loop)) return 'continues the outer loop on success';
    // `try { try { return await op() } catch (e) { return convert(e) } } catch (failure) { … }`:
    // the inner try returns on success; the outer catch sees what the inner one rethrew.
    if (ts.isTryStatement(statement) || ts.isBlock(statement)) {
      const inner = successExit(ts.isTryStatement(statement) ? statement.tryBlock : statement, loop);
      if (inner) return inner;
    }
  }
  const condition = referencedNames(loopCondition(loop));
  if (condition.size === 0) return undefined;
  for (const statement of block.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const expression = statement.expression;
    // Only a flag (`ok = true`): assigning the next value of an iteration (`current = it.next()`) is not success.
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === K.EqualsToken && (expression.right.kind === K.TrueKeyword || expression.right.kind === K.FalseKeyword)) {
      const target = ts.isIdentifier(expression.left) ? expression.left.text : ts.isPropertyAccessExpression(expression.left) && expression.left.expression.kind === K.ThisKeyword ? `this.${expression.left.name.text}` : undefined;
      if (target && condition.has(target)) return `sets ${target} on success`;
    }
  }
  return undefined;
}

function isBounded(loop: Loop): boolean {
  return hasComparisonOrCount(loopCondition(loop)) || !!guardedGiveUp(loop.statement);
}

/**
 * `continue outer` inside the loop, naming a label other than the loop's own: it leaves this loop for
 * the next pass of an enclosing one (the next item of a batch whose items are each retried).
 */
function continuesOuterLoop(statement: ts.Statement, loop: Loop): boolean {
  if (!ts.isContinueStatement(statement) || !statement.label) return false;
  const own = ts.isLabeledStatement(loop.parent) ? loop.parent.label.text : undefined;
  return statement.label.text !== own;
}

/** A statement that leaves the loop: return, break, or a continue of an enclosing loop. */
function leaves(statement: ts.Statement, loop: Loop): boolean {
  return ts.isReturnStatement(statement) || ts.isBreakStatement(statement) || continuesOuterLoop(statement, loop);
}

/** A branch that leaves the loop, directly or as a statement of its block. */
function leavesLoop(branch: ts.Statement, loop: Loop): boolean {
  return leaves(branch, loop) || (ts.isBlock(branch) && branch.statements.some((st) => leaves(st, loop)));
}

/**
 * `const r = await op(); if (accept(r)) return r;` as a direct statement of the try block; the result
 * may also go to a variable declared before the loop (`res = await fetch(url); if (ok(res)) return res`).
 */
function conditionalExit(block: ts.Block, loop: Loop): string | undefined {
  const results = new Set<string>();
  for (const statement of block.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name) && declaration.initializer) results.add(declaration.name.text);
      continue;
    }
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === K.EqualsToken && ts.isIdentifier(statement.expression.left)) {
      results.add(statement.expression.left.text);
      continue;
    }
    if (!ts.isIfStatement(statement)) continue;
    // Either branch may be the accepting one: `if (rejected(r)) { lastError = … } else { return r }`.
    const leaves = [statement.thenStatement, statement.elseStatement].some((branch) => !!branch && leavesLoop(branch, loop));
    if (leaves && [...referencedNames(statement.expression)].some((name) => results.has(name))) return 'returns once the result is accepted';
  }
  return undefined;
}

/** Adds the retry loops of a unit (try/catch loops and result-checking loops). */
export function loopConstructs(ctx: UnitContext, into: RetryConstruct[]): void {
  const sf = ctx.file.sf;
  // The unit's loops, in walk order, as the unit's facts walk found them.
  for (const loop of ctx.facts.loops) {
    const node = loop as Loop;
    walkLocal(node.statement, (inner) => {
      if (!ts.isTryStatement(inner) || !inner.catchClause) return;
      if (!findOperation(inner.tryBlock)) return;
      // In a bounded loop, `if (accepted(result)) return result` inside the try is a success exit too
      // (retry until a condition holds); unbounded, that shape is a poll.
      const exit = successExit(inner.tryBlock, node) ?? (isBounded(node) ? conditionalExit(inner.tryBlock, node) : undefined);
      if (!exit) return;
      // A catch that ends by giving up goes round only through a guarded `continue` before that exit
      // (`if (attempts < max && retryable(err)) { await sleep(d); continue; } throw err`).
      if (exitsUnconditionally(inner.catchClause.block, [K.ThrowStatement, K.ReturnStatement, K.BreakStatement]) && !continuesBeforeExit(inner.catchClause.block, node)) return;
      // `catch { continue outer }` gives up on this item at the first failure.
      if (inner.catchClause.block.statements.some((st) => continuesOuterLoop(st, node))) return;
      if (operationVariesWithLoop(inner.tryBlock, node)) return;
      into.push({ form: 'loop', node, note: `loop at line ${lineAt(sf, node.getStart(sf))} tries again after catch; ${exit}` });
    }, true);
    if (!into.some((c) => c.node === node)) {
      const resultExit = resultBasedExit(node) ?? failedResultCondition(node);
      if (resultExit) into.push({ form: 'loop', node, note: `loop at line ${lineAt(sf, node.getStart(sf))} tries again until ${resultExit}` });
    }
  }
}

/** Whether a condition tests an operation's success: `'success' in r`, `r.ok`, `res.status < 500`. */
function isSuccessCheck(condition: ts.Expression): string | undefined {
  let found: string | undefined;
  walkSelf(condition, (node) => {
    if (found) return false;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.InKeyword && ts.isStringLiteralLike(node.left) && /^(success|ok|value)$/.test(node.left.text)) found = `'${node.left.text}' in the result`;
    else if (ts.isPropertyAccessExpression(node) && /^(ok|success|succeeded|isSuccess|isOk)$/.test(node.name.text) && !ts.isPrefixUnaryExpression(node.parent)) found = `.${node.name.text}`;
    else if (ts.isIdentifier(node) && /^(ok|success|succeeded|isSuccess|isOk)$/.test(node.text) && !ts.isPrefixUnaryExpression(node.parent) && !ts.isPropertyAccessExpression(node.parent)) found = node.text;
    else if (ts.isPrefixUnaryExpression(node) && node.operator === K.ExclamationToken && /^(failed|failure|error|err|isError|hasError|isFailure)$/.test(lastName(node.operand))) found = `not ${lastName(node.operand)}`;
    else if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind)) {
      const sides = [node.left, node.right];
      const status = sides.find((side) => ts.isPropertyAccessExpression(side) && /^(status|statusCode)$/.test(side.name.text));
      if (status && sides.some((side) => ts.isNumericLiteral(side))) found = 'the status code is acceptable';
    }
    return undefined;
  });
  return found;
}

/** An `if` on a transient failure status that goes round again, followed by a statement leaving the loop. */
function goesRoundOnFailedStatus(node: ts.IfStatement, loop: Loop): boolean {
  let failed = false;
  walkSelf(node.expression, (child) => {
    if (ts.isBinaryExpression(child) && isTransientStatus(child)) failed = true;
  });
  if (!failed || node.elseStatement) return false;
  const then = node.thenStatement;
  const last = ts.isBlock(then) ? then.statements[then.statements.length - 1] : then;
  if (!last || !ts.isContinueStatement(last) || last.label) return false;
  const container = node.parent;
  if (!ts.isBlock(container)) return false;
  const next = container.statements[container.statements.indexOf(node) + 1];
  return !!next && leavesLoop(next, loop);
}

/**
 * A loop without try/catch that re-attempts until the result reports success (`if (res.ok) return res`),
 * bounded by an attempt count (an unbounded loop that waits for a state is polling, not retrying).
 */
function resultBasedExit(loop: Loop): string | undefined {
  const bounded = hasComparisonOrCount(loopCondition(loop)) || ts.isForOfStatement(loop);
  let exit: string | undefined;
  let operationSeen = false;
  walkLocal(loop.statement, (node) => {
    if (exit) return;
    if (ts.isCallExpression(node) || ts.isAwaitExpression(node)) operationSeen = true;
    if (!operationSeen || !ts.isIfStatement(node)) return;
    const check = isSuccessCheck(node.expression);
    if (check && leavesLoop(node.thenStatement, loop)) exit = check;
    // `if (res.status >= 500 && i < tries) { await sleep(d); continue; } return res;`
    else if (goesRoundOnFailedStatus(node, loop)) exit = 'the status code is acceptable';
  }, true);
  if (!exit) return undefined;
  if (!bounded && !guardedGiveUp(loop.statement)) return undefined;
  if (ts.isBlock(loop.statement) && operationVariesWithLoop(loop.statement, loop)) return undefined;
  return exit;
}


/** A direct `if` of the block, before its first exit, whose branch ends with a `continue` of this loop. */
function continuesBeforeExit(block: ts.Block, loop: Loop): boolean {
  const own = ts.isLabeledStatement(loop.parent) ? loop.parent.label.text : undefined;
  for (const statement of block.statements) {
    if (statement.kind === K.ThrowStatement || statement.kind === K.ReturnStatement || statement.kind === K.BreakStatement) return false;
    if (!ts.isIfStatement(statement)) continue;
    const then = statement.thenStatement;
    const last = ts.isBlock(then) ? then.statements[then.statements.length - 1] : then;
    if (last && ts.isContinueStatement(last) && (!last.label || last.label.text === own)) return true;
  }
  return false;
}

/**
 * The names a condition finds failed: `res.status >= 500` or `=== 429` (a transient status),
 * `!res.ok`, `!result.success`, `res.ok === false`.
 */
function failedResultNames(condition: ts.Expression): { names: Set<string>; checks: ts.Node[] } {
  const names = new Set<string>();
  const checks: ts.Node[] = [];
  const add = (subject: ts.Expression, check: ts.Node): void => {
    const root = ts.isPropertyAccessExpression(subject) ? subject.expression : undefined;
    if (root && ts.isIdentifier(root)) {
      names.add(root.text);
      checks.push(check);
    }
  };
  walkSelf(condition, (node) => {
    if (ts.isBinaryExpression(node) && isTransientStatus(node)) add(ts.isNumericLiteral(node.right) ? node.left : node.right, node);
    else if (ts.isPrefixUnaryExpression(node) && node.operator === K.ExclamationToken && ts.isPropertyAccessExpression(node.operand) && /^(ok|success|succeeded|isOk|isSuccess)$/.test(node.operand.name.text)) add(node.operand, node);
    else if (ts.isBinaryExpression(node) && (node.operatorToken.kind === K.EqualsEqualsEqualsToken || node.operatorToken.kind === K.EqualsEqualsToken) && node.right.kind === K.FalseKeyword && ts.isPropertyAccessExpression(node.left) && /^(ok|success)$/.test(node.left.name.text)) add(node.left, node);
  });
  return { names, checks };
}

/**
 * A while/do loop whose own condition goes round while the last result failed and an attempt bound
 * holds (`do { res = await fetch(u) } while (res.status >= 500 && ++n < 3)`,
 * `while (!res.ok && tries-- > 0) { res = await fetch(u) }`), its body producing that result again.
 */
function failedResultCondition(loop: Loop): string | undefined {
  if (!ts.isWhileStatement(loop) && !ts.isDoStatement(loop)) return undefined;
  const { names, checks } = failedResultNames(loop.expression);
  if (names.size === 0) return undefined;
  // The bound is a count or comparison outside the failure checks themselves.
  let bounded = false;
  walkSelf(loop.expression, (node) => {
    if (bounded || checks.includes(node)) return false;
    if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && (node.operator === K.MinusMinusToken || node.operator === K.PlusPlusToken)) bounded = true;
    if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind)) bounded = true;
    return undefined;
  });
  if (!bounded) return undefined;
  let reruns = false;
  walkLocal(loop.statement, (node) => {
    if (reruns || !ts.isBinaryExpression(node) || node.operatorToken.kind !== K.EqualsToken || !ts.isIdentifier(node.left) || !names.has(node.left.text)) return;
    const value = ts.isAwaitExpression(node.right) ? node.right.expression : node.right;
    if (ts.isCallExpression(value)) reruns = true;
  }, true);
  if (!reruns || (ts.isBlock(loop.statement) && operationVariesWithLoop(loop.statement, loop))) return undefined;
  return 'the result no longer fails';
}
