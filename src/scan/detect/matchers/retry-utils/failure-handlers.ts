/**
 * The failure side of recursive retries: the names a function calls itself by, and the handlers that
 * run when an attempt fails (catch blocks, rejection and error callbacks, failure events), with the
 * guards that tell a retry from a give-up. Split from `recursion.ts`, which decides on re-invocation.
 */
import { ts } from '../../../../parser/ts.js';
import { chainText, isCatchCallback, isFunctionLike, kindSet, lastName, unwrap, walk, walkKinds, walkSelf, type FunctionLike } from '../../ast-utils.js';
import { memo, type UnitContext } from '../../context.js';
import { hasComparisonOrCount } from './shared.js';

const K = ts.SyntaxKind;

const knownSelfNames = new WeakMap<ts.Node, readonly string[]>();

/**
 * Names a function can call itself by: its own name, its variable, or `this.method` (memoised per
 * function: the recursion analysis asks for every function, and again for nested ones).
 */
export function selfNames(fn: FunctionLike): readonly string[] {
  let names = knownSelfNames.get(fn);
  if (!names) knownSelfNames.set(fn, (names = computeSelfNames(fn)));
  return names;
}

function computeSelfNames(fn: FunctionLike): string[] {
  const names = ownNames(fn);
  // `var self = this; ... self.method()` reaches the method through an alias of `this`.
  const aliases: string[] = [];
  if (names.length > 0 && fn.body && /=\s*this\b/.test(fn.getSourceFile().text.slice(fn.body.pos, fn.body.end))) {
    walk(fn.body, (node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer?.kind === K.ThisKeyword) aliases.push(node.name.text);
    });
  }
  for (const name of [...names]) {
    if (name.startsWith('this.')) for (const alias of aliases) names.push(`${alias}.${name.slice(5)}`);
  }
  return names;
}

/** The names of `selfNames` without the aliases of `this` (which only add to these). */
function ownNames(fn: FunctionLike): string[] {
  const names: string[] = [];
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) names.push(fn.name.text);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) names.push(parent.name.text);
  if (ts.isMethodDeclaration(fn) && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) {
    names.push(`this.${fn.name.text}`);
    // An object literal method can also be reached through the object: `api.get`, `module.exports.get`.
    const holder = ts.isObjectLiteralExpression(fn.parent) ? fn.parent.parent : undefined;
    if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) names.push(`${holder.name.text}.${fn.name.text}`);
    if (holder && ts.isBinaryExpression(holder)) names.push(`${chainText(holder.left)}.${fn.name.text}`, `exports.${fn.name.text}`);
  }
  if ((ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && (ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name))) names.push(`this.${parent.name.text}`);
  // A static member is also reached through its class: `Client.load(url, tries + 1)`.
  const member = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyDeclaration(parent) ? parent : undefined;
  if (member && ts.isIdentifier(member.name) && ts.isClassLike(member.parent) && member.parent.name && member.modifiers?.some((m) => m.kind === K.StaticKeyword)) {
    names.push(`${member.parent.name.text}.${member.name.text}`);
  }
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) {
    names.push(`this.${parent.left.name.text}`, chainText(parent.left));
  }
  return names;
}

export const ERROR_NAME = /^(err|error|e|ex|exc|reason|failure|fail)$/i;
const FAILURE_EVENTS = /^(error|close|disconnect|disconnected|end|timeout)$/i;
export const FAILURE_TEXT = /catch|err|fail|close|disconnect|\bend\b|timeout|\bok\b|success|\.then\(|status(Code)?\s*(>=?|[=!]={1,2})\s*(5\d\d|429)/i;

/** Conventional names of continuations, which report an outcome rather than perform the operation. */
export const CONTINUATION = /^(callback|cb|done|next|resolve|reject|release|finish|complete|respond|reply|onError|onDone|end)$/;
/** Functions that run a callback later. */
export const SCHEDULERS = /^(setTimeout|setImmediate|nextTick|queueMicrotask|requestAnimationFrame)$/;

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
    if (isTransientStatus(inner)) return true;
    if (op === K.ExclamationEqualsToken || op === K.ExclamationEqualsEqualsToken) {
      const isNullish = (e: ts.Expression): boolean => e.kind === K.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
      if (isNullish(inner.right)) return isFailureCondition(inner.left);
      if (isNullish(inner.left)) return isFailureCondition(inner.right);
    }
  }
  return false;
}

/**
 * `res.status >= 500`, `statusCode === 503`, `status == 429`: a response that failed transiently. Client
 * errors (401 and the like) are left out: replaying after a token refresh is an auth flow.
 */
