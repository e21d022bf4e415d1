/**
 * Retry structure: the same operation attempted again after a failure. Finds the retry constructs of
 * a unit (loops and failure handlers that re-invoke the enclosing function); the delay and bound
 * matchers then look inside those constructs only, so a sleep elsewhere in the unit does not count.
 */
import { ts } from '../../../parser/ts.js';
import { chainText, isCatchCallback, isFunctionLike, lastName, lineAt, unwrap, walk, walkSelf, type FunctionLike } from '../ast-utils.js';
import { memo, unitText, type UnitContext } from '../context.js';
import type { MatchEvidence } from './types.js';

const K = ts.SyntaxKind;

export interface RetryConstruct {
  form: 'loop' | 'recursion';
  /** The loop, or the failure handler that re-invokes. */
  node: ts.Node;
  /** For recursion: the call (or setTimeout) that re-invokes. */
  reinvoke?: ts.Node;
  /** For recursion: the function that is re-invoked. */
  fn?: FunctionLike;
  note: string;
}

type Loop = ts.ForStatement | ts.ForOfStatement | ts.ForInStatement | ts.WhileStatement | ts.DoStatement;

function isLoop(node: ts.Node): node is Loop {
  return node.kind === K.ForStatement || node.kind === K.ForOfStatement || node.kind === K.ForInStatement || node.kind === K.WhileStatement || node.kind === K.DoStatement;
}

/** Visits the nodes of `root` without entering nested functions (and, if asked, nested loops). */
function walkLocal(root: ts.Node, visit: (node: ts.Node) => void, stopAtLoops: boolean): void {
  walk(root, (node) => {
    if (isFunctionLike(node)) return false;
    if (stopAtLoops && isLoop(node)) return false;
    visit(node);
    return true;
  });
}

function loopCondition(loop: Loop): ts.Expression | undefined {
  if (ts.isForStatement(loop)) return loop.condition;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return loop.expression;
  return undefined;
}

/** Whether a list of statements ends the enclosing flow unconditionally (throw/return/break as a direct statement). */
function exitsUnconditionally(block: ts.Block, kinds: ts.SyntaxKind[]): boolean {
  return block.statements.some((statement) => kinds.includes(statement.kind));
}

/** Names referenced in a node (identifiers and `this.x` chains). */
function referencedNames(node: ts.Node | undefined): Set<string> {
  const names = new Set<string>();
  if (!node) return names;
  walkSelf(node, (child) => {
    if (ts.isIdentifier(child)) names.add(child.text);
    else if (ts.isPropertyAccessExpression(child) && child.expression.kind === K.ThisKeyword) names.add(`this.${child.name.text}`);
  });
  return names;
}

function loopVariables(loop: Loop): string[] {
  const names: string[] = [];
  const initializer = ts.isForStatement(loop) || ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.initializer : undefined;
  if (initializer && ts.isVariableDeclarationList(initializer)) {
    for (const declaration of initializer.declarations) if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
  }
  return names;
}

/** The operation attempted in a try block: a call, await or yield outside nested functions. */
function findOperation(block: ts.Block): ts.Node | undefined {
  let found: ts.Node | undefined;
  walkLocal(block, (node) => {
    if (!found && (ts.isCallExpression(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node) || ts.isNewExpression(node))) found = node;
  }, false);
  return found;
}

function isCounterUpdate(node: ts.Node): boolean {
  if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && (node.operator === K.PlusPlusToken || node.operator === K.MinusMinusToken)) return true;
  return ts.isBinaryExpression(node) && (node.operatorToken.kind === K.PlusEqualsToken || node.operatorToken.kind === K.MinusEqualsToken) && ts.isNumericLiteral(node.right);
}

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

