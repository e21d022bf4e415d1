/**
 * Circuit-breaker structure: a state machine over failures. States may be strings, enum members,
 * constants (`OPEN`, `STATE_OPEN`, symbols) or boolean flags (`this.isOpen = true`); the machine needs
 * a transition to open guarded by a failure count or rate, which doors, tickets and circuit boards lack.
 */
import { ts } from '../../../parser/ts.js';
import { chainText, isFunctionLike, kindSet, lastName, lineAt, walkSelf, walkSelfKinds } from '../ast-utils.js';
import { memo, nodesWithHelpers, unitText, type UnitContext } from '../context.js';
import { implicitBreaker } from './breaker-utils/implicit.js';
import { FAILURE_NAME, incrementTarget, isFailurePath, mentionsTime } from './breaker-utils/shared.js';
import type { MatchEvidence } from './types.js';

const K = ts.SyntaxKind;

/** The three states of a circuit. */
export type StateCategory = 'open' | 'closed' | 'half';

const STATE_WORD = /^(?:state_?|circuit_?|status_?|breaker_?)?(open|opened|closed|close|half_?open|halfopened|tripped|broken|probing)$/i;
const STATE_HOLDER = /state|status|circuit|breaker/i;
const BOOLEAN_STATE = /^(?:is_?)?(open|opened|tripped|broken|closed)$/i;
const TRIP_CALL = /^_?(open|trip|toOpen|openCircuit|tripBreaker|moveToOpen|transitionToOpen|setOpen|markOpen)$/i;
const RECOVER_CALL = /^_?(halfOpen|toHalfOpen|close|toClosed|reset|moveToHalfOpen|transitionToHalfOpen|attemptReset|tryReset)$/i;

function categoryOfWord(word: string): StateCategory | undefined {
  const match = STATE_WORD.exec(word);
  if (!match) return undefined;
  const core = match[1]!.toLowerCase().replace('_', '');
  if (core.startsWith('half') || core === 'probing') return 'half';
  if (core.startsWith('open') || core === 'tripped' || core === 'broken') return 'open';
  return 'closed';
}

/** The state a value expression stands for: `'OPEN'`, `State.HalfOpen`, `STATE_CLOSED`. */
export function stateOf(node: ts.Node): StateCategory | undefined {
  if (ts.isStringLiteralLike(node)) {
    const text = node.text.toLowerCase().replace(/[^a-z]/g, '');
    if (text === 'open' || text === 'opened' || text === 'tripped' || text === 'broken') return 'open';
    if (text === 'closed' || text === 'close') return 'closed';
    if (text === 'halfopen' || text === 'halfopened' || text === 'probing') return 'half';
    return undefined;
  }
  // A key naming the state in a shared store: `${name}:open`, `breaker:${id}:open`.
  if (ts.isTemplateExpression(node)) return stateOf(ts.factory.createStringLiteral(keyTail(node)));
  if (ts.isIdentifier(node)) return categoryOfWord(node.text);
  if (ts.isPropertyAccessExpression(node)) {
    const holder = chainText(node.expression);
    if (node.expression.kind === K.ThisKeyword) return undefined;
    if (STATE_HOLDER.test(holder) || /^[A-Z]/.test(lastName(node.expression))) return categoryOfWord(node.name.text);
  }
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return stateOf(node.argumentExpression);
  return undefined;
}

/** The last literal segment of a template key (`open` for `${this.key}:open`). */
function keyTail(node: ts.TemplateExpression): string {
  const last = node.templateSpans[node.templateSpans.length - 1];
  const tail = last ? last.literal.text : node.head.text;
  const segment = /[\w-]*$/.exec(tail)![0];
  return /^[:./_-]/.test(tail) || tail === '' ? segment : '';
}

/** A store write that expires by itself: `set(key, v, 'EX', s)`, `setex(key, s, v)`, `set(key, v, { ttl })`. */
function expires(call: ts.CallExpression): boolean {
  if (/^(setex|psetex|setEx|pSetEx)$/.test(lastName(call.expression))) return true;
  return call.arguments.some(
    (arg) =>
      (ts.isStringLiteralLike(arg) && /^(EX|PX|EXAT|PXAT)$/i.test(arg.text)) ||
      (ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => p.name !== undefined && /^(EX|PX|ttl|expire|expiresIn|expiry)$/i.test(chainText(p.name)))),
  );
}

