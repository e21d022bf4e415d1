/**
 * Rewrites move names between modules one statement at a time, so a file can end up importing or
 * re-exporting the same module in several statements (`export { A } from './core'` twice in a barrel,
 * `import { X }` next to `import type { Y }` of one module). A user would merge them by hand: this
 * merges the statements of a module into its first one, but only where the change added statements
 * for that module (the file had fewer before), so statements the user wrote apart stay apart.
 */
import { ts } from '../../../parser/ts.js';
import { applyEdits, statementLineRange, type TextEdit } from './edits.js';
import { moduleSpecifierOf } from './imports.js';

type Mergeable = (ts.ImportDeclaration & { importClause: ts.ImportClause & { namedBindings: ts.NamedImports } }) | (ts.ExportDeclaration & { exportClause: ts.NamedExports });

/** Named imports without a default binding, and `export { ... } from` re-exports, by kind and module. */
function groups(sourceFile: ts.SourceFile): Map<string, Mergeable[]> {
  const found = new Map<string, Mergeable[]>();
  for (const statement of sourceFile.statements) {
    const specifier = moduleSpecifierOf(statement);
    if (specifier === undefined) continue;
    let kind: string | undefined;
    if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.name && statement.importClause.namedBindings && ts.isNamedImports(statement.importClause.namedBindings)) kind = 'import';
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause) && !statement.attributes) kind = 'export';
    if (ts.isImportDeclaration(statement) && statement.attributes) kind = undefined;
    if (!kind) continue;
    const key = `${kind}\u0000${specifier}`;
    found.set(key, [...(found.get(key) ?? []), statement as Mergeable]);
  }
  return found;
}

function typeOnly(statement: Mergeable): boolean {
  return ts.isImportDeclaration(statement) ? statement.importClause.isTypeOnly : statement.isTypeOnly;
}

function elementsOf(statement: Mergeable): ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier> {
  return ts.isImportDeclaration(statement) ? statement.importClause.namedBindings.elements : statement.exportClause.elements;
}

function hasOwnComments(text: string, statement: ts.Statement): boolean {
  return (ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []).length > 0 || (ts.getTrailingCommentRanges(text, statement.getEnd()) ?? []).length > 0;
}

/** `after` with the statements the change split per module merged; `before` null for a created file. */
export function mergeModuleStatements(before: string | null, after: string, parse: (text: string) => ts.SourceFile): string {
  const sourceFile = parse(after);
  const earlier = before === null ? new Map<string, Mergeable[]>() : groups(parse(before));
  const edits: TextEdit[] = [];
  for (const [key, statements] of groups(sourceFile)) {
    if (statements.length < 2 || statements.length <= (earlier.get(key)?.length ?? 0)) continue;
    // The first value statement takes the others (a type-only one cannot hold a value binding).
    const target = statements.find((s) => !typeOnly(s)) ?? statements[0]!;
    const others = statements.filter((s) => s !== target && !hasOwnComments(after, s));
    if (others.length === 0) continue;
    const present = new Set(elementsOf(target).map((e) => e.getText(sourceFile)));
    const added: string[] = [];
    for (const statement of others) {
      for (const element of elementsOf(statement)) {
        const text = typeOnly(statement) && !typeOnly(target) && !element.isTypeOnly ? `type ${element.getText(sourceFile)}` : element.getText(sourceFile);
        if (!present.has(text) && !added.includes(text)) added.push(text);
      }
      edits.push({ ...statementLineRange(after, statement, false), text: '' });
    }
    if (added.length > 0) edits.push(insertion(sourceFile, elementsOf(target), added));
  }
  return edits.length === 0 ? after : applyEdits(after, edits);
}

/** The added elements after the target's last one, in the list's own layout (one line, or one per line). */
function insertion(sourceFile: ts.SourceFile, elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>, added: string[]): TextEdit {
  const text = sourceFile.text;
  if (elements.length === 0) {
    // `import {} from` cannot be in a file that type-checks, but stay correct: fill the braces.
    const open = text.lastIndexOf('{', elements.pos);
    return { start: open + 1, end: elements.end, text: ` ${added.join(', ')} ` };
  }
  const last = elements[elements.length - 1]!;
  const multiline = text.slice(elements[0]!.getStart(sourceFile), last.getEnd()).includes('\n') || /^,?\s*\n/.test(text.slice(last.getEnd()));
  if (!multiline) return { start: last.getEnd(), end: last.getEnd(), text: added.map((a) => `, ${a}`).join('') };
  const lineStart = text.lastIndexOf('\n', last.getStart(sourceFile) - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const trailingComma = elements.hasTrailingComma;
  const at = trailingComma ? text.indexOf(',', last.getEnd()) + 1 : last.getEnd();
  return { start: at, end: at, text: added.map((a) => (trailingComma ? `${eol}${indent}${a},` : `,${eol}${indent}${a}`)).join('') };
}
