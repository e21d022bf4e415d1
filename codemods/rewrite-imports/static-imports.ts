/**
 * `import ... from` declarations (named, aliased, default, type-only, namespace) and TS
 * `import x = require()`: moved bindings go to the canonical module under their old local names,
 * merged into an existing import of it when there is one; emptied imports disappear.
 */
import { statementLineRange, removeListElements, type TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { appendToNamedImports, freeName, isReference, moduleSpecifierOf, untypeDeclarationEdits } from '../../src/migrate/plan/codemod-utils/imports.js';
import { endStatement, quoted } from '../../src/migrate/plan/codemod-utils/style.js';
import { findUsages, localReference, namespaceReference, usesBinding } from '../../src/migrate/plan/codemod-utils/usages.js';
import type { ImportTarget, SymbolMove } from '../../src/migrate/plan/codemod-options.js';
import { ts } from '../../src/parser/ts.js';
import { followUses, specifierLiteral, specifierText, type PassContext } from './context.js';

/** A binding leaving its declaration. */
interface Leaving {
  imported: string;
  local: string;
  typeOnly: boolean;
  to: ImportTarget;
  /** Index in the named elements, or -1 for the default binding, -2 for a namespace-derived binding. */
  index: number;
}

interface DeclarationFate {
  statement: ts.ImportDeclaration | ts.ImportEqualsDeclaration;
  leaving: Leaving[];
  /** Every binding leaves (or the namespace is no longer used): the declaration goes. */
  removeAll: boolean;
  /** The declaration is kept and rewritten to the target in place. */
  inPlace?: ImportTarget;
  /** New declaration lines to write after (or instead of) this one. */
  after: string[];
}

export function rewriteStaticImports(context: PassContext): void {
  const { sourceFile } = context;
  const fates: DeclarationFate[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const fate = importDeclarationFate(context, statement);
      if (fate) fates.push(fate);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const specifier = moduleSpecifierOf(statement);
      const moves = specifier === undefined ? undefined : context.moves.get(specifier);
      if (moves) {
        const fate = namespaceFate(context, statement, statement.name.text, moves);
        if (fate) fates.push(fate);
      }
    }
  }
  if (fates.length === 0) return;
  placeLeavingBindings(context, fates);
  for (const fate of fates) emitFate(context, fate);
}

function importDeclarationFate(context: PassContext, statement: ts.ImportDeclaration): DeclarationFate | undefined {
  const specifier = moduleSpecifierOf(statement);
  const moves = specifier === undefined ? undefined : context.moves.get(specifier);
  const clause = statement.importClause;
  if (!moves || !clause) return undefined;
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) {
    if (clause.name) return undefined; // `import d, * as ns` is rare: left alone (the shim keeps it working)
    return namespaceFate(context, statement, named.name.text, moves);
  }
  const declTypeOnly = clause.isTypeOnly;
  const leaving: Leaving[] = [];
  let total = 0;
  if (clause.name) {
    total++;
    const move = moves.get('default');
    if (move && acceptUses(context, localReference(clause.name.text), move)) {
      leaving.push({ imported: 'default', local: clause.name.text, typeOnly: declTypeOnly || move.to.typeOnly === true, to: move.to, index: -1 });
    }
  }
  if (named && ts.isNamedImports(named)) {
    named.elements.forEach((element, index) => {
      total++;
      const imported = (element.propertyName ?? element.name).text;
      const move = moves.get(imported);
      const local = move ? templatedLocal(context, element.name.text, move) : element.name.text;
      if (move && acceptUses(context, localReference(element.name.text), move, local === element.name.text ? undefined : local)) {
        const typeOnly = declTypeOnly || element.isTypeOnly || move.to.typeOnly === true;
        if (local !== element.name.text) context.taken.add(local);
        leaving.push({ imported, local, typeOnly, to: move.to, index });
      }
    });
  }
  if (leaving.length === 0) return undefined;
  const removeAll = leaving.length === total;
  const fate: DeclarationFate = { statement, leaving, removeAll, after: [] };
  const targets = new Set(leaving.map((l) => l.to.specifier));
  const onlyNamed = leaving.every((l) => l.index >= 0 && l.to.name !== 'default');
  if (removeAll && targets.size === 1 && onlyNamed) fate.inPlace = leaving[0]!.to;
  return fate;
}

