/**
 * Backoff structure: a delay computed from an attempt number or grown per attempt (exponential,
 * linear in the attempt, fibonacci), jitter and caps.
 */
import { ts } from '../../../parser/ts.js';
import { chainText, isFunctionLike, kindSet, lineAt, walk, walkSelf, walkSelfKinds } from '../ast-utils.js';
import { memo, unitText, type UnitContext } from '../context.js';
import type { MatchEvidence } from './types.js';

const K = ts.SyntaxKind;

/** Names of attempt counters (linear growth is only believed on these). */
export const ATTEMPT_NAME = /attempt|retr|tries|tryCount|try_count|iteration|failure_?count|^times$|^n$|^i$/i;
/**
 * An item's position (`base * factor ** index`): a delay that grows along a list is a stagger or a
 * cascade (animations, batches), not a wait that grows with each failed attempt.
 */
const POSITION_NAME = /^(index|idx|position|pos|depth|row|col|column|rank|order)$/i;

function isPosition(node: ts.Expression): boolean {
  return (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && POSITION_NAME.test(ts.isIdentifier(node) ? node.text : node.name.text);
}
const DELAY_NAME = /delay|wait|backoff|interval|timeout|sleep|jitter|cooldown|ms$|millis|seconds|duration|base|cap/i;

/** An expression that makes a delay grow. */
export interface Growth {
  node: ts.Node;
  kind: 'exponential' | 'linear' | 'fibonacci' | 'multiplicative';
}

function isLiteral(node: ts.Expression): boolean {
  return ts.isNumericLiteral(node) || (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand));
}

const IDENTIFIER = kindSet(K.Identifier);

function mentions(node: ts.Node, pattern: RegExp): boolean {
  let found = false;
  walkSelfKinds(node, IDENTIFIER, (child) => {
    if (found) return false;
    if (ts.isIdentifier(child) && pattern.test(child.text)) found = true;
    return undefined;
  });
  return found;
}

function targetName(node: ts.Expression): string {
  return chainText(node);
}

function identifiersIn(node: ts.Node): Set<string> {
  const names = new Set<string>();
  walkSelfKinds(node, IDENTIFIER, (child) => {
    if (ts.isIdentifier(child) && !(ts.isPropertyAccessExpression(child.parent) && child.parent.name === child)) names.add(child.text);
  });
  return names;
}

/** Parameter names of the function around a node. */
function enclosingParameters(node: ts.Node): Set<string> {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return new Set(current.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  }
  return new Set();
}

/**
 * Whether an assigned target holds a delay: named like one, or a local initialised from one
 * (`let d = baseMs; … d *= factor`), whatever its own name.
 */
function holdsDelay(target: ts.Expression): boolean {
  if (DELAY_NAME.test(targetName(target))) return true;
  if (!ts.isIdentifier(target)) return false;
  const name = target.text;
  for (let current = target.parent; current; current = current.parent) {
    if (!isFunctionLike(current) || !current.body) continue;
    let initialisedFromDelay = false;
    walk(current.body, (node) => {
      if (initialisedFromDelay || isFunctionLike(node)) return false;
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer && mentions(node.initializer, DELAY_NAME)) initialisedFromDelay = true;
      return undefined;
    });
    return initialisedFromDelay;
  }
  return false;
}

/** Bitwise operators that combine a shift into a hash or a packed value, not a delay. */
const BIT_MIXING = new Set([K.BarToken, K.AmpersandToken, K.CaretToken, K.GreaterThanGreaterThanToken, K.GreaterThanGreaterThanGreaterThanToken, K.BarEqualsToken, K.AmpersandEqualsToken, K.CaretEqualsToken]);

/**
 * Whether `a << b` doubles a delay per attempt (`1 << attempt`, `baseMs << retries`): a power of two
 * or a delay shifted by a count. A shift mixed with other bit operations (a rotation
 * `(n << s) | (n >>> (32 - s))`, a hash step) or shifting an arbitrary value is bit twiddling.
 */
