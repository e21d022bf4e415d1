/**
 * The public surface of a declaration, read from its source: members of a class (with those of base
 * classes it can follow), constructor and function parameters, the keys of options objects, and the
 * fields of config types. The planner compares a superseded symbol with its canonical on this.
 */
import { ts } from '../../../parser/ts.js';
import { findExportedDeclaration, localDeclarations } from '../codemod-utils/declarations.js';
import { moduleSpecifierOf } from '../codemod-utils/imports.js';

export type ApiKind = 'class' | 'function' | 'interface' | 'type' | 'variable' | 'enum' | 'unknown';

export interface FieldInfo {
  optional: boolean;
  /** Type text with whitespace removed. */
  type: string;
}

export interface ParamShape {
  /** Type text with whitespace removed (`any` when not annotated). */
  type: string;
  optional: boolean;
  rest: boolean;
  /** The default value as written, when the parameter has one. */
  initializer?: string;
}

export interface DeclarationApi {
  kind: ApiKind;
  /** Interface or type alias: imports of it must be type-only. */
  typeOnly: boolean;
  /** Public instance members (methods, properties, accessors, parameter properties). */
  members: Set<string>;
  /** The public instance members that are methods (the rest is state an adapter can keep itself). */
  methods: Set<string>;
  /**
   * Member signatures without parameter names (`(()=>Promise<T>)=>Promise<T>` for a method, the type for a
   * property or accessor), for members with written types; statics are keyed `static name`.
   */
  signatures: Map<string, string>;
  statics: Set<string>;
  /** Fields of a config type (or of the object type a variable is declared with). */
  fields: Map<string, FieldInfo>;
  /** Option keys the constructor or function accepts in an options object; null when unknown. */
  options: Set<string> | null;
  /** Constructor (classes) or call (functions) parameters; null when unknown. */
  params: ParamShape[] | null;
  /** Extends or mixes in something that could not be followed: members may be missing from the lists. */
  open: boolean;
  /** 1-based line of the declaration. */
  line: number;
  /** Names of the declaration's type parameters (`T`, `A`...), which only exist inside it. */
  typeParams?: string[];
  /** A generator function (`function*`): a call returns an iterator, whatever its parameters. */
  generator?: boolean;
}

export interface ApiSourceReader {
  /** Parsed module (path relative to the root), or null. */
  source(path: string): ts.SourceFile | null;
  /** Resolves an import specifier written in `from` to a file, or null. */
  resolve(from: string, specifier: string): string | null;
}

function emptyApi(kind: ApiKind, line: number): DeclarationApi {
  return { kind, typeOnly: kind === 'interface' || kind === 'type', members: new Set(), methods: new Set(), signatures: new Map(), statics: new Set(), fields: new Map(), options: null, params: null, open: false, line };
}

function isPublic(node: ts.Node): boolean {
  const name = (node as { name?: ts.Node }).name;
  if (name && ts.isPrivateIdentifier(name)) return false;
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
}

