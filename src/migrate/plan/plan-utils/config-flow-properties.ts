/**
 * Config-type flows through a property of another type: `circuit?: Partial<Omit<OldConfig, 'name'>>`
 * in an exported options interface. The property's type can take the canonical type in the same move
 * when every value written to that property anywhere in the project is an object literal the
 * converter can rewrite (inside a literal that is provably of the holder type), and every read of the
 * property ends where the group follows it (spread into a literal of the moving type). Anything else
 * is a failure at its file and line, which the planner reports as a `value-escapes` blocker.
 *
 * The search is by the property's name over every file of the project, so a value of another type
 * that happens to have a property of the same name blocks the move too: a false refusal is safe, a
 * missed write would silently lose the user's settings.
 */
import { ts } from '../../../parser/ts.js';
import { resolverOf, type SymbolReference } from '../codemod-utils/usages.js';
import { parseValueTarget } from '../codemod-utils/value-mapping.js';
import { calleeTarget, lineOf, slotKey, type Failure, type ImporterState } from './config-flow-checks.js';
import { holderInflowFailure, type HolderOwner } from './config-flow-holders.js';
import { branchesOf } from './config-flow-sites.js';
import type { PlanContext } from './context.js';
import { resolveSpecifier } from './resolve.js';
import type { SymbolPlan } from './symbols.js';

/** A property of an exported interface or type literal whose type is built from the moving type. */
export interface PropertySlot {
  file: string;
  /** The interface or type alias holding the property. */
  holder: string;
  property: string;
  /** `Partial<...>` somewhere on the way: literals need not hold the canonical's required fields. */
  partial: boolean;
  /** Keys named by `Omit<..., 'k'>` / `Pick<..., 'k'>` on the way. */
  keys: string[];
  line: number;
  /** Files that set the property to an object literal, once the check passed. */
  writeFiles?: string[];
}

/** Utility types the move can see through: the old type stays the (first) type argument. */
const WRAPPERS = new Set(['Partial', 'Readonly', 'Required', 'NonNullable', 'Array', 'ReadonlyArray', 'Omit', 'Pick']);

function exported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

function literalKeys(node: ts.TypeNode | undefined): string[] | undefined {
  if (!node) return undefined;
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text];
  if (ts.isUnionTypeNode(node)) {
    const keys = node.types.map(literalKeys);
    return keys.every((k) => k !== undefined) ? keys.flat() as string[] : undefined;
  }
  return undefined;
}

/**
 * The property slot a reference to the moving type is part of, when the move can follow it: the type
 * of a property signature of an exported interface or exported type literal alias, through the
 * wrappers above, parentheses, arrays and `| undefined` / `| null`.
 */
export function propertySlot(typeName: ts.Node, file: string): PropertySlot | undefined {
  const reference = typeName.parent;
  if (!reference || !ts.isTypeReferenceNode(reference) || reference.typeName !== typeName) return undefined;
  let current: ts.TypeNode = reference;
  let partial = false;
  const keys: string[] = [];
  for (;;) {
    const parent: ts.Node = current.parent;
    if (ts.isParenthesizedTypeNode(parent) || ts.isArrayTypeNode(parent) || (ts.isTypeOperatorNode(parent) && parent.operator === ts.SyntaxKind.ReadonlyKeyword)) {
      current = parent;
    } else if (ts.isUnionTypeNode(parent)) {
      const others = parent.types.filter((t) => t !== current);
      if (!others.every((t) => t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword))) return undefined;
      current = parent;
    } else if (ts.isTypeReferenceNode(parent) && ts.isIdentifier(parent.typeName) && WRAPPERS.has(parent.typeName.text) && parent.typeArguments?.[0] === current) {
      const name = parent.typeName.text;
      if (name === 'Partial') partial = true;
      if (name === 'Omit' || name === 'Pick') {
        const named = literalKeys(parent.typeArguments[1]);
        if (!named) return undefined;
        keys.push(...named);
      } else if (parent.typeArguments.length !== 1) return undefined;
      current = parent;
    } else break;
  }
  const signature = current.parent;
  if (!signature || !ts.isPropertySignature(signature) || signature.type !== current || !(ts.isIdentifier(signature.name) || ts.isStringLiteral(signature.name))) return undefined;
  const owner = signature.parent;
  let holder: string | undefined;
  if (ts.isInterfaceDeclaration(owner) && exported(owner)) holder = owner.name.text;
  else if (ts.isTypeLiteralNode(owner) && ts.isTypeAliasDeclaration(owner.parent) && owner.parent.type === owner && exported(owner.parent)) holder = owner.parent.name.text;
  if (!holder) return undefined;
  const source = typeName.getSourceFile();
  return { file, holder, property: signature.name.text, partial, keys, line: lineOf(source, signature) };
}