function shiftGrowsADelay(node: ts.BinaryExpression): boolean {
  let outer: ts.Node = node;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  if (ts.isBinaryExpression(outer.parent) && BIT_MIXING.has(outer.parent.operatorToken.kind)) return false;
  return isLiteral(node.left) || mentions(node.left, DELAY_NAME) || mentions(node.right, ATTEMPT_NAME);
}

const GROWTH_TEXT = /\*|<<|pow|fib|\[\s*[\w$]+\s*,\s*[\w$]+\s*\]\s*=/;

/** The growth kind of one node, if it is a growth expression. */
function growthOf(node: ts.Node): Growth['kind'] | undefined {
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === K.AsteriskAsteriskToken && !isLiteral(node.right) && !isPosition(node.right)) return 'exponential';
    if (op === K.LessThanLessThanToken && !isLiteral(node.right) && !isPosition(node.right) && shiftGrowsADelay(node)) return 'exponential';
    if (op === K.AsteriskToken && !mentions(node.left, ATTEMPT_NAME) && !mentions(node.right, ATTEMPT_NAME)) {
      // `count * stepMs`: a parameter scaled by a delay unit
      const params = enclosingParameters(node);
      const isParam = (side: ts.Node): boolean => [...identifiersIn(side)].some((name) => params.has(name)) && !mentions(side, POSITION_NAME);
      if ((mentions(node.right, DELAY_NAME) && !mentions(node.left, DELAY_NAME) && isParam(node.left)) || (mentions(node.left, DELAY_NAME) && !mentions(node.right, DELAY_NAME) && isParam(node.right))) return 'linear';
    }
    if (op === K.AsteriskToken && (mentions(node.left, ATTEMPT_NAME) || mentions(node.right, ATTEMPT_NAME))) {
      const attemptSide = mentions(node.left, ATTEMPT_NAME) ? node.left : node.right;
      // `i * 2` where i is a plain loop index counts only when the other side is a delay-like value
      if (/^(n|i)$/.test(chainText(attemptSide)) && !mentions(attemptSide === node.left ? node.right : node.left, DELAY_NAME)) return undefined;
      return 'linear';
    }
    if ((op === K.AsteriskEqualsToken || op === K.LessThanLessThanEqualsToken) && holdsDelay(node.left)) return 'multiplicative';
    if (op === K.EqualsToken && holdsDelay(node.left)) {
      // delay = delay * 2, delay = Math.min(delay * factor, max)
      const self = targetName(node.left);
      let grows = false;
      walkSelf(node.right, (child) => {
        if (ts.isBinaryExpression(child) && child.operatorToken.kind === K.AsteriskToken && (chainText(child.left) === self || chainText(child.right) === self)) grows = true;
      });
      if (grows) return 'multiplicative';
    }
    // [a, b] = [b, a + b]
    if (op === K.EqualsToken && ts.isArrayLiteralExpression(node.left) && ts.isArrayLiteralExpression(node.right) && node.right.elements.length === 2) {
      const second = node.right.elements[1]!;
      if (ts.isBinaryExpression(second) && second.operatorToken.kind === K.PlusToken) return 'fibonacci';
    }
  }
  if (ts.isCallExpression(node)) {
    const callee = chainText(node.expression);
    const exponent = node.arguments[1];
    if (callee === 'Math.pow' && exponent && !isLiteral(exponent) && !isPosition(exponent)) return 'exponential';
  }
  return undefined;
}

/** The kinds `growthOf` recognises. */
const GROWTH_KINDS = kindSet(K.BinaryExpression, K.CallExpression);

