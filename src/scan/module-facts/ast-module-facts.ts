/**
 * Imports and exports of a parsed file, read from the compiler's nodes (the files that can hold a
 * finding are parsed anyway). Produces the same facts as the lexer pass for the same text.
 */
import { lineOf, ts } from '../../parser/ts.js';
import type { ExportFact, ImportBinding, ImportFact } from '../facts.js';
import { mayHaveModuleSyntax, type ModuleFacts } from './types.js';

type Omitted<T> = Omit<T, 'line'>;

/** Imports and exports of a parsed source file. */
export function astModuleFacts(sf: ts.SourceFile): ModuleFacts {
  const imports: ImportFact[] = [];
  const exports: ExportFact[] = [];
  if (!mayHaveModuleSyntax(sf.text)) return { imports, exports };
  /** Namespace-like locals: declaration node → facts whose members we collect. */
  const namespaces = new Map<string, { decls: Set<ts.Node>; facts: ImportFact[] }>();
  const addImport = (node: ts.Node, fact: Omitted<ImportFact>, namespaceName?: ts.Identifier): void => {
    const full = { ...fact, line: lineOf(sf, node.getStart(sf)) } as ImportFact;
    imports.push(full);
    if (namespaceName) {
      const entry = namespaces.get(namespaceName.text) ?? { decls: new Set(), facts: [] };
      entry.decls.add(namespaceName);
      entry.facts.push(full);
      namespaces.set(namespaceName.text, entry);
    }
  };
  const addExport = (node: ts.Node, fact: Omitted<ExportFact>): void => {
    exports.push({ ...fact, line: lineOf(sf, node.getStart(sf)) } as ExportFact);
  };

  for (const statement of sf.statements) topLevel(statement, addImport, addExport);

  const text = sf.text;
  if (text.includes('require') || text.includes('exports') || /\bimport\s*\(/.test(text)) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) callFacts(node, addImport);
      else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        if (commonJsAssignment(node, addExport)) return;
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(sf, visit);
  }
  if (namespaces.size > 0) collectNamespaceMembers(sf, namespaces);
  imports.sort((a, b) => a.line - b.line);
  exports.sort((a, b) => a.line - b.line);
  return { imports, exports };
}

type AddImport = (node: ts.Node, fact: Omitted<ImportFact>, namespaceName?: ts.Identifier) => void;
type AddExport = (node: ts.Node, fact: Omitted<ExportFact>) => void;

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function nameText(name: ts.ModuleExportName | ts.Identifier): string {
  return ts.isIdentifier(name) ? name.text : name.text;
}

function topLevel(statement: ts.Statement, addImport: AddImport, addExport: AddExport): void {
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

function stringArgument(call: ts.CallExpression): string | undefined {
  const arg = call.arguments[0];
  if (!arg) return undefined;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  return undefined;
}

function skipParentheses(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

function isRequireCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && stringArgument(node) !== undefined;
}

/** `require('x')` and `import('x')` anywhere in the file. */
function callFacts(call: ts.CallExpression, addImport: AddImport): void {
  const dynamic = call.expression.kind === ts.SyntaxKind.ImportKeyword;
  if (!dynamic && !isRequireCall(call)) return;
  const specifier = stringArgument(call);
  if (specifier === undefined) return;
  // `module.exports = require()`, `exports.x = require()` and `module.exports = { x: require() }` are
  // re-exports, recorded with the assignment.
  if (!dynamic && isReExportedRequire(call)) return;
  const kind = dynamic ? 'dynamic' : 'require';
  let value: ts.Node = skipParentheses(call);
  const awaited = dynamic && ts.isAwaitExpression(value.parent);
  if (awaited) value = skipParentheses(value.parent);
  const parent = value.parent;
  const nodeForLine = dynamic ? call : call.expression;

  if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === value && (awaited || !dynamic)) {
    // `require('x').X`, `(await import('x')).X`
    const member = parent.name.text;
    const holder = skipParentheses(parent).parent;
    const target = holder && ts.isVariableDeclaration(holder) ? holder.name : holder && ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken ? holder.left : undefined;
    const local = !dynamic && target && ts.isIdentifier(target) ? target.text : member;
    addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: [{ imported: member, local }] });
    return;
  }
  if (!dynamic || awaited) {
    const bound = bindTarget(parent, value);
    if (bound) {
      addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: bound.bindings }, bound.namespace);
      return;
    }
  }
  if (dynamic && parent && ts.isPropertyAccessExpression(parent) && parent.name.text === 'then' && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
    const callback = parent.parent.arguments[0];
    const param = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback.parameters[0] : undefined;
    if (param && ts.isIdentifier(param.name)) {
      addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: [{ imported: '*', local: param.name.text }] }, param.name);
      return;
    }
    if (param && ts.isObjectBindingPattern(param.name)) {
      const pattern = patternBindings(param.name);
      if (pattern && !pattern.rest) {
        addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: pattern.bindings });
        return;
      }
    }
  }
  if (!dynamic && parent && ts.isExpressionStatement(parent)) {
    addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: [] });
    return;
  }
  addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: [{ imported: '*', local: '' }] });
}

