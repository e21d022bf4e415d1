/**
 * Turns each superseded symbol of a module into a deprecation shim: a documented re-export of the
 * canonical when it is compatible, otherwise an adapter generated from the mapping. Every other
 * statement of the module stays; imports and private helpers only the old implementation used go.
 * Shims carry `@deprecated` naming the replacement and `@ssot-shim <ref>`, and warn once per process.
 */
import { defineCodemod, type CodemodApi } from '../../src/migrate/plan/codemod.js';
import type { ShimModulesOptions, ShimTask } from '../../src/migrate/plan/codemod-options.js';
import { findExportedDeclaration, type ExportedDeclaration } from '../../src/migrate/plan/codemod-utils/declarations.js';
import { applyEdits, ownJsDocs, removeListElements, statementLineRange, type TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { addImports, freeName, importedLocals, isReference, isRequireCall, namesInUse, usesCommonJs, type ImportRequest } from '../../src/migrate/plan/codemod-utils/imports.js';
import { pruneOrphans } from '../../src/migrate/plan/codemod-utils/prune.js';
import { shimDoc, shimsOf, warnCall, warnHelper, hasWarnHelper } from '../../src/migrate/plan/codemod-utils/shim-text.js';
import { detectStyle, quoted, styled, type FileStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import { ts } from '../../src/parser/ts.js';
import { classAdapter, functionAdapter } from './adapter.js';
import { configConstEdits } from './config-consts.js';

interface ShimContext {
  sourceFile: ts.SourceFile;
  style: FileStyle;
  path: string;
  api: CodemodApi;
  edits: TextEdit[];
  imports: ImportRequest[];
  taken: Set<string>;
  warns: boolean;
}

export default defineCodemod<ShimModulesOptions>({
  id: 'shim-modules',
  description: 'turn superseded symbols into deprecated re-exports or generated adapters of the canonical',
  transform(file, options, api) {
    const sourceFile = api.parse(file.path, file.text);
    const existing = shimsOf(sourceFile);
    const context: ShimContext = {
      sourceFile,
      style: detectStyle(sourceFile),
      path: file.path,
      api,
      edits: [],
      imports: [],
      taken: namesInUse(sourceFile),
      warns: false,
    };
    for (const task of options.shims) {
      if (existing.has(task.name)) continue;
      const declaration = findExportedDeclaration(sourceFile, task.name);
      if (!declaration) {
        // `import { X } ...; export { X }`: the name follows its import (rewrite-imports moves it or keeps it).
        if (exportsImportedBinding(sourceFile, task.name)) continue;
        api.report({ line: 1, kind: 'adapter-incomplete', severity: 'warning', message: `nothing is exported as ${task.name}; no shim written` });
        continue;
      }
      if (declaration.variable && (declaration.statement as ts.VariableStatement).declarationList.declarations.length > 1) {
        api.report({ line: lineOf(sourceFile, declaration.statement), kind: 'adapter-incomplete', message: `${task.name} shares its statement with other declarations; split it to shim it` });
        continue;
      }
      if (declaration.kind === 'reexport') reExportShim(context, task, declaration);
      else if (task.kind === 'adapter' && (declaration.kind === 'class' || declaration.kind === 'function')) adapterShim(context, task, declaration);
      else if (task.kind === 'adapter') {
        api.report({ line: lineOf(sourceFile, declaration.statement), kind: 'adapter-incomplete', message: `an adapter can only be generated for a class or function; ${task.name} is a ${declaration.kind}` });
        continue;
      } else declarationShim(context, task, declaration);
      api.stats('shimsGenerated');
    }
    if (context.edits.length === 0) return undefined;
    if (context.imports.length > 0) context.edits.push(...addImports(sourceFile, context.style, context.imports));
    if (context.warns && !hasWarnHelper(sourceFile)) {
      const tail = file.text.endsWith('\n') ? '' : context.style.eol;
      context.edits.push({ start: file.text.length, end: file.text.length, text: `${tail}${context.style.eol}${styled(context.style, warnHelper(context.style))}${context.style.eol}` });
    }
    const text = applyEdits(file.text, context.edits);
    return pruneOrphans(sourceFile, text, (t) => api.parse(file.path, t));
  },
});

/** Whether `name` is exported by a local `export { local as name }` of an imported binding. */
function exportsImportedBinding(sourceFile: ts.SourceFile, name: string): boolean {
  const imported = importedLocals(sourceFile);
  return sourceFile.statements.some(
    (s) => ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause !== undefined && ts.isNamedExports(s.exportClause) && s.exportClause.elements.some((e) => e.name.text === name && imported.has((e.propertyName ?? e.name).text)),
  );
}

function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}


/** References to `local` outside its own declaration statement and export specifiers. */
function usedLocally(sourceFile: ts.SourceFile, declaration: ExportedDeclaration): boolean {
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used || node === declaration.statement || node === declaration.defaultAssignment) return;
    if (ts.isExportSpecifier(node)) return;
    if (ts.isIdentifier(node) && node.text === declaration.local && isReference(node)) used = true;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return used;
}

