/**
 * Top-level import and export declarations of the parser pass.
 */
import { ts } from '../../../parser/ts.js';
import type { ExportFact, ImportBinding } from '../../facts.js';
import { objectLiteralExports } from './commonjs.js';
import type { AddExport, AddImport, Omitted } from './shared.js';

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function nameText(name: ts.ModuleExportName | ts.Identifier): string {
  return ts.isIdentifier(name) ? name.text : name.text;
}

/** Facts of one top-level statement: import and export declarations, `export =`, exported declarations. */
export function topLevel(statement: ts.Statement, addImport: AddImport, addExport: AddExport): void {
  if (ts.isImportDeclaration(statement)) {
    if (!ts.isStringLiteral(statement.moduleSpecifier)) return;
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (!clause) {
      addImport(statement, { specifier, kind: 'side-effect', typeOnly: false, bindings: [] });
      return;
    }
    const bindings: ImportBinding[] = [];
    if (clause.name) bindings.push({ imported: 'default', local: clause.name.text });
    let namespaceName: ts.Identifier | undefined;
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) {
      bindings.push({ imported: '*', local: named.name.text });
      namespaceName = named.name;
    } else if (named) {
      for (const element of named.elements) {
        const imported = element.propertyName ? nameText(element.propertyName) : element.name.text;
        bindings.push(element.isTypeOnly ? { imported, local: element.name.text, typeOnly: true } : { imported, local: element.name.text });
      }
    }
    addImport(statement, { specifier, kind: 'static', typeOnly: clause.isTypeOnly, bindings }, namespaceName);
    return;
  }
  if (ts.isImportEqualsDeclaration(statement)) {
    const ref = statement.moduleReference;
    if (!ts.isExternalModuleReference(ref) || !ts.isStringLiteral(ref.expression)) return;
    addImport(statement, { specifier: ref.expression.text, kind: 'static', typeOnly: statement.isTypeOnly, bindings: [{ imported: '*', local: statement.name.text }] }, statement.name);
    if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) addExport(statement, { name: statement.name.text, local: statement.name.text });
    return;
  }
  if (ts.isExportDeclaration(statement)) {
    const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    if (statement.moduleSpecifier && from === undefined) return;
    const typed = <T extends Omitted<ExportFact>>(fact: T, typeOnly: boolean): T => (typeOnly ? { ...fact, typeOnly: true } : fact);
    const clause = statement.exportClause;
    if (!clause) {
      if (from !== undefined) addExport(statement, typed({ name: '*', from, imported: '*' }, statement.isTypeOnly));
    } else if (ts.isNamespaceExport(clause)) {
      if (from !== undefined) addExport(statement, typed({ name: nameText(clause.name), from, imported: '*' }, statement.isTypeOnly));
    } else {
      for (const element of clause.elements) {
        const local = nameText(element.propertyName ?? element.name);
        const name = nameText(element.name);
        const typeOnly = statement.isTypeOnly || element.isTypeOnly;
        addExport(statement, typed(from === undefined ? { name, local } : { name, from, imported: local }, typeOnly));
      }
    }
    return;
  }
  if (ts.isExportAssignment(statement)) {
    // `export = { a, b }`: importers reach each property by name (`import m = require(...)`, `m.a`).
    if (statement.isExportEquals && ts.isObjectLiteralExpression(statement.expression)) {
      objectLiteralExports(statement, statement.expression, addExport);
      return;
    }
    const local = ts.isIdentifier(statement.expression) ? statement.expression.text : undefined;
    addExport(statement, local === undefined ? { name: 'default' } : { name: 'default', local });
    return;
  }
  const exportKeyword = ts.canHaveModifiers(statement) ? ts.getModifiers(statement)?.find((m) => m.kind === ts.SyntaxKind.ExportKeyword) : undefined;
  if (!exportKeyword) return;
  const at = exportKeyword;
  const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      for (const name of boundNames(declaration.name)) addExport(at, { name, local: name });
    }
    return;
  }
  const typeOnly = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
  if (
    ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)
  ) {
    const declared = statement.name && ts.isIdentifier(statement.name) ? statement.name.text : undefined;
    if (isDefault) {
      const fact: Omitted<ExportFact> = declared === undefined ? { name: 'default' } : { name: 'default', local: declared };
      addExport(at, typeOnly ? { ...fact, typeOnly: true } : fact);
    } else if (declared !== undefined) {
      addExport(at, typeOnly ? { name: declared, local: declared, typeOnly: true } : { name: declared, local: declared });
    }
  }
}

/** Every identifier a binding name declares (`a`, `{ a, b: c }`, `[d, ...e]`). */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    names.push(...boundNames(element.name));
  }
  return names;
}