/** Applies the usage mapping edits of a binding if all of its uses can follow. */
function acceptUses(context: PassContext, isRef: (node: ts.Node) => boolean, move: SymbolMove, targetText?: string): boolean {
  const edits = followUses(context, isRef, move, targetText);
  if (edits === null) return false;
  context.edits.push(...edits);
  return true;
}

/**
 * `import * as ns` / `import ns = require()`: each `ns.Moved` becomes a local bound to the canonical; the
 * namespace import goes when nothing else uses it.
 */
function namespaceFate(
  context: PassContext,
  statement: ts.ImportDeclaration | ts.ImportEqualsDeclaration,
  namespace: string,
  moves: Map<string, SymbolMove>,
): DeclarationFate | undefined {
  const { sourceFile } = context;
  const uses: Array<{ node: ts.PropertyAccessExpression | ts.QualifiedName; member: string; inType: boolean }> = [];
  let otherUses = 0;
  const visit = (node: ts.Node): void => {
    if (node === statement) return;
    if (ts.isIdentifier(node) && node.text === namespace && isReference(node)) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node && moves.has(parent.name.text)) {
        uses.push({ node: parent, member: parent.name.text, inType: false });
      } else if (ts.isQualifiedName(parent) && parent.left === node && moves.has(parent.right.text)) {
        uses.push({ node: parent, member: parent.right.text, inType: isInTypePosition(parent) });
      } else {
        otherUses++;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (uses.length === 0) return undefined;
  const leaving: Leaving[] = [];
  const members = [...new Set(uses.map((u) => u.member))].sort();
  // The uses are rewritten anyway, so they name the canonical by its own name (`legacy.CircuitBreaker`
  // becomes `UnifiedCircuitBreaker`, not an alias keeping the old name), or by the local an import of the
  // file already binds it to; the old member's name only when the canonical's is taken.
  const chosen = new Map<string, Leaving>();
  for (const member of members) {
    const move = moves.get(member)!;
    const target = `${move.to.specifier}\u0000${move.to.name}`;
    const existing = chosen.get(target)?.local ?? importedLocal(sourceFile, move.to.specifier, move.to.name);
    const named = move.to.name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(move.to.name) && !context.taken.has(move.to.name) ? move.to.name : undefined;
    const local = existing ?? named ?? freeName(context.taken, member);
    const before = context.edits.length;
    // Call templates name the canonical by the local the namespace use becomes.
    if (!acceptUses(context, namespaceReference(namespace, member), move, local)) {
      otherUses += uses.filter((u) => u.member === member).length;
      continue;
    }
    context.taken.add(local);
    const templated = context.edits.slice(before);
    const memberUses = uses.filter((u) => u.member === member);
    for (const use of memberUses) {
      const start = use.node.getStart(sourceFile);
      // A use inside a rewritten call is already part of the template's text.
      if (templated.some((edit) => edit.start <= start && use.node.getEnd() <= edit.end)) continue;
      context.edits.push({ start, end: use.node.getEnd(), text: local });
    }
    const typeOnly = move.to.typeOnly === true || memberUses.every((u) => u.inType);
    const earlier = chosen.get(target);
    if (earlier) earlier.typeOnly = earlier.typeOnly && typeOnly;
    else if (existing === undefined) {
      const leave: Leaving = { imported: member, local, typeOnly, to: move.to, index: -2 };
      chosen.set(target, leave);
      leaving.push(leave);
    }
  }
  if (leaving.length === 0) return undefined;
  return { statement, leaving, removeAll: otherUses === 0, after: [] };
}

function isInTypePosition(node: ts.Node): boolean {
  let current: ts.Node | undefined = node.parent;
  while (current && ts.isQualifiedName(current)) current = current.parent;
  return current !== undefined && (ts.isTypeReferenceNode(current) || ts.isTypeQueryNode(current) || ts.isExpressionWithTypeArguments(current));
}

/** Decides where each leaving binding goes: an existing import of the target, the declaration itself, or a new one. */
function placeLeavingBindings(context: PassContext, fates: DeclarationFate[]): void {
  const { sourceFile, style } = context;
  const hostAdds = new Map<ts.NamedImports | ts.ImportClause, string[]>();
  const untyped = new Set<ts.ImportClause>();
  const rewritten = new Set<ts.Statement>(fates.map((f) => f.statement));
  const existingHost = (specifier: string, typeOnly: boolean) => findExistingHost(sourceFile, specifier, typeOnly, rewritten);
  const inPlaceHosts = new Map<string, DeclarationFate>();
  for (const fate of fates) {
    if (!fate.inPlace) continue;
    const allTypes = fate.leaving.every((l) => l.typeOnly);
    // Merging into an existing import of the canonical module beats rewriting this one in place.
    if (existingHost(fate.inPlace.specifier, allTypes)) fate.inPlace = undefined;
    else if (!inPlaceHosts.has(fate.inPlace.specifier)) inPlaceHosts.set(fate.inPlace.specifier, fate);
  }
  for (const fate of fates) {
    if (fate.inPlace && inPlaceHosts.get(fate.inPlace.specifier) !== fate) fate.inPlace = undefined;
  }
  const newLines = new Map<string, { fate: DeclarationFate; typeOnly: boolean; parts: string[]; defaultLocal?: string }>();
  for (const fate of fates) {
    for (const leave of fate.leaving) {
      if (fate.inPlace && fate.inPlace.specifier === leave.to.specifier && leave.index >= 0) continue; // rewritten in place
      if (leave.to.name === 'default') {
        const key = `${leave.to.specifier}\u0000default\u0000${leave.local}`;
        if (!newLines.has(key)) newLines.set(key, { fate, typeOnly: leave.typeOnly, parts: [], defaultLocal: leave.local });
        continue;
      }
      const host = existingHost(leave.to.specifier, leave.typeOnly);
      if (host) {
        if (host.has.has(`${leave.to.name} as ${leave.local}`)) continue;
        if (host.untype && !untyped.has(host.untype)) {
          untyped.add(host.untype);
          context.edits.push(...untypeDeclarationEdits(sourceFile, host.untype));
        }
        const list = hostAdds.get(host.node) ?? [];
        list.push(specifierText(leave.to.name, leave.local, leave.typeOnly && !host.typeOnlyDecl && style.typescript));
        hostAdds.set(host.node, list);
        continue;
      }
      const inPlace = inPlaceHosts.get(leave.to.specifier);
      if (inPlace && inPlace !== fate && (leave.typeOnly || !isTypeOnlyDecl(inPlace.statement))) {
        inPlace.after.push(`\u0000${specifierText(leave.to.name, leave.local, leave.typeOnly && style.typescript && !isTypeOnlyDecl(inPlace.statement))}`);
        continue;
      }
      const typeOnly = leave.typeOnly && style.typescript;
      const key = `${leave.to.specifier}\u0000${typeOnly ? 'type' : 'value'}`;
      const entry = newLines.get(key) ?? { fate, typeOnly, parts: [] };
      entry.parts.push(specifierText(leave.to.name, leave.local, false));
      newLines.set(key, entry);
    }
  }
  for (const [node, texts] of hostAdds) {
    if (ts.isNamedImports(node)) context.edits.push(appendToNamedImports(sourceFile, node, texts));
    else context.edits.push({ start: node.name!.getEnd(), end: node.name!.getEnd(), text: `, { ${texts.join(', ')} }` });
  }
  // Value imports before type-only ones, each in first-seen order.
  const ordered = [...newLines].sort((a, b) => Number(a[1].typeOnly) - Number(b[1].typeOnly));
  for (const [key, entry] of ordered) {
    const specifier = key.split('\u0000')[0]!;
    const from = quoted(style, specifier);
    const line = entry.defaultLocal
      ? `import ${entry.typeOnly && style.typescript ? 'type ' : ''}${entry.defaultLocal} from ${from}`
      : `import ${entry.typeOnly ? 'type ' : ''}{ ${entry.parts.join(', ')} } from ${from}`;
    entry.fate.after.push(endStatement(style, line));
  }
}

function isTypeOnlyDecl(statement: ts.ImportDeclaration | ts.ImportEqualsDeclaration): boolean {
  return ts.isImportDeclaration(statement) ? statement.importClause?.isTypeOnly === true : statement.isTypeOnly;
}

/** An import of `specifier` that can take more named bindings. */
function findExistingHost(
  sourceFile: ts.SourceFile,
  specifier: string,
  typeOnly: boolean,
  exclude: ReadonlySet<ts.Statement>,
): { node: ts.NamedImports | ts.ImportClause; typeOnlyDecl: boolean; has: Set<string>; untype?: ts.ImportClause } | undefined {
  let typeHost: { node: ts.NamedImports; typeOnlyDecl: boolean; has: Set<string>; untype?: ts.ImportClause } | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || moduleSpecifierOf(statement) !== specifier || !statement.importClause) continue;
    if (exclude.has(statement)) continue;
    const clause = statement.importClause;
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) continue;
    const has = new Set<string>();
    if (named && ts.isNamedImports(named)) for (const e of named.elements) has.add(`${(e.propertyName ?? e.name).text} as ${e.name.text}`);
    if (clause.isTypeOnly) {
      if (typeOnly && named && ts.isNamedImports(named)) typeHost = { node: named, typeOnlyDecl: true, has };
      // A value binding joins an `import type { ... }` of the module when it has no value import: the
      // declaration becomes a value import whose other bindings are marked `type` inline.
      else if (!typeOnly && !typeHost && named && ts.isNamedImports(named) && !clause.name) typeHost = { node: named, typeOnlyDecl: false, has, untype: clause };
      continue;
    }
    if (named && ts.isNamedImports(named)) return { node: named, typeOnlyDecl: false, has };
    if (!named && clause.name) return { node: clause, typeOnlyDecl: false, has };
  }
  return typeHost;
}

