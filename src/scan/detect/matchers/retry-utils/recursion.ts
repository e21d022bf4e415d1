/** Recursive retries: a failure handler that runs the enclosing function (or the failed operation) again. */
import { ts } from '../../../../parser/ts.js';
import { chainText, isFunctionLike, lastName, lineAt, unwrap, walk, walkSelf, type FunctionLike } from '../../ast-utils.js';
import { memo, type UnitContext } from '../../context.js';
import type { RetryConstruct } from '../retry.js';
import { movesToAnotherCandidate } from './failover.js';
import { requeuesWithNextAttempt, resubmitsItself } from './requeue.js';
import { guardedGiveUp, isCounterUpdate } from './shared.js';
import { catchVariable, CONTINUATION, ERROR_NAME, FAILURE_TEXT, failureHandlers, guardedInside, handlesFailureOf, invokedParameters, isErrorOnlyCallback, resendsFailedRequest, SCHEDULERS, selfNames, unitLocals } from './failure-handlers.js';

const K = ts.SyntaxKind;

function callsSelf(call: ts.CallExpression, names: readonly string[]): boolean {
  return names.includes(chainText(call.expression)) || (ts.isPropertyAccessExpression(call.expression) && /^(call|apply)$/.test(call.expression.name.text) && names.includes(chainText(call.expression.expression)));
}

/** Whether a node (an argument of setTimeout or .catch) is, or calls, the function itself. */
function reinvokes(node: ts.Node, names: readonly string[]): boolean {
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

/** `promise.then(self)` / `.finally(self)`: the function itself (not a call of it) as a promise continuation. */
function continuesWithSelf(call: ts.CallExpression, names: readonly string[]): boolean {
  if (names.length === 0 || !ts.isPropertyAccessExpression(call.expression) || !/^(then|finally)$/.test(call.expression.name.text)) return false;
  const first = call.arguments[0];
  return !!first && !isFunctionLike(unwrap(first)) && reinvokes(first, names);
}

/**
 * A recursive call that moves on to the next element (`parsers[index]`, called again with `index + 1`)
 * tries alternatives one by one; that is a fallback chain, not a retry of the same operation.
 */
function walksAnIndex(fn: FunctionLike, reinvoke: ts.Node): boolean {
  const parameters = fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : []));
  if (!fn.body) return false;
  const indexes = new Set<string>();
  let stepsInPlace = false;
  walk(fn.body, (node) => {
    if (!ts.isElementAccessExpression(node)) return;
    const index = node.argumentExpression;
    if (ts.isIdentifier(index) && parameters.includes(index.text)) indexes.add(index.text);
    // `sources[next++]`: a closure counter advanced where it is read walks the list too.
    if ((ts.isPostfixUnaryExpression(index) || ts.isPrefixUnaryExpression(index)) && index.operator === K.PlusPlusToken && ts.isIdentifier(index.operand)) stepsInPlace = true;
  });
  if (stepsInPlace) return true;
  if (indexes.size === 0) return false;
  let advances = false;
  const scope = reinvoke.parent ?? reinvoke;
  walkSelf(scope.parent ?? scope, (node) => {
    if (isCounterUpdate(node) && ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node) ? indexes.has(chainText(node.operand)) : ts.isBinaryExpression(node) && indexes.has(chainText(node.left))))) advances = true;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.PlusToken && indexes.has(chainText(node.left))) advances = true;
  });
  return advances;
}

/**
 * Whether a local helper (or a method of the same class) re-invokes the function, directly or through
 * a scheduler (one level of helpers).
 */
function reinvokesThrough(helper: FunctionLike, names: readonly string[], locals: Map<string, FunctionLike>, methods: Map<string, FunctionLike>, depth = 0): boolean {
  let found = false;
  walk(helper, (node) => {
    if (found) return false;
    if (!ts.isCallExpression(node)) return undefined;
    if (callsSelf(node, names)) found = true;
    else if (SCHEDULERS.test(lastName(node.expression)) && node.arguments[0] && reinvokes(node.arguments[0], names)) found = true;
    else if (depth < 1) {
      const next = ts.isIdentifier(node.expression) ? locals.get(node.expression.text) : methodCalled(node, methods);
      if (next && next !== helper) found = reinvokesThrough(next, names, locals, methods, depth + 1);
    }
    return undefined;
  });
  return found;
}

