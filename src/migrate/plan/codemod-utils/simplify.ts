/**
 * Tidies an expression a template or a conversion just wrote, so the user does not have to: a unit
 * conversion undone by its inverse (`(cfg.timeoutMs / 1000) * 1000` is `cfg.timeoutMs`), sums of
 * integer literals (`3 - 1` is `2`), an arrow function called on the spot (`(() => run(x))()` is
 * `run(x)`; `() => (async () => { ... })()` is `async () => { ... }`), arithmetic that changes nothing
 * (`seconds * 1000 + 0`), and an object literal spread into
 * an object literal (`{ ...{ a: 1 }, b }` is `{ a: 1, b }`). Each rewrite keeps the value exactly; text
 * that does not parse as one expression is returned as it is.
 */
import { parseSource, ts } from '../../../parser/ts.js';
import { applyEdits, type TextEdit } from './edits.js';
import { needsParens, parseExpression } from './recipes.js';

const INVERSE: Partial<Record<ts.SyntaxKind, ts.SyntaxKind>> = {
  [ts.SyntaxKind.AsteriskToken]: ts.SyntaxKind.SlashToken,
  [ts.SyntaxKind.SlashToken]: ts.SyntaxKind.AsteriskToken,
  [ts.SyntaxKind.PlusToken]: ts.SyntaxKind.MinusToken,
  [ts.SyntaxKind.MinusToken]: ts.SyntaxKind.PlusToken,
};

function unwrap(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) ? unwrap(node.expression) : node;
}

function numberOf(node: ts.Expression): number | undefined {
  const inner = unwrap(node);
  return ts.isNumericLiteral(inner) ? Number(inner.text) : undefined;
}

/** `(x / k) * k`, `(x * k) / k`, `(x - k) + k`, `(x + k) - k` with the same non-zero number k: the `x`. */
function undoneConversion(node: ts.BinaryExpression): ts.Expression | undefined {
  const k = numberOf(node.right);
  if (k === undefined || k === 0) return undefined;
  const left = unwrap(node.left);
  if (!ts.isBinaryExpression(left) || INVERSE[left.operatorToken.kind] !== node.operatorToken.kind) return undefined;
  // Only `x op k`: `k * x` read back as `/ k` is the same value, but `k - x` is not.
  return numberOf(left.right) === k ? left.left : undefined;
}

const ARITHMETIC = new Set([ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken]);

/** `x * 1000 + 0`, `x * 2 * 1`: the arithmetic `x` (a number, so `+ 0` concatenates nothing). */
function identityStep(node: ts.BinaryExpression): ts.Expression | undefined {
  const op = node.operatorToken.kind;
  const k = numberOf(node.right);
  const left = unwrap(node.left);
  const numeric = ts.isNumericLiteral(left) || (ts.isBinaryExpression(left) && ARITHMETIC.has(left.operatorToken.kind));
  if (!numeric || k === undefined) return undefined;
  if ((op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.MinusToken) && k === 0) return node.left;
  if ((op === ts.SyntaxKind.AsteriskToken || op === ts.SyntaxKind.SlashToken) && k === 1) return node.left;
  return undefined;
}

/** `a + b` / `a - b` of integer literals, when the sum is a non-negative safe integer. */
function foldedSum(node: ts.BinaryExpression): string | undefined {
  const op = node.operatorToken.kind;
  if (op !== ts.SyntaxKind.PlusToken && op !== ts.SyntaxKind.MinusToken) return undefined;
  const a = numberOf(node.left);
  const b = numberOf(node.right);
  if (a === undefined || b === undefined || !Number.isInteger(a) || !Number.isInteger(b)) return undefined;
  const sum = op === ts.SyntaxKind.PlusToken ? a + b : a - b;
  return Number.isSafeInteger(sum) && sum >= 0 ? String(sum) : undefined;
}