export function isTransientStatus(node: ts.BinaryExpression): boolean {
  const op = node.operatorToken.kind;
  const [subject, value] = ts.isNumericLiteral(node.right) ? [node.left, node.right] : [node.right, node.left];
  if (!ts.isNumericLiteral(value) || !/^(status|statusCode)$/.test(lastName(subject))) return false;
  const code = Number(value.text);
  if (op === K.GreaterThanEqualsToken && subject === node.left) return code >= 500 && code < 600;
  if (op === K.GreaterThanToken && subject === node.left) return code >= 499 && code < 600;
  if (op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken) return code === 429 || (code >= 500 && code < 600);
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
export function invokedParameters(root: ts.Node, parameters: Set<string>, except?: ts.Node): Map<string, ts.Node> {
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

export function catchVariable(handler: ts.Node): string | undefined {
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
export function handlesFailureOf(handler: ts.Node, name: string): boolean {
  const parent = handler.parent;
  // A catch block that rethrows in the end only cleans up (`release(); throw error`).
  if (parent && ts.isCatchClause(parent)) {
    // A callback also called after the try statement, on the success path, is a continuation
    // (`try { hooks() } catch { handler(partial); return } handler(response)`), not the failed operation.
    const tryStatement = parent.parent;
    const container = tryStatement.parent;
    const siblings: readonly ts.Statement[] = ts.isBlock(container) || ts.isSourceFile(container) || ts.isModuleBlock(container) ? container.statements : [];
    const after = siblings.slice(siblings.indexOf(tryStatement) + 1);
    if (after.some((statement) => callsName(statement, name))) return false;
    return callsName(tryStatement.tryBlock, name) && !rethrows(parent.block);
  }
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

/**
 * An HTTP error handler that sends the failed request again: it calls something with the error's
 * request config (`axios(error.config)`, `client.request(config)` where `config = error.config`).
 */
export function resendsFailedRequest(handler: ts.Node): ts.Node | undefined {
  if (!isFunctionLike(handler)) return undefined;
  const first = handler.parameters[0];
  if (!first || !ts.isIdentifier(first.name)) return undefined;
  const errorName = first.name.text;
  const configs = new Set([`${errorName}.config`, `${errorName}.request`, `${errorName}.options`]);
  let found: ts.Node | undefined;
  walkSelf(handler, (node) => {
    if (found) return false;
    if (ts.isVariableDeclaration(node) && node.initializer && configs.has(chainText(node.initializer)) && ts.isIdentifier(node.name)) configs.add(node.name.text);
    // `const { config } = error`
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name) && chainText(unwrap(node.initializer)) === errorName) {
      for (const element of node.name.elements) {
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
        if (key && /^(config|request|options)$/.test(key) && ts.isIdentifier(element.name)) configs.add(element.name.text);
      }
    }
    if (ts.isCallExpression(node) && node.arguments.some((arg) => configs.has(chainText(arg)))) found = node;
    return undefined;
  });
  return found;
}

/**
 * Named functions declared inside the unit's functions (`const onError = (e) => …`, `function
 * scheduleRetry() {…}`), by name, memoised: failure handlers passed by reference and helpers a handler
 * calls are resolved through them. For a name declared more than once, the declaration kept is the last
 * one in the body of the first function (in walk order) that declares it anywhere in its body, nested
 * functions included; that first function is the outermost one around the declaration.
 */
export function unitLocals(ctx: UnitContext): Map<string, FunctionLike> {
  return memo(ctx, 'local-functions', () => {
    const locals = new Map<string, FunctionLike>();
    const owners = new Map<string, ts.Node>();
    // Every such declaration is a function of the unit (or a variable whose initializer is one), and the
    // unit's functions are in walk order, so the declarations are met in walk order too.
    for (const fn of ctx.facts.functions) {
      const declared = declaredFunction(fn);
      if (!declared) continue;
      const owner = outermostBodyOwner(declared.declaration, ctx.unit.nodes);
      if (!owner) continue;
      const current = owners.get(declared.name);
      if (current === undefined) owners.set(declared.name, owner);
      else if (current !== owner) continue;
      locals.set(declared.name, fn);
    }
    return locals;
  });
}

/** `function name() {…}`, or `const name = <fn>` (through parentheses and type assertions): the declaration and its name. */
function declaredFunction(fn: FunctionLike): { declaration: ts.Node; name: string } | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name && fn.body ? { declaration: fn, name: fn.name.text } : undefined;
  let top: ts.Node = fn;
  while (top.parent && unwrap(top.parent as ts.Expression) !== top.parent && (top.parent as ts.ParenthesizedExpression).expression === top) top = top.parent;
  const parent = top.parent;
  if (parent && ts.isVariableDeclaration(parent) && parent.initializer === top && ts.isIdentifier(parent.name)) return { declaration: parent, name: parent.name.text };
  return undefined;
}

/** The outermost function of the unit whose body holds `node`, if any. */
function outermostBodyOwner(node: ts.Node, roots: readonly ts.Node[]): ts.Node | undefined {
  if (roots.includes(node)) return undefined;
  let owner: ts.Node | undefined;
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if (isFunctionLike(current) && current.body === child) owner = current;
    if (roots.includes(current)) return owner;
  }
  return undefined;
}