/** The local names a file gives the holder type: its own declaration, or named imports of it (directly or through a barrel). */
function holderLocals(context: PlanContext, file: string, source: ts.SourceFile, slot: PropertySlot): Set<string> {
  const locals = new Set<string>();
  if (file === slot.file) locals.add(slot.holder);
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings || !ts.isNamedImports(statement.importClause.namedBindings)) continue;
    const resolved = resolveSpecifier(context, file, (statement.moduleSpecifier as ts.StringLiteral).text);
    if (!resolved) continue;
    for (const element of statement.importClause.namedBindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      const origin = context.input.graph.exportOrigins[resolved]?.[imported];
      const target = origin ? { file: origin.file, name: origin.name } : { file: resolved, name: imported };
      if (target.file === slot.file && target.name === slot.holder) locals.add(element.name.text);
    }
  }
  return locals;
}

function namesHolder(type: ts.TypeNode | undefined, locals: ReadonlySet<string>): boolean {
  if (!type) return false;
  if (ts.isTypeReferenceNode(type)) return ts.isIdentifier(type.typeName) && locals.has(type.typeName.text) && !type.typeArguments;
  if (ts.isParenthesizedTypeNode(type)) return namesHolder(type.type, locals);
  if (ts.isUnionTypeNode(type)) {
    const named = type.types.filter((t) => namesHolder(t, locals));
    return named.length === 1 && type.types.every((t) => named.includes(t) || t.kind === ts.SyntaxKind.UndefinedKeyword);
  }
  return false;
}

/** The expression a literal is the value of, through parentheses, `satisfies`, and `??` / `||` / `?:` branches. */
function valuePosition(node: ts.Expression): ts.Expression {
  let current: ts.Expression = node;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isSatisfiesExpression(parent)) current = parent;
    else if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind)) current = parent;
    else if (ts.isConditionalExpression(parent) && parent.condition !== current) current = parent;
    else return current;
  }
}

/** The class a `super(...)` call constructs: the enclosing class's `extends` target. */
function superTarget(call: ts.CallExpression): ts.Identifier | undefined {
  let node: ts.Node | undefined = call;
  while (node && !ts.isClassLike(node)) node = node.parent;
  const heritage = node?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  return heritage && ts.isIdentifier(heritage) ? heritage : undefined;
}

interface FileView {
  file: string;
  source: ts.SourceFile;
  locals: Set<string>;
}

/**
 * Parameters typed with the holder, in every file that names it, as owners whose call sites are
 * followed. A default that is not an object literal is a value the move cannot read: a failure.
 */
function holderParams(views: FileView[]): { owners: HolderOwner[]; failure?: Failure } {
  const owners: HolderOwner[] = [];
  let failure: Failure | undefined;
  for (const view of views) {
    const visit = (node: ts.Node): void => {
      if (ts.isParameter(node) && namesHolder(node.type, view.locals)) {
        const owner = node.parent;
        const index = (owner as ts.SignatureDeclaration).parameters.indexOf(node);
        if (ts.isFunctionDeclaration(owner) && owner.name) owners.push({ file: view.file, name: owner.name.text, construct: false, index });
        if (ts.isConstructorDeclaration(owner) && ts.isClassDeclaration(owner.parent) && owner.parent.name) owners.push({ file: view.file, name: owner.parent.name.text, construct: true, index });
        if (node.initializer && !branchesOf(node.initializer).every((b) => ts.isObjectLiteralExpression(b))) {
          failure ??= { file: view.file, line: lineOf(view.source, node), message: `${node.initializer.getText(view.source)} is the default of a parameter of the holder type, and is not an object literal the move can read` };
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(view.source);
  }
  return failure ? { owners, failure } : { owners };
}

/** Whether an object literal is provably a value of the holder type. */
function isHolderLiteral(context: PlanContext, view: FileView, literal: ts.ObjectLiteralExpression, params: ReadonlySet<string>): boolean {
  const position = valuePosition(literal);
  const parent = position.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent)) && parent.initializer === position) return namesHolder(parent.type, view.locals);
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== position) {
    const index = parent.arguments?.indexOf(position) ?? -1;
    if (index < 0) return false;
    const isSuper = ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.SuperKeyword;
    const callee = isSuper ? superTarget(parent as ts.CallExpression) : ts.isIdentifier(parent.expression) ? parent.expression : undefined;
    const target = callee ? calleeTarget(context, view.file, view.source, callee) : undefined;
    return target !== undefined && params.has(slotKey(target.file, target.name, isSuper || ts.isNewExpression(parent), index));
  }
  return false;
}

