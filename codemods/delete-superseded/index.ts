/**
 * Phase 3: deletes a superseded module (or shim) nothing imports any more, or, when the module keeps
 * code that is not superseded, removes only the superseded symbols and their shims. The planner only
 * asks for it when no file still imports what goes.
 */
import { defineCodemod } from '../../src/migrate/plan/codemod.js';
import type { CanonicalTarget, DeleteSupersededOptions } from '../../src/migrate/plan/codemod-options.js';
import { findExportedDeclaration } from '../../src/migrate/plan/codemod-utils/declarations.js';
import { applyEdits, removeListElements, statementLineRange, type TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { addImports, isReference, type ImportRequest } from '../../src/migrate/plan/codemod-utils/imports.js';
import { pruneOrphans } from '../../src/migrate/plan/codemod-utils/prune.js';
import { WARN_HELPER } from '../../src/migrate/plan/codemod-utils/shim-text.js';
import { detectStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import { ts } from '../../src/parser/ts.js';

export default defineCodemod<DeleteSupersededOptions>({
  id: 'delete-superseded',
  description: 'delete superseded modules and shims that nothing imports any more',
  transform(file, options, api) {
    if (options.mode === 'file') return { delete: true };
    const sourceFile = api.parse(file.path, file.text);
    const style = detectStyle(sourceFile);
    const edits: TextEdit[] = [];
    const imports: ImportRequest[] = [];
    const elementRemovals = new Map<ts.NamedExports, Set<number>>();
    const removedStatements = new Set<ts.Statement>();
    const rebinds: Array<{ local: string; canonical: CanonicalTarget }> = [];
    for (const symbol of options.symbols ?? []) {
      const declaration = findExportedDeclaration(sourceFile, symbol.name);
      if (!declaration) {
        // A shim that re-exports an imported binding (`import { U as X }` + `export { X }`).
        const specifier = exportSpecifierNamed(sourceFile, symbol.name);
        if (specifier) {
          const set = elementRemovals.get(specifier.parent) ?? new Set<number>();
          set.add(specifier.parent.elements.indexOf(specifier));
          elementRemovals.set(specifier.parent, set);
        }
        continue;
      }
      if (declaration.specifier) {
        const list = declaration.specifier.parent;
        const set = elementRemovals.get(list) ?? new Set<number>();
        set.add(list.elements.indexOf(declaration.specifier));
        elementRemovals.set(list, set);
      }
      if (declaration.kind !== 'reexport' && !removedStatements.has(declaration.statement)) {
        removedStatements.add(declaration.statement);
        edits.push({ ...statementLineRange(sourceFile.text, declaration.statement, true, true), text: '' });
        if (symbol.canonical) rebinds.push({ local: declaration.local, canonical: symbol.canonical });
      }
      if (declaration.defaultAssignment) edits.push({ ...statementLineRange(sourceFile.text, declaration.defaultAssignment), text: '' });
    }
    for (const [list, indices] of elementRemovals) {
      const statement = list.parent as ts.ExportDeclaration;
      if (indices.size === list.elements.length) edits.push({ ...statementLineRange(sourceFile.text, statement), text: '' });
      else edits.push(...removeListElements(list.elements, indices));
    }
    // Code that stays may still use the old local name: bind it to the canonical. Only code that stays
    // counts: a subclass removed in the same run must not leave an import behind (nor its blank line).
    for (const { local, canonical } of rebinds) {
      if (usesOutside(sourceFile, local, removedStatements)) imports.push({ specifier: canonical.specifier, imported: canonical.name, local, typeOnly: canonical.typeOnly });
    }
    edits.push(...warnCalls(sourceFile, new Set((options.symbols ?? []).map((s) => s.name))));
    if (edits.length === 0) return undefined;
    edits.push(...addImports(sourceFile, style, imports));
    return pruneOrphans(sourceFile, applyEdits(file.text, edits), (t) => api.parse(file.path, t));
  },
});

/** Whether code outside the removed statements (imports and export lists aside) refers to `name`. */
function usesOutside(sourceFile: ts.SourceFile, name: string, removed: ReadonlySet<ts.Node>): boolean {
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used || removed.has(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isIdentifier(node) && node.text === name && isReference(node)) used = true;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return used;
}

/** `export { X }` (no module specifier) naming `name`. */
function exportSpecifierNamed(sourceFile: ts.SourceFile, name: string): ts.ExportSpecifier | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    const element = statement.exportClause.elements.find((e) => e.name.text === name);
    if (element) return element;
  }
  return undefined;
}

/** The `warnSsotDeprecated('X (file)', ...)` statements of the removed shims. */
function warnCalls(sourceFile: ts.SourceFile, names: Set<string>): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) continue;
    const call = statement.expression;
    if (!ts.isIdentifier(call.expression) || call.expression.text !== WARN_HELPER) continue;
    const first = call.arguments[0];
    if (!first || !ts.isStringLiteralLike(first)) continue;
    const name = first.text.replace(/ \(.*\)$/, '');
    if (names.has(name)) edits.push({ ...statementLineRange(sourceFile.text, statement), text: '' });
  }
  return edits;
}