function hasStatic(node: ts.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

function propertyName(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

const compact = (text: string): string => text.replace(/\s+/g, '');

/** A member's signature without parameter names; undefined when a type is left to inference. */
function memberSignature(sourceFile: ts.SourceFile, member: ts.ClassElement): string | undefined {
  if (ts.isMethodDeclaration(member)) {
    if (!member.type) return undefined;
    const typeParams = member.typeParameters ? `<${member.typeParameters.map((t) => compact(t.getText(sourceFile))).join(',')}>` : '';
    const params = member.parameters.map((p) => `${p.dotDotDotToken ? '...' : ''}${compact(p.type?.getText(sourceFile) ?? 'any')}${p.questionToken || p.initializer ? '?' : ''}`);
    return `${typeParams}(${params.join(',')})=>${compact(member.type.getText(sourceFile))}`;
  }
  if (ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) return member.type ? compact(member.type.getText(sourceFile)) : undefined;
  return undefined;
}

function paramShapes(sourceFile: ts.SourceFile, parameters: ts.NodeArray<ts.ParameterDeclaration>): ParamShape[] {
  return parameters
    .filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'))
    .map((p) => ({
      type: compact(p.type?.getText(sourceFile) ?? 'any'),
      optional: p.questionToken !== undefined || p.initializer !== undefined,
      rest: p.dotDotDotToken !== undefined,
      ...(p.initializer ? { initializer: p.initializer.getText(sourceFile) } : {}),
    }));
}

/** Reads the API of the symbol exported as `name` from `path`. */
export function readApi(reader: ApiSourceReader, path: string, name: string, depth = 0): DeclarationApi | null {
  const sourceFile = reader.source(path);
  if (!sourceFile || depth > 4) return null;
  const declaration = findExportedDeclaration(sourceFile, name);
  if (!declaration) return commonJsExpressionApi(reader, path, sourceFile, name, depth);
  if (declaration.kind === 'reexport') {
    const statement = declaration.statement as ts.ExportDeclaration;
    const specifier = moduleSpecifierOf(statement);
    const target = specifier === undefined ? null : reader.resolve(path, specifier);
    return target ? readApi(reader, target, declaration.local, depth + 1) : null;
  }
  return apiOfStatement(reader, path, sourceFile, declaration.statement, declaration.variable, depth);
}

/**
 * A class or function a CommonJS module exports as an expression (`module.exports = class Breaker {}`
 * for `default`, `exports.retry = function retry() {}`): without its API the planner could not tell a
 * compatible duplicate from one whose members differ.
 */
function commonJsExpressionApi(reader: ApiSourceReader, path: string, sourceFile: ts.SourceFile, name: string, depth: number): DeclarationApi | null {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, right, operatorToken } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const target = left.getText(sourceFile);
    const exported = target === 'module.exports' ? 'default' : /^(module\.)?exports\.[A-Za-z_$][\w$]*$/.test(target) ? target.slice(target.lastIndexOf('.') + 1) : undefined;
    if (exported !== name) continue;
    const line = sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line + 1;
    if (ts.isClassExpression(right)) return classApi(reader, path, sourceFile, right, line, depth);
    if (ts.isFunctionExpression(right) || ts.isArrowFunction(right)) {
      const api = emptyApi('function', line);
      api.params = paramShapes(sourceFile, right.parameters);
      api.options = optionKeys(reader, path, sourceFile, right.parameters, depth);
      return api;
    }
  }
  return null;
}

function apiOfStatement(
  reader: ApiSourceReader,
  path: string,
  sourceFile: ts.SourceFile,
  statement: ts.Statement,
  variable: ts.VariableDeclaration | undefined,
  depth: number,
): DeclarationApi {
  const line = sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line + 1;
  if (ts.isClassDeclaration(statement)) return classApi(reader, path, sourceFile, statement, line, depth);
  if (ts.isFunctionDeclaration(statement)) {
    const api = emptyApi('function', line);
    api.params = paramShapes(sourceFile, statement.parameters);
    if (statement.typeParameters) api.typeParams = statement.typeParameters.map((t) => t.name.text);
    if (statement.asteriskToken) api.generator = true;
    api.options = optionKeys(reader, path, sourceFile, statement.parameters, depth);
    // `function Fuse() {}` + `Fuse.prototype.run = ...`: a constructor, used with `new` like a class.
    const prototypeMethods = statement.name ? prototypeAssignments(sourceFile, statement.name.text) : [];
    if (prototypeMethods.length > 0) {
      api.kind = 'class';
      for (const name of prototypeMethods) {
        api.members.add(name);
        api.methods.add(name);
      }
      api.open = true; // the fields it sets on `this` are not listed
    }
    return api;
  }
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
    const api = emptyApi(ts.isInterfaceDeclaration(statement) ? 'interface' : 'type', line);
    const fields = typeFields(reader, path, sourceFile, statement, depth);
    api.fields = fields.fields;
    api.open = fields.open;
    for (const name of fields.fields.keys()) api.members.add(name);
    return api;
  }
  if (ts.isEnumDeclaration(statement)) return emptyApi('enum', line);
  if (variable) {
    const api = emptyApi('variable', line);
    const init = variable.initializer;
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
      api.kind = 'function';
      api.params = paramShapes(sourceFile, init.parameters);
      if (init.typeParameters) api.typeParams = init.typeParameters.map((t) => t.name.text);
      if (ts.isFunctionExpression(init) && init.asteriskToken) api.generator = true;
      api.options = optionKeys(reader, path, sourceFile, init.parameters, depth);
    } else if (init && ts.isObjectLiteralExpression(init)) {
      for (const property of init.properties) {
        const name = propertyName(property.name as ts.PropertyName | undefined);
        if (name) api.members.add(name);
      }
    } else if (init && ts.isClassExpression(init)) {
      return classApi(reader, path, sourceFile, init, line, depth);
    } else {
      api.open = true;
    }
    return api;
  }
  return emptyApi('unknown', line);
}

