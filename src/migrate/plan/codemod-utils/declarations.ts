/**
 * Finding the declaration behind an exported name, however the module exports it: inline
 * (`export class X`), through an export list (`class X {}` + `export { X as Y }`), as the default export,
 * as a re-export (`export { X } from`), or CommonJS (`module.exports = { X }`, `exports.X = X`).
 */
import { ts } from '../../../parser/ts.js';

export type DeclarationKind = 'class' | 'function' | 'variable' | 'interface' | 'type' | 'enum' | 'reexport';

export interface ExportedDeclaration {
  /** Exported name (`default` for the default export). */
  name: string;
  /** Local name of the declaration (for re-exports: the name in the source module). */
  local: string;
  kind: DeclarationKind;
  /** The declaring statement (for re-exports: the `export ... from` statement). */
  statement: ts.Statement;
  /** For variable statements: the declaration itself (a statement may declare several). */
  variable?: ts.VariableDeclaration;
  /** `export class X` / `export default function X`. */
  inlineExport: boolean;
  /** Export specifier (`export { X as Y }` or the re-export's element), when the name is exported that way. */
  specifier?: ts.ExportSpecifier;
  /** `export default X;` */
  defaultAssignment?: ts.ExportAssignment;
  /** Exported through `module.exports`/`exports`. */
  commonJs: boolean;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** Top-level declarations by local name. */
export function localDeclarations(sourceFile: ts.SourceFile): Map<string, { statement: ts.Statement; kind: DeclarationKind; variable?: ts.VariableDeclaration }> {
  const map = new Map<string, { statement: ts.Statement; kind: DeclarationKind; variable?: ts.VariableDeclaration }>();
  for (const statement of sourceFile.statements) {
    if (ts.isClassDeclaration(statement) && statement.name) map.set(statement.name.text, { statement, kind: 'class' });
    else if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) map.set(statement.name.text, { statement, kind: 'function' });
    else if (ts.isInterfaceDeclaration(statement)) map.set(statement.name.text, { statement, kind: 'interface' });
    else if (ts.isTypeAliasDeclaration(statement)) map.set(statement.name.text, { statement, kind: 'type' });
    else if (ts.isEnumDeclaration(statement)) map.set(statement.name.text, { statement, kind: 'enum' });
    else if (ts.isVariableStatement(statement)) {
      for (const variable of statement.declarationList.declarations) {
        if (ts.isIdentifier(variable.name)) map.set(variable.name.text, { statement, kind: 'variable', variable });
      }
    }
  }
  return map;
}

/** The declaration exported as `name`, or undefined. */
export function findExportedDeclaration(sourceFile: ts.SourceFile, name: string): ExportedDeclaration | undefined {
  const locals = localDeclarations(sourceFile);
  for (const statement of sourceFile.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (exported && !ts.isVariableStatement(statement)) {
      const declName = (statement as { name?: ts.Identifier }).name?.text;
      const exportedName = isDefault ? 'default' : declName;
      if (exportedName === name && declName !== undefined) {
        const local = locals.get(declName);
        if (local) return { name, local: declName, kind: local.kind, statement, inlineExport: true, commonJs: false };
      }
    }
    if (exported && ts.isVariableStatement(statement)) {
      for (const variable of statement.declarationList.declarations) {
        if (ts.isIdentifier(variable.name) && variable.name.text === name) {
          return { name, local: name, kind: 'variable', statement, variable, inlineExport: true, commonJs: false };
        }
      }
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        if (element.name.text !== name) continue;
        const local = (element.propertyName ?? element.name).text;
        if (statement.moduleSpecifier) {
          return { name, local, kind: 'reexport', statement, specifier: element, inlineExport: false, commonJs: false };
        }
        const declaration = locals.get(local);
        if (declaration) {
          return { name, local, kind: declaration.kind, statement: declaration.statement, variable: declaration.variable, specifier: element, inlineExport: false, commonJs: false };
        }
      }
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default' && ts.isIdentifier(statement.expression)) {
      const declaration = locals.get(statement.expression.text);
      if (declaration) {
        return { name, local: statement.expression.text, kind: declaration.kind, statement: declaration.statement, variable: declaration.variable, defaultAssignment: statement, inlineExport: false, commonJs: false };
      }
    }
  }
  const commonJsLocal = commonJsExports(sourceFile).get(name);
  if (commonJsLocal) {
    const declaration = locals.get(commonJsLocal);
    if (declaration) return { name, local: commonJsLocal, kind: declaration.kind, statement: declaration.statement, variable: declaration.variable, inlineExport: false, commonJs: true };
  }
  return undefined;
}