/**
 * The unit's methods (and arrow-function members) by their `this.name`, memoised: a close handler may
 * hand the reconnect on to another method (`onclose = () => this.handleClose()`).
 */
function unitMethods(ctx: UnitContext): Map<string, FunctionLike> {
  return memo(ctx, 'unit-methods', () => {
    const methods = new Map<string, FunctionLike>();
    if (ctx.unit.kind !== 'class' && ctx.unit.kind !== 'object') return methods;
    for (const fn of ctx.facts.functions) {
      for (const name of selfNames(fn)) if (name.startsWith('this.') && !methods.has(name)) methods.set(name, fn);
    }
    return methods;
  });
}

/** The method a call runs: `this.handleClose()`. */
function methodCalled(call: ts.CallExpression, methods: Map<string, FunctionLike>): FunctionLike | undefined {
  return methods.size > 0 && ts.isPropertyAccessExpression(call.expression) && call.expression.expression.kind === K.ThisKeyword ? methods.get(chainText(call.expression)) : undefined;
}

/**
 * Whether `fn` also runs a re-invoking method outside its failure handlers (`success() { this.schedule() }`
 * as well as `failure() { this.schedule() }`): the function runs again whatever the outcome, a poll
 * or a continuation, not a retry after failure.
 */
function reinvokesOnSuccessToo(fn: FunctionLike, handlers: readonly ts.Node[], names: readonly string[], locals: Map<string, FunctionLike>, methods: Map<string, FunctionLike>): boolean {
  if (!fn.body) return false;
  let found = false;
  walk(fn.body, (node) => {
    // A nested function with a name of its own has failure handlers of its own (see `failureHandlers`).
    if (found || handlers.includes(node) || (isFunctionLike(node) && selfNames(node).length > 0)) return false;
    const method = ts.isCallExpression(node) ? methodCalled(node, methods) : undefined;
    if (method && method !== fn && reinvokesThrough(method, names, locals, methods)) found = true;
    return undefined;
  });
  return found;
}

/** The method a handler refers to: `this.onClose`, `this.onClose.bind(this)`. */
function methodReferenced(handler: ts.Node, methods: Map<string, FunctionLike>): FunctionLike | undefined {
  if (methods.size === 0 || !ts.isExpression(handler)) return undefined;
  let inner = unwrap(handler);
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'bind') inner = inner.expression.expression;
  return ts.isPropertyAccessExpression(inner) && inner.expression.kind === K.ThisKeyword ? methods.get(chainText(inner)) : undefined;
}

/** The `.then(onOk, onError)` success callback paired with a rejection handler, when it re-invokes too. */
function successPathReinvokes(handler: FunctionLike, names: readonly string[]): boolean {
  const call = handler.parent;
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'then') return false;
  const onOk = call.arguments[0];
  if (!onOk || onOk === handler || !isFunctionLike(onOk)) return false;
  let found = false;
  walk(onOk, (node) => {
    if (ts.isCallExpression(node) && callsSelf(node, names)) found = true;
  });
  return found;
}

/**
 * Members of a class-like unit that store the operation to run (`this._fn = fn` in `attempt(fn)`):
 * an operation object (`op.attempt(fn)`, then `op.retry(err)` on failure) runs it again from its
 * failure path. Continuations (`this.callback = cb`) are not operations.
 */