/** A parameterless, non-async arrow function with an expression body, called with no arguments: its body. */
function inlinedCall(node: ts.CallExpression): ts.Expression | undefined {
  if (node.arguments.length > 0 || node.questionDotToken || node.typeArguments) return undefined;
  const callee = unwrap(node.expression);
  if (!ts.isArrowFunction(callee) || callee.parameters.length > 0 || callee.typeParameters || ts.isBlock(callee.body)) return undefined;
  if (callee.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
  return callee.body;
}

/** `() => (async () => { ... })()`: the inner function is what the outer one runs. */
function forwardedFunction(node: ts.ArrowFunction): ts.ArrowFunction | ts.FunctionExpression | undefined {
  if (node.parameters.length > 0 || node.typeParameters || node.type || ts.isBlock(node.body)) return undefined;
  const body = unwrap(node.body);
  if (!ts.isCallExpression(body) || body.arguments.length > 0 || body.questionDotToken || body.typeArguments) return undefined;
  const inner = unwrap(body.expression);
  if (!(ts.isArrowFunction(inner) || (ts.isFunctionExpression(inner) && !inner.asteriskToken && !inner.name)) || inner.parameters.length > 0 || inner.typeParameters) return undefined;
  // A function expression has its own `this`: only an arrow keeps the outer one.
  if (ts.isFunctionExpression(inner)) return undefined;
  const outerAsync = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  const innerAsync = inner.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  return outerAsync && !innerAsync ? undefined : inner;
}

function propertyKey(property: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isShorthandPropertyAssignment(property)) return property.name.text;
  if ((ts.isPropertyAssignment(property) || ts.isMethodDeclaration(property)) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return property.name.text;
  return undefined;
}

/** `{ ...{ a: 1 }, b }`: the inner literal's properties, when every key of the result is plain and distinct. */
function inlinedSpreads(node: ts.ObjectLiteralExpression): boolean {
  const spreads = node.properties.filter((p): p is ts.SpreadAssignment => ts.isSpreadAssignment(p) && ts.isObjectLiteralExpression(unwrap(p.expression)));
  if (spreads.length === 0) return false;
  const all = node.properties.flatMap((p) => (spreads.includes(p as ts.SpreadAssignment) ? [...(unwrap((p as ts.SpreadAssignment).expression) as ts.ObjectLiteralExpression).properties] : [p]));
  const keys = all.map(propertyKey);
  return keys.every((k) => k !== undefined) && new Set(keys).size === keys.length;
}

/** A range of the text (start inclusive, end exclusive). */
export type TextRange = readonly [number, number];

/**
 * The expression with the rewrites above applied. `kept` are the ranges the caller copied from the
 * user's code (a template's arguments): a node wholly inside one is the user's own and stays as written
 * (`(2 + 3) * 1000` keeps the user's `2 + 3`); a node the template wrote around it is tidied.
 */
export function simplifyExpression(text: string, kept: readonly TextRange[] = []): string {
  const parsed = parseSource('simplify.ts', `(${text}\n);`);
  if (((parsed as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length > 0) return text;
  const offset = 1;
  const edits: TextEdit[] = [];
  const source = (node: ts.Node) => node.getText(parsed);
  const replace = (node: ts.Node, by: ts.Node | string): void => {
    const incoming = typeof by === 'string' ? parseExpression(by) : unwrap(by as ts.Expression);
    const text = typeof by === 'string' || !incoming ? (typeof by === 'string' ? by : source(by)) : source(incoming);
    // Parentheses around the replaced node go when what comes in does not need them there.
    const wrapper = ts.isExpressionStatement(node.parent.parent);
    const paren = ts.isParenthesizedExpression(node.parent) && !wrapper && incoming !== undefined && !needsParens(node.parent, incoming);
    const target = paren ? node.parent : node;
    const wrap = !paren && incoming !== undefined && !/^\(.*\)$/s.test(text) && needsParens(node, incoming);
    edits.push({ start: target.getStart(parsed) - offset, end: target.getEnd() - offset, text: wrap ? `(${text})` : text });
  };
  const users = (node: ts.Node): boolean => {
    const start = node.getStart(parsed) - offset;
    const end = node.getEnd() - offset;
    return kept.some(([a, b]) => a <= start && end <= b);
  };
  const visit = (node: ts.Node): void => {
    if (users(node)) return;
    if (ts.isBinaryExpression(node)) {
      const undone = undoneConversion(node);
      if (undone) return replace(node, undone);
      const identity = identityStep(node);
      if (identity) return replace(node, identity);
      const folded = foldedSum(node);
      if (folded !== undefined) return replace(node, folded);
    }
    if (ts.isCallExpression(node)) {
      const body = inlinedCall(node);
      if (body) return replace(node, unwrap(body).kind === ts.SyntaxKind.ObjectLiteralExpression ? source(body) : body);
    }
    if (ts.isArrowFunction(node)) {
      const inner = forwardedFunction(node);
      if (inner) return replace(node, source(inner));
    }
    if (ts.isObjectLiteralExpression(node) && inlinedSpreads(node)) {
      const parts = node.properties.map((p) => (ts.isSpreadAssignment(p) && ts.isObjectLiteralExpression(unwrap(p.expression)) ? (unwrap(p.expression) as ts.ObjectLiteralExpression).properties.map(source).join(', ') : source(p)));
      return replace(node, `{ ${parts.filter((p) => p.length > 0).join(', ')} }`);
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed);
  return edits.length === 0 ? text : applyEdits(text, edits);
}

/** Where the texts of `edits` land once they are applied (edits sorted by start, not overlapping). */
export function insertedRanges(edits: readonly TextEdit[]): TextRange[] {
  let delta = 0;
  const ranges: TextRange[] = [];
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    ranges.push([edit.start + delta, edit.start + delta + edit.text.length]);
    delta += edit.text.length - (edit.end - edit.start);
  }
  return ranges;
}