/** A `require()` (or `require().member`) that is the whole value of a CommonJS export. */
function isReExportedRequire(call: ts.CallExpression): boolean {
  let value: ts.Node = skipParentheses(call);
  if (ts.isPropertyAccessExpression(value.parent) && value.parent.expression === value) value = skipParentheses(value.parent);
  const parent = value.parent;
  if (ts.isBinaryExpression(parent) && parent.right === value) return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && commonJsTarget(parent.left) !== undefined;
  const isSpread = ts.isSpreadAssignment(parent) && value === call;
  if (!ts.isPropertyAssignment(parent) && !isSpread) return false;
  const object = parent.parent;
  const assignment = object && skipParentheses(object).parent;
  return !!assignment && ts.isBinaryExpression(assignment) && commonJsTarget(assignment.left) === 'default';
}

/** `const m = <value>`, `m = <value>`, `const { a, b: c } = <value>`. */
function bindTarget(parent: ts.Node | undefined, value: ts.Node): { bindings: ImportBinding[]; namespace?: ts.Identifier } | null {
  if (!parent) return null;
  let target: ts.Node | undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === value) target = parent.name;
  else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === value) target = parent.left;
  if (!target) return null;
  if (ts.isIdentifier(target)) return { bindings: [{ imported: '*', local: target.text }], namespace: target };
  if (ts.isObjectBindingPattern(target)) {
    const pattern = patternBindings(target);
    if (!pattern) return null;
    if (pattern.rest) return { bindings: [...pattern.bindings, { imported: '*', local: pattern.rest.text }], namespace: pattern.rest };
    return { bindings: pattern.bindings };
  }
  if (ts.isPropertyAccessExpression(target)) return { bindings: [{ imported: '*', local: '' }] };
  if (ts.isObjectLiteralExpression(target)) {
    // Destructuring assignment: `({ default: x, y } = await import('m'))`.
    const bindings: ImportBinding[] = [];
    for (const property of target.properties) {
      if (ts.isShorthandPropertyAssignment(property)) bindings.push({ imported: property.name.text, local: property.name.text });
      else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        bindings.push({ imported: property.name.text, local: property.initializer.text });
      } else return null;
    }
    return { bindings };
  }
  return null;
}

function patternBindings(pattern: ts.ObjectBindingPattern): { bindings: ImportBinding[]; rest?: ts.Identifier } | null {
  const bindings: ImportBinding[] = [];
  let rest: ts.Identifier | undefined;
  for (const element of pattern.elements) {
    if (!ts.isIdentifier(element.name)) return null;
    if (element.dotDotDotToken) {
      rest = element.name;
      continue;
    }
    const key = element.propertyName ?? element.name;
    if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) return null;
    bindings.push({ imported: key.text, local: element.name.text });
  }
  return rest ? { bindings, rest } : { bindings };
}

