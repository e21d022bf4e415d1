/**
 * Reading and editing import declarations without reprinting them: bindings are added to or removed
 * from the existing braces, new declarations follow the file's quote and semicolon style, and an
 * import left empty disappears with its line.
 */
import { ts } from '../../../parser/ts.js';
import { removeListElements, statementLineRange, type TextEdit } from './edits.js';
import { endStatement, quoted, type FileStyle } from './style.js';

/** A binding to add: `import { imported as local } from 'specifier'`. */
export interface ImportRequest {
  specifier: string;
  imported: string;
  local: string;
  typeOnly?: boolean;
}

/** The module specifier text of an import/export declaration, or undefined. */
export function moduleSpecifierOf(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return node.moduleSpecifier.text;
  }
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    const expr = node.moduleReference.expression;
    if (ts.isStringLiteral(expr)) return expr.text;
  }
  return undefined;
}

/** ESM unless the file only uses `require`/`module.exports` (then new imports are `require` calls). */
export function usesCommonJs(sourceFile: ts.SourceFile): boolean {
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return false;
    if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return false;
  }
  if (/\.(ts|tsx|mts)$/.test(sourceFile.fileName)) return false;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=/.test(sourceFile.text);
}

/** Where new imports go: after the last import, or before the first statement. */
export function importInsertionPoint(sourceFile: ts.SourceFile): { pos: number; before: boolean } {
  let last: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference))) last = statement;
    else if (isRequireStatement(statement)) last = statement;
    else if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression) && !last) continue;
    else if (last) break;
  }
  if (last) return { pos: last.getEnd(), before: false };
  const first = sourceFile.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  if (!first) return { pos: sourceFile.text.length, before: false };
  const docs = (first as { jsDoc?: ts.Node[] }).jsDoc;
  const start = docs && docs.length > 0 ? docs[0]!.getStart() : first.getStart();
  return { pos: start, before: true };
}

function isRequireStatement(statement: ts.Statement): boolean {
  if (!ts.isVariableStatement(statement)) return false;
  return statement.declarationList.declarations.some((d) => d.initializer !== undefined && isRequireCall(d.initializer));
}

/** `require('x')` */
export function isRequireCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteralLike(node.arguments[0]!)
  );
}

/** Text of one binding inside braces. */
export function bindingText(imported: string, local: string, typePrefix: boolean): string {
  const core = imported === local ? local : `${imported} as ${local}`;
  return typePrefix ? `type ${core}` : core;
}

/** Local names bound by every import of the file, with what they import. */
export function importedLocals(sourceFile: ts.SourceFile): Map<string, { specifier: string; imported: string; typeOnly: boolean }> {
  const locals = new Map<string, { specifier: string; imported: string; typeOnly: boolean }>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const specifier = moduleSpecifierOf(statement);
    const clause = statement.importClause;
    if (!specifier || !clause) continue;
    const declTypeOnly = clause.isTypeOnly;
    if (clause.name) locals.set(clause.name.text, { specifier, imported: 'default', typeOnly: declTypeOnly });
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) locals.set(named.name.text, { specifier, imported: '*', typeOnly: declTypeOnly });
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements) {
        locals.set(element.name.text, {
          specifier,
          imported: (element.propertyName ?? element.name).text,
          typeOnly: declTypeOnly || element.isTypeOnly,
        });
      }
    }
  }
  return locals;
}

/**
 * Edits that add the requested bindings: merged into an existing import of the same specifier when
 * there is one (respecting `import type`), otherwise as new declarations after the last import.
 * Bindings the file already has are skipped.
 */