function loopConstructs(ctx: UnitContext, into: RetryConstruct[]): void {
  const sf = ctx.file.sf;
  for (const root of ctx.unit.nodes) {
    walk(root, (node) => {
      if (!isLoop(node)) return;
      walkLocal(node.statement, (inner) => {
        if (!ts.isTryStatement(inner) || !inner.catchClause) return;
        if (!findOperation(inner.tryBlock)) return;
        const exit = successExit(inner.tryBlock, node);
        if (!exit) return;
        if (exitsUnconditionally(inner.catchClause.block, [K.ThrowStatement, K.ReturnStatement, K.BreakStatement])) return;
        if (operationVariesWithLoop(inner.tryBlock, node)) return;
        into.push({ form: 'loop', node, note: `loop at line ${lineAt(sf, node.getStart(sf))} tries again after catch; ${exit}` });
      }, true);
      if (!into.some((c) => c.node === node)) {
        const resultExit = resultBasedExit(node);
        if (resultExit) into.push({ form: 'loop', node, note: `loop at line ${lineAt(sf, node.getStart(sf))} tries again until ${resultExit}` });
      }
    });
  }
}

/** Whether a condition tests an operation's success: `'success' in r`, `r.ok`, `res.status < 500`. */
function isSuccessCheck(condition: ts.Expression): string | undefined {
  let found: string | undefined;
  walkSelf(condition, (node) => {
    if (found) return false;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.InKeyword && ts.isStringLiteralLike(node.left) && /^(success|ok|value)$/.test(node.left.text)) found = `'${node.left.text}' in the result`;
    else if (ts.isPropertyAccessExpression(node) && /^(ok|success|succeeded|isSuccess|isOk)$/.test(node.name.text) && !ts.isPrefixUnaryExpression(node.parent)) found = `.${node.name.text}`;
    else if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind)) {
      const sides = [node.left, node.right];
      const status = sides.find((side) => ts.isPropertyAccessExpression(side) && /^(status|statusCode)$/.test(side.name.text));
      if (status && sides.some((side) => ts.isNumericLiteral(side))) found = 'the status code is acceptable';
    }
    return undefined;
  });
  return found;
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
    if (!check) return;
    const then = node.thenStatement;
    const leaves = ts.isReturnStatement(then) || ts.isBreakStatement(then) || (ts.isBlock(then) && then.statements.some((st) => ts.isReturnStatement(st) || ts.isBreakStatement(st)));
    if (leaves) exit = check;
  }, true);
  if (!exit) return undefined;
  if (!bounded && !guardedGiveUp(loop.statement)) return undefined;
  if (ts.isBlock(loop.statement) && operationVariesWithLoop(loop.statement, loop)) return undefined;
  return exit;
}

/** Names a function can call itself by: its own name, its variable, or `this.method`. */
function selfNames(fn: FunctionLike): string[] {
  const names: string[] = [];
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) names.push(fn.name.text);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) names.push(parent.name.text);
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) {
    names.push(`this.${fn.name.text}`);
    // An object literal method can also be reached through the object: `api.get`, `module.exports.get`.
    const holder = ts.isObjectLiteralExpression(fn.parent) ? fn.parent.parent : undefined;
    if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) names.push(`${holder.name.text}.${fn.name.text}`);
    if (holder && ts.isBinaryExpression(holder)) names.push(`${chainText(holder.left)}.${fn.name.text}`, `exports.${fn.name.text}`);
  }
  if ((ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) names.push(`this.${parent.name.text}`);
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) {
    names.push(`this.${parent.left.name.text}`, chainText(parent.left));
  }
  // `var self = this; ... self.method()` reaches the method through an alias of `this`.
  const aliases: string[] = [];
  if (fn.body) {
    walk(fn.body, (node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer?.kind === K.ThisKeyword) aliases.push(node.name.text);
    });
  }
  for (const name of [...names]) {
    if (name.startsWith('this.')) for (const alias of aliases) names.push(`${alias}.${name.slice(5)}`);
  }
  return names;
}

const ERROR_NAME = /^(err|error|e|ex|exc|reason|failure|fail)$/i;
const FAILURE_EVENTS = /^(error|close|disconnect|disconnected|end|timeout)$/i;
/** Conventional names of continuations, which report an outcome rather than perform the operation. */
const CONTINUATION = /^(callback|cb|done|next|resolve|reject|release|finish|complete|respond|reply|onError|onDone|end)$/;
const SCHEDULERS = /^(setTimeout|setImmediate|nextTick|queueMicrotask|requestAnimationFrame)$/;

