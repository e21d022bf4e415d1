/**
 * Facts for the linker beyond candidates: class members holding instances (double initialization),
 * top-level producers (`getX()` returning `new X()`), and top-level names used elsewhere in the file.
 */
import { ts } from '../../parser/ts.js';
import type { HolderFact, ProducerFact } from '../facts.js';
import { isBuiltinConstructor, isReference, kindSet, unwrap, walkKinds } from './ast-utils.js';
import { unitFacts, type FileContext, type UnitFacts } from './context.js';
import { productsOf } from './matchers/factory.js';
import { unitFunction, type Unit } from './units.js';

const K = ts.SyntaxKind;

/** The local identifier an initializer instantiates (`new X()`) or calls (`getX()`), if plain. */
function instanceSource(value: ts.Expression): { target: string; via: 'new' | 'call' } | undefined {
  let inner = unwrap(value);
  if (ts.isAwaitExpression(inner)) inner = unwrap(inner.expression);
  if (ts.isNewExpression(inner) && ts.isIdentifier(inner.expression) && !isBuiltinConstructor(inner.expression.text)) {
    return { target: inner.expression.text, via: 'new' };
  }
  if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text !== 'require') {
    return { target: inner.expression.text, via: 'call' };
  }
  return undefined;
}

/**
 * Holders of every class-like unit: property initialisers and `this.x = new X()` / `this.x = getX()` in
 * its methods. `factsOf` gives a unit's facts (the detection pass has usually collected them already).
 */
export function collectHolders(units: readonly Unit[], file: FileContext, factsOf: (unit: Unit) => UnitFacts = unitFacts): HolderFact[] {
  const holders: HolderFact[] = [];
  const known = (name: string): boolean => file.imports.has(name) || file.topLevel.has(name);
  for (const unit of units) {
    if (unit.kind !== 'class') continue;
    const push = (member: string, node: ts.Node, value: ts.Expression): void => {
      const source = instanceSource(value);
      if (!source || !known(source.target)) return;
      const line = file.sf.getLineAndCharacterOfPosition(node.getStart(file.sf)).line + 1;
      holders.push({ class: unit.name, classStartLine: unit.startLine, classEndLine: unit.endLine, member, line, target: source.target, via: source.via });
    };
    for (const property of unit.properties) {
      const node = property.node;
      if (ts.isPropertyDeclaration(node) && node.initializer) push(property.name, node, node.initializer);
    }
    // The unit's roots are declarations and statements, never an assignment themselves, so the facts'
    // assignments are those below the roots, in walk order.
    for (const assignment of factsOf(unit).thisAssignments) push(assignment.left.name.text, assignment, assignment.right);
  }
  return holders;
}

/** Top-level functions that return an instance of a local or imported class. */
export function collectProducers(units: readonly Unit[], file: FileContext): ProducerFact[] {
  const producers: ProducerFact[] = [];
  for (const unit of units) {
    if (unit.kind !== 'function') continue;
    const fn = unitFunction(unit);
    if (!fn) continue;
    const product = productsOf(fn).find((p) => p.local && (file.imports.has(p.name) || file.topLevel.has(p.name)));
    if (product) producers.push({ name: unit.localName, returns: product.name });
  }
  return producers;
}

/** Names a top-level statement declares (so references inside their own declaration are not "uses"). */
function declaredBy(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  }
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
    return [statement.name.text];
  }
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
    // `F.prototype.m = ...` belongs to F's declaration.
    let target: ts.Expression = statement.expression.left;
    while (ts.isPropertyAccessExpression(target)) target = target.expression;
    if (ts.isIdentifier(target) && /\.prototype\b/.test(statement.expression.left.getText())) return [target.text];
  }
  return [];
}