interface StateUse {
  category: StateCategory;
  node: ts.Node;
  /** An assignment (or call argument) that moves the machine to this state. */
  transition: boolean;
}

interface BreakerFacts {
  uses: StateUse[];
  failureCounters: Array<{ node: ts.Node; name: string }>;
  /** Fields holding the open state as a time (`openedAt`, `openUntil`). */
  markers: Set<string>;
}

const OPEN_MARKER = /^_?(opened|open|tripped)_?(at|since|until|time|timestamp|deadline|expiry|expires|till)$/i;

function markerName(target: ts.Expression): string {
  return ts.isElementAccessExpression(target) ? chainText(target.argumentExpression) : lastName(target);
}

function isNullish(node: ts.Expression): boolean {
  return node.kind === K.NullKeyword || node.kind === K.FalseKeyword || (ts.isIdentifier(node) && node.text === 'undefined') || (ts.isNumericLiteral(node) && node.text === '0') || ts.isVoidExpression(node);
}

/** Every state value contains one of these words (`open`, `closed`, `half-open`, `tripped`, `broken`). */
const STATE_TEXT = /open|close|trip|broken/i;

/** The kinds `breakerFacts` looks at: assignments, comparisons, cases, calls, initializers, increments. */
const FACT_KINDS = kindSet(
  K.BinaryExpression, K.CaseClause, K.CallExpression, K.PropertyAssignment, K.PropertyDeclaration, K.VariableDeclaration,
  K.PostfixUnaryExpression, K.PrefixUnaryExpression,
);

function breakerFacts(ctx: UnitContext): BreakerFacts {
  return memo(ctx, 'breaker-facts', () => {
    const facts: BreakerFacts = { uses: [], failureCounters: [], markers: new Set() };
    if (!STATE_TEXT.test(unitText(ctx, true))) return facts;
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node)) {
        const op = node.operatorToken.kind;
        if (op === K.EqualsToken) {
          const category = stateOf(node.right);
          if (category) facts.uses.push({ category, node, transition: true });
          else if (OPEN_MARKER.test(markerName(node.left))) {
            // State kept as an open timestamp: `openedAt = Date.now()` opens, `openedAt = null` closes.
            facts.uses.push({ category: isNullish(node.right) ? 'closed' : 'open', node, transition: true });
            facts.markers.add(chainText(node.left));
          } else if (node.right.kind === K.TrueKeyword || node.right.kind === K.FalseKeyword) {
            const flag = BOOLEAN_STATE.exec(ts.isElementAccessExpression(node.left) ? chainText(node.left.argumentExpression) : lastName(node.left));
            if (flag) {
              const word = flag[1]!.toLowerCase();
              const isOpenFlag = word !== 'closed';
              const value = node.right.kind === K.TrueKeyword;
              facts.uses.push({ category: isOpenFlag === value ? 'open' : 'closed', node, transition: true });
            }
          }
        } else if (op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken || op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken) {
          const category = stateOf(node.right) ?? stateOf(node.left);
          if (category) facts.uses.push({ category, node, transition: false });
        }
      } else if (ts.isCaseClause(node)) {
        const category = stateOf(node.expression);
        if (category) facts.uses.push({ category, node, transition: false });
      } else if (ts.isCallExpression(node)) {
        for (const arg of node.arguments) {
          const category = stateOf(arg);
          if (category) facts.uses.push({ category, node, transition: /state|transition|move|set|change|to/i.test(lastName(node.expression)) });
          // An open state written to a store with an expiry closes by itself when the key expires.
          if (category === 'open' && ts.isTemplateExpression(arg) && arg === node.arguments[0] && expires(node)) facts.uses.push({ category: 'closed', node, transition: false });
        }
        const name = lastName(node.expression);
        if (TRIP_CALL.test(name) && node.expression.kind === K.PropertyAccessExpression) facts.uses.push({ category: 'open', node, transition: true });
        if (RECOVER_CALL.test(name) && node.expression.kind === K.PropertyAccessExpression) {
          facts.uses.push({ category: /half/i.test(name) ? 'half' : 'closed', node, transition: true });
        }
      } else if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) {
        const init = node.initializer;
        const category = init ? stateOf(init) : undefined;
        if (category && /state|status/i.test(chainText(node.name))) facts.uses.push({ category, node, transition: true });
      }
      const target = incrementTarget(node);
      if (target) {
        const name = chainText(target);
        if (FAILURE_NAME.test(name) || isFailurePath(node)) facts.failureCounters.push({ node, name });
      }
    };
    for (const root of nodesWithHelpers(ctx)) walkSelfKinds(root, FACT_KINDS, (node) => visit(node));
    return facts;
  });
}