/** The name of a named class or function expression (`class Breaker {}`), else undefined. */
function namedExpression(node: ts.Expression): string | undefined {
  return (ts.isClassExpression(node) || ts.isFunctionExpression(node)) && node.name ? node.name.text : undefined;
}

/** CommonJS exports: exported name → local identifier (`module.exports = { a, b: c }`, `exports.a = a`). */
export function commonJsExports(sourceFile: ts.SourceFile): Map<string, string> {
  const map = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, right, operatorToken } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const target = left.getText(sourceFile);
    if (target === 'module.exports' && ts.isObjectLiteralExpression(right)) {
      for (const property of right.properties) {
        if (ts.isShorthandPropertyAssignment(property)) map.set(property.name.text, property.name.text);
        else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && ts.isIdentifier(property.initializer)) map.set(property.name.text, property.initializer.text);
      }
    } else if (target === 'module.exports' && ts.isIdentifier(right)) {
      map.set('default', right.text);
    } else if (target === 'module.exports' && namedExpression(right)) {
      // `module.exports = class Breaker {}`: the module itself is the class, importers take no member.
      map.set('default', namedExpression(right)!);
    } else if (/^(module\.)?exports\.[A-Za-z_$][\w$]*$/.test(target) && (ts.isIdentifier(right) || namedExpression(right))) {
      map.set(target.slice(target.lastIndexOf('.') + 1), ts.isIdentifier(right) ? right.text : namedExpression(right)!);
    }
  }
  return map;
}

/** Names the module exports (ESM, or CommonJS when it has no ESM export). `*` re-exports are not expanded. */
export function exportedNames(sourceFile: ts.SourceFile): string[] {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) names.add('default');
      else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      } else {
        const name = (statement as { name?: ts.Identifier }).name;
        if (name) names.add(name.text);
      }
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.add(element.name.text);
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamespaceExport(statement.exportClause)) {
      names.add(statement.exportClause.name.text);
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      names.add('default');
    }
  }
  if (names.size === 0) for (const name of commonJsExports(sourceFile).keys()) names.add(name);
  return [...names].sort();
}

/**
 * Every name the module exports, or null when they cannot be listed from the file alone: an
 * `export * from` forwards whatever the other module exports, so a caller that would replace or
 * delete the module on the strength of its export list must not.
 */
export function completeExportedNames(sourceFile: ts.SourceFile): string[] | null {
  const star = sourceFile.statements.some((s) => ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined && s.exportClause === undefined);
  return star ? null : exportedNames(sourceFile);
}

/** The names a top-level declaration is exported under (`default` included), in source order. */
export function exportNamesOf(sourceFile: ts.SourceFile, local: string): string[] {
  const names: string[] = [];
  for (const statement of sourceFile.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    if (exported && ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === local) names.push(local);
    } else if (exported && (statement as { name?: ts.Identifier }).name?.text === local) {
      names.push(hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? 'default' : local);
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        // A re-export (`export { A as B } from`) is known by its exported name; a local export list by its local.
        const matches = statement.moduleSpecifier ? element.name.text === local : (element.propertyName ?? element.name).text === local;
        if (matches) names.push(element.name.text);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression) && statement.expression.text === local) {
      names.push('default');
    }
  }
  if (names.length === 0) for (const [name, target] of commonJsExports(sourceFile)) if (target === local) names.push(name);
  return names;
}