export function addImports(sourceFile: ts.SourceFile, style: FileStyle, requests: readonly ImportRequest[]): TextEdit[] {
  const existing = importedLocals(sourceFile);
  const wanted: ImportRequest[] = [];
  const edits: TextEdit[] = [];
  const upgraded = new Set<string>();
  for (const request of requests) {
    const have = existing.get(request.local);
    if (have && have.specifier === request.specifier && have.imported === request.imported) {
      // A value use of a binding imported for types only: the binding becomes a value import.
      if (have.typeOnly && style.typescript && !request.typeOnly && !upgraded.has(request.local)) {
        upgraded.add(request.local);
        edits.push(...valueImportEdits(sourceFile, request.local));
      }
      continue;
    }
    if (wanted.some((w) => w.local === request.local && w.specifier === request.specifier && w.imported === request.imported)) continue;
    wanted.push({ ...request, typeOnly: style.typescript ? request.typeOnly : false });
  }
  if (wanted.length === 0) return edits;
  const leftover: ImportRequest[] = [];
  const additions = new Map<ts.NamedImports | ts.ImportClause, string[]>();
  const untyped = new Set<ts.ImportClause>();
  for (const request of wanted) {
    const host = findHost(sourceFile, request, upgradedClauses(sourceFile, upgraded));
    if (!host) {
      leftover.push(request);
      continue;
    }
    if (host.untype && !untyped.has(host.untype)) {
      // A value binding joins an `import type { ... }` of the same module: one declaration, types marked inline.
      untyped.add(host.untype);
      edits.push(...untypeDeclarationEdits(sourceFile, host.untype));
    }
    const list = additions.get(host.node) ?? [];
    list.push(bindingText(request.imported, request.local, host.typePrefix));
    additions.set(host.node, list);
  }
  for (const [node, texts] of additions) {
    if (ts.isNamedImports(node)) edits.push(appendToNamedImports(sourceFile, node, texts));
    else edits.push({ start: node.name!.getEnd(), end: node.name!.getEnd(), text: `, { ${texts.join(', ')} }` });
  }
  if (leftover.length > 0) edits.push(newImportDeclarations(sourceFile, style, leftover));
  return edits;
}

/**
 * Turns the type-only binding `local` into a value binding: `type X` loses its modifier; in an
 * `import type { X, Y }` declaration the modifier moves onto the other bindings.
 */
function valueImportEdits(sourceFile: ts.SourceFile, local: string): TextEdit[] {
  for (const statement of sourceFile.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    const named = clause?.namedBindings;
    if (!clause || !named || !ts.isNamedImports(named)) continue;
    const element = named.elements.find((e) => e.name.text === local);
    if (!element) continue;
    if (element.isTypeOnly) {
      const start = element.getStart(sourceFile);
      const after = (element.propertyName ?? element.name).getStart(sourceFile);
      return [{ start, end: after, text: '' }];
    }
    if (!clause.isTypeOnly || clause.name) return [];
    return untypeDeclarationEdits(sourceFile, clause, element);
  }
  return [];
}

/** `import type { A, B }` becomes `import { type A, type B }` (but `keep`, which becomes a value binding). */
export function untypeDeclarationEdits(sourceFile: ts.SourceFile, clause: ts.ImportClause, keep?: ts.ImportSpecifier): TextEdit[] {
  const named = clause.namedBindings as ts.NamedImports;
  const edits: TextEdit[] = [{ start: clause.getStart(sourceFile), end: named.getStart(sourceFile), text: '' }];
  for (const other of named.elements) if (other !== keep) edits.push({ start: other.getStart(sourceFile), end: other.getStart(sourceFile), text: 'type ' });
  return edits;
}

/** The `import type` clauses whose declaration an upgrade of one of their bindings already turns into a value import. */
function upgradedClauses(sourceFile: ts.SourceFile, upgraded: ReadonlySet<string>): Set<ts.ImportClause> {
  const clauses = new Set<ts.ImportClause>();
  if (upgraded.size === 0) return clauses;
  for (const statement of sourceFile.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    const named = clause?.namedBindings;
    if (clause?.isTypeOnly && !clause.name && named && ts.isNamedImports(named) && named.elements.some((e) => upgraded.has(e.name.text))) clauses.add(clause);
  }
  return clauses;
}

/**
 * The import declaration a request can join: a value import of the module; for a type, an `import type`
 * one too; for a value, an `import type { ... }` one (then `untype` is set: it becomes a value import
 * whose bindings are marked `type` inline) when there is no value import of the module.
 */
function findHost(
  sourceFile: ts.SourceFile,
  request: ImportRequest,
  alreadyValue: ReadonlySet<ts.ImportClause> = new Set(),
): { node: ts.NamedImports | ts.ImportClause; typePrefix: boolean; untype?: ts.ImportClause } | undefined {
  if (request.imported === 'default') return undefined;
  let typeHost: { node: ts.NamedImports; clause: ts.ImportClause } | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || moduleSpecifierOf(statement) !== request.specifier) continue;
    const clause = statement.importClause;
    if (!clause) continue;
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) continue;
    if (clause.isTypeOnly && !alreadyValue.has(clause)) {
      if (named && ts.isNamedImports(named) && !clause.name) typeHost ??= { node: named, clause };
      continue;
    }
    if (named && ts.isNamedImports(named)) return { node: named, typePrefix: request.typeOnly === true };
    if (!named && clause.name) return { node: clause, typePrefix: request.typeOnly === true };
  }
  if (!typeHost) return undefined;
  return request.typeOnly ? { node: typeHost.node, typePrefix: false } : { node: typeHost.node, typePrefix: false, untype: typeHost.clause };
}

