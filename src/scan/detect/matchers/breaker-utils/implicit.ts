/**
 * Breakers whose states have no breaker name. The vocabulary path (`breaker.ts`) knows a state by
 * its name (`'open'`, `State.HalfOpen`, `isTripped`); these analyses know it by what it does:
 *
 * - a state field (`state = 'failing'`) or a flag of any name (`available = false`) entered when
 *   failures of an operation cross a threshold, in which calls are refused
 *   (`if (state === 'failing') throw …`), and which is left when time passes;
 * - no state field at all: a failure count kept between calls, compared with a limit before the
 *   call, refusing calls until a cooldown passes, and reset to zero.
 *
 * Failures are counted where an operation failed (a catch, a rejection handler, an error branch, a
 * failure-named method). Rate limiters (they count every request), lockouts (they count wrong
 * passwords after a business check, or refuse nothing themselves), job lifecycles (a failed job is
 * never reopened by time) and retry loops (their count lives and dies with one call) have neither shape.
 */
import { ts } from '../../../../parser/ts.js';
import { chainText, isFunctionLike, kindSet, lastName, walkSelf, walkSelfKinds } from '../../ast-utils.js';
import { memo, nodesWithHelpers, unitText, type UnitContext } from '../../context.js';
import { FAILURE_NAME, incrementTarget, isFailurePath, mentionsTime, rejects } from './shared.js';

const K = ts.SyntaxKind;

/** A field that holds a state (`this.state`, `health`, `mode`). */
const STATE_FIELD = /state|status|mode|health|phase|condition/i;
/** Names a failure threshold goes by. */
const THRESHOLD_NAME = /threshold|limit|^max|Max|budget|tolerance|allowed/i;
/** A failure word (as the rule's prefilter requires for these forms): most units have none, and are not walked. */
const IMPLICIT_TEXT = /fail|err|fault|strike|consecutive/i;

/** An inferred breaker: the transition (or refusal) that shows it, and what it is. */
export interface ImplicitBreaker {
  node: ts.Node;
  note: string;
}

/** A state value: a string literal, an enum or constant member (`Health.Failing`), or a constant (`FAILING`). */
function stateValue(node: ts.Expression): string | undefined {
  if (ts.isStringLiteralLike(node)) return `'${node.text}'`;
  if (ts.isPropertyAccessExpression(node) && /^[A-Z]/.test(lastName(node.expression))) return chainText(node);
  if (ts.isIdentifier(node) && /^[A-Z][A-Z0-9_]+$/.test(node.text)) return node.text;
  return undefined;
}

/** The conditions an `if`, ternary or `&&` puts on reaching a node, up to its function. */
function guardsOf(node: ts.Node): ts.Expression[] {
  const guards: ts.Expression[] = [];
  let child = node;
  for (let current: ts.Node | undefined = node.parent; current && !isFunctionLike(current); child = current, current = current.parent) {
    if (ts.isIfStatement(current) && current.thenStatement === child) guards.push(current.expression);
    else if (ts.isConditionalExpression(current) && current.whenTrue === child) guards.push(current.condition);
    else if (ts.isBinaryExpression(current) && current.operatorToken.kind === K.AmpersandAmpersandToken && current.right === child) guards.push(current.left);
  }
  return guards;
}

/** Whether a node runs from a timer's callback (`setTimeout(() => { state = 'ready' }, cooldown)`). */
function inTimer(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return !!current.parent && ts.isCallExpression(current.parent) && /^(setTimeout|setInterval)$/.test(lastName(current.parent.expression));
  }
  return false;
}

/** An error value tested as it is (`if (err)`, `if (error != null)`): its branch is the failure path of an error-first callback. */
const ERROR_VALUE = /^(e|err|error|ex|exception|failure)$/i;

function testsError(condition: ts.Expression): boolean {
  const subject = ts.isBinaryExpression(condition) && (condition.operatorToken.kind === K.ExclamationEqualsToken || condition.operatorToken.kind === K.ExclamationEqualsEqualsToken) ? condition.left : condition;
  return (ts.isIdentifier(subject) || ts.isPropertyAccessExpression(subject)) && ERROR_VALUE.test(lastName(subject));
}

/** The kinds `incrementTarget` recognises. */
const INCREMENT_KINDS = kindSet(K.PostfixUnaryExpression, K.PrefixUnaryExpression, K.BinaryExpression, K.CallExpression);
/** The kinds the state walk acts on: assignments, initialised declarations, refusing ifs. */
const STATE_KINDS = kindSet(K.BinaryExpression, K.PropertyDeclaration, K.VariableDeclaration, K.IfStatement);
/** The kinds the refusal walk acts on: resets and clock markers, refusing ifs. */
const REFUSAL_KINDS = kindSet(K.BinaryExpression, K.IfStatement);
const DECLARATION = kindSet(K.VariableDeclaration);
const RETURN = kindSet(K.ReturnStatement);