/** `module.exports` → `default`; `module.exports.x` / `exports.x` / `module.exports['x']` → `x`. */
function commonJsTarget(left: ts.Expression): string | undefined {
  const isModuleExports = (node: ts.Node): boolean =>
    ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
  if (isModuleExports(left)) return 'default';
  if (ts.isPropertyAccessExpression(left)) {
    const object = left.expression;
    if (isModuleExports(object) || (ts.isIdentifier(object) && object.text === 'exports')) return left.name.text;
  }
  if (ts.isElementAccessExpression(left) && isModuleExports(left.expression) && ts.isStringLiteral(left.argumentExpression)) return left.argumentExpression.text;
  return undefined;
}

/** CommonJS exports; returns true when the assignment was an export (its children need no visit). */
function commonJsAssignment(node: ts.BinaryExpression, addExport: AddExport): boolean {
  const name = commonJsTarget(node.left);
  if (name === undefined) return false;
  const value = node.right;
  const required = requireValue(value);
  if (required) {
    if (name === 'default' && required.member === undefined) {
      addExport(node, { name: '*', from: required.specifier, imported: '*' });
      addExport(node, { name: 'default', from: required.specifier, imported: 'default' });
    } else {
      addExport(node, { name, from: required.specifier, imported: required.member ?? 'default' });
    }
    return true;
  }
  if (name === 'default' && ts.isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = requireValue(property.expression);
        if (spread && spread.member === undefined) addExport(node, { name: '*', from: spread.specifier, imported: '*' });
        continue;
      }
      const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) || ts.isNumericLiteral(property.name)) ? property.name.text : undefined;
      if (key === undefined) continue;
      if (ts.isShorthandPropertyAssignment(property)) addExport(node, { name: key, local: key });
      else if (ts.isPropertyAssignment(property)) {
        const inner = requireValue(property.initializer);
        if (inner) addExport(node, { name: key, from: inner.specifier, imported: inner.member ?? 'default' });
        else if (ts.isIdentifier(property.initializer)) addExport(node, { name: key, local: property.initializer.text });
        else addExport(node, { name: key });
      } else addExport(node, { name: key });
    }
    return false;
  }
  const declared =
    (ts.isClassExpression(value) || ts.isFunctionExpression(value)) && value.name ? value.name.text : ts.isIdentifier(value) ? value.text : undefined;
  addExport(node, declared === undefined ? { name } : { name, local: declared });
  return false;
}

function requireValue(node: ts.Expression): { specifier: string; member?: string } | null {
  if (isRequireCall(node)) return { specifier: stringArgument(node)! };
  if (ts.isPropertyAccessExpression(node) && isRequireCall(node.expression)) return { specifier: stringArgument(node.expression)!, member: node.name.text };
  return null;
}

/** Fills `namespaceMembers` from `ns.X` uses; any other use of `ns` leaves them unknown. */
function collectNamespaceMembers(sf: ts.SourceFile, namespaces: Map<string, { decls: Set<ts.Node>; facts: ImportFact[] }>): void {
  const members = new Map<string, Set<string>>();
  const unknown = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const entry = namespaces.get(node.text);
      if (entry && !entry.decls.has(node)) {
        const parent = node.parent;
        const isPropertyName =
          (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isQualifiedName(parent) && parent.right === node);
        if (!isPropertyName) {
          let member: string | undefined;
          if (ts.isPropertyAccessExpression(parent) && parent.expression === node) member = parent.name.text;
          else if (ts.isQualifiedName(parent) && parent.left === node) member = parent.right.text;
          if (member === undefined) unknown.add(node.text);
          else (members.get(node.text) ?? members.set(node.text, new Set()).get(node.text)!).add(member);
        }
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  for (const [name, entry] of namespaces) {
    for (const fact of entry.facts) {
      if (unknown.has(name)) delete fact.namespaceMembers;
      else fact.namespaceMembers = [...(members.get(name) ?? [])].sort();
    }
  }
}
