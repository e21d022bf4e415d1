/**
 * Small helpers over raw compiler nodes. Detection walks `ts.Node`s directly (no ts-morph wrappers)
 * because it runs on thousands of files.
 */
import { currentOrder, preorderOf, type Preorder, ts } from '../../parser/ts.js';

const K = ts.SyntaxKind;

/** 1-based line of a position. */
export function lineAt(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

/** 1-based line where a node starts (after leading trivia and JSDoc; decorators and modifiers included). */
export function startLine(node: ts.Node, sf: ts.SourceFile): number {
  return lineAt(sf, node.getStart(sf, false));
}

/** 1-based line where a node ends (its closing brace or last token). */
export function endLine(node: ts.Node, sf: ts.SourceFile): number {
  return lineAt(sf, node.getEnd());
}

/**
 * Makes `walk` loop over the file's depth-first order (`preorderOf`, current until another file is
 * parsed) instead of recursing through the compiler's child callbacks: detection walks the same
 * subtrees many times. Nodes of other trees are still walked, the slow way.
 */
export function useTree(sf: ts.SourceFile): void {
  preorderOf(sf);
}

/** Index of `node` in the current order, or -1 (found by its position, then by identity). */
function indexOf(tree: Preorder, node: ts.Node): number {
  const { starts, size } = tree;
  const pos = node.pos;
  let low = 0;
  let high = size;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! < pos) low = middle + 1;
    else high = middle;
  }
  // Nodes sharing a start (a statement and its first expression) come one after the other. A node of
  // another tree (or of an order made since) is not found by identity, and is walked the slow way.
  const nodes = tree.nodes;
  for (let i = low; i < size && starts[i] === pos; i++) if (nodes[i] === node) return i;
  return -1;
}

/** Visits every descendant (depth first); return `false` from `visit` to skip a node's children. */
export function walk(node: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const tree = currentOrder();
  const at = tree ? indexOf(tree, node) : -1;
  if (at < 0) {
    const recurse = (child: ts.Node): void => {
      if (visit(child) === false) return;
      ts.forEachChild(child, recurse);
    };
    ts.forEachChild(node, recurse);
    return;
  }
  const { nodes, ends } = tree!;
  const end = ends[at]!;
  for (let i = at + 1; i < end; ) i = visit(nodes[i]!) === false ? ends[i]! : i + 1;
}

/** Syntax kinds a walk looks at (see `kindSet`). */
export type KindSet = Uint8Array;

/** The kinds of `isFunctionLike`, for kind sets of walks that stop at nested functions. */
export const FUNCTION_KINDS: readonly ts.SyntaxKind[] = [K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration, K.Constructor, K.GetAccessor, K.SetAccessor];

/** The set of `kinds`, for `walkKinds`. */
export function kindSet(...kinds: ts.SyntaxKind[]): KindSet {
  // Syntax kinds are small numbers (a few hundred).
  const set = new Uint8Array(1024);
  for (const kind of kinds) set[kind] = 1;
  return set;
}

/**
 * `walk` for a visitor that only acts on some kinds: `visit` sees only nodes of `kinds` (return
 * `false` to skip a node's children), and every other node is passed over without a call. The same
 * as `walk` with a visitor that ignores other kinds (returning nothing for them).
 */
export function walkKinds(node: ts.Node, kinds: KindSet, visit: (node: ts.Node) => boolean | void): void {
  const tree = currentOrder();
  const at = tree ? indexOf(tree, node) : -1;
  if (at < 0) {
    walk(node, (child) => (kinds[child.kind] === 1 ? visit(child) : undefined));
    return;
  }
  const { nodes, ends } = tree!;
  const order = tree!.kinds;
  const end = ends[at]!;
  for (let i = at + 1; i < end; ) {
    if (kinds[order[i]!] !== 1) i++;
    else i = visit(nodes[i]!) === false ? ends[i]! : i + 1;
  }
}

/** Like `walkKinds`, but also visits `node` itself (when of one of `kinds`). */
export function walkSelfKinds(node: ts.Node, kinds: KindSet, visit: (node: ts.Node) => boolean | void): void {
  if (kinds[node.kind] === 1 && visit(node) === false) return;
  walkKinds(node, kinds, visit);
}

/** Like `walk`, but also visits `node` itself. */
export function walkSelf(node: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  if (visit(node) === false) return;
  walk(node, visit);
}