/**
 * Failure counts: names incremented where an operation failed (a catch, a rejection handler, an
 * error callback's error branch, a failure-named method). A count of wrong passwords or bad input,
 * incremented after a business check (`if (!valid) fails++`), makes a lockout, not a breaker.
 */
function failureCounts(roots: readonly ts.Node[]): Set<string> {
  const counts = new Set<string>();
  for (const root of roots) {
    walkSelfKinds(root, INCREMENT_KINDS, (node) => {
      const target = incrementTarget(node);
      // Also outcomes recorded on failure (`window.push(false)`), whose share makes a failure rate.
      if (target && (isFailurePath(node) || guardsOf(node).some(testsError))) counts.add(chainText(target));
    });
  }
  return counts;
}

/** Whether a condition compares a failure count (or a failure-named value) with something. */
function comparesFailures(condition: ts.Expression, counts: Set<string>): boolean {
  let found = false;
  walkSelf(condition, (node) => {
    if (found) return false;
    if (!ts.isBinaryExpression(node)) return undefined;
    const op = node.operatorToken.kind;
    if (op !== K.GreaterThanToken && op !== K.GreaterThanEqualsToken && op !== K.LessThanToken && op !== K.LessThanEqualsToken) return undefined;
    for (const side of [node.left, node.right]) {
      walkSelf(side, (child) => {
        if ((ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) && (counts.has(chainText(child)) || (FAILURE_NAME.test(lastName(child)) && THRESHOLD_NAME.test(chainText(side === node.left ? node.right : node.left))))) found = true;
      });
    }
    return undefined;
  });
  return found;
}

/** `true`/`false` for a boolean literal. */
function booleanValue(node: ts.Expression): string | undefined {
  return node.kind === K.TrueKeyword ? 'true' : node.kind === K.FalseKeyword ? 'false' : undefined;
}

/**
 * The value a state field is assigned: a named state for a field named like one (`state`, `health`),
 * or a boolean for a flag of any name (`this.available = false`, `paused = true`).
 */
function assignedState(target: ts.Node, value: ts.Expression): [string, string] | undefined {
  if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target)) return undefined;
  const field = lastName(target);
  const flag = booleanValue(value);
  if (flag) return [field, flag];
  const named = STATE_FIELD.test(field) ? stateValue(value) : undefined;
  return named ? [field, named] : undefined;
}

/** The states a refusing condition tests: `state === 'failing'`, `this.paused`, `!this.available`. */
function testedStates(condition: ts.Expression): Array<[string, string]> {
  const tested: Array<[string, string]> = [];
  walkSelf(condition, (child) => {
    if (ts.isBinaryExpression(child) && (child.operatorToken.kind === K.EqualsEqualsEqualsToken || child.operatorToken.kind === K.EqualsEqualsToken)) {
      for (const [subject, value] of [[child.left, child.right], [child.right, child.left]] as const) {
        if (!ts.isIdentifier(subject) && !ts.isPropertyAccessExpression(subject)) continue;
        const tested1 = booleanValue(value) ?? (STATE_FIELD.test(lastName(subject)) ? stateValue(value) : undefined);
        if (tested1) tested.push([lastName(subject), tested1]);
      }
      return false;
    }
    if (ts.isPrefixUnaryExpression(child) && child.operator === K.ExclamationToken && (ts.isIdentifier(child.operand) || ts.isPropertyAccessExpression(child.operand))) {
      tested.push([lastName(child.operand), 'false']);
      return false;
    }
    // A flag tested as it is: a direct operand of the condition, `&&` or `||`.
    if ((ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) && (child === condition || (ts.isBinaryExpression(child.parent) && (child.parent.operatorToken.kind === K.AmpersandAmpersandToken || child.parent.operatorToken.kind === K.BarBarToken)))) {
      tested.push([lastName(child), 'true']);
      return false;
    }
    return undefined;
  });
  return tested;
}

/**
 * A state field (or flag) with a value entered when failures cross a threshold, in which calls are
 * refused, and which is left when time passes.
 */