/** The first parameter of the function around a node (the `err` of an error-first callback). */
function firstParameterOfEnclosing(node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) {
      const first = current.parameters[0];
      return first && ts.isIdentifier(first.name) ? first.name.text : undefined;
    }
  }
  return undefined;
}

/**
 * A condition that holds when an operation failed: `if (err)`, `if (err && n-- > 0)`, `if (error != null)`
 * on an error-first callback's error, or `if (!res.ok)`, `if (result.error)`. Not `if (e.cause)`.
 */
function isFailureCondition(condition: ts.Expression): boolean {
  const inner = ts.isParenthesizedExpression(condition) ? condition.expression : condition;
  if (ts.isIdentifier(inner)) return ERROR_NAME.test(inner.text) && firstParameterOfEnclosing(inner) === inner.text;
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === K.ExclamationToken && ts.isPropertyAccessExpression(inner.operand)) {
    return /^(ok|success|succeeded)$/.test(inner.operand.name.text);
  }
  if (ts.isPropertyAccessExpression(inner)) return /^(error|err|failed|failure)$/.test(inner.name.text);
  if (ts.isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    if (op === K.AmpersandAmpersandToken || op === K.BarBarToken) return isFailureCondition(inner.left) || isFailureCondition(inner.right);
    if (op === K.ExclamationEqualsToken || op === K.ExclamationEqualsEqualsToken) {
      const isNullish = (e: ts.Expression): boolean => e.kind === K.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
      if (isNullish(inner.right)) return isFailureCondition(inner.left);
      if (isNullish(inner.left)) return isFailureCondition(inner.right);
    }
  }
  return false;
}

/**
 * An error-first callback that returns early on success (`(err, res) => { if (!err) { done(res); return } ... }`):
 * what follows the guard is the failure path.
 */
function hasSuccessGuard(fn: FunctionLike): boolean {
  const first = fn.parameters[0];
  if (!first || !ts.isIdentifier(first.name) || !ERROR_NAME.test(first.name.text) || !fn.body || !ts.isBlock(fn.body)) return false;
  const errorName = first.name.text;
  return fn.body.statements.some((statement) => {
    if (!ts.isIfStatement(statement)) return false;
    const condition = statement.expression;
    const negated = ts.isPrefixUnaryExpression(condition) && condition.operator === K.ExclamationToken && ts.isIdentifier(condition.operand) && condition.operand.text === errorName;
    const isNull =
      ts.isBinaryExpression(condition) &&
      (condition.operatorToken.kind === K.EqualsEqualsToken || condition.operatorToken.kind === K.EqualsEqualsEqualsToken) &&
      ts.isIdentifier(condition.left) && condition.left.text === errorName && (condition.right.kind === K.NullKeyword || (ts.isIdentifier(condition.right) && condition.right.text === 'undefined'));
    if (!negated && !isNull) return false;
    let returns = false;
    walkSelf(statement.thenStatement, (child) => {
      if (ts.isReturnStatement(child)) returns = true;
    });
    return returns;
  });
}

/** Function parameters invoked in `root` (called, or handed to `.then()`/a scheduler), outside `except`. */
function invokedParameters(root: ts.Node, parameters: Set<string>, except?: ts.Node): Map<string, ts.Node> {
  const invoked = new Map<string, ts.Node>();
  walkSelf(root, (node) => {
    if (except && node === except) return false;
    if (!ts.isCallExpression(node)) return undefined;
    const callee = node.expression;
    if (ts.isIdentifier(callee) && parameters.has(callee.text)) invoked.set(callee.text, node);
    if (ts.isPropertyAccessExpression(callee) && /^(call|apply)$/.test(callee.name.text) && ts.isIdentifier(callee.expression) && parameters.has(callee.expression.text)) {
      invoked.set(callee.expression.text, node);
    }
    const passes = ts.isPropertyAccessExpression(callee) ? /^(then|finally)$/.test(callee.name.text) : SCHEDULERS.test(lastName(callee));
    if (passes) for (const arg of node.arguments) if (ts.isIdentifier(arg) && parameters.has(arg.text)) invoked.set(arg.text, node);
    return undefined;
  });
  return invoked;
}