function emitFate(context: PassContext, fate: DeclarationFate): void {
  const { sourceFile, style } = context;
  const text = sourceFile.text;
  const statement = fate.statement;
  const appended = fate.after.filter((line) => line.startsWith('\u0000')).map((line) => line.slice(1));
  const lines = fate.after.filter((line) => !line.startsWith('\u0000'));
  if (fate.inPlace && ts.isImportDeclaration(statement)) {
    const target = fate.inPlace;
    context.edits.push({ start: statement.moduleSpecifier.getStart(sourceFile), end: statement.moduleSpecifier.getEnd(), text: specifierLiteral(statement.moduleSpecifier as ts.StringLiteral, context, target.specifier) });
    const named = statement.importClause!.namedBindings as ts.NamedImports;
    const declTypeOnly = statement.importClause!.isTypeOnly;
    for (const leave of fate.leaving) {
      const element = named.elements[leave.index]!;
      const typePrefix = element.isTypeOnly || (!declTypeOnly && leave.to.typeOnly === true && style.typescript);
      const replacement = specifierText(leave.to.name, leave.local, typePrefix);
      if (replacement !== element.getText(sourceFile)) context.edits.push({ start: element.getStart(sourceFile), end: element.getEnd(), text: replacement });
    }
    if (appended.length > 0) context.edits.push(appendToNamedImports(sourceFile, named, appended));
    if (lines.length > 0) context.edits.push({ start: statement.getEnd(), end: statement.getEnd(), text: lines.map((l) => style.eol + l).join('') });
    return;
  }
  if (fate.removeAll) {
    const range = statementLineRange(text, statement, false);
    const eolAfter = text.slice(range.start, range.end).endsWith('\n') ? style.eol : '';
    context.edits.push({ start: range.start, end: range.end, text: lines.length > 0 ? lines.join(style.eol) + eolAfter : '' });
    return;
  }
  if (ts.isImportDeclaration(statement)) removeLeaving(context, statement, fate);
  if (lines.length > 0) context.edits.push({ start: statement.getEnd(), end: statement.getEnd(), text: lines.map((l) => style.eol + l).join('') });
}