function isTypeDeclaration(declaration: ExportedDeclaration, task: ShimTask): boolean {
  return declaration.kind === 'interface' || declaration.kind === 'type' || task.canonical.typeOnly === true;
}

/** The doc comment that documents a statement (its last own JSDoc block), if any. */
function ownDoc(statement: ts.Node): ts.JSDoc | undefined {
  const docs = ownJsDocs(statement);
  return docs[docs.length - 1];
}

/**
 * The range a shim replaces: the statement with the doc comment that documents it, whose text the shim's
 * doc keeps. Comments above that doc (a `@typedef`, a file header, another block) stay where they are.
 */
function documentedRange(sourceFile: ts.SourceFile, statement: ts.Node): { start: number; end: number } {
  const range = statementLineRange(sourceFile.text, statement, false);
  const doc = ownDoc(statement);
  if (!doc) return range;
  const start = doc.getStart(sourceFile);
  const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
  return { start: /^[ \t]*$/.test(sourceFile.text.slice(lineStart, start)) ? lineStart : start, end: range.end };
}

/** Text that replaces the declaration: a documented export and, for values, the warning. */
function exportBlock(context: ShimContext, task: ShimTask, element: string, from: string | undefined, typeOnly: boolean, existingDoc?: string, warns = true): string {
  const { style } = context;
  const semi = style.semi ? ';' : '';
  const doc = shimDoc(task.canonical, '  ', [], existingDoc);
  const head = `export ${typeOnly && style.typescript ? 'type ' : ''}{`;
  const tail = from === undefined ? `}${semi}` : `} from ${quoted(style, from)}${semi}`;
  const lines = [head, doc, `  ${element},`, tail];
  if (!typeOnly && warns) {
    lines.push(warnCall(style, context.path, task.name, task.canonical));
    context.warns = true;
  }
  return styled(style, lines.join('\n'));
}

function exportElement(imported: string, exported: string): string {
  return imported === exported ? exported : `${imported} as ${exported}`;
}

/** Removes the declaration (and the other places that export it) and puts `replacement` where it was. */
function replaceDeclaration(context: ShimContext, declaration: ExportedDeclaration, replacement: string): void {
  const { sourceFile } = context;
  const range = documentedRange(sourceFile, declaration.statement);
  const lineEnd = sourceFile.text.slice(range.start, range.end).endsWith('\n') ? context.style.eol : '';
  context.edits.push({ start: range.start, end: range.end, text: replacement + lineEnd });
  if (declaration.specifier && !declaration.inlineExport) {
    const exportStatement = declaration.specifier.parent.parent as ts.ExportDeclaration;
    const elements = (exportStatement.exportClause as ts.NamedExports).elements;
    if (elements.length === 1) context.edits.push({ ...statementLineRange(sourceFile.text, exportStatement), text: '' });
    else context.edits.push(...removeListElements(elements, new Set([elements.indexOf(declaration.specifier)])));
  }
  if (declaration.defaultAssignment) context.edits.push({ ...statementLineRange(sourceFile.text, declaration.defaultAssignment), text: '' });
}

/** A declaration whose canonical is compatible: re-exported under the old name. */
function declarationShim(context: ShimContext, task: ShimTask, declaration: ExportedDeclaration): void {
  const { sourceFile, style } = context;
  const typeOnly = isTypeDeclaration(declaration, task);
  const canonicalName = task.canonical.name;
  const existingDoc = ownDoc(declaration.statement)?.getText(sourceFile);
  if (declaration.commonJs || usesCommonJs(sourceFile)) {
    const doc = shimDoc(task.canonical, '', [], existingDoc);
    const access = canonicalName === 'default' ? '' : `.${canonicalName}`;
    const line = `const ${declaration.local} = require(${quoted(style, task.canonical.specifier)})${access}${style.semi ? ';' : ''}`;
    context.warns = true;
    replaceDeclaration(context, { ...declaration, specifier: undefined, defaultAssignment: undefined }, styled(style, [doc, line, warnCall(style, context.path, task.name, task.canonical)].join('\n')));
    return;
  }
  if (isOwnModule(context.path, task.canonical.specifier) && !usedLocally(sourceFile, declaration)) {
    // The canonical lives in this very module: alias it in place (a re-export from the module itself
    // is a self-import), and warn through the doc only: a load-time warning here would fire for every
    // user of the canonical, not just the users of the old name.
    replaceDeclaration(context, declaration, exportBlock(context, task, exportElement(canonicalName, task.name), undefined, typeOnly, existingDoc, false));
    return;
  }
  if (!usedLocally(sourceFile, declaration)) {
    replaceDeclaration(context, declaration, exportBlock(context, task, exportElement(canonicalName, task.name), task.canonical.specifier, typeOnly, existingDoc));
    return;
  }
  // Other code of the module still uses the old name: bind it to the canonical and export that binding.
  context.imports.push({ specifier: task.canonical.specifier, imported: canonicalName, local: declaration.local, typeOnly });
  replaceDeclaration(context, declaration, exportBlock(context, task, exportElement(declaration.local, task.name), undefined, typeOnly, existingDoc));
}