function evidence(ctx: UnitContext, node: ts.Node, note: string): MatchEvidence {
  return { line: lineAt(ctx.file.sf, node.getStart(ctx.file.sf)), note };
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** Whether a condition is about failures: a failure-named value or a counter incremented on failure. */
function isFailureCondition(condition: ts.Expression, counters: Set<string>): boolean {
  let found = false;
  walkSelf(condition, (node) => {
    if (found) return false;
    if (ts.isIdentifier(node) && (FAILURE_NAME.test(node.text) || (/threshold|shouldTrip|shouldOpen|exceed/i.test(node.text) && !measuredAgainst(node)))) found = true;
    if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && counters.has(chainText(node))) found = true;
    return undefined;
  });
  return found;
}

/**
 * Whether a threshold is compared with a measurement handed in (`amps > this.tripThreshold`, `amps` a
 * parameter): an electrical or load limit, where a breaker compares a count or rate it keeps itself.
 */
function measuredAgainst(threshold: ts.Identifier): boolean {
  const side: ts.Node = ts.isPropertyAccessExpression(threshold.parent) && threshold.parent.name === threshold ? threshold.parent : threshold;
  const comparison = side.parent;
  if (!comparison || !ts.isBinaryExpression(comparison) || !COMPARE.has(comparison.operatorToken.kind)) return false;
  const other = comparison.left === side ? comparison.right : comparison.left;
  if (!ts.isIdentifier(other) || FAILURE_NAME.test(other.text)) return false;
  for (let current: ts.Node | undefined = comparison.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === other.text);
  }
  return false;
}

/** Conditions (if/ternary/&&) whose consequence contains a given kind of node. */
function guardedTransitions(ctx: UnitContext, category: StateCategory): Array<{ condition: ts.Expression; transition: ts.Node }> {
  const uses = breakerFacts(ctx).uses.filter((use) => use.transition && use.category === category);
  const found: Array<{ condition: ts.Expression; transition: ts.Node }> = [];
  for (const use of uses) {
    for (let current: ts.Node | undefined = use.node.parent; current && !isFunctionLike(current); current = current.parent) {
      if (ts.isIfStatement(current) && contains(current.thenStatement, use.node)) found.push({ condition: current.expression, transition: use.node });
      else if (ts.isConditionalExpression(current) && contains(current.whenTrue, use.node)) found.push({ condition: current.condition, transition: use.node });
      else if (ts.isBinaryExpression(current) && current.operatorToken.kind === K.AmpersandAmpersandToken && contains(current.right, use.node)) found.push({ condition: current.left, transition: use.node });
    }
  }
  return found;
}

/** `failure-counter`: a counter incremented on the failure path. */
export function failureCounter(ctx: UnitContext): MatchEvidence[] {
  return breakerFacts(ctx).failureCounters.map((c) => evidence(ctx, c.node, `counts failures in ${c.name}`));
}

/** `half-open-state`: a half-open value is used. */
export function halfOpenState(ctx: UnitContext): MatchEvidence[] {
  const use = breakerFacts(ctx).uses.find((u) => u.category === 'half');
  return use ? [evidence(ctx, use.node, 'has a half-open state')] : [];
}

/** `failure-state-machine`: open and closed (or half-open) states, opened by a failure threshold. */
export function failureStateMachine(ctx: UnitContext): MatchEvidence[] {
  return memo(ctx, 'failure-state-machine', () => {
    const facts = breakerFacts(ctx);
    const categories = new Set(facts.uses.map((use) => use.category));
    // An open deadline compared with the clock (`Date.now() < this.openUntil`) closes by itself.
    if (categories.has('open') && !categories.has('closed') && timedMarker(ctx, facts.markers)) categories.add('closed');
    const counters = new Set(facts.failureCounters.map((c) => c.name));
    const trip = categories.has('open') && (categories.has('closed') || categories.has('half')) ? guardedTransitions(ctx, 'open').find((g) => isFailureCondition(g.condition, counters)) : undefined;
    if (!trip) {
      // States without breaker names, or no state field at all: known by what they do.
      const implicit = implicitBreaker(ctx);
      return implicit ? [evidence(ctx, implicit.node, implicit.note)] : [];
    }
    const states = ['closed', 'open', 'half'].filter((c) => categories.has(c as StateCategory)).map((c) => (c === 'half' ? 'half-open' : c));
    return [evidence(ctx, trip.transition, `state machine (${states.join('/')}) opens when failures cross a threshold`)];
  });
}