/** Whether an identifier is only the exported value of a CommonJS export (`exports.x = x`, `module.exports = { x }`). */
function isCommonJsExportValue(id: ts.Identifier): boolean {
  const parent = id.parent;
  const isExportTarget = (node: ts.Expression): boolean => {
    const text = node.getText();
    return /^(module\.)?exports(\.|$)/.test(text);
  };
  if (ts.isBinaryExpression(parent) && parent.right === id && parent.operatorToken.kind === K.EqualsToken) return isExportTarget(parent.left);
  if ((ts.isShorthandPropertyAssignment(parent) || (ts.isPropertyAssignment(parent) && parent.initializer === id)) && ts.isObjectLiteralExpression(parent.parent)) {
    const assignment = parent.parent.parent;
    return ts.isBinaryExpression(assignment) && assignment.operatorToken.kind === K.EqualsToken && isExportTarget(assignment.left);
  }
  return false;
}

/** Above this many top-level names, looking each one up in every statement costs more than a walk. */
const MAX_LOOKED_UP_NAMES = 24;

/** Whether `id`, inside `statement`, uses its top-level binding (not only declares or exports it). */
function isLocalUse(id: ts.Identifier, statement: ts.Statement): boolean {
  if (!isReference(id) || isCommonJsExportValue(id)) return false;
  return !(ts.isExportAssignment(statement) && unwrap(statement.expression) === id);
}

let positionSought = 0;
let childAtPosition: ts.Node | undefined;
function holdsSoughtPosition(child: ts.Node): true | undefined {
  if (child.pos <= positionSought && positionSought < child.end) {
    childAtPosition = child;
    return true;
  }
  return undefined;
}

/**
 * The identifier spanning `[start, start + length)` below `root`, reached the way `walk` reaches nodes
 * (children whose range, leading trivia included, holds the position), if there is one.
 */
export function identifierAt(root: ts.Node, start: number, length: number): ts.Identifier | undefined {
  let current: ts.Node = root;
  for (;;) {
    positionSought = start;
    childAtPosition = undefined;
    ts.forEachChild(current, holdsSoughtPosition);
    // (Set by the callback, which the compiler's flow analysis does not see.)
    const next = childAtPosition as ts.Node | undefined;
    childAtPosition = undefined;
    if (!next) return undefined;
    // An occurrence in a comment or string lands in another node, or in an identifier that ends elsewhere.
    if (ts.isIdentifier(next)) return next.end === start + length ? next : undefined;
    current = next;
  }
}

/** Whether a statement uses the top-level `name`: each occurrence of the text is looked up in the tree. */
function usesName(statement: ts.Statement, slice: string, name: string): boolean {
  for (let at = slice.indexOf(name); at !== -1; at = slice.indexOf(name, at + 1)) {
    const id = identifierAt(statement, statement.pos + at, name.length);
    if (id && isLocalUse(id, statement)) return true;
  }
  return false;
}

const IDENTIFIER = kindSet(ts.SyntaxKind.Identifier);

/** Top-level names referenced by other code of the same file (outside their own declaration and exports). */
export function collectLocalUses(sf: ts.SourceFile, file: FileContext): string[] {
  const declared = file.topLevel;
  const used = new Set<string>();
  if (declared.size === 0) return [];
  const text = sf.text;
  // An identifier's text appears in the source as written, unless written with unicode escapes
  // (`\u0061`): then, and for files with many top-level names, every statement is walked.
  const lookUp = declared.size <= MAX_LOOKED_UP_NAMES && !text.includes('\\u');
  const names = [...declared];
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) continue;
    const own = declaredBy(statement);
    if (lookUp) {
      // Most statements mention no top-level name but their own, or only names already known to be used.
      const slice = text.slice(statement.pos, statement.end);
      for (const name of names) if (!used.has(name) && !own.includes(name) && usesName(statement, slice, name)) used.add(name);
      continue;
    }
    walkKinds(statement, IDENTIFIER, (node) => {
      if (ts.isIdentifier(node) && declared.has(node.text) && !own.includes(node.text) && isLocalUse(node, statement)) used.add(node.text);
    });
  }
  return [...used].sort();
}