/** Removes the leaving bindings from a declaration that keeps others. */
function removeLeaving(context: PassContext, statement: ts.ImportDeclaration, fate: DeclarationFate): void {
  const { sourceFile } = context;
  const clause = statement.importClause!;
  const named = clause.namedBindings;
  const removeDefault = fate.leaving.some((l) => l.index === -1);
  const indices = new Set(fate.leaving.filter((l) => l.index >= 0).map((l) => l.index));
  const elements = named && ts.isNamedImports(named) ? named.elements : undefined;
  const keptNamed = (elements?.length ?? 0) - indices.size;
  const edits: TextEdit[] = [];
  if (removeDefault) {
    // `import D, { a } from` → `import { a } from`
    edits.push({ start: clause.name!.getStart(sourceFile), end: named ? named.getStart(sourceFile) : clause.name!.getEnd(), text: '' });
  }
  if (elements && indices.size > 0) {
    if (keptNamed === 0) edits.push({ start: clause.name!.getEnd(), end: named!.getEnd(), text: '' });
    else edits.push(...removeListElements(elements, indices));
  }
  context.edits.push(...edits);
}

/** The local an import declaration of the file binds `name` of `specifier` to (a value import), if any. */
function importedLocal(sourceFile: ts.SourceFile, specifier: string, name: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || moduleSpecifierOf(statement) !== specifier || statement.importClause?.isTypeOnly) continue;
    const named = statement.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named)) continue;
    const element = named.elements.find((e) => !e.isTypeOnly && (e.propertyName ?? e.name).text === name);
    if (element) return element.name.text;
  }
  return undefined;
}

