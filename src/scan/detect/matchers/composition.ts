/**
 * Composition and API-shape matchers: reliability managers (retry + breaker behind an execute-style
 * API), events and health tracking.
 */
import { ts } from '../../../parser/ts.js';
import { chainText, isFunctionLike, lastName, lineAt, walk } from '../ast-utils.js';
import { importsFrom, type UnitContext } from '../context.js';
import { BREAKER_LIBRARY, COCKATIEL, RETRY_LIBRARY } from '../libraries.js';
import { failureStateMachine } from './breaker.js';
import { retryConstructs } from './retry.js';
import type { MatchEvidence } from './types.js';

const K = ts.SyntaxKind;

const RETRY_WORD = /retr/i;
const BREAKER_WORD = /breaker|circuit/i;

function evidence(ctx: UnitContext, node: ts.Node, note: string): MatchEvidence {
  return { line: lineAt(ctx.file.sf, node.getStart(ctx.file.sf)), note };
}

function usesLibrary(ctx: UnitContext, library: RegExp, names?: RegExp): ts.Node | undefined {
  for (const [local, ids] of importsFrom(ctx, library) ? ctx.facts.references : []) {
    const binding = ctx.file.imports.get(local);
    if (!binding || !library.test(binding.module)) continue;
    if (names && binding.imported !== '*' && binding.imported !== 'default' && !names.test(binding.imported)) continue;
    return ids[0];
  }
  return ctx.facts.inlineImports.find((i) => library.test(i.module))?.node;
}

/** Whether `node` lies within one of `spans` (the node itself or a descendant). */
function within(node: ts.Node, spans: readonly ts.Node[]): boolean {
  return spans.some((span) => node.pos >= span.pos && node.end <= span.end);
}

/**
 * A retry (or breaker) component the unit uses: it instantiates one (`new RetryHandler()`, not an
 * error), calls through one (`this.breaker.fire(...)`, `retryPolicy.execute(...)`), or hands an
 * operation to a helper (`withRetry(() => ...)`). Getters such as `this.retryAfterMs()` are not components.
 * Nodes within `skip` (the unit's own retry loops) do not count.
 */
function component(ctx: UnitContext, word: RegExp, skip: readonly ts.Node[] = []): ts.Node | undefined {
  for (const created of ctx.facts.news) if (word.test(created.name) && !/(Error|Exception)$/.test(created.name) && !within(created.node, skip)) return created.node;
  for (const call of ctx.facts.calls) {
    if (within(call.node, skip)) continue;
    // A segment before the last names the component; the words are letters only, so no match spans a dot.
    const lastDot = call.text.lastIndexOf('.');
    if (lastDot > 0 && word.test(call.text.slice(0, lastDot))) return call.node;
    const callee = call.node.expression;
    const takesOperation = call.node.arguments.some((arg) => isFunctionLike(arg) || ts.isIdentifier(arg));
    if (ts.isIdentifier(callee) && word.test(callee.text) && takesOperation) return call.node;
  }
  // A policy object defined elsewhere and passed along: `wrap(retryPolicy, breakerPolicy)`.
  for (const [name, ids] of ctx.facts.references) {
    if (!word.test(name) || !(ctx.file.topLevel.has(name) || ctx.file.imports.has(name))) continue;
    const passed = ids.find((id) => ts.isCallExpression(id.parent) && id.parent.arguments.includes(id) && !within(id, skip));
    if (passed) return passed;
  }
  return undefined;
}