/** Whether `specifier` (relative to the module at `path`) names that module itself. */
function isOwnModule(path: string, specifier: string): boolean {
  if (!specifier.startsWith('./') || specifier.slice(2).includes('/')) return false;
  const stem = (name: string): string => name.replace(/\.[cm]?[jt]sx?$/, '');
  return stem(specifier.slice(2)) === stem(path.slice(path.lastIndexOf('/') + 1));
}

/** `export { X } from './impl'` in a re-export module: now forwards the canonical, documented. */
function reExportShim(context: ShimContext, task: ShimTask, declaration: ExportedDeclaration): void {
  const { sourceFile } = context;
  const statement = declaration.statement as ts.ExportDeclaration;
  const elements = (statement.exportClause as ts.NamedExports).elements;
  const typeOnly = statement.isTypeOnly || declaration.specifier!.isTypeOnly || task.canonical.typeOnly === true;
  const single = elements.length === 1;
  const block = exportBlock(context, task, exportElement(task.canonical.name, task.name), task.canonical.specifier, typeOnly, single ? ownDoc(statement)?.getText(sourceFile) : undefined);
  const range = documentedRange(sourceFile, statement);
  if (single) {
    const lineEnd = sourceFile.text.slice(range.start, range.end).endsWith('\n') ? context.style.eol : '';
    context.edits.push({ start: range.start, end: range.end, text: block + lineEnd });
    return;
  }
  context.edits.push(...removeListElements(elements, new Set([elements.indexOf(declaration.specifier!)])));
  context.edits.push({ start: statement.getEnd(), end: statement.getEnd(), text: context.style.eol + block });
}

/** The local a `const { name } = require(specifier)` or `const x = require(specifier).name` binds, if any. */
function requiredLocal(sourceFile: ts.SourceFile, specifier: string, name: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (!init) continue;
      const required = (node: ts.Expression): boolean => isRequireCall(node) && (node.arguments[0] as ts.StringLiteral).text === specifier;
      if (ts.isObjectBindingPattern(declaration.name) && required(init)) {
        for (const element of declaration.name.elements) {
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
          if (imported === name && ts.isIdentifier(element.name) && !element.dotDotDotToken) return element.name.text;
        }
      } else if (ts.isIdentifier(declaration.name) && ts.isPropertyAccessExpression(init) && init.name.text === name && required(init.expression)) {
        return declaration.name.text;
      }
    }
  }
  return undefined;
}

/** The adapter class or function, delegating to the canonical. */
function adapterShim(context: ShimContext, task: ShimTask, declaration: ExportedDeclaration): void {
  const { sourceFile, style } = context;
  const locals = importedLocals(sourceFile);
  let targetLocal: string | undefined;
  for (const [local, info] of locals) if (info.specifier === task.canonical.specifier && info.imported === task.canonical.name && !info.typeOnly) targetLocal = local;
  // A CommonJS module may already require it; another adapter of this file may already import it.
  targetLocal ??= requiredLocal(sourceFile, task.canonical.specifier, task.canonical.name);
  targetLocal ??= context.imports.find((r) => r.specifier === task.canonical.specifier && r.imported === task.canonical.name && !r.typeOnly)?.local;
  if (!targetLocal) {
    const preferred = task.canonical.name === 'default' || task.canonical.name === declaration.local ? `Canonical${declaration.local}` : task.canonical.name;
    targetLocal = freeName(context.taken, preferred);
    context.taken.add(targetLocal);
    context.imports.push({ specifier: task.canonical.specifier, imported: task.canonical.name, local: targetLocal });
  }
  for (const request of task.imports ?? []) context.imports.push({ specifier: request.specifier, imported: request.name, local: request.name, typeOnly: request.typeOnly });
  const input = { sourceFile, task, targetLocal, warn: warnCall(style, context.path, task.name, task.canonical), semi: style.semi ? ';' : '', typescript: style.typescript, indent: style.indent };
  const result = ts.isClassDeclaration(declaration.statement)
    ? classAdapter(input, declaration.statement)
    : functionAdapter(input, declaration.statement as ts.FunctionDeclaration);
  context.warns = true;
  for (const name of result.dropped) {
    context.api.report({ line: lineOf(sourceFile, declaration.statement), kind: 'missing-member', severity: 'warning', message: `the adapter of ${task.name} drops ${name} (mapped to null)` });
  }
  const exportKeyword = declaration.inlineExport ? (task.name === 'default' ? 'export default ' : 'export ') : '';
  const text = [shimDoc(task.canonical, '', [], ownDoc(declaration.statement)?.getText(sourceFile)), `${exportKeyword}${result.text}`].join('\n');
  const range = documentedRange(sourceFile, declaration.statement);
  const lineEnd = sourceFile.text.slice(range.start, range.end).endsWith('\n') ? style.eol : '';
  context.edits.push({ start: range.start, end: range.end, text: styled(style, text) + lineEnd });
  if (task.configConsts) context.edits.push(...configConstEdits(sourceFile, task.configConsts, context.api));
}