/** A block that ends by throwing or returning a rejection. */
function rethrows(block: ts.Block): boolean {
  return block.statements.some(
    (statement) =>
      ts.isThrowStatement(statement) ||
      (ts.isReturnStatement(statement) && !!statement.expression && ts.isCallExpression(statement.expression) && /^(Promise\.reject|reject)$/.test(chainText(statement.expression.expression))),
  );
}

function catchVariable(handler: ts.Node): string | undefined {
  const parent = handler.parent;
  return parent && ts.isCatchClause(parent) && parent.variableDeclaration && ts.isIdentifier(parent.variableDeclaration.name) ? parent.variableDeclaration.name.text : undefined;
}

function callsName(root: ts.Node | undefined, name: string): boolean {
  if (!root) return false;
  let found = false;
  walkSelf(root, (node) => {
    if (found) return false;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) found = true;
    return undefined;
  });
  return found;
}

/**
 * Whether a failure handler handles the failure of calling `name`: a catch clause whose try block
 * calls it, a `.catch()` on a chain that starts with it (also through the accumulator of a
 * `reduce(..., name())` promise chain), or an error-first callback handed to it.
 */
function handlesFailureOf(handler: ts.Node, name: string): boolean {
  const parent = handler.parent;
  // A catch block that rethrows in the end only cleans up (`release(); throw error`).
  if (parent && ts.isCatchClause(parent)) return callsName(parent.parent.tryBlock, name) && !rethrows(parent.block);
  if (isFunctionLike(handler) && parent && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression)) {
    const receiver = parent.expression.expression;
    if (callsName(receiver, name)) return true;
    // delays.reduce((previous, delay) => previous.catch(() => ...name...), name())
    if (ts.isIdentifier(receiver)) {
      for (let current: ts.Node | undefined = parent.parent; current; current = current.parent) {
        if (isFunctionLike(current) && current.parameters[0] && ts.isIdentifier(current.parameters[0].name) && current.parameters[0].name.text === receiver.text) {
          const reduce = current.parent;
          return !!reduce && ts.isCallExpression(reduce) && lastName(reduce.expression) === 'reduce' && callsName(reduce.arguments[1], name);
        }
      }
    }
    return false;
  }
  // `if (err)` branch or guarded error-first callback: the callback must be handed to `name`.
  for (let current: ts.Node | undefined = handler; current; current = current.parent) {
    if (isFunctionLike(current)) {
      const call = current.parent;
      return !!call && ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === name;
    }
  }
  return false;
}

/** Failure handlers inside a function: catch blocks, `.catch()` callbacks, `if (err)` branches, error events. */
function failureHandlers(fn: FunctionLike): ts.Node[] {
  const handlers: ts.Node[] = [];
  if (!fn.body) return handlers;
  walk(fn.body, (node) => {
    if (ts.isCatchClause(node)) handlers.push(node.block);
    else if (isFunctionLike(node) && isCatchCallback(node)) handlers.push(node);
    else if (isFunctionLike(node) && node.body && hasSuccessGuard(node)) handlers.push(node.body);
    else if (ts.isIfStatement(node)) {
      if (isFailureCondition(node.expression)) handlers.push(node.thenStatement);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(on|once|addEventListener|addListener)$/.test(node.expression.name.text)) {
      const [event, listener] = node.arguments;
      if (event && ts.isStringLiteralLike(event) && FAILURE_EVENTS.test(event.text) && listener) handlers.push(listener);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.EqualsToken && ts.isPropertyAccessExpression(node.left) && /^on(error|close)$/.test(node.left.name.text)) {
      handlers.push(node.right);
    }
  });
  return handlers;
}

