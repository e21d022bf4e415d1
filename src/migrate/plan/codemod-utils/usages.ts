/**
 * Where a file uses the members, options and fields of an imported symbol, found syntactically: instances
 * are variables, parameters and properties typed with the symbol or initialised with `new Symbol(...)`;
 * options are object literals passed to its constructor or calls; fields are keys of object literals
 * typed with it and property reads on values typed with it. No type checker is involved, so the planner
 * can run it on every importer in linear time; the apply step type-checks the result.
 */
import { ts } from '../../../parser/ts.js';
import { isReference } from './imports.js';
import { ScopeResolver, type Declaration } from './scopes.js';

/** `construct`: `new Symbol(...)`; `call`: `symbol(...)` (for per-symbol call templates). */
export type UsageKind = 'member' | 'static' | 'option' | 'field' | 'construct' | 'call';

/** Mapping keys of the call templates: `members.constructor` for `new X(...)`, `members["()"]` for `x(...)`. */
export const CONSTRUCT_KEY = 'constructor';
export const CALL_KEY = '()';
/**
 * Mapping value of a member an adapter keeps as it was (bookkeeping the canonical does not do, such as
 * per-category statistics); importers that use it keep the adapter.
 */
export const OWN_MEMBER = '(own)';

/** Names a template reads through `this.` besides the canonical (`this.target`): the adapter's own state. */
export function thisReads(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(/\bthis\.(#?[A-Za-z_$][\w$]*)/g)) if (match[1] !== 'target') names.add(match[1]!);
  return [...names];
}

export interface UsageSite {
  kind: UsageKind;
  /** Member, option or field name as used. */
  name: string;
  /** 1-based line. */
  line: number;
  /** The node naming it: an Identifier, a string literal (`x['m']`), a shorthand property or a binding element. */
  nameNode: ts.Node;
  /** For `recv.m(...)`: the call, so templates can use the arguments. */
  call?: ts.CallExpression;
  /** For member uses: the receiver expression. */
  receiver?: ts.Expression;
  /** Object literal the key belongs to (options and fields). */
  literal?: ts.ObjectLiteralExpression;
}

/** Decides whether a node (an Identifier, a property access or a qualified name) refers to the tracked symbol. */
export type SymbolReference = (node: ts.Node) => boolean;

const resolvers = new WeakMap<ts.SourceFile, ScopeResolver>();

/** The (cached) scope resolver of a file. */
export function resolverOf(sourceFile: ts.SourceFile): ScopeResolver {
  let resolver = resolvers.get(sourceFile);
  if (!resolver) {
    resolver = new ScopeResolver(sourceFile);
    resolvers.set(sourceFile, resolver);
  }
  return resolver;
}

/**
 * Whether `node` uses the file's top-level binding `local`, resolved as a binding, not matched as a
 * name: a property or member of the same name (`this.retry`, `{ retry: true }`, `obj.retry`,
 * `({ retry: r })`, `get retry()`) and an inner declaration that shadows it are not uses.
 */
export function usesBinding(node: ts.Node, local: string): node is ts.Identifier {
  return ts.isIdentifier(node) && node.text === local && isReference(node) && resolverOf(node.getSourceFile()).isTopLevel(node);
}

/** A reference predicate for an imported local binding (not for an inner declaration that shadows it). */
export function localReference(local: string): SymbolReference {
  return (node) => usesBinding(node, local);
}

/** A reference predicate for `ns.Name` (value or type position). */
export function namespaceReference(namespace: string, name: string): SymbolReference {
  return (node) =>
    (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === namespace && node.name.text === name) ||
    (ts.isQualifiedName(node) && ts.isIdentifier(node.left) && node.left.text === namespace && node.right.text === name);
}

/** Whether a type node names the symbol (directly, in a union, or as `X | undefined`). */
function typeNamesSymbol(type: ts.TypeNode | undefined, isRef: SymbolReference): boolean {
  if (!type) return false;
  if (ts.isTypeReferenceNode(type)) return isRef(type.typeName);
  if (ts.isUnionTypeNode(type)) return type.types.some((t) => typeNamesSymbol(t, isRef));
  if (ts.isParenthesizedTypeNode(type)) return typeNamesSymbol(type.type, isRef);
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return typeNamesSymbol(type.type, isRef);
  return false;
}

function stripParens(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAwaitExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

function isConstruction(node: ts.Expression | undefined, isRef: SymbolReference, callResults: boolean): boolean {
  if (!node) return false;
  const inner = stripParens(node);
  if (ts.isNewExpression(inner)) return isRef(inner.expression);
  if (callResults && ts.isCallExpression(inner)) return isRef(inner.expression);
  return false;
}

export type SymbolKind = 'class' | 'function' | 'type' | 'value';

function nameOf(node: ts.PropertyName | ts.BindingName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteral(node) || ts.isNumericLiteral(node)) return node.text;
  return undefined;
}

/**
 * Finds every use of the members/options/fields of the tracked symbol in a file. With `callResults`,
 * values returned by calling it count as instances too (a factory function).
 */
export function findUsages(sourceFile: ts.SourceFile, isRef: SymbolReference, kind: SymbolKind, callResults = false): UsageSite[] {
  const resolver = resolverOf(sourceFile);
  const variables = new Set<Declaration>();
  const properties = new Map<ts.Node, Set<string>>();
  const addProperty = (cls: ts.Node | undefined, name: string): void => {
    if (!cls) return;
    properties.set(cls, new Set([...(properties.get(cls) ?? []), name]));
  };
  const literals: ts.ObjectLiteralExpression[] = [];
  const optionLiterals: ts.ObjectLiteralExpression[] = [];
  const line = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;

  // Pass 1: holders and typed literals.
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      if (typeNamesSymbol(node.type, isRef) || isConstruction(node.initializer, isRef, callResults)) {
        variables.add(node);
        if (node.initializer && ts.isObjectLiteralExpression(stripParens(node.initializer))) literals.push(stripParens(node.initializer) as ts.ObjectLiteralExpression);
      }
    } else if (ts.isParameter(node) && ts.isIdentifier(node.name) && typeNamesSymbol(node.type, isRef)) {
      const isProperty = ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword || m.kind === ts.SyntaxKind.PublicKeyword || m.kind === ts.SyntaxKind.ReadonlyKeyword);
      if (isProperty) addProperty(ScopeResolver.enclosingClass(node.parent), node.name.text);
      variables.add(node);
      if (node.initializer && ts.isObjectLiteralExpression(node.initializer)) literals.push(node.initializer);
    } else if (ts.isPropertyDeclaration(node) && (typeNamesSymbol(node.type, isRef) || isConstruction(node.initializer, isRef, callResults))) {
      const name = nameOf(node.name);
      if (name) addProperty(node.parent, name);
      if (node.initializer && ts.isObjectLiteralExpression(node.initializer)) literals.push(node.initializer);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isConstruction(node.right, isRef, callResults)) {
      const left = node.left;
      if (ts.isIdentifier(left)) {
        const declaration = resolver.resolve(left);
        if (declaration) variables.add(declaration);
      } else if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) addProperty(ScopeResolver.enclosingClass(left), left.name.text);
    } else if ((ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) && typeNamesSymbol(node.type, isRef)) {
      const inner = stripParens(node.expression);
      if (ts.isObjectLiteralExpression(inner)) literals.push(inner);
    } else if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && typeNamesSymbol(node.type, isRef) && node.body) {
      if (ts.isBlock(node.body)) {
        const visitReturns = (inner: ts.Node): void => {
          if (ts.isFunctionLike(inner) && inner !== node) return;
          if (ts.isReturnStatement(inner) && inner.expression && ts.isObjectLiteralExpression(stripParens(inner.expression))) {
            literals.push(stripParens(inner.expression) as ts.ObjectLiteralExpression);
          }
          ts.forEachChild(inner, visitReturns);
        };
        ts.forEachChild(node.body, visitReturns);
      } else if (ts.isObjectLiteralExpression(stripParens(node.body))) {
        literals.push(stripParens(node.body) as ts.ObjectLiteralExpression);
      }
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isRef(node.expression)) {
      for (const arg of node.arguments ?? []) {
        const inner = stripParens(arg);
        if (ts.isObjectLiteralExpression(inner)) optionLiterals.push(inner);
      }
    }
    ts.forEachChild(node, collect);
  };
  collect(sourceFile);

  const sites: UsageSite[] = [];
  const literalKind: UsageKind = kind === 'type' ? 'field' : 'option';
  const addLiteralKeys = (literal: ts.ObjectLiteralExpression, usage: UsageKind): void => {
    for (const property of literal.properties) {
      if (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property) || ts.isMethodDeclaration(property)) {
        const name = nameOf(property.name);
        if (name !== undefined) sites.push({ kind: usage, name, line: line(property), nameNode: ts.isShorthandPropertyAssignment(property) ? property : property.name, literal });
      }
    }
  };
  for (const literal of new Set(literals)) addLiteralKeys(literal, literalKind);
  for (const literal of new Set(optionLiterals)) if (!literals.includes(literal)) addLiteralKeys(literal, 'option');

  const memberKind: UsageKind = kind === 'type' ? 'field' : 'member';
  const isHolder = (expression: ts.Expression): boolean => {
    const inner = stripParens(expression);
    if (ts.isIdentifier(inner)) {
      const declaration = resolver.resolve(inner);
      return declaration !== undefined && variables.has(declaration);
    }
    if (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = ScopeResolver.enclosingClass(inner);
      return cls !== undefined && (properties.get(cls)?.has(inner.name.text) ?? false);
    }
    if (ts.isNewExpression(inner)) return isRef(inner.expression);
    if (callResults && ts.isCallExpression(inner)) return isRef(inner.expression);
    return false;
  };
  // Pass 2: member reads and calls on holders, static members, destructuring.
  const visit = (node: ts.Node): void => {
    if (kind !== 'type' && (ts.isNewExpression(node) || ts.isCallExpression(node)) && isRef(node.expression)) {
      const construct = ts.isNewExpression(node);
      sites.push({ kind: construct ? 'construct' : 'call', name: construct ? CONSTRUCT_KEY : CALL_KEY, line: line(node), nameNode: node, receiver: node.expression, ...(ts.isCallExpression(node) ? { call: node } : {}) });
    }
    if (ts.isPropertyAccessExpression(node) && !ts.isPrivateIdentifier(node.name)) {
      const parentCall = node.parent && ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
      if (isHolder(node.expression)) {
        const site: UsageSite = { kind: memberKind, name: node.name.text, line: line(node.name), nameNode: node.name, receiver: node.expression };
        if (parentCall) site.call = parentCall;
        sites.push(site);
      } else if (kind !== 'type' && isRef(node.expression)) {
        const site: UsageSite = { kind: 'static', name: node.name.text, line: line(node.name), nameNode: node.name, receiver: node.expression };
        if (parentCall) site.call = parentCall;
        sites.push(site);
      }
    } else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression) && isHolder(node.expression)) {
      sites.push({ kind: memberKind, name: node.argumentExpression.text, line: line(node), nameNode: node.argumentExpression, receiver: node.expression });
    } else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && isHolder(node.initializer)) {
      for (const element of node.name.elements) {
        const key = element.propertyName ?? element.name;
        const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
        if (name !== undefined && !element.dotDotDotToken) sites.push({ kind: memberKind, name, line: line(element), nameNode: element });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const seen = new Set<ts.Node>();
  return sites.filter((site) => (seen.has(site.nameNode) ? false : (seen.add(site.nameNode), true)));
}

/** An identifier-only mapping value is a rename; anything else (with parentheses, dots...) is a template. */
export function isRename(value: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(value);
}