function classApi(reader: ApiSourceReader, path: string, sourceFile: ts.SourceFile, node: ts.ClassLikeDeclaration, line: number, depth: number): DeclarationApi {
  const api = emptyApi('class', line);
  if (node.typeParameters) api.typeParams = node.typeParameters.map((t) => t.name.text);
  for (const member of node.members) {
    if (ts.isConstructorDeclaration(member) && member.body) {
      api.params = paramShapes(sourceFile, member.parameters);
      api.options = optionKeys(reader, path, sourceFile, member.parameters, depth);
      for (const p of member.parameters) {
        const modifiers = ts.getModifiers(p);
        if (modifiers?.length && isPublic(p) && ts.isIdentifier(p.name)) {
          api.members.add(p.name.text);
          if (p.type) api.signatures.set(p.name.text, compact(p.type.getText(sourceFile)));
        }
      }
      continue;
    }
    if (!isPublic(member)) continue;
    const name = propertyName(member.name);
    if (!name) continue;
    (hasStatic(member) ? api.statics : api.members).add(name);
    if (!hasStatic(member) && ts.isMethodDeclaration(member)) api.methods.add(name);
    const signature = memberSignature(sourceFile, member);
    if (signature !== undefined) api.signatures.set(hasStatic(member) ? `static ${name}` : name, signature);
  }
  const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  const base = heritage?.types[0]?.expression;
  if (base) {
    const baseApi = ts.isIdentifier(base) ? resolveLocalOrImported(reader, path, sourceFile, base.text, depth) : null;
    if (baseApi && baseApi.kind === 'class') {
      for (const m of baseApi.members) api.members.add(m);
      for (const m of baseApi.methods) api.methods.add(m);
      for (const [k, v] of baseApi.signatures) if (!api.signatures.has(k)) api.signatures.set(k, v);
      for (const m of baseApi.statics) api.statics.add(m);
      if (api.params === null) {
        api.params = baseApi.params;
        api.options = baseApi.options;
      }
      api.open = baseApi.open;
    } else {
      api.open = true;
    }
  }
  return api;
}

/** The API of a name visible in a module: declared there, or imported from a file the reader resolves. */
function resolveLocalOrImported(reader: ApiSourceReader, path: string, sourceFile: ts.SourceFile, name: string, depth: number): DeclarationApi | null {
  if (depth > 4) return null;
  const local = localDeclarations(sourceFile).get(name);
  if (local) return apiOfStatement(reader, path, sourceFile, local.statement, local.variable, depth + 1);
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const specifier = moduleSpecifierOf(statement);
    const named = statement.importClause.namedBindings;
    if (!specifier || !named || !ts.isNamedImports(named)) continue;
    const element = named.elements.find((e) => e.name.text === name);
    if (!element) continue;
    const target = reader.resolve(path, specifier);
    return target ? readApi(reader, target, (element.propertyName ?? element.name).text, depth + 1) : null;
  }
  return null;
}