function storedOperationsOf(ctx: UnitContext): Set<string> {
  return memo(ctx, 'stored-operations', () => {
    const stored = new Set<string>();
    if (ctx.unit.kind !== 'class' && ctx.unit.kind !== 'object') return stored;
    // Storing needs a `this.x = name` assignment somewhere in the unit; most classes have none.
    if (!ctx.facts.thisAssignments.some((assignment) => ts.isIdentifier(assignment.right))) return stored;
    for (const fn of ctx.facts.functions) {
      if (!fn.body) continue;
      const parameters = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
      if (parameters.size === 0) continue;
      for (const statement of ts.isBlock(fn.body) ? fn.body.statements : []) {
        if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression) || statement.expression.operatorToken.kind !== K.EqualsToken) continue;
        const { left, right } = statement.expression;
        if (ts.isPropertyAccessExpression(left) && left.expression.kind === K.ThisKeyword && ts.isIdentifier(right) && parameters.has(right.text) && !CONTINUATION.test(right.text) && !/^_*(callback|cb|done|next|resolve|reject|listener|handler|on[A-Z_]\w*)$/i.test(left.name.text)) {
          // The operation runs where it is stored (the first attempt): `this._fn = fn; this._fn(1)`.
          let runs = false;
          walk(fn.body, (node) => {
            if (ts.isCallExpression(node) && ((ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === left.name.text) || (ts.isIdentifier(node.expression) && node.expression.text === right.text))) runs = true;
          });
          if (runs) stored.add(left.name.text);
        }
      }
    }
    return stored;
  });
}

/** `this._fn(...)` or `self._fn(...)` (an alias of `this`) for a stored operation member. */
function invokesStored(call: ts.CallExpression, stored: Set<string>, handler?: ts.Node): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !stored.has(callee.name.text)) return false;
  // Handing the error on (`this.report(problem)`) reports the failure; it does not run the operation again.
  const errorNames = new Set<string>();
  const caught = handler && catchVariable(handler);
  if (caught) errorNames.add(caught);
  const handlerFn = handler && (isFunctionLike(handler) ? handler : isFunctionLike(handler.parent) ? handler.parent : undefined);
  const first = handlerFn?.parameters[0];
  if (first && ts.isIdentifier(first.name)) errorNames.add(first.name.text);
  if (call.arguments.some((arg) => ts.isIdentifier(arg) && (ERROR_NAME.test(arg.text) || errorNames.has(arg.text)))) return false;
  const receiver = callee.expression;
  if (receiver.kind === K.ThisKeyword) return true;
  if (!ts.isIdentifier(receiver)) return false;
  // `var self = this` somewhere up the function chain
  for (let current: ts.Node | undefined = call.parent; current; current = current.parent) {
    if (isFunctionLike(current) && current.body && ts.isBlock(current.body)) {
      const aliased = current.body.statements.some((statement) => ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === receiver.text && d.initializer?.kind === K.ThisKeyword));
      if (aliased) return true;
    }
  }
  return false;
}