/** Every growth expression of a unit (memoised). */
export function growths(ctx: UnitContext): Growth[] {
  return memo(ctx, 'growths', () => {
    const found: Growth[] = [];
    // Every growth needs an operator or name among these; most units have none.
    if (!GROWTH_TEXT.test(unitText(ctx))) return found;
    for (const root of ctx.unit.nodes) {
      walkSelfKinds(root, GROWTH_KINDS, (node) => {
        const kind = growthOf(node);
        if (kind) found.push({ node, kind });
      });
    }
    // fibonacci in a loop with three variables: next = previous + current; previous = current; current = next
    const text = unitText(ctx);
    for (const root of /=\s*[\w$.]+\s*\+\s*[\w$.]+/.test(text) ? ctx.unit.nodes : []) {
      walkSelf(root, (node) => {
        if (!(ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node))) return;
        const assigned = new Set<string>();
        walk(node.statement, (child) => {
          if (ts.isBinaryExpression(child) && child.operatorToken.kind === K.EqualsToken && ts.isIdentifier(child.left)) assigned.add(child.left.text);
        });
        walk(node.statement, (child) => {
          const sum = ts.isVariableDeclaration(child) ? child.initializer : ts.isBinaryExpression(child) && child.operatorToken.kind === K.EqualsToken ? child.right : undefined;
          if (sum && ts.isBinaryExpression(sum) && sum.operatorToken.kind === K.PlusToken && ts.isIdentifier(sum.left) && ts.isIdentifier(sum.right) && sum.left.text !== sum.right.text && assigned.has(sum.left.text) && assigned.has(sum.right.text)) {
            found.push({ node: child, kind: 'fibonacci' });
          }
        });
      });
    }
    // fibonacci by recursion: f(n - 1) + f(n - 2)
    for (const fn of /-\s*2\s*\)/.test(text) ? ctx.facts.functions : []) {
      const name = (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name ? fn.name.text : undefined;
      if (!name || !fn.body) continue;
      walk(fn.body, (node) => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.PlusToken && ts.isCallExpression(node.left) && ts.isCallExpression(node.right) && chainText(node.left.expression) === name && chainText(node.right.expression) === name) {
          found.push({ node, kind: 'fibonacci' });
        }
      });
    }
    return found;
  });
}

function evidence(ctx: UnitContext, node: ts.Node, note: string): MatchEvidence {
  return { line: lineAt(ctx.file.sf, node.getStart(ctx.file.sf)), note };
}

/** `backoff-formula`: any growing or jittered delay in the unit. */
export function backoffFormula(ctx: UnitContext): MatchEvidence[] {
  const found = growths(ctx).map((g) => evidence(ctx, g.node, `${g.kind} delay growth`));
  return found.concat(jitter(ctx));
}

function isRandom(node: ts.Node): boolean {
  return ts.isCallExpression(node) && chainText(node.expression) === 'Math.random';
}

/** `jitter`: Math.random() shaping a delay. */
export function jitter(ctx: UnitContext): MatchEvidence[] {
  return memo(ctx, 'jitter', () => {
    const found: MatchEvidence[] = [];
    const hasGrowth = growths(ctx).length > 0;
    for (const call of ctx.facts.calls) {
      if (!isRandom(call.node)) continue;
      // Walk up the arithmetic around Math.random() to see whether it shapes a delay.
      let top: ts.Node = call.node;
      while (top.parent && (ts.isBinaryExpression(top.parent) || ts.isParenthesizedExpression(top.parent) || (ts.isCallExpression(top.parent) && /^Math\./.test(chainText(top.parent.expression))))) top = top.parent;
      if (top === call.node) continue;
      const holder = top.parent;
      const named = (holder && (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isBinaryExpression(holder)) && DELAY_NAME.test(ts.isBinaryExpression(holder) ? chainText(holder.left) : holder.name.getText(ctx.file.sf))) || mentions(top, DELAY_NAME);
      if (named || hasGrowth) found.push(evidence(ctx, call.node, 'Math.random() jitters the delay'));
    }
    return found;
  });
}

/** `delay-cap`: Math.min() over a growing delay. */
export function delayCap(ctx: UnitContext): MatchEvidence[] {
  const found: MatchEvidence[] = [];
  const growthNodes = growths(ctx).map((g) => g.node);
  for (const call of ctx.facts.calls) {
    if (chainText(call.node.expression) !== 'Math.min') continue;
    const capsGrowth = call.node.arguments.some((arg) => growthNodes.some((g) => g.pos >= arg.pos && g.end <= arg.end) || mentions(arg, DELAY_NAME));
    if (capsGrowth) found.push(evidence(ctx, call.node, 'Math.min() caps the delay'));
  }
  return found;
}

