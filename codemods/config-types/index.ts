/**
 * Phase 1: a superseded config type becomes a deprecated alias of the canonical type when they are
 * compatible; otherwise it stays as a deprecated compatibility type with a generated converter to the
 * canonical (field mapping from the config, e.g. `maxRetries` → `maxAttempts`).
 */
import { defineCodemod } from '../../src/migrate/plan/codemod.js';
import type { ConfigTypeTask, ConfigTypesOptions } from '../../src/migrate/plan/codemod-options.js';
import { findExportedDeclaration, localDeclarations } from '../../src/migrate/plan/codemod-utils/declarations.js';
import { applyEdits, jsDocStart, ownJsDocs, statementLineRange, type TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { addImports, freeName, importedLocals, namesInUse, type ImportRequest } from '../../src/migrate/plan/codemod-utils/imports.js';
import { pruneOrphans } from '../../src/migrate/plan/codemod-utils/prune.js';
import { shimDoc, shimsOf, SHIM_TAG, describeRef } from '../../src/migrate/plan/codemod-utils/shim-text.js';
import { detectStyle, styled, type FileStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import { parseValueTarget } from '../../src/migrate/plan/codemod-utils/value-mapping.js';
import { ts } from '../../src/parser/ts.js';

export default defineCodemod<ConfigTypesOptions>({
  id: 'config-types',
  description: 'superseded config types become deprecated aliases, or compatibility types with a converter',
  transform(file, options, api) {
    const sourceFile = api.parse(file.path, file.text);
    const style = detectStyle(sourceFile);
    if (!style.typescript) return undefined;
    const shims = shimsOf(sourceFile);
    const edits: TextEdit[] = [];
    const imports: ImportRequest[] = [];
    const taken = namesInUse(sourceFile);
    const locals = localDeclarations(sourceFile);
    for (const task of options.types) {
      if (shims.has(task.name)) continue;
      const declaration = findExportedDeclaration(sourceFile, task.name);
      if (!declaration || (declaration.kind !== 'interface' && declaration.kind !== 'type')) {
        api.report({ line: 1, kind: 'unreadable', severity: 'warning', message: `no exported interface or type alias ${task.name}; nothing to do` });
        continue;
      }
      const statement = declaration.statement as ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
      if (statement.typeParameters) {
        api.report({ line: lineOf(sourceFile, statement), kind: 'adapter-incomplete', message: `${task.name} is generic; alias it by hand` });
        continue;
      }
      const canonicalLocal = canonicalBinding(task, sourceFile, taken, locals, imports);
      if (task.mode === 'alias') {
        const range = statementLineRange(sourceFile.text, statement);
        const exported = declaration.inlineExport ? 'export ' : '';
        // The type's own doc stays above the alias: the user's documentation is not lost.
        const existingDoc = ownJsDocs(statement).at(-1)?.getText(sourceFile);
        const text = `${shimDoc(task.canonical, '', [], existingDoc)}\n${exported}type ${declaration.local} = ${canonicalLocal}${style.semi ? ';' : ''}`;
        const lineEnd = sourceFile.text.slice(range.start, range.end).endsWith('\n') ? style.eol : '';
        edits.push({ start: range.start, end: range.end, text: styled(style, text) + lineEnd });
      } else {
        edits.push(deprecate(sourceFile, statement, task));
        const imported = importedLocals(sourceFile);
        for (const name of task.values ?? []) {
          if (!locals.has(name) && !imported.has(name)) imports.push({ specifier: task.canonical.specifier, imported: name, local: name });
        }
        const converter = task.converterName ?? `to${upperFirst(canonicalName(task))}From${upperFirst(task.name)}`;
        if (!locals.has(converter)) {
          edits.push({ start: statement.getEnd(), end: statement.getEnd(), text: style.eol + style.eol + styled(style, converterText(style, sourceFile, statement, task, declaration.local, canonicalLocal, converter)) });
        }
      }
      api.stats('shimsGenerated');
    }
    if (edits.length === 0) return undefined;
    // Imports first: a doc comment inserted at the same spot must stay with its declaration.
    edits.unshift(...addImports(sourceFile, style, imports));
    return pruneOrphans(sourceFile, applyEdits(file.text, edits), (t) => api.parse(file.path, t));
  },
});

function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function canonicalName(task: ConfigTypeTask): string {
  return task.canonical.name;
}


/** How this file names the canonical type: same module, an existing import, or a new type-only import. */
function canonicalBinding(
  task: ConfigTypeTask,
  sourceFile: ts.SourceFile,
  taken: Set<string>,
  locals: Map<string, unknown>,
  imports: ImportRequest[],
): string {
  if (task.canonical.specifier === '') return task.canonical.name;
  for (const [local, info] of importedLocals(sourceFile)) {
    if (info.specifier === task.canonical.specifier && info.imported === task.canonical.name) return local;
  }
  const planned = imports.find((r) => r.specifier === task.canonical.specifier && r.imported === task.canonical.name);
  if (planned) return planned.local;
  const preferred = task.canonical.name === 'default' || locals.has(task.canonical.name) || taken.has(task.canonical.name) ? `Canonical${upperFirst(task.canonical.name === 'default' ? task.name : task.canonical.name)}` : task.canonical.name;
  const local = freeName(taken, preferred);
  taken.add(local);
  imports.push({ specifier: task.canonical.specifier, imported: task.canonical.name, local, typeOnly: true });
  return local;
}

/** Adds `@deprecated` and `@ssot-shim` to the type's doc comment (or a new one). */
function deprecate(sourceFile: ts.SourceFile, statement: ts.Statement, task: ConfigTypeTask): TextEdit {
  const docs = (statement as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const eol = sourceFile.text.includes('\r\n') ? '\r\n' : '\n';
  const tags = [`@deprecated Use ${describeRef(task.canonical.ref)} instead; convert with the function below.`, `${SHIM_TAG} ${task.canonical.ref}`];
  if (docs && docs.length > 0) {
    const doc = docs[docs.length - 1]!;
    const text = doc.getText(sourceFile);
    const close = doc.getStart(sourceFile) + text.lastIndexOf('*/');
    if (text.includes('\n')) {
      const lineStart = sourceFile.text.lastIndexOf('\n', close - 1) + 1;
      return { start: lineStart, end: lineStart, text: tags.map((t) => ` * ${t}${eol}`).join('') };
    }
    // A one-line doc comment becomes a block.
    const summary = text.slice(3, -2).trim();
    return { start: doc.getStart(sourceFile), end: doc.getEnd(), text: ['/**', ` * ${summary}`, ...tags.map((t) => ` * ${t}`), ' */'].join(eol) };
  }
  const start = jsDocStart(statement);
  return { start, end: start, text: ['/**', ...tags.map((t) => ` * ${t}`), ' */', ''].join(eol) };
}

interface FieldInfo {
  name: string;
  optional: boolean;
}

function fieldsOf(statement: ts.InterfaceDeclaration | ts.TypeAliasDeclaration): FieldInfo[] | undefined {
  const members = ts.isInterfaceDeclaration(statement) ? statement.members : ts.isTypeLiteralNode(statement.type) ? statement.type.members : undefined;
  if (!members) return undefined;
  const fields: FieldInfo[] = [];
  for (const member of members) {
    if ((ts.isPropertySignature(member) || ts.isMethodSignature(member)) && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) {
      fields.push({ name: member.name.text, optional: member.questionToken !== undefined });
    }
  }
  return fields;
}

function converterText(
  style: FileStyle,
  sourceFile: ts.SourceFile,
  statement: ts.InterfaceDeclaration | ts.TypeAliasDeclaration,
  task: ConfigTypeTask,
  oldLocal: string,
  canonicalLocal: string,
  converter: string,
): string {
  void sourceFile;
  const semi = style.semi ? ';' : '';
  const fields = fieldsOf(statement) ?? [];
  const plain: string[] = [];
  const optional: string[] = [];
  for (const field of fields) {
    const mapped = task.fields && Object.prototype.hasOwnProperty.call(task.fields, field.name) ? task.fields[field.name] : field.name;
    if (mapped === null || mapped === undefined) continue;
    const target = parseValueTarget(mapped) ?? { name: mapped };
    const key = /^[A-Za-z_$][\w$]*$/.test(target.name) ? target.name : JSON.stringify(target.name);
    const read = /^[A-Za-z_$][\w$]*$/.test(field.name) ? `config.${field.name}` : `config[${JSON.stringify(field.name)}]`;
    const value = target.convert ? target.convert(read) : read;
    const fallback = task.defaults?.[target.name];
    // A required canonical field fed by an optional one takes the configured value when it is absent.
    if (field.optional && fallback !== undefined) plain.push(`    ${key}: ${read} !== undefined ? ${value} : ${fallback},`);
    // Optional fields are only set when present, so `exactOptionalPropertyTypes` projects accept it too.
    else if (field.optional) optional.push(`    ...(${read} !== undefined ? { ${key}: ${value} } : {}),`);
    else plain.push(`    ${key}: ${value},`);
  }
  const fed = new Set(fields.map((field) => {
    const mapped = task.fields && Object.prototype.hasOwnProperty.call(task.fields, field.name) ? task.fields[field.name] : field.name;
    return mapped === null || mapped === undefined ? undefined : (parseValueTarget(mapped)?.name ?? mapped);
  }));
  for (const [name, expression] of Object.entries(task.defaults ?? {})) {
    if (fed.has(name)) continue;
    plain.push(`    ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${expression},`);
  }
  return [
    `/** Converts a deprecated \`${task.name}\` to the canonical \`${task.canonical.name}\`. */`,
    `export function ${converter}(config: ${oldLocal}): ${canonicalLocal} {`,
    '  return {',
    ...plain,
    ...optional,
    `  }${semi}`,
    '}',
  ].join('\n');
}