/** The name a `new` expression's value is kept under: `this.x = new B()`, `x = new B()` (a property), `const x = new B()`. */
function keptAs(created: ts.NewExpression): string | undefined {
  let node: ts.Expression = created;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === K.EqualsToken && parent.right === node) {
    return ts.isPropertyAccessExpression(parent.left) ? parent.left.name.text : ts.isIdentifier(parent.left) ? parent.left.text : undefined;
  }
  if ((ts.isPropertyDeclaration(parent) || ts.isVariableDeclaration(parent)) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/**
 * Whether every circuit breaker the unit has is handed to its retry component (an argument or option
 * of `new RetryHandler(...)` or of a retry call) and never called by the unit itself: the retry then
 * runs its attempts through the breaker, and the unit composes nothing of its own.
 */
function breakersHandedToRetry(ctx: UnitContext): boolean {
  const retryCalls: ts.Node[] = [
    ...ctx.facts.news.filter((n) => RETRY_WORD.test(n.name)).map((n) => n.node),
    ...ctx.facts.calls.filter((c) => RETRY_WORD.test(c.text)).map((c) => c.node),
  ];
  if (retryCalls.length === 0) return false;
  const args = retryCalls.flatMap((node) => [...((node as ts.NewExpression | ts.CallExpression).arguments ?? [])]);
  if (ctx.facts.calls.some((c) => BREAKER_WORD.test(c.text.split('.').slice(0, -1).join('.')) && !within(c.node, args))) return false;
  const breakers = ctx.facts.news.filter((n) => BREAKER_WORD.test(n.name) && !/(Error|Exception)$/.test(n.name));
  if (breakers.length === 0) return false;
  for (const breaker of breakers) {
    if (within(breaker.node, args)) continue;
    const name = keptAs(breaker.node);
    if (!name) return false;
    let elsewhere = false;
    for (const root of ctx.unit.nodes) {
      walk(root, (node) => {
        const read = (ts.isPropertyAccessExpression(node) && node.name.text === name) || (ts.isIdentifier(node) && node.text === name && !ts.isPropertyAccessExpression(node.parent) && !ts.isPropertyDeclaration(node.parent) && !ts.isVariableDeclaration(node.parent));
        if (read && !(ts.isBinaryExpression(node.parent) && node.parent.left === node) && !within(node, args)) elsewhere = true;
        return undefined;
      });
    }
    if (elsewhere) return false;
  }
  return true;
}

/** `composes-retry-and-breaker`: retry and breaker components together (or both implemented in place). */
export function composesRetryAndBreaker(ctx: UnitContext): MatchEvidence[] {
  const cockatielRetry = usesLibrary(ctx, COCKATIEL, /^(retry|ExponentialBackoff|ConstantBackoff|IterableBackoff)$/);
  const cockatielBreaker = usesLibrary(ctx, COCKATIEL, /^(circuitBreaker|ConsecutiveBreaker|SamplingBreaker|CircuitState)$/);
  // A manager composes a retry component with a breaker component (or implements both itself). A
  // retry loop that consults a breaker is a retry; a breaker that uses a retry helper is a breaker.
  // What the unit's own retry loop calls (a breaker it consults, a predicate) is part of that retry.
  const ownLoops = retryConstructs(ctx).map((c) => c.node);
  const retryComponent = component(ctx, RETRY_WORD, ownLoops) ?? usesLibrary(ctx, RETRY_LIBRARY) ?? cockatielRetry;
  const breakerComponent = breakersHandedToRetry(ctx) ? undefined : (component(ctx, BREAKER_WORD, ownLoops) ?? usesLibrary(ctx, BREAKER_LIBRARY) ?? cockatielBreaker);
  if (retryComponent && breakerComponent) {
    return [evidence(ctx, retryComponent, 'uses a retry component'), evidence(ctx, breakerComponent, 'uses a circuit-breaker component')];
  }
  if (retryComponent || breakerComponent) return [];
  const ownRetry = retryConstructs(ctx)[0];
  const ownMachine = ownRetry ? failureStateMachine(ctx)[0] : undefined;
  if (!ownRetry || !ownMachine) return [];
  return [evidence(ctx, ownRetry.node, 'retries on its own'), { line: ownMachine.line, note: 'keeps its own circuit-breaker state' }];
}

const CALLBACK_NAME = /^(fn|func|function|operation|op|task|action|callback|cb|work|thunk|executor|handler|producer|promiseFn|asyncFn)$|(Fn|Func|Operation|Task|Callback|Action|Handler)$/;

function isFunctionType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isFunctionTypeNode(type)) return true;
  if (ts.isTypeReferenceNode(type)) return /^(Function|Callable|Operation|Task|Thunk|AsyncFunction|Fn)$|Fn$|Function$|Operation$|Task$/.test(chainText(type.typeName as ts.Node));
  if (ts.isUnionTypeNode(type) || ts.isParenthesizedTypeNode(type)) return ts.isParenthesizedTypeNode(type) ? isFunctionType(type.type) : type.types.some(isFunctionType);
  return false;
}

/** The calls inside a function's body (not the body itself), in walk order: a slice of the unit's calls. */
function callsInBody(ctx: UnitContext, body: ts.Node): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  for (const call of ctx.facts.calls) {
    const node = call.node;
    // A node whose span lies within the body's is the body or one of its descendants.
    if (node !== body && node.pos >= body.pos && node.end <= body.end) calls.push(node);
  }
  return calls;
}

