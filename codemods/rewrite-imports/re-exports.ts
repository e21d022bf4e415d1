/**
 * `export { X } from` and `export * from` in barrels and re-export modules: the re-export forwards the
 * canonical under the old exported name, so the barrel's public surface stays and the superseded
 * module loses one more importer.
 */
import { removeListElements, statementLineRange } from '../../src/migrate/plan/codemod-utils/edits.js';
import { moduleSpecifierOf } from '../../src/migrate/plan/codemod-utils/imports.js';
import { exportedNames } from '../../src/migrate/plan/codemod-utils/declarations.js';
import { endStatement, quoted } from '../../src/migrate/plan/codemod-utils/style.js';
import type { SymbolMove } from '../../src/migrate/plan/codemod-options.js';
import { ts } from '../../src/parser/ts.js';
import { lineOfNode, specifierLiteral, specifierText, type PassContext } from './context.js';

export function rewriteReExports(context: PassContext): void {
  const { sourceFile } = context;
  const explicit = explicitExportNames(sourceFile);
  for (const statement of sourceFile.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    const specifier = moduleSpecifierOf(statement);
    const moves = specifier === undefined ? undefined : context.moves.get(specifier);
    if (!moves) continue;
    const clause = statement.exportClause;
    if (!clause) {
      rewriteStar(context, statement, specifier!, moves, explicit);
    } else if (ts.isNamespaceExport(clause)) {
      context.api.report({
        line: lineOfNode(context, statement),
        kind: 'unsupported-import',
        message: `\`export * as ${clause.name.text} from '${specifier}'\` cannot be rewritten; it keeps importing the superseded module`,
      });
    } else {
      rewriteNamed(context, statement, clause, moves);
    }
  }
}

/**
 * Names exported explicitly (not through `export *`) by the file: declarations, export lists,
 * re-exports. A name added next to a star must be none of them, or the file exports it twice.
 */
function explicitExportNames(sourceFile: ts.SourceFile): Set<string> {
  return new Set(exportedNames(sourceFile));
}

function rewriteNamed(context: PassContext, statement: ts.ExportDeclaration, clause: ts.NamedExports, moves: Map<string, SymbolMove>): void {
  const { sourceFile, style } = context;
  const dropped = new Set<number>();
  clause.elements.forEach((element, index) => {
    if (moves.get((element.propertyName ?? element.name).text)?.remove) dropped.add(index);
  });
  if (dropped.size > 0) {
    if (dropped.size === clause.elements.length) context.edits.push({ ...statementLineRange(sourceFile.text, statement, false), text: '' });
    else context.edits.push(...removeListElements(clause.elements, dropped));
    return;
  }
  const leaving: Array<{ index: number; exported: string; move: SymbolMove; typeOnly: boolean }> = [];
  clause.elements.forEach((element, index) => {
    const name = (element.propertyName ?? element.name).text;
    const move = moves.get(name);
    if (move) leaving.push({ index, exported: element.name.text, move, typeOnly: statement.isTypeOnly || element.isTypeOnly || move.to.typeOnly === true });
  });
  if (leaving.length === 0) return;
  const targets = new Set(leaving.map((l) => l.move.to.specifier));
  if (leaving.length === clause.elements.length && targets.size === 1) {
    const to = leaving[0]!.move.to;
    context.edits.push({ start: statement.moduleSpecifier!.getStart(sourceFile), end: statement.moduleSpecifier!.getEnd(), text: specifierLiteral(statement.moduleSpecifier as ts.StringLiteral, context, to.specifier) });
    for (const leave of leaving) {
      const element = clause.elements[leave.index]!;
      const typePrefix = element.isTypeOnly || (!statement.isTypeOnly && leave.move.to.typeOnly === true && style.typescript);
      const text = specifierText(leave.move.to.name, leave.exported, typePrefix);
      if (text !== element.getText(sourceFile)) context.edits.push({ start: element.getStart(sourceFile), end: element.getEnd(), text });
    }
    return;
  }
  const lines = exportLines(context, leaving.map((l) => ({ exported: l.exported, move: l.move, typeOnly: l.typeOnly })), statement.isTypeOnly);
  if (leaving.length === clause.elements.length) {
    const range = statementLineRange(sourceFile.text, statement, false);
    const eolAfter = sourceFile.text.slice(range.start, range.end).endsWith('\n') ? style.eol : '';
    context.edits.push({ start: range.start, end: range.end, text: lines.join(style.eol) + eolAfter });
    return;
  }
  context.edits.push(...removeListElements(clause.elements, new Set(leaving.map((l) => l.index))));
  context.edits.push({ start: statement.getEnd(), end: statement.getEnd(), text: lines.map((l) => style.eol + l).join('') });
}

/**
 * `export * from './old'`: replaced by explicit re-exports of the canonical only when the planner listed
 * every export of the old module (`moduleExports`) and each of them moves; a star whose module's names
 * are not all known stays, so it never loses a name. The moved names are then re-exported explicitly
 * next to it (an explicit export takes precedence over the star), unless the file already exports that
 * name some other way or another star of the file just received it.
 */
function rewriteStar(context: PassContext, statement: ts.ExportDeclaration, specifier: string, moves: Map<string, SymbolMove>, explicit: Set<string>): void {
  const { sourceFile, style } = context;
  const all = context.options.moduleExports?.[specifier];
  const moved = [...moves.values()].filter((m) => m.name !== 'default' && !m.remove);
  const pending = moved.filter((m) => !explicit.has(m.name));
  // The names added now count as explicit for the file's other stars.
  for (const m of pending) explicit.add(m.name);
  const everyExportMoves = all !== undefined && all.filter((n) => n !== 'default').every((n) => moves.has(n));
  const items = pending.map((m) => ({ exported: m.name, move: m, typeOnly: statement.isTypeOnly || m.to.typeOnly === true }));
  if (everyExportMoves && moved.length > 0) {
    // A name the file already exports explicitly never came through the star: the star just goes.
    const lines = items.length > 0 ? exportLines(context, items, statement.isTypeOnly) : [];
    const range = statementLineRange(sourceFile.text, statement, false);
    const eolAfter = lines.length > 0 && sourceFile.text.slice(range.start, range.end).endsWith('\n') ? style.eol : '';
    context.edits.push({ start: range.start, end: range.end, text: lines.join(style.eol) + eolAfter });
    return;
  }
  if (items.length === 0) return;
  const lines = exportLines(context, items, statement.isTypeOnly);
  context.edits.push({ start: statement.getEnd(), end: statement.getEnd(), text: lines.map((l) => style.eol + l).join('') });
}

function exportLines(context: PassContext, items: Array<{ exported: string; move: SymbolMove; typeOnly: boolean }>, declTypeOnly: boolean): string[] {
  const { style } = context;
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const typeOnly = style.typescript && (declTypeOnly || item.typeOnly);
    const key = `${item.move.to.specifier}\u0000${typeOnly ? 'type' : 'value'}`;
    const list = groups.get(key) ?? [];
    list.push(specifierText(item.move.to.name, item.exported, false));
    groups.set(key, list);
  }
  return [...groups].map(([key, parts]) => {
    const [specifier, kind] = key.split('\u0000') as [string, string];
    return endStatement(style, `export ${kind === 'type' ? 'type ' : ''}{ ${parts.join(', ')} } from ${quoted(style, specifier)}`);
  });
}