export interface PropertyWrite {
  file: string;
  line: number;
}

export interface PropertyCheck {
  failure?: Failure;
  /** The object literals written to the property, to convert. */
  writes: PropertyWrite[];
}

/** Per plan context: the files whose text passes a test, by the test's key (each file is read once per key). */
const matchingFiles = new WeakMap<PlanContext, Map<string, string[]>>();

function filesMatching(context: PlanContext, key: string, test: (text: string) => boolean): string[] {
  const byKey = matchingFiles.get(context) ?? new Map<string, string[]>();
  matchingFiles.set(context, byKey);
  let files = byKey.get(key);
  if (!files) {
    files = [];
    for (const file of context.files) {
      const text = context.text(file);
      if (text !== null && test(text)) files.push(file);
    }
    byKey.set(key, files);
  }
  return files;
}

/** Per plan context: property checks already made (the group loop and the planning rounds ask again). */
const checks = new WeakMap<PlanContext, Map<string, PropertyCheck>>();

/**
 * Every write and read of the property in the project. `spreadTarget` says whether a literal a read is
 * spread into is one the move converts (a literal of the moving type in a member file).
 */
export function checkPropertySlot(
  context: PlanContext,
  slot: PropertySlot,
  exportName: string,
  renamed: (field: string) => boolean,
  spreadTarget: (file: string, literal: ts.ObjectLiteralExpression) => boolean,
): PropertyCheck {
  const at = `${slot.holder}.${slot.property}`;
  const renamedKey = slot.keys.find(renamed);
  if (renamedKey) return { writes: [], failure: { file: slot.file, line: slot.line, message: `${at} names the field ${renamedKey} of ${exportName}, which the canonical type calls differently` } };
  const word = new RegExp(`(?<![\\w$])${slot.property.replace(/\$/g, '\\$')}(?![\\w$])`);
  const views: FileView[] = [];
  const mentions: FileView[] = [];
  const propertyFiles = new Set(filesMatching(context, `word:${slot.property}`, (text) => word.test(text)));
  const holderFiles = new Set(filesMatching(context, `text:${slot.holder}`, (text) => text.includes(slot.holder)));
  for (const file of context.files) {
    const mentionsProperty = propertyFiles.has(file);
    if (!mentionsProperty && !holderFiles.has(file)) continue;
    const source = context.source(file);
    if (!source) continue;
    const view = { file, source, locals: holderLocals(context, file, source, slot) };
    if (view.locals.size > 0) views.push(view);
    if (mentionsProperty) mentions.push(view);
  }
  const { owners, failure: badDefault } = holderParams(views);
  if (badDefault) return { writes: [], failure: badDefault };
  const inflow = holderInflowFailure(context, slot.holder, owners, new Map(views.map((v) => [v.file, v])), namesHolder);
  if (inflow) return { writes: [], failure: inflow };
  // Subclasses found on the way are owners too: literals passed to them are holder literals.
  const params = new Set(owners.map((o) => slotKey(o.file, o.name, o.construct, o.index)));
  const writes: PropertyWrite[] = [];
  for (const view of mentions) {
    const failure = checkFile(context, view, slot, at, params, writes, spreadTarget);
    if (failure) return { writes: [], failure };
  }
  return { writes };
}

