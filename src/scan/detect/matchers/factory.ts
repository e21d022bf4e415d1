/**
 * Factories and producers: functions and methods that return an instance they create, directly,
 * through a local variable, or through a get-or-create registry (`map.set(k, new X()); return map.get(k)`).
 */
import { ts } from '../../../parser/ts.js';
import { chainText, FUNCTION_KINDS, isBuiltinConstructor, isFunctionLike, kindSet, lastName, lineAt, unwrap, walkKinds, type FunctionLike } from '../ast-utils.js';
import { memo, unitText, type UnitContext } from '../context.js';
import { unitFunction } from '../units.js';
import type { MatchEvidence } from './types.js';

const K = ts.SyntaxKind;

/** An instance a function creates and returns. */
export interface Product {
  /** Class name as written at the `new` (last segment for `new ns.X`). */
  name: string;
  /** True when the constructor is a plain identifier (a local or imported binding). */
  local: boolean;
  node: ts.Node;
}

function productOfNew(node: ts.Node): Product | undefined {
  const inner = ts.isExpression(node) ? unwrap(node) : node;
  if (!ts.isNewExpression(inner)) return undefined;
  const name = lastName(inner.expression);
  if (!name || name === '…' || isBuiltinConstructor(name)) return undefined;
  return { name, local: ts.isIdentifier(inner.expression), node: inner };
}

/** The kinds the product walk acts on: returns, declarations, assignments, `map.set` calls, and nested functions (skipped). */
const PRODUCT_KINDS = kindSet(K.ReturnStatement, K.VariableDeclaration, K.BinaryExpression, K.CallExpression, ...FUNCTION_KINDS);

/** The instances a function returns that it created itself. */
export function productsOf(fn: FunctionLike): Product[] {
  if (!fn.body) return [];
  // Every product is a `new` inside the body: most functions have none, and the text test is far
  // cheaper than the walk (the producer facts ask this of every top-level function of a parsed file).
  if (!fn.getSourceFile().text.slice(fn.body.pos, fn.body.end).includes('new')) return [];
  const holders = new Map<string, Product>();
  const returned: ts.Expression[] = [];
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) returned.push(fn.body);
  walkKinds(fn.body, PRODUCT_KINDS, (node) => {
    if (isFunctionLike(node)) return false;
    if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
    else if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) {
      const product = productOfNew(node.initializer);
      if (product) holders.set(node.name.text, product);
    } else if (ts.isBinaryExpression(node) && (node.operatorToken.kind === K.EqualsToken || node.operatorToken.kind === K.QuestionQuestionEqualsToken || node.operatorToken.kind === K.BarBarEqualsToken)) {
      const product = productOfNew(node.right);
      if (product) holders.set(ts.isElementAccessExpression(node.left) ? `${chainText(node.left.expression)}[]` : chainText(node.left), product);
    } else if (ts.isCallExpression(node) && lastName(node.expression) === 'set' && ts.isPropertyAccessExpression(node.expression) && node.arguments[1]) {
      const product = productOfNew(node.arguments[1]) ?? (ts.isIdentifier(node.arguments[1]) ? holders.get(node.arguments[1].text) : undefined);
      if (product) holders.set(`${chainText(node.expression.expression)}.get`, product);
    }
    return undefined;
  });
  const products: Product[] = [];
  const resolve = (expression: ts.Expression): void => {
    const inner = unwrap(expression);
    const direct = productOfNew(inner);
    if (direct) {
      products.push(direct);
      return;
    }
    if (ts.isAwaitExpression(inner)) return resolve(inner.expression);
    if (ts.isConditionalExpression(inner)) {
      resolve(inner.whenTrue);
      resolve(inner.whenFalse);
      return;
    }
    if (ts.isBinaryExpression(inner)) {
      const op = inner.operatorToken.kind;
      if (op === K.QuestionQuestionToken || op === K.BarBarToken) {
        resolve(inner.left);
        resolve(inner.right);
      } else if (op === K.QuestionQuestionEqualsToken || op === K.BarBarEqualsToken || op === K.EqualsToken) {
        resolve(inner.right);
        resolve(inner.left);
      }
      return;
    }
    let key: string | undefined;
    if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) key = chainText(inner);
    else if (ts.isElementAccessExpression(inner)) key = `${chainText(inner.expression)}[]`;
    else if (ts.isCallExpression(inner) && lastName(inner.expression) === 'get' && ts.isPropertyAccessExpression(inner.expression)) key = `${chainText(inner.expression.expression)}.get`;
    const held = key ? holders.get(key) : undefined;
    if (held) products.push(held);
  };
  for (const expression of returned) resolve(expression);
  return products;
}

/** Products built by the unit (its function, or its methods for a class-like unit), memoised. */
export function unitProducts(ctx: UnitContext): Product[] {
  return memo(ctx, 'products', () => {
    const fns: FunctionLike[] = [];
    if (!/\bnew\b/.test(unitText(ctx))) return [];
    const own = unitFunction(ctx.unit);
    if (own) fns.push(own);
    for (const method of ctx.unit.methods) {
      const fn = unitFunction(method);
      if (fn && method.name !== 'constructor') fns.push(fn);
    }
    const self = ctx.unit.kind === 'class' ? ctx.unit.name : undefined;
    // A singleton accessor returns its own class; `getEngineFactory()` returns a factory, it is not one.
    return fns.flatMap(productsOf).filter((product) => product.name !== self && !/(Factory|Builder)$/.test(product.name));
  });
}

/** The product that keys a factory cluster: the one it builds most often. */
export function mainProduct(ctx: UnitContext): string | undefined {
  const counts = new Map<string, number>();
  for (const product of unitProducts(ctx)) counts.set(product.name, (counts.get(product.name) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, count] of counts) {
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

/** `builds-product`: one evidence per distinct product. */
export function buildsProduct(ctx: UnitContext): MatchEvidence[] {
  const seen = new Set<string>();
  const found: MatchEvidence[] = [];
  for (const product of unitProducts(ctx)) {
    if (seen.has(product.name)) continue;
    seen.add(product.name);
    found.push({ line: lineAt(ctx.file.sf, product.node.getStart(ctx.file.sf)), note: `builds and returns ${product.name}` });
  }
  return found;
}