/** A comparison between the clock and an open-time marker. */
function timedMarker(ctx: UnitContext, markers: Set<string>): ts.Node | undefined {
  if (markers.size === 0) return undefined;
  let found: ts.Node | undefined;
  for (const root of nodesWithHelpers(ctx)) {
    walkSelf(root, (node) => {
      if (found) return false;
      if (ts.isBinaryExpression(node) && COMPARE.has(node.operatorToken.kind) && mentionsTime(node)) {
        walkSelf(node, (child) => {
          if ((ts.isPropertyAccessExpression(child) || ts.isIdentifier(child)) && markers.has(chainText(child))) found = node;
        });
      }
      return undefined;
    });
  }
  return found;
}

const COMPARE = new Set([K.LessThanToken, K.LessThanEqualsToken, K.GreaterThanToken, K.GreaterThanEqualsToken]);

/** `reset-after-timeout`: the open state ends with time. */
export function resetAfterTimeout(ctx: UnitContext): MatchEvidence[] {
  const found: MatchEvidence[] = [];
  for (const category of ['half', 'closed'] as const) {
    for (const guard of guardedTransitions(ctx, category)) {
      if (mentionsTime(guard.condition)) found.push(evidence(ctx, guard.condition, `moves to ${category === 'half' ? 'half-open' : 'closed'} once a timeout has passed`));
    }
  }
  const uses = breakerFacts(ctx).uses.filter((u) => u.transition && u.category !== 'open');
  for (const call of ctx.facts.calls) {
    if (call.name !== 'setTimeout') continue;
    const callback = call.node.arguments[0];
    if (callback && uses.some((u) => contains(callback, u.node))) found.push(evidence(ctx, call.node, 'a timer moves the circuit out of open'));
  }
  const timed = timedMarker(ctx, breakerFacts(ctx).markers);
  if (timed) found.push(evidence(ctx, timed, 'the open state ends when its deadline passes'));
  if (found.length === 0) {
    // `if (state === OPEN && Date.now() < this.nextAttempt) throw ...` keeps the circuit open until a deadline.
    for (const use of breakerFacts(ctx).uses) {
      if (use.category !== 'open' || use.transition) continue;
      const condition = use.node.parent;
      if (condition && ts.isBinaryExpression(condition) && mentionsTime(condition)) found.push(evidence(ctx, condition, 'the open state lasts until a deadline'));
    }
  }
  return found;
}

/** `rejects-when-open`: calls fail fast while open. */
export function rejectsWhenOpen(ctx: UnitContext): MatchEvidence[] {
  const found: MatchEvidence[] = [];
  for (const root of ctx.unit.nodes) {
    walkSelf(root, (node) => {
      if (!ts.isIfStatement(node)) return;
      let open = false;
      walkSelf(node.expression, (child) => {
        if (stateOf(child) === 'open') open = true;
        if ((ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) && /^(is_?)?(open|opened|tripped)$/i.test(lastName(child))) open = true;
        if (ts.isCallExpression(child) && /^(is_?open|isTripped|canExecute|allowRequest|isCallPermitted|canRequest|canPass)$/i.test(lastName(child.expression))) open = true;
      });
      if (!open) return;
      let rejects = false;
      walkSelf(node.thenStatement, (child) => {
        if (ts.isThrowStatement(child)) rejects = true;
        if (ts.isCallExpression(child) && (chainText(child.expression) === 'Promise.reject' || /^(reject|fallback|callback|cb)$/i.test(lastName(child.expression)))) rejects = true;
        if (ts.isReturnStatement(child) && child.expression && ts.isCallExpression(child.expression) && /fallback/i.test(lastName(child.expression.expression))) rejects = true;
      });
      if (rejects) found.push(evidence(ctx, node, 'rejects calls while the circuit is open'));
    });
  }
  return found;
}

/** Uses of open/closed state values anywhere in the unit (for composition checks). */
export function hasStateMachine(ctx: UnitContext): boolean {
  return failureStateMachine(ctx).length > 0;
}

