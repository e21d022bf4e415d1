/**
 * After a codemod replaced or removed code, the imports and private helpers only that code used are
 * left unreferenced (and `noUnusedLocals` would fail the build). This removes exactly those: names that
 * had references before the edit and have none after. Exported names and anything still used stay.
 */
import { ts } from '../../../parser/ts.js';
import { applyEdits, statementLineRange, type TextEdit } from './edits.js';
import { isReference, isRequireCall, removeImportBindings } from './imports.js';

function isDeclarationName(node: ts.Identifier): boolean {
  const parent = node.parent as ts.Node & { name?: ts.Node };
  if (!parent || parent.name !== node) return false;
  return (
    ts.isVariableDeclaration(parent) ||
    ts.isFunctionDeclaration(parent) ||
    ts.isClassDeclaration(parent) ||
    ts.isInterfaceDeclaration(parent) ||
    ts.isTypeAliasDeclaration(parent) ||
    ts.isEnumDeclaration(parent) ||
    ts.isParameter(parent) ||
    ts.isBindingElement(parent) ||
    ts.isImportSpecifier(parent) ||
    ts.isImportClause(parent) ||
    ts.isNamespaceImport(parent) ||
    ts.isImportEqualsDeclaration(parent) ||
    ts.isTypeParameterDeclaration(parent) ||
    ts.isFunctionExpression(parent) ||
    ts.isClassExpression(parent) ||
    ts.isModuleDeclaration(parent)
  );
}

/** How often each name is referenced (declaration names and import bindings not counted). */
export function referenceCounts(sourceFile: ts.SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && isReference(node) && !isDeclarationName(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return counts;
}

function isExported(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/** Initializers that can be dropped without losing a side effect. */
function isPure(expression: ts.Expression | undefined): boolean {
  if (!expression) return true;
  if (ts.isIdentifier(expression) || expression.kind === ts.SyntaxKind.UndefinedKeyword) return true;
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression) || ts.isClassExpression(expression)) return true;
  if (ts.isLiteralExpression(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return true;
  if (expression.kind === ts.SyntaxKind.TrueKeyword || expression.kind === ts.SyntaxKind.FalseKeyword || expression.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(expression)) return isPure(expression.operand);
  if (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isParenthesizedExpression(expression)) return isPure(expression.expression);
  if (ts.isObjectLiteralExpression(expression)) {
    return expression.properties.every((p) => (ts.isPropertyAssignment(p) ? isPure(p.initializer) : ts.isMethodDeclaration(p)));
  }
  if (ts.isArrayLiteralExpression(expression)) return expression.elements.every((e) => isPure(e));
  return false;
}

/**
 * A module-level binding made by a factory the module imports, from constant arguments
 * (`const log = createLogger('db-retry')`, `const debug = createDebug('app:retry')`, `new Map()`):
 * it exists for its uses, and once the code the phase replaced was its last use, a user would delete
 * it (and `noUnusedLocals` fails the build on it).
 */
function isFactoryBinding(expression: ts.Expression | undefined, imported: ReadonlySet<string>): boolean {
  if (!expression || !(ts.isCallExpression(expression) || ts.isNewExpression(expression))) return false;
  let callee: ts.Expression = expression.expression;
  while (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
  const builtin = ts.isNewExpression(expression) && ts.isIdentifier(expression.expression) && ['Map', 'Set', 'WeakMap', 'WeakSet'].includes(expression.expression.text);
  if (!builtin && !(ts.isIdentifier(callee) && imported.has(callee.text))) return false;
  return (expression.arguments ?? []).every((argument) => ts.isLiteralExpression(argument) || ts.isNoSubstitutionTemplateLiteral(argument) || isPure(argument));
}

/** The local names the file's imports bind. */
function importedNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const clause = statement.importClause;
    if (clause.name) names.add(clause.name.text);
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) names.add(named.name.text);
    if (named && ts.isNamedImports(named)) for (const e of named.elements) names.add(e.name.text);
  }
  return names;
}

/** Removes imports and private top-level declarations that `before` used and `after` no longer does. */
export function pruneOrphans(before: ts.SourceFile, afterText: string, parse: (text: string) => ts.SourceFile): string {
  const original = referenceCounts(before);
  let text = afterText;
  for (let round = 0; round < 8; round++) {
    const sourceFile = parse(text);
    const now = referenceCounts(sourceFile);
    const orphan = (name: string): boolean => (original.get(name) ?? 0) > 0 && (now.get(name) ?? 0) === 0;
    const importLocals = new Set<string>();
    for (const statement of sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause;
        if (clause.name && orphan(clause.name.text)) importLocals.add(clause.name.text);
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named) && orphan(named.name.text)) importLocals.add(named.name.text);
        if (named && ts.isNamedImports(named)) for (const e of named.elements) if (orphan(e.name.text)) importLocals.add(e.name.text);
      } else if (ts.isImportEqualsDeclaration(statement) && orphan(statement.name.text)) {
        importLocals.add(statement.name.text);
      } else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
        const declaration = statement.declarationList.declarations[0]!;
        if (declaration.initializer && isRequireCall(declaration.initializer)) {
          if (ts.isIdentifier(declaration.name) && orphan(declaration.name.text)) importLocals.add(declaration.name.text);
          if (ts.isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) if (ts.isIdentifier(element.name) && orphan(element.name.text)) importLocals.add(element.name.text);
          }
        }
      }
    }
    const edits: TextEdit[] = importLocals.size > 0 ? removeImportBindings(sourceFile, importLocals) : [];
    const imported = importedNames(sourceFile);
    for (const statement of sourceFile.statements) {
      if (isExported(statement)) continue;
      let remove = false;
      if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) remove = orphan(statement.name.text);
      else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) remove = orphan(statement.name.text);
      else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
        const declaration = statement.declarationList.declarations[0]!;
        const droppable = isPure(declaration.initializer) || isFactoryBinding(declaration.initializer, imported);
        remove = ts.isIdentifier(declaration.name) && orphan(declaration.name.text) && droppable && !importLocals.has(declaration.name.text);
      }
      if (remove) edits.push({ ...statementLineRange(text, statement, true, true), text: '' });
    }
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
  }
  // The caller's own removals leave blank-line runs too, so collapse whenever the file changed at all.
  return text === before.text ? text : collapseBlankLines(before.text, text);
}

/** Removing blocks can leave runs of blank lines the original did not have: keep at most the original's longest run. */
function collapseBlankLines(reference: string, text: string): string {
  const longest = Math.max(1, ...(reference.match(/(\r?\n[ \t]*){2,}/g) ?? []).map((m) => m.split('\n').length - 2));
  const pattern = new RegExp(`(\\r?\\n[ \\t]*){${longest + 2},}`, 'g');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const collapsed = text.replace(pattern, eol.repeat(longest + 1));
  const head = /^\s*\n/.test(reference) ? collapsed : collapsed.replace(/^(\s*\n)+/, '');
  // The file keeps the ending it had: removing its last statements must not leave blank lines behind.
  const ending = /(\r?\n)*$/.exec(reference)![0];
  return head.replace(/(\s*\r?\n)*$/, '') + ending;
}