/** `executes-callback`: a function or method runs (or forwards) a function it is given. */
export function executesCallback(ctx: UnitContext): MatchEvidence[] {
  const found: MatchEvidence[] = [];
  for (const fn of ctx.facts.functions) {
    if (!fn.body) continue;
    const body = fn.body;
    let calls: ts.CallExpression[] | undefined;
    for (const parameter of fn.parameters) {
      if (!ts.isIdentifier(parameter.name)) continue;
      const name = parameter.name.text;
      const looksCallable = isFunctionType(parameter.type) || CALLBACK_NAME.test(name);
      // The first call of the body (in walk order) that runs the parameter or hands it on.
      calls ??= callsInBody(ctx, body);
      const hit = calls.find((node) => {
        const callee = node.expression;
        if (ts.isIdentifier(callee)) return callee.text === name || (looksCallable && node.arguments.some((arg) => ts.isIdentifier(arg) && arg.text === name));
        if (ts.isPropertyAccessExpression(callee) && /^(call|apply)$/.test(callee.name.text) && chainText(callee.expression) === name) return true;
        return looksCallable && node.arguments.some((arg) => ts.isIdentifier(arg) && arg.text === name);
      });
      if (hit) {
        found.push(evidence(ctx, hit, `runs the ${name} it is given`));
        break;
      }
    }
  }
  return found;
}

const EMIT = /^(emit|emitEvent|sendEvent|send_event|publish|dispatchEvent|notify|trigger|fire_event|broadcast)$/;

/** Event names and notification callbacks a unit emits (also used for the `events` feature). */
export function emittedEvents(ctx: UnitContext): Array<{ name: string; node: ts.Node }> {
  const events: Array<{ name: string; node: ts.Node }> = [];
  for (const call of ctx.facts.calls) {
    const first = call.node.arguments[0];
    if (EMIT.test(call.name) && first) {
      if (ts.isStringLiteralLike(first)) events.push({ name: first.text, node: call.node });
      else if (ts.isNewExpression(first) && first.arguments?.[0] && ts.isStringLiteralLike(first.arguments[0])) events.push({ name: first.arguments[0].text, node: call.node });
      else if (ts.isPropertyAccessExpression(first)) events.push({ name: first.name.text, node: call.node });
    } else if (/^on[A-Z]\w*$/.test(call.name) && call.node.expression.kind !== K.Identifier) {
      events.push({ name: call.name, node: call.node });
    } else if (/^on[A-Z]\w*$/.test(call.name) && ts.isIdentifier(call.node.expression)) {
      events.push({ name: call.name, node: call.node });
    }
  }
  return events;
}

/** `emits-events`: events emitted or notification callbacks invoked. */
export function emitsEvents(ctx: UnitContext): MatchEvidence[] {
  return emittedEvents(ctx).map((event) => evidence(ctx, event.node, `emits ${event.name}`));
}

const STAT_NAME = /success|failure|fail|error|total|calls|requests|attempts|latency|count/i;
const HISTORY_NAME = /history|errors|events|samples|window|outcomes|results/i;
const HEALTH_MEMBER = /health|stats|statistics|metrics/i;

/** `health-tracking`: outcome counters or an outcome history. */
export function healthTracking(ctx: UnitContext): MatchEvidence[] {
  const counters = new Map<string, ts.Node>();
  let history: ts.Node | undefined;
  for (const root of ctx.unit.nodes) {
    walk(root, (node) => {
      if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && node.operator === K.PlusPlusToken) {
        const name = chainText(node.operand);
        if (STAT_NAME.test(name)) counters.set(name, node);
      } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.PlusEqualsToken && STAT_NAME.test(chainText(node.left))) {
        counters.set(chainText(node.left), node);
      } else if (ts.isCallExpression(node) && lastName(node.expression) === 'push' && ts.isPropertyAccessExpression(node.expression) && HISTORY_NAME.test(lastName(node.expression.expression))) {
        history ??= node;
      }
      return undefined;
    });
  }
  const found: MatchEvidence[] = [];
  if (counters.size >= 2) found.push(evidence(ctx, [...counters.values()][0]!, `counts outcomes (${[...counters.keys()].slice(0, 3).join(', ')})`));
  if (history) found.push(evidence(ctx, history, 'keeps an outcome history'));
  const healthMethod = ctx.unit.methods.find((m) => HEALTH_MEMBER.test(m.name));
  if (healthMethod && found.length > 0) found.push({ line: healthMethod.startLine, note: `exposes ${healthMethod.name}()` });
  return found;
}

/** Whether a node sits inside a nested function of `root` (not `root` itself). */
export function insideNestedFunction(node: ts.Node, root: ts.Node): boolean {
  for (let current = node.parent; current && current !== root; current = current.parent) if (isFunctionLike(current)) return true;
  return false;
}