/** Adds the failure handlers of a unit that run the function (or the failed operation) again. */
export function recursionConstructs(ctx: UnitContext, into: RetryConstruct[]): void {
  const sf = ctx.file.sf;
  const text = ctx.file.sf.text;
  topLevelInterceptors(ctx, into);
  for (const fn of ctx.facts.functions) {
    // Cheap text gate: a failure handler needs a catch, an error check or a failure event.
    if (!FAILURE_TEXT.test(text.slice(fn.pos, fn.end))) continue;
    const resubmit = resubmitsItself(fn);
    if (resubmit) {
      into.push({ form: 'recursion', node: fn.body!, reinvoke: resubmit, fn, note: `the failure callback dispatches the request again with itself as the handler (line ${lineAt(sf, resubmit.getStart(sf))})` });
      continue;
    }
    const names = selfNames(fn);
    const storedOperations = storedOperationsOf(ctx);
    if (names.length === 0 && fn.parameters.length === 0 && storedOperations.size === 0) continue;
    const locals = unitLocals(ctx);
    const methods = unitMethods(ctx);
    const handlers = failureHandlers(fn, locals);
    let successToo: boolean | undefined;
    const onSuccessToo = (): boolean => (successToo ??= reinvokesOnSuccessToo(fn, handlers, names, locals, methods));
    for (const handler of handlers) {
      let hit: ts.Node | undefined;
      let how = '';
      if (isFunctionLike(handler) || ts.isIdentifier(handler) || ts.isPropertyAccessExpression(handler)) {
        // `.catch(attempt)` / `.catch(() => attempt())`
        if (!isFunctionLike(handler) && reinvokes(handler, names)) {
          hit = handler;
          how = 'a .catch() handler';
        }
      }
      if (!hit && names.length > 0) {
        // `socket.on('close', this.onClose.bind(this))`, where the method schedules the function again
        const method = methodReferenced(handler, methods);
        if (method && method !== fn && reinvokesThrough(method, names, locals, methods) && !onSuccessToo()) {
          hit = handler;
          how = 'a method passed as the failure handler';
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
        } else if (continuesWithSelf(node, names)) {
          // `sleep(d).then(attempt)`: the function itself as the continuation, as `.then(() => attempt())` is.
          hit = node;
          how = `.${lastName(node.expression)}() in the failure handler`;
        } else if (ts.isIdentifier(node.expression) && locals.has(node.expression.text) && names.length > 0 && reinvokesThrough(locals.get(node.expression.text)!, names, locals, methods)) {
          // `scheduleRetry()`, a local helper that schedules the function again
          hit = node;
          how = `${node.expression.text}() in the failure handler`;
        } else if (names.length > 0 && methodCalled(node, methods) && methodCalled(node, methods) !== fn && reinvokesThrough(methodCalled(node, methods)!, names, locals, methods) && !onSuccessToo()) {
          // `this.handleClose()`, a method of the class that schedules the function again
          hit = node;
          how = `${chainText(node.expression)}() in the failure handler`;
        } else if (storedOperations.size > 0 && invokesStored(node, storedOperations, handler)) {
          hit = node;
          how = 'the failure handler runs the stored operation';
        } else if (storedOperations.size > 0 && SCHEDULERS.test(lastName(node.expression)) && node.arguments[0] && isFunctionLike(unwrap(node.arguments[0]))) {
          let stored: ts.Node | undefined;
          walk(node.arguments[0], (child) => {
            if (!stored && ts.isCallExpression(child) && invokesStored(child, storedOperations, handler)) stored = child;
          });
          if (stored) {
            hit = node;
            how = `${lastName(node.expression)}() in the failure handler runs the stored operation`;
          }
        }
      });
      // `.then(onOk, onError)` where both re-run the function: a re-run on a state change, not a retry after failure.
      if (hit && isFunctionLike(handler) && successPathReinvokes(handler, names)) hit = undefined;
      // An error-only callback re-subscribing must do so under a bound or a failure check.
      if (hit && isErrorOnlyCallback(handler) && !guardedInside(hit, handler) && !guardedGiveUp(handler)) hit = undefined;
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
      if (!hit) {
        const resend = resendsFailedRequest(handler);
        if (resend) {
          hit = resend;
          how = 'the failure handler sends the failed request';
        }
      }
      if (!hit) {
        const requeue = requeuesWithNextAttempt(handler, fn);
        if (requeue) {
          hit = requeue;
          how = 'the failure handler sends its input (with the next attempt number)';
        }
      }
      if (hit && (walksAnIndex(fn, hit) || movesToAnotherCandidate(fn, hit, (call) => callsSelf(call, names)))) hit = undefined;
      if (hit) {
        const what = / (runs|sends) /.test(how) ? `${how} again` : `${how} calls ${names[0]}() again`;
        into.push({ form: 'recursion', node: handler, reinvoke: hit, fn, note: `${what} (line ${lineAt(sf, hit.getStart(sf))})` });
      }
    }
  }
}

/**
 * A response interceptor registered at the top level of a module (`api.interceptors.response.use(ok,
 * onError)`, its own unit): no enclosing function to re-run, so the error handler must resend the
 * failed request itself.
 */
function topLevelInterceptors(ctx: UnitContext, into: RetryConstruct[]): void {
  const sf = ctx.file.sf;
  for (const root of ctx.unit.nodes) {
    if (!ts.isExpressionStatement(root) || !ts.isCallExpression(root.expression)) continue;
    const call = root.expression;
    if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'use' || !/interceptors\.response$/.test(chainText(call.expression.expression))) continue;
    const handler = call.arguments[1] ? unwrap(call.arguments[1]) : undefined;
    if (!handler || !isFunctionLike(handler)) continue;
    const resend = resendsFailedRequest(handler);
    if (resend) into.push({ form: 'recursion', node: handler, reinvoke: resend, fn: handler, note: `the interceptor's error handler sends the failed request again (line ${lineAt(sf, resend.getStart(sf))})` });
  }
}