/**
 * The local a named import binds the canonical to. It keeps the importer's name (`import { Unified as
 * Old }`), so every use stays as written; but when every use is a call or construction a template
 * rewrites, no use keeps the old name, and `new keepTrying(...)` of a class that once was a function
 * would read wrong: then the canonical's own name, when the file does not use it yet.
 */
function templatedLocal(context: PassContext, local: string, move: SymbolMove): string {
  const name = move.to.name;
  if (name === local || name === 'default' || !/^[A-Za-z_$][\w$]*$/.test(name) || context.taken.has(name) || !move.members) return local;
  const sites = findUsages(context.sourceFile, localReference(local), move.symbolKind ?? 'value');
  const templated = (site: (typeof sites)[number]): boolean => {
    if (site.kind !== 'call' && site.kind !== 'construct') return false;
    const template = move.members![site.name];
    return typeof template === 'string' && /\$target\b/.test(template);
  };
  if (sites.length === 0 || !sites.every(templated)) return local;
  // Every reference (type positions too) must be the callee of one of those calls.
  const callees = new Set(sites.map((site) => (site.nameNode as ts.CallExpression | ts.NewExpression).expression));
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other || ts.isImportDeclaration(node)) return;
    if (usesBinding(node, local) && !callees.has(node)) other = true;
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  return other ? local : name;
}