/**
 * An error-only callback handed to a call (`subscribe(onValue, onDone, (err) => …)`): one parameter,
 * named like an error. Unlike an error-first completion callback it only runs on failure.
 */
export function isErrorOnlyCallback(node: ts.Node): boolean {
  if (!isFunctionLike(node) || node.parameters.length !== 1 || !node.parent) return false;
  if (!ts.isCallExpression(node.parent) ? !isObserverErrorCallback(node) : !node.parent.arguments.includes(node as ts.Expression)) return false;
  const only = node.parameters[0]!;
  return ts.isIdentifier(only.name) && /^(err|error)$/i.test(only.name.text) && !isCatchCallback(node);
}

/**
 * The `error` member of an observer object handed to a call (`source.subscribe({ next, error: (err) => … })`,
 * `stream.pipe({ error(e) { … } })`): like a positional error callback, it only runs on failure.
 */
function isObserverErrorCallback(node: FunctionLike): boolean {
  const member = ts.isMethodDeclaration(node) ? node : node.parent;
  if (!member || !(ts.isPropertyAssignment(member) || ts.isMethodDeclaration(member)) || !ts.isIdentifier(member.name) || member.name.text !== 'error') return false;
  const observer = member.parent;
  return ts.isObjectLiteralExpression(observer) && !!observer.parent && ts.isCallExpression(observer.parent) && observer.parent.arguments.includes(observer);
}

/** Whether a re-invocation in an error-only callback is guarded by a bound or a failure check. */
export function guardedInside(hit: ts.Node, handler: ts.Node): boolean {
  for (let current: ts.Node | undefined = hit.parent; current && current !== handler; current = current.parent) {
    if (ts.isIfStatement(current) && (hasComparisonOrCount(current.expression) || isFailureCondition(current.expression))) return true;
  }
  return false;
}

/** `promise.catch(onError)`, `promise.then(onOk, onError)`: the rejection handler passed by name. */
function rejectionHandlerArgument(call: ts.CallExpression): ts.Expression | undefined {
  if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  const arg = method === 'catch' ? call.arguments[0] : method === 'then' ? call.arguments[1] : undefined;
  return arg && ts.isIdentifier(arg) ? arg : undefined;
}

/** The kinds the failure-handler walk acts on (calls, functions, catch clauses, ifs, assignments). */
const HANDLER_KINDS = kindSet(
  K.CallExpression, K.CatchClause, K.IfStatement, K.BinaryExpression,
  K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration, K.Constructor, K.GetAccessor, K.SetAccessor,
);

/** Failure handlers inside a function: catch blocks, `.catch()` callbacks, `if (err)` branches, error events. */
export function failureHandlers(fn: FunctionLike, locals: Map<string, FunctionLike>): ts.Node[] {
  const handlers: ts.Node[] = [];
  if (!fn.body) return handlers;
  // A function that is itself the failure path of an error-first call (`retry(err) { if (!err) return false; … }`).
  if (hasSuccessGuard(fn)) handlers.push(fn.body);
  walkKinds(fn.body, HANDLER_KINDS, (node) => {
    if (ts.isCallExpression(node)) {
      const byName = rejectionHandlerArgument(node);
      const local = byName && ts.isIdentifier(byName) ? locals.get(byName.text) : undefined;
      if (local && !handlers.includes(local)) handlers.push(local);
    }
    // A nested function with a name of its own is analysed on its own; anonymous callbacks belong to `fn`.
    if (isFunctionLike(node) && ownNames(node).length > 0 && !isCatchCallback(node) && !isErrorOnlyCallback(node)) return false;
    if (ts.isCatchClause(node)) handlers.push(node.block);
    else if (isFunctionLike(node) && isCatchCallback(node)) handlers.push(node);
    else if (isFunctionLike(node) && node.body && hasSuccessGuard(node)) handlers.push(node.body);
    else if (isErrorOnlyCallback(node)) handlers.push(node);
    else if (ts.isIfStatement(node)) {
      if (isFailureCondition(node.expression)) handlers.push(node.thenStatement);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'use' && /interceptors\.response$/.test(chainText(node.expression.expression)) && node.arguments[1]) {
      // axios-style `client.interceptors.response.use(onOk, onError)`
      handlers.push(node.arguments[1]);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(on|once|addEventListener|addListener)$/.test(node.expression.name.text)) {
      const [event, listener] = node.arguments;
      if (event && ts.isStringLiteralLike(event) && FAILURE_EVENTS.test(event.text) && listener) handlers.push(listener);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.EqualsToken && ts.isPropertyAccessExpression(node.left) && /^on(error|close)$/.test(node.left.name.text)) {
      handlers.push(node.right);
    }
    return undefined;
  });
  return handlers;
}