function typeFields(
  reader: ApiSourceReader,
  path: string,
  sourceFile: ts.SourceFile,
  statement: ts.InterfaceDeclaration | ts.TypeAliasDeclaration,
  depth: number,
): { fields: Map<string, FieldInfo>; open: boolean } {
  const fields = new Map<string, FieldInfo>();
  let open = false;
  const addMembers = (members: ts.NodeArray<ts.TypeElement>): void => {
    for (const member of members) {
      const name = propertyName(member.name);
      if (!name) continue;
      const type = ts.isPropertySignature(member) ? member.type?.getText(sourceFile) ?? 'any' : ts.isMethodSignature(member) ? 'method' : 'any';
      fields.set(name, { optional: member.questionToken !== undefined, type: compact(type) });
    }
  };
  const addType = (type: ts.TypeNode): void => {
    if (ts.isTypeLiteralNode(type)) addMembers(type.members);
    else if (ts.isIntersectionTypeNode(type)) type.types.forEach(addType);
    else if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
      const base = resolveLocalOrImported(reader, path, sourceFile, type.typeName.text, depth);
      if (base && (base.kind === 'interface' || base.kind === 'type')) {
        for (const [k, v] of base.fields) if (!fields.has(k)) fields.set(k, v);
        open ||= base.open;
      } else open = true;
    } else open = true;
  };
  if (ts.isInterfaceDeclaration(statement)) {
    addMembers(statement.members);
    for (const heritage of statement.heritageClauses ?? []) {
      for (const type of heritage.types) {
        const base = ts.isIdentifier(type.expression) ? resolveLocalOrImported(reader, path, sourceFile, type.expression.text, depth) : null;
        if (base && (base.kind === 'interface' || base.kind === 'type')) {
          for (const [k, v] of base.fields) if (!fields.has(k)) fields.set(k, v);
          open ||= base.open;
        } else open = true;
      }
    }
  } else {
    addType(statement.type);
  }
  return { fields, open };
}

/** Keys of the options-object parameter (the last one typed with an object type), when readable. */
function optionKeys(reader: ApiSourceReader, path: string, sourceFile: ts.SourceFile, parameters: ts.NodeArray<ts.ParameterDeclaration>, depth: number): Set<string> | null {
  for (let i = parameters.length - 1; i >= 0; i--) {
    const type = parameters[i]!.type;
    if (!type) continue;
    let inner: ts.TypeNode = type;
    if (ts.isTypeReferenceNode(inner) && ts.isIdentifier(inner.typeName) && ['Partial', 'Readonly', 'Required'].includes(inner.typeName.text) && inner.typeArguments?.[0]) {
      inner = inner.typeArguments[0];
    }
    if (ts.isTypeLiteralNode(inner)) {
      return new Set(inner.members.map((m) => propertyName(m.name)).filter((n): n is string => n !== undefined));
    }
    if (ts.isTypeReferenceNode(inner) && ts.isIdentifier(inner.typeName)) {
      const resolved = resolveLocalOrImported(reader, path, sourceFile, inner.typeName.text, depth);
      if (resolved && (resolved.kind === 'interface' || resolved.kind === 'type') && !resolved.open) return new Set(resolved.fields.keys());
    }
  }
  return null;
}

/** Names assigned on `name.prototype` at the top level of the module (`Fuse.prototype.run = ...`). */
function prototypeAssignments(sourceFile: ts.SourceFile, name: string): string[] {
  const names: string[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, operatorToken } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
    const target = left.expression;
    if (ts.isPropertyAccessExpression(target) && target.name.text === 'prototype' && ts.isIdentifier(target.expression) && target.expression.text === name) names.push(left.name.text);
  }
  return names;
}
