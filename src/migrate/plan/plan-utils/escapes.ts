/**
 * When the canonical is not the same type as the superseded symbol (an adapter, a converter), moving
 * one importer changes the type of the values it builds. That is only safe while those values stay in
 * the file: a value passed to another function, returned, stored elsewhere, or a public signature
 * mentioning the type would meet code that still expects the old type. This finds where they leave.
 */
import { ts } from '../../../parser/ts.js';
import { isReference } from '../codemod-utils/imports.js';
import { resolverOf, type SymbolReference } from '../codemod-utils/usages.js';
import { ScopeResolver } from '../codemod-utils/scopes.js';

export interface Escape {
  line: number;
  how: string;
  /** The reference that leaves: a type name in a signature, a `new`, or a holder passed on. */
  node: ts.Node;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** Whether a declaration is reachable from other files (exported, or a public member of an exported class). */
function isPublicSurface(node: ts.Node): boolean {
  if (ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    if (hasModifier(node, ts.SyntaxKind.PrivateKeyword) || hasModifier(node, ts.SyntaxKind.ProtectedKeyword)) return false;
    const cls = node.parent;
    return ts.isClassLike(cls) && (hasModifier(cls, ts.SyntaxKind.ExportKeyword) || !ts.isSourceFile(cls.parent));
  }
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return hasModifier(node, ts.SyntaxKind.ExportKeyword);
  if (ts.isVariableDeclaration(node)) {
    const statement = node.parent?.parent;
    return statement !== undefined && ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword);
  }
  return true;
}

function typeOwner(node: ts.Node): ts.Node | undefined {
  let current: ts.Node = node;
  while (current.parent && (ts.isTypeNode(current.parent) || ts.isQualifiedName(current.parent))) current = current.parent;
  return current.parent;
}

export function findEscapes(sourceFile: ts.SourceFile, isRef: SymbolReference, skip: (node: ts.Node) => boolean = () => false): Escape[] {
  const escapes: Escape[] = [];
  const resolver = resolverOf(sourceFile);
  const holders = new Set<ts.Node>();
  const properties = new Map<ts.Node, Set<string>>();
  const addProperty = (cls: ts.Node | undefined, name: string): void => {
    if (cls) properties.set(cls, new Set([...(properties.get(cls) ?? []), name]));
  };
  const line = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const push = (node: ts.Node, how: string): void => {
    if (!skip(node)) escapes.push({ line: line(node), how, node });
  };
  const inImport = (node: ts.Node): boolean => {
    for (let current = node.parent; current; current = current.parent) {
      if (ts.isImportDeclaration(current) || ts.isExportDeclaration(current) || ts.isImportEqualsDeclaration(current)) return true;
    }
    return false;
  };
  const holderOf = (owner: ts.Node): boolean => {
    if (ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name) && !isPublicSurface(owner)) {
      holders.add(owner);
      return true;
    }
    if (ts.isParameter(owner) && ts.isIdentifier(owner.name) && owner.parent && !isPublicSurface(owner.parent)) {
      holders.add(owner);
      if (ts.getModifiers(owner)?.length) addProperty(ScopeResolver.enclosingClass(owner.parent), owner.name.text);
      return true;
    }
    if (ts.isPropertyDeclaration(owner) && ts.isIdentifier(owner.name) && !isPublicSurface(owner)) {
      addProperty(owner.parent, owner.name.text);
      return true;
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    if (isRef(node) && !(ts.isIdentifier(node) && !isReference(node)) && !inImport(node)) {
      const parent = node.parent;
      if (parent && (ts.isTypeReferenceNode(parent) || ts.isExpressionWithTypeArguments(parent) || ts.isTypeQueryNode(parent))) {
        const owner = typeOwner(parent);
        const direct = owner !== undefined && (owner as { type?: ts.Node }).type === parent;
        if (!owner || !direct || !holderOf(owner)) push(node, 'its type appears in a signature or type other files see');
      } else if (parent && ts.isNewExpression(parent) && parent.expression === node) {
        const target = parent.parent;
        const kept =
          ((ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) && target.expression === parent) ||
          (ts.isVariableDeclaration(target) && target.initializer === parent && holderOf(target)) ||
          (ts.isPropertyDeclaration(target) && target.initializer === parent && holderOf(target)) ||
          (ts.isBinaryExpression(target) && target.right === parent && target.operatorToken.kind === ts.SyntaxKind.EqualsToken && isHolderExpression(target.left, resolver, holders, properties, true));
        if (!kept) push(node, 'a new instance is passed on directly');
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  // Where the holders' values go.
  const follow = (node: ts.Node): void => {
    if (isHolderExpression(node, resolver, holders, properties, false)) {
      const parent = node.parent;
      const memberUse = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node;
      const assigned = ts.isBinaryExpression(parent) && parent.left === node;
      const declared = (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node;
      const compared = ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(parent.operatorToken.kind);
      if (!memberUse && !assigned && !declared && !compared) {
        push(node, `${node.getText(sourceFile)} is passed on`);
      }
    }
    ts.forEachChild(node, follow);
  };
  follow(sourceFile);
  return escapes;
}

function isHolderExpression(node: ts.Node, resolver: ScopeResolver, holders: Set<ts.Node>, properties: Map<ts.Node, Set<string>>, assigning: boolean): boolean {
  if (ts.isIdentifier(node)) {
    const parent = node.parent;
    if (parent && ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
    if (!assigning && !isReference(node)) return false;
    const declaration = resolver.resolve(node);
    return declaration !== undefined && holders.has(declaration);
  }
  if (!ts.isPropertyAccessExpression(node) || node.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  const cls = ScopeResolver.enclosingClass(node);
  return cls !== undefined && (properties.get(cls)?.has(node.name.text) ?? false);
}