/** Appends bindings inside existing braces, on new lines when the braces are multi-line. */
export function appendToNamedImports(sourceFile: ts.SourceFile, named: ts.NamedImports | ts.NamedExports, texts: string[]): TextEdit {
  const text = sourceFile.text;
  const elements = named.elements;
  if (elements.length === 0) {
    const open = named.getStart() + 1;
    return { start: open, end: named.getEnd() - 1, text: ` ${texts.join(', ')} ` };
  }
  const last = elements[elements.length - 1]!;
  const afterLast = text.slice(last.getEnd(), named.getEnd() - 1);
  const trailingComma = /^\s*,/.test(afterLast);
  const multiline = text.slice(named.getStart(), named.getEnd()).includes('\n');
  if (multiline) {
    const lineStart = text.lastIndexOf('\n', last.getStart() - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    if (trailingComma) {
      const commaEnd = last.getEnd() + afterLast.indexOf(',') + 1;
      return { start: commaEnd, end: commaEnd, text: texts.map((t) => `${eol}${indent}${t},`).join('') };
    }
    return { start: last.getEnd(), end: last.getEnd(), text: texts.map((t) => `,${eol}${indent}${t}`).join('') };
  }
  if (trailingComma) {
    const commaEnd = last.getEnd() + afterLast.indexOf(',') + 1;
    return { start: commaEnd, end: commaEnd, text: ` ${texts.join(', ')},` };
  }
  return { start: last.getEnd(), end: last.getEnd(), text: `, ${texts.join(', ')}` };
}

/** New import declarations (one per specifier and kind) at the file's insertion point. */
export function newImportDeclarations(sourceFile: ts.SourceFile, style: FileStyle, requests: readonly ImportRequest[]): TextEdit {
  const lines = importDeclarationLines(sourceFile, style, requests);
  const point = importInsertionPoint(sourceFile);
  const block = lines.join(style.eol);
  if (point.before) return { start: point.pos, end: point.pos, text: `${block}${style.eol}${style.eol}` };
  return { start: point.pos, end: point.pos, text: `${style.eol}${block}` };
}

/** The declaration lines for a set of requests, grouped by specifier, default/type kind. */
export function importDeclarationLines(sourceFile: ts.SourceFile, style: FileStyle, requests: readonly ImportRequest[]): string[] {
  const commonJs = usesCommonJs(sourceFile);
  const groups = new Map<string, ImportRequest[]>();
  for (const request of requests) {
    const kind = request.imported === 'default' ? `default:${request.local}` : request.typeOnly ? 'type' : 'value';
    const key = `${request.specifier}\u0000${kind}`;
    const list = groups.get(key) ?? [];
    list.push(request);
    groups.set(key, list);
  }
  const lines: string[] = [];
  for (const [key, list] of groups) {
    const [specifier, kind] = key.split('\u0000') as [string, string];
    const from = quoted(style, specifier);
    if (commonJs) {
      if (kind.startsWith('default:')) {
        lines.push(endStatement(style, `const ${list[0]!.local} = require(${from})`));
      } else {
        const parts = list.map((r) => (r.imported === r.local ? r.local : `${r.imported}: ${r.local}`));
        lines.push(endStatement(style, `const { ${parts.join(', ')} } = require(${from})`));
      }
      continue;
    }
    if (kind.startsWith('default:')) {
      lines.push(endStatement(style, `import ${list[0]!.local} from ${from}`));
      continue;
    }
    const parts = list.map((r) => bindingText(r.imported, r.local, false));
    lines.push(endStatement(style, `import ${kind === 'type' ? 'type ' : ''}{ ${parts.join(', ')} } from ${from}`));
  }
  return lines;
}

/**
 * Edits that remove the given local bindings from the file's imports (and `require` destructurings);
 * a declaration left without bindings is removed with its line.
 */
export function removeImportBindings(sourceFile: ts.SourceFile, locals: ReadonlySet<string>): TextEdit[] {
  const edits: TextEdit[] = [];
  const text = sourceFile.text;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      const named = clause.namedBindings;
      const removeDefault = clause.name !== undefined && locals.has(clause.name.text);
      const keepDefault = clause.name !== undefined && !removeDefault;
      if (named && ts.isNamespaceImport(named)) {
        const removeNs = locals.has(named.name.text);
        if (!removeNs && !removeDefault) continue;
        if (removeNs && !keepDefault) edits.push({ ...statementLineRange(text, statement, false), text: '' });
        else if (removeNs) edits.push({ start: clause.name!.getEnd(), end: named.getEnd(), text: '' });
        else edits.push({ start: clause.name!.getStart(), end: named.getStart(), text: '' });
        continue;
      }
      const elements = named && ts.isNamedImports(named) ? named.elements : undefined;
      const removeIdx = new Set<number>();
      elements?.forEach((e, i) => {
        if (locals.has(e.name.text)) removeIdx.add(i);
      });
      if (!removeDefault && removeIdx.size === 0) continue;
      const keptNamed = (elements?.length ?? 0) - removeIdx.size;
      if (!keepDefault && keptNamed === 0) {
        edits.push({ ...statementLineRange(text, statement, false), text: '' });
        continue;
      }
      const kept = elements?.filter((_, i) => !removeIdx.has(i)) ?? [];
      if (!keepDefault && !clause.isTypeOnly && kept.length > 0 && kept.every((e) => e.isTypeOnly)) {
        // Only `type` bindings left: `import type { A, B }`, as a user writes it, not `import { type A, type B }`.
        const names = kept.map((e) => e.getText().replace(/^type\s+/, ''));
        edits.push({ start: removeDefault ? clause.name!.getStart() : named!.getStart(), end: named!.getEnd(), text: `type { ${names.join(', ')} }` });
        continue;
      }
      if (removeDefault) {
        edits.push({ start: clause.name!.getStart(), end: named ? named.getStart() : clause.name!.getEnd(), text: '' });
      }
      if (elements && removeIdx.size > 0) {
        if (keptNamed === 0) edits.push({ start: clause.name!.getEnd(), end: named!.getEnd(), text: '' });
        else edits.push(...removeListElements(elements, removeIdx));
      }
      continue;
    }
    if (ts.isImportEqualsDeclaration(statement) && locals.has(statement.name.text)) {
      edits.push({ ...statementLineRange(text, statement, false), text: '' });
      continue;
    }
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const declaration = statement.declarationList.declarations[0]!;
      if (!declaration.initializer || !isRequireCall(declaration.initializer)) continue;
      if (ts.isIdentifier(declaration.name)) {
        if (locals.has(declaration.name.text)) edits.push({ ...statementLineRange(text, statement, false), text: '' });
        continue;
      }
      if (ts.isObjectBindingPattern(declaration.name)) {
        const elements = declaration.name.elements;
        const removeIdx = new Set<number>();
        elements.forEach((e, i) => {
          if (ts.isIdentifier(e.name) && locals.has(e.name.text)) removeIdx.add(i);
        });
        if (removeIdx.size === 0) continue;
        if (removeIdx.size === elements.length) edits.push({ ...statementLineRange(text, statement, false), text: '' });
        else edits.push(...removeListElements(elements, removeIdx));
      }
    }
  }
  return edits;
}

/** Identifiers named `name` outside import declarations (uses of an imported binding). */
export function countReferences(sourceFile: ts.SourceFile, name: string): number {
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isVariableDeclaration(node) && node.initializer && isRequireCall(node.initializer)) return;
    if (ts.isIdentifier(node) && node.text === name && isReference(node)) count++;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return count;
}

/** Identifiers used as references or declared (not property names): the names a new local must avoid. */
export function namesInUse(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && isReference(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

/** False for identifiers that are property names, declaration names of members, or labels. */
export function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === node) return false;
  if ((ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent)) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if ((ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) && parent.propertyName === node) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isEnumMember(parent) && parent.name === node) return false;
  return true;
}

/** Every identifier text in the file: a new local name must avoid all of them. */
export function identifierTexts(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

/** `preferred`, or `preferred2`, `preferred3`... whichever the file does not use yet. */
export function freeName(taken: ReadonlySet<string>, preferred: string): string {
  if (!taken.has(preferred)) return preferred;
  for (let i = 2; ; i++) if (!taken.has(`${preferred}${i}`)) return `${preferred}${i}`;
}