/** Nodes with parameters and a body. */
export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/** Whether a node is a function, arrow, method, constructor or accessor. */
export function isFunctionLike(node: ts.Node): node is FunctionLike {
  switch (node.kind) {
    case K.FunctionDeclaration:
    case K.FunctionExpression:
    case K.ArrowFunction:
    case K.MethodDeclaration:
    case K.Constructor:
    case K.GetAccessor:
    case K.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** The text of a property name or binding name when it is static (`a`, `'a'`, `#a`, `[‘a’]`). */
export function nameText(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return nameText(name.expression);
  return undefined;
}

/** Strips parentheses, `as`, `satisfies`, `!` and type assertions. */
export function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current)) {
      current = current.expression;
    } else if (ts.isSatisfiesExpression(current)) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/**
 * A short text for a callee or member chain: `fetch`, `this.breaker.fire`, `axios.get`, `x().then`.
 * Cheap: built from names, never from `getText()` of big nodes.
 */
export function chainText(node: ts.Node, depth = 0): string {
  if (depth > 6) return '…';
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (node.kind === K.ThisKeyword) return 'this';
  if (node.kind === K.SuperKeyword) return 'super';
  if (ts.isPropertyAccessExpression(node)) return `${chainText(node.expression, depth + 1)}.${node.name.text}`;
  if (ts.isElementAccessExpression(node)) {
    const key = nameText(node.argumentExpression);
    return key !== undefined ? `${chainText(node.expression, depth + 1)}.${key}` : `${chainText(node.expression, depth + 1)}[]`;
  }
  if (ts.isCallExpression(node)) return `${chainText(node.expression, depth + 1)}()`;
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node)) return chainText(node.expression, depth + 1);
  if (ts.isAwaitExpression(node)) return chainText(node.expression, depth + 1);
  return '…';
}

/** Last segment of a chain: `fire` for `this.breaker.fire`. */
export function lastName(node: ts.Node): string {
  const text = chainText(node);
  const dot = text.lastIndexOf('.');
  const name = dot < 0 ? text : text.slice(dot + 1);
  // A private field (`this.#open`) is named like a public one: name patterns are anchored on the word.
  return name.startsWith('#') ? name.slice(1) : name;
}

/** The identifier at the root of a member chain (`a` for `a.b.c()`), if any. */
export function rootIdentifier(node: ts.Node): ts.Identifier | undefined {
  let current: ts.Node = node;
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current) || ts.isNewExpression(current)) current = current.expression;
    else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) current = current.expression;
    else return undefined;
  }
}

/** Whether an identifier is a reference to a binding (not a property name, declaration name or label). */
export function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return false;
  switch (parent.kind) {
    case K.PropertyAccessExpression:
      return (parent as ts.PropertyAccessExpression).expression === id;
    case K.QualifiedName:
      return (parent as ts.QualifiedName).left === id;
    case K.PropertyAssignment:
    case K.PropertyDeclaration:
    case K.PropertySignature:
    case K.MethodDeclaration:
    case K.MethodSignature:
    case K.GetAccessor:
    case K.SetAccessor:
    case K.EnumMember:
      return (parent as ts.NamedDeclaration).name !== id;
    case K.VariableDeclaration:
    case K.Parameter:
    case K.FunctionDeclaration:
    case K.FunctionExpression:
    case K.ClassDeclaration:
    case K.ClassExpression:
    case K.InterfaceDeclaration:
    case K.TypeAliasDeclaration:
    case K.EnumDeclaration:
    case K.TypeParameter:
    case K.ImportSpecifier:
    case K.ImportClause:
    case K.NamespaceImport:
    case K.ImportEqualsDeclaration:
    case K.ExportSpecifier:
    case K.ModuleDeclaration:
      return (parent as ts.NamedDeclaration).name !== id && !ts.isExportSpecifier(parent) && !ts.isImportSpecifier(parent);
    case K.BindingElement: {
      const element = parent as ts.BindingElement;
      return element.name !== id && element.propertyName !== id;
    }
    case K.LabeledStatement:
    case K.BreakStatement:
    case K.ContinueStatement:
    case K.JsxAttribute:
      return false;
    default:
      return true;
  }
}

/** Whether a node is inside a failure path of `within`: a catch block, `.catch()` or `.then(_, onRejected)` callback. */
export function isCatchCallback(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent || !ts.isCallExpression(parent) || !isFunctionLike(node)) return false;
  const callee = parent.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  if (method === 'catch') return parent.arguments[0] === node;
  if (method === 'then') return parent.arguments[1] === node;
  return false;
}

/** Identifier names a binding pattern declares. */
export function bindingNames(name: ts.BindingName, into: string[] = []): string[] {
  if (ts.isIdentifier(name)) into.push(name.text);
  else {
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) bindingNames(element.name, into);
    }
  }
  return into;
}

/** Whether a modifiers list has a given keyword. */
export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((modifier) => modifier.kind === kind) ?? false;
}

export { BUILTIN_CONSTRUCTORS, isBuiltinConstructor } from './builtin-constructors.js';