/** Return/yield expressions and concise arrow bodies of the unit's own functions (not nested callbacks). */
function producedValues(ctx: UnitContext): ts.Node[] {
  const values: ts.Node[] = [];
  for (const fn of ctx.facts.functions) {
    // Callbacks passed to calls (map, then, setTimeout) are not what the unit returns.
    if (ts.isCallExpression(fn.parent) || ts.isNewExpression(fn.parent)) continue;
    if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) {
      values.push(fn.body);
      continue;
    }
    if (!fn.body) continue;
    walk(fn.body, (node) => {
      if (isFunctionLike(node)) return false;
      if ((ts.isReturnStatement(node) || ts.isYieldExpression(node)) && node.expression) values.push(node.expression);
      return undefined;
    });
  }
  return values;
}

function isAssignment(node: ts.Node): boolean {
  return ts.isBinaryExpression(node) && node.operatorToken.kind >= K.FirstAssignment && node.operatorToken.kind <= K.LastAssignment;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** `delay-from-attempt`: the unit returns or yields a grown delay. */
export function delayFromAttempt(ctx: UnitContext): MatchEvidence[] {
  const grown = growths(ctx);
  const jittered = jitter(ctx).length > 0;
  if (grown.length === 0) return [];
  // Variables (and this.fields) that hold a grown value somewhere in the unit.
  const holders = new Set<string>();
  for (const growth of grown) {
    let node: ts.Node = growth.node;
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === K.AsteriskEqualsToken || node.operatorToken.kind === K.LessThanLessThanEqualsToken || node.operatorToken.kind === K.EqualsToken) && !ts.isArrayLiteralExpression(node.left)) {
      holders.add(chainText(node.left));
      continue;
    }
    // Climb through the arithmetic around the growth (`base * Math.pow(f, n)`, `Math.min(…, cap)`) to
    // what holds the result: a variable or an assigned target.
    while (node.parent && !ts.isVariableDeclaration(node.parent) && !isAssignment(node.parent) && !ts.isStatement(node.parent) && !isFunctionLike(node.parent)) node = node.parent;
    const parent = node.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) holders.add(parent.name.text);
    if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === K.EqualsToken) holders.add(chainText(parent.left));
  }
  for (const growth of grown) {
    if (ts.isBinaryExpression(growth.node) && ts.isArrayLiteralExpression(growth.node.left)) {
      for (const element of growth.node.left.elements) holders.add(chainText(element));
    }
    if (ts.isVariableDeclaration(growth.node) && ts.isIdentifier(growth.node.name)) holders.add(growth.node.name.text);
  }
  // Values computed from a grown value are grown too: `capped = Math.min(raw, max)`, `current = next`.
  for (let round = 0; round < 4; round++) {
    const before = holders.size;
    for (const root of ctx.unit.nodes) {
      walkSelf(root, (node) => {
        const target = ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) ? node.name.text : ts.isBinaryExpression(node) && node.operatorToken.kind === K.EqualsToken && !ts.isArrayLiteralExpression(node.left) ? chainText(node.left) : undefined;
        const value = ts.isVariableDeclaration(node) ? node.initializer : ts.isBinaryExpression(node) ? node.right : undefined;
        if (!target || !value || holders.has(target)) return;
        let uses = false;
        walkSelf(value, (child) => {
          if ((ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) && holders.has(chainText(child))) uses = true;
        });
        if (uses) holders.add(target);
      });
    }
    if (holders.size === before) break;
  }
  const found: MatchEvidence[] = [];
  for (const value of producedValues(ctx)) {
    const direct = grown.find((g) => contains(value, g.node));
    let viaHolder: string | undefined;
    if (!direct) {
      walkSelf(value, (node) => {
        if (viaHolder) return false;
        if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && holders.has(chainText(node))) viaHolder = chainText(node);
        return undefined;
      });
    }
    if (direct || viaHolder) {
      const kind = direct?.kind ?? grown[0]!.kind;
      found.push(evidence(ctx, value, `returns ${kind === 'exponential' ? 'an' : 'a'} ${kind}${jittered ? ', jittered' : ''} delay${viaHolder ? ` (${viaHolder})` : ''}`));
    }
  }
  return found;
}