function behaviouralStates(roots: readonly ts.Node[], counts: Set<string>): ImplicitBreaker | undefined {
  // Per field: its values and where each is assigned; the values in which calls are refused; those refusals that read the clock.
  const assigned = new Map<string, Map<string, ts.Node[]>>();
  const refusing = new Map<string, Set<string>>();
  const timed = new Map<string, Set<string>>();
  const add = <V>(map: Map<string, Set<V>>, field: string, value: V): void => {
    map.set(field, (map.get(field) ?? new Set<V>()).add(value));
  };
  const assign = (field: string, value: string, node: ts.Node | undefined): void => {
    const values = assigned.get(field) ?? new Map<string, ts.Node[]>();
    values.set(value, [...(values.get(value) ?? []), ...(node ? [node] : [])]);
    assigned.set(field, values);
  };
  for (const root of roots) {
    walkSelfKinds(root, STATE_KINDS, (node) => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.EqualsToken) {
        const state = assignedState(node.left, node.right);
        if (state) assign(state[0], state[1], node);
      } else if ((ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) && node.initializer && ts.isIdentifier(node.name)) {
        const state = assignedState(node.name, node.initializer);
        if (state) assign(state[0], state[1], undefined);
      } else if (ts.isIfStatement(node) && rejects(node.thenStatement)) {
        for (const [field, value] of testedStates(node.expression)) {
          add(refusing, field, value);
          if (mentionsTime(node)) add(timed, field, value);
        }
      }
    });
  }
  for (const [field, values] of assigned) {
    if (values.size < 2) continue;
    // A state left when time passes: refusing it reads the clock, or a timer or clock check leads out of it.
    const leftWithTime = (value: string): boolean =>
      !!timed.get(field)?.has(value) || [...values].some(([other, nodes]) => other !== value && nodes.some((node) => guardsOf(node).some(mentionsTime) || inTimer(node)));
    for (const value of refusing.get(field) ?? []) {
      if (!values.has(value) || !leftWithTime(value)) continue;
      const trip = values.get(value)!.find((node) => guardsOf(node).some((guard) => comparesFailures(guard, counts)));
      if (trip) return { node: trip, note: `state machine (${field}: ${[...values.keys()].join('/')}) enters ${value} when failures cross a threshold and refuses calls there` };
    }
  }
  return undefined;
}

/**
 * No state field: a failure count kept between calls (a field, or a variable outside the function),
 * a refusal guarded by that count and by the clock, and the count reset to zero.
 */
function countedRefusal(roots: readonly ts.Node[], counts: Set<string>): ImplicitBreaker | undefined {
  const kept = [...counts].filter((name) => name.includes('.') || outlivesCall(roots, name));
  if (kept.length === 0) return undefined;
  const reset = new Set<string>();
  // Time markers: fields set from the clock (`blockedUntil = Date.now() + cooldown`).
  const markers = new Set<string>();
  const refusals: ts.IfStatement[] = [];
  for (const root of roots) {
    walkSelfKinds(root, REFUSAL_KINDS, (node) => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.EqualsToken) {
        if (ts.isNumericLiteral(node.right) && node.right.text === '0') reset.add(chainText(node.left));
        else if (mentionsTime(node.right)) markers.add(chainText(node.left));
      }
      if (ts.isIfStatement(node) && rejects(node.thenStatement)) refusals.push(node);
    });
  }
  const counted = kept.filter((name) => reset.has(name));
  if (counted.length === 0) return undefined;
  const timed = (condition: ts.Expression): boolean => {
    if (mentionsTime(condition)) return true;
    let found = false;
    walkSelf(condition, (child) => {
      if ((ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) && markers.has(chainText(child))) found = true;
    });
    return found;
  };
  for (const refusal of refusals) {
    const conditions = [refusal.expression, ...guardsOf(refusal)];
    if (conditions.some((c) => comparesFailures(c, new Set(counted))) && conditions.some(timed)) {
      return { node: refusal, note: `refuses calls while the failure count (${counted.join(', ')}) is over its limit, until a cooldown passes` };
    }
  }
  return undefined;
}

/** Whether a plain variable is declared outside every function that updates it (it survives a call). */
function outlivesCall(roots: readonly ts.Node[], name: string): boolean {
  let declaredInside = false;
  for (const root of roots) {
    walkSelfKinds(root, DECLARATION, (node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
        for (let current: ts.Node | undefined = node.parent; current && current !== root; current = current.parent) {
          if (isFunctionLike(current)) {
            // A closure breaker keeps its count in the factory and refuses in the function it returns.
            let returnsFunction = false;
            walkSelfKinds(current, RETURN, (inner) => {
              if (ts.isReturnStatement(inner) && inner.expression && (isFunctionLike(inner.expression) || ts.isObjectLiteralExpression(inner.expression))) returnsFunction = true;
            });
            if (!returnsFunction) declaredInside = true;
            break;
          }
        }
      }
    });
  }
  return !declaredInside;
}

/** A breaker without breaker vocabulary, if the unit is one (memoised). */
export function implicitBreaker(ctx: UnitContext): ImplicitBreaker | undefined {
  return memo(ctx, 'implicit-breaker', () => {
    if (!IMPLICIT_TEXT.test(unitText(ctx, true))) return undefined;
    const roots = nodesWithHelpers(ctx);
    const counts = failureCounts(roots);
    if (counts.size === 0) return undefined;
    return behaviouralStates(roots, counts) ?? countedRefusal(roots, counts);
  });
}