function callsSelf(call: ts.CallExpression, names: string[]): boolean {
  return names.includes(chainText(call.expression)) || (ts.isPropertyAccessExpression(call.expression) && /^(call|apply)$/.test(call.expression.name.text) && names.includes(chainText(call.expression.expression)));
}

/** Whether a node (an argument of setTimeout or .catch) is, or calls, the function itself. */
function reinvokes(node: ts.Node, names: string[]): boolean {
  const inner = ts.isExpression(node) ? unwrap(node) : node;
  if (names.includes(chainText(inner))) return true;
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'bind') {
    return names.includes(chainText(inner.expression.expression));
  }
  let found = false;
  if (isFunctionLike(inner)) {
    walk(inner, (child) => {
      if (ts.isCallExpression(child) && callsSelf(child, names)) found = true;
    });
  }
  return found;
}

/**
 * A recursive call that moves on to the next element (`parsers[index]`, called again with `index + 1`)
 * tries alternatives one by one; that is a fallback chain, not a retry of the same operation.
 */
function walksAnIndex(fn: FunctionLike, reinvoke: ts.Node): boolean {
  const parameters = fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : []));
  if (parameters.length === 0 || !fn.body) return false;
  const indexes = new Set<string>();
  walk(fn.body, (node) => {
    if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.argumentExpression) && parameters.includes(node.argumentExpression.text)) indexes.add(node.argumentExpression.text);
  });
  if (indexes.size === 0) return false;
  let advances = false;
  const scope = reinvoke.parent ?? reinvoke;
  walkSelf(scope.parent ?? scope, (node) => {
    if (isCounterUpdate(node) && ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node) ? indexes.has(chainText(node.operand)) : ts.isBinaryExpression(node) && indexes.has(chainText(node.left))))) advances = true;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.PlusToken && indexes.has(chainText(node.left))) advances = true;
  });
  return advances;
}

function recursionConstructs(ctx: UnitContext, into: RetryConstruct[]): void {
  const sf = ctx.file.sf;
  for (const fn of ctx.facts.functions) {
    const names = selfNames(fn);
    if (names.length === 0 && fn.parameters.length === 0) continue;
    for (const handler of failureHandlers(fn)) {
      let hit: ts.Node | undefined;
      let how = '';
      if (isFunctionLike(handler) || ts.isIdentifier(handler) || ts.isPropertyAccessExpression(handler)) {
        // `.catch(attempt)` / `.catch(() => attempt())`
        if (!isFunctionLike(handler) && reinvokes(handler, names)) {
          hit = handler;
          how = 'a .catch() handler';
        }
      }
      walkSelf(handler, (node) => {
        if (hit || !ts.isCallExpression(node)) return;
        if (callsSelf(node, names)) {
          hit = node;
          how = 'the failure handler';
        } else if (SCHEDULERS.test(lastName(node.expression)) && node.arguments[0] && reinvokes(node.arguments[0], names)) {
          hit = node;
          how = `${lastName(node.expression)}() in the failure handler`;
        }
      });
      if (!hit) {
        // The failure handler runs the same operation again: a parameter invoked before and in the handler
        // (`operation().catch(() => sleep(d).then(operation))`).
        const parameters = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
        if (parameters.size > 0 && fn.body) {
          const inHandler = invokedParameters(handler, parameters);
          // The handler must handle that very operation's failure (not a `done`/`reject` callback used on both paths).
          // A continuation handed the error (`callback(err)`, `next(error)`) reports the failure; it does not retry.
          const passesError = (call: ts.Node | undefined): boolean =>
            !!call &&
            ts.isCallExpression(call) &&
            call.arguments.some((arg) => arg.kind === K.NullKeyword || (ts.isIdentifier(arg) && (ERROR_NAME.test(arg.text) || arg.text === catchVariable(handler))));
          const again = [...inHandler.keys()].find((name) => !CONTINUATION.test(name) && handlesFailureOf(handler, name) && !passesError(inHandler.get(name)));
          if (again) {
            hit = inHandler.get(again);
            how = `the failure handler runs ${again}`;
          }
        }
      }
      if (hit && walksAnIndex(fn, hit)) hit = undefined;
      if (hit) {
        const what = how.startsWith('the failure handler runs') ? `${how} again` : `${how} calls ${names[0]}() again`;
        into.push({ form: 'recursion', node: handler, reinvoke: hit, fn, note: `${what} (line ${lineAt(sf, hit.getStart(sf))})` });
      }
    }
  }
}