function checkFile(
  context: PlanContext,
  view: FileView,
  slot: PropertySlot,
  at: string,
  params: ReadonlySet<string>,
  writes: PropertyWrite[],
  spreadTarget: (file: string, literal: ts.ObjectLiteralExpression) => boolean,
): Failure | undefined {
  const { source, file } = view;
  const name = slot.property;
  const resolver = resolverOf(source);
  let failure: Failure | undefined;
  const fail = (node: ts.Node, message: string): void => {
    failure ??= { file, line: lineOf(source, node), message };
  };
  const visit = (node: ts.Node): void => {
    if (failure) return;
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && node.name.text === name && ts.isObjectLiteralExpression(node.parent)) {
      if (!isHolderLiteral(context, view, node.parent, params)) return fail(node, `${name} is set here on an object the move cannot tell is a ${slot.holder}`);
      const value = ts.isPropertyAssignment(node) ? valueOf(node.initializer) : undefined;
      if (value && ts.isObjectLiteralExpression(value)) {
        if (value.properties.some((p) => !(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))) return fail(value, `the literal set as ${at} has a spread or computed key the converter cannot rewrite`);
        writes.push({ file, line: lineOf(source, node) });
      } else if (!(value && ts.isIdentifier(value) && value.text === 'undefined' && resolver.resolve(value) === undefined)) {
        return fail(node, `${at} is set here to a value that is not an object literal the converter can rewrite`);
      }
      return;
    }
    if (ts.isSpreadAssignment(node) && ts.isObjectLiteralExpression(node.parent) && isHolderLiteral(context, view, node.parent, params)) {
      return fail(node, `a ${slot.holder} literal spreads another object here, which may set ${name} where the move cannot see it`);
    }
    if ((ts.isPropertyAccessExpression(node) && node.name.text === name) || (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression) && node.argumentExpression.text === name)) {
      const parent = node.parent;
      if (ts.isSpreadAssignment(parent) && ts.isObjectLiteralExpression(parent.parent) && spreadTarget(file, parent.parent)) return;
      return fail(node, `${node.getText(source)} is read here and goes where the move of ${at} cannot follow it`);
    }
    if (ts.isBindingElement(node) && ((node.propertyName && (ts.isIdentifier(node.propertyName) || ts.isStringLiteral(node.propertyName)) && node.propertyName.text === name) || (!node.propertyName && ts.isIdentifier(node.name) && node.name.text === name))) {
      return fail(node, `${name} is destructured here, where the move of ${at} cannot follow it`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return failure;
}

function valueOf(expression: ts.Expression): ts.Expression {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
  return inner;
}

/** A literal a read may be spread into: the initializer of a variable the file types with the moving type. */
export function typedLiteralOf(literal: ts.ObjectLiteralExpression, isRef: SymbolReference): boolean {
  const position = valuePosition(literal);
  const parent = position.parent;
  return ts.isVariableDeclaration(parent) && parent.initializer === position && parent.type !== undefined && ts.isTypeReferenceNode(parent.type) && isRef(parent.type.typeName);
}

/**
 * Checks the property slots of a member of a config-flow group; on success each slot knows the files
 * whose literals are converted. A read may be spread into a literal of the moving type in a member file.
 */
export function checkPropertySlots(context: PlanContext, plan: SymbolPlan, state: ImporterState, members: ReadonlyMap<string, ImporterState>): Failure | undefined {
  const fields = plan.usage.fields ?? {};
  const renamed = (field: string): boolean => {
    if (!Object.prototype.hasOwnProperty.call(fields, field)) return false;
    const target = fields[field];
    return target === null || target === undefined || (parseValueTarget(target)?.name ?? target) !== field;
  };
  const spreadTarget = (file: string, literal: ts.ObjectLiteralExpression): boolean => {
    const member = members.get(file);
    return member !== undefined && typedLiteralOf(literal, member.isRef);
  };
  const memo = checks.get(context) ?? new Map<string, PropertyCheck>();
  checks.set(context, memo);
  const memberFiles = [...members.keys()].sort().join(',');
  for (const property of state.properties) {
    const key = `${plan.ref}|${property.file}|${property.holder}|${property.property}|${memberFiles}`;
    const check = memo.get(key) ?? checkPropertySlot(context, property, plan.exportName, renamed, spreadTarget);
    memo.set(key, check);
    if (check.failure) return check.failure;
    property.writeFiles = [...new Set(check.writes.map((write) => write.file))];
  }
  return undefined;
}