const RETRY_TEXT = /catch|err|fail|close|disconnect|\bend\b|timeout|\bok\b|success|status|then/i;

/** Every retry construct of a unit (memoised). */
export function retryConstructs(ctx: UnitContext): RetryConstruct[] {
  return memo(ctx, 'retry-constructs', () => {
    const constructs: RetryConstruct[] = [];
    // Every construct needs a catch, an error check, a failure event or a success check in the text.
    if (!RETRY_TEXT.test(unitText(ctx))) return constructs;
    loopConstructs(ctx, constructs);
    recursionConstructs(ctx, constructs);
    return constructs;
  });
}

function evidence(ctx: UnitContext, node: ts.Node, note: string): MatchEvidence {
  return { line: lineAt(ctx.file.sf, node.getStart(ctx.file.sf)), note };
}

export function retryLoop(ctx: UnitContext): MatchEvidence[] {
  return retryConstructs(ctx).filter((c) => c.form === 'loop').map((c) => evidence(ctx, c.node, c.note));
}

export function recursiveRetry(ctx: UnitContext): MatchEvidence[] {
  return retryConstructs(ctx).filter((c) => c.form === 'recursion').map((c) => evidence(ctx, c.reinvoke ?? c.node, c.note));
}

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

const COMPARISONS = new Set([K.LessThanToken, K.LessThanEqualsToken, K.GreaterThanToken, K.GreaterThanEqualsToken, K.EqualsEqualsEqualsToken, K.ExclamationEqualsEqualsToken, K.EqualsEqualsToken, K.ExclamationEqualsToken]);

function hasComparisonOrCount(node: ts.Node | undefined): boolean {
  if (!node) return false;
  let found = false;
  walkSelf(node, (child) => {
    if (ts.isBinaryExpression(child) && COMPARISONS.has(child.operatorToken.kind)) found = true;
    if ((ts.isPostfixUnaryExpression(child) || ts.isPrefixUnaryExpression(child)) && (child.operator === K.MinusMinusToken || child.operator === K.PlusPlusToken)) found = true;
  });
  return found;
}

/** An `if (counter >= max) throw/return/break` (or reject/callback) inside a node. */
function guardedGiveUp(root: ts.Node): ts.Node | undefined {
  let found: ts.Node | undefined;
  walkSelf(root, (node) => {
    if (found || !ts.isIfStatement(node) || !hasComparisonOrCount(node.expression) && !ts.isPrefixUnaryExpression(node.expression)) return;
    walkSelf(node.thenStatement, (child) => {
      // give up (throw/return/break), or go round again only while under the bound (continue)
      if (ts.isThrowStatement(child) || ts.isReturnStatement(child) || ts.isBreakStatement(child) || ts.isContinueStatement(child)) found = node;
      if (ts.isCallExpression(child) && /^(reject|callback|cb|done|next)$/.test(lastName(child.expression))) found = node;
    });
  });
  return found;
}

function countsInArguments(call: ts.Node | undefined): boolean {
  if (!call || !ts.isCallExpression(call)) return false;
  let found = false;
  for (const arg of call.arguments) {
    walkSelf(arg, (node) => {
      if (ts.isBinaryExpression(node) && (node.operatorToken.kind === K.MinusToken || node.operatorToken.kind === K.PlusToken) && ts.isNumericLiteral(node.right)) found = true;
      if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && (node.operator === K.MinusMinusToken || node.operator === K.PlusPlusToken)) found = true;
    });
  }
  return found;
}

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
