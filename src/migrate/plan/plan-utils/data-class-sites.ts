/**
 * Creation sites of a config data class (`data-class.ts`), rewritten into object literals of the
 * canonical config type: `new Old({ retries: 5 })` becomes `{ maxRetries: 5, baseDelay: 250, ... }`,
 * each field the init does not give taking the class's own default, so a converted site holds the
 * same values the instance held. Whatever a plain object could not stand in for at a site
 * (`instanceof Old`, `extends Old`, an init that is not an object literal of known fields) is reported
 * at its line and that site is left as written.
 */
import { ts } from '../../../parser/ts.js';
import { parseValueTarget } from '../codemod-utils/value-mapping.js';
import { resolverOf, usesBinding } from '../codemod-utils/usages.js';

/** How one data class becomes the canonical type at its creation sites. */
export interface DataClassConversion {
  /** Class field → its default as written (fields without one are absent). */
  defaults: Record<string, string>;
  /** Every field of the class, in declaration order. */
  fields: string[];
  /** Class field → canonical field (`name` or `name: expression of $`); `null` drops it; absent keeps the name. */
  mapping?: Record<string, string | null>;
  /** Canonical fields the class lacks → the value every literal sets. */
  canonicalDefaults?: Record<string, string>;
  /** Canonical fields that are optional: a read of one falls back to the class's default. */
  optionalInCanonical?: string[];
}

/** One data class to convert at its creation sites in one importer (the `data-class-construct` codemod's task). */
export interface DataClassConstructTask {
  /** Export name of the class. */
  name: string;
  /** Specifier the file imports the class from, as written. */
  from: string;
  /**
   * The canonical config type, imported from `specifier` as a type; `values` are exports of that module
   * the literals may name (`BackoffStrategy` in a default), imported where a converted literal does.
   */
  canonical: { specifier: string; name: string; values?: string[] };
  conversion: DataClassConversion;
}

export interface DataClassSiteEdit {
  start: number;
  end: number;
  text: string;
}

export interface DataClassSites {
  edits: DataClassSiteEdit[];
  /** Sites a literal could not stand in for, each at its 1-based line (and offsets of the node). */
  problems: Array<{ line: number; message: string; start?: number; end?: number }>;
  /** Type positions naming the class (`x: Old`), to move to the canonical type. */
  typeReferences: ts.TypeReferenceNode[];
}

/** Globals a default may name and still mean the same at any creation site. */
const GLOBALS = new Set(['undefined', 'NaN', 'Infinity', 'Number', 'Math', 'String', 'Boolean', 'Array', 'Object', 'Date', 'JSON', 'Error']);

/**
 * The identifiers a default reads from its surroundings (not its own parameters or property names):
 * a default naming a module-local binding would mean something else, or nothing, at another site.
 */
export function freeNames(expression: ts.Expression): string[] {
  const free = new Set<string>();
  const visit = (node: ts.Node, bound: ReadonlySet<string>): void => {
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const inner = new Set(bound);
      for (const parameter of node.parameters) collectBindings(parameter.name, inner);
      for (const parameter of node.parameters) if (parameter.initializer) visit(parameter.initializer, inner);
      visit(node.body, inner);
      return;
    }
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isName =
        (parent && ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (parent && ts.isPropertyAssignment(parent) && parent.name === node) ||
        (parent && ts.isTypeReferenceNode(parent));
      if (!isName && !bound.has(node.text) && !GLOBALS.has(node.text)) free.add(node.text);
      return;
    }
    if (ts.isTypeNode(node)) return;
    ts.forEachChild(node, (child) => visit(child, bound));
  };
  visit(expression, new Set());
  return [...free];
}

function collectBindings(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collectBindings(element.name, into);
}

/** An identifier naming the class as a value: not an import binding, a declaration's name or a property name. */
function isValueUse(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!parent || ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isExportSpecifier(parent)) return false;
  if (ts.isClassDeclaration(parent) && parent.name === node) return false;
  if ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && (parent as ts.PropertyAccessExpression).name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === node) return false;
  return ts.isTypeQueryNode(parent) || !ts.isTypeNode(parent);
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** The init's field values by name, or a reason it is not a plain object literal of the class's fields. */
function initValues(source: ts.SourceFile, init: ts.Expression | undefined, fields: ReadonlySet<string>): Map<string, string> | string {
  const values = new Map<string, string>();
  if (!init) return values;
  let expression = init;
  while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  if (!ts.isObjectLiteralExpression(expression)) return 'its init is not an object literal, so which fields it sets is unknown';
  for (const property of expression.properties) {
    if (ts.isShorthandPropertyAssignment(property)) {
      if (!fields.has(property.name.text)) return `its init sets ${property.name.text}, which is no field of the class`;
      values.set(property.name.text, property.name.text);
      continue;
    }
    if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
      return `its init has ${ts.isSpreadAssignment(property) ? 'a spread' : 'a computed or method member'}, so which fields it sets is unknown`;
    }
    if (!fields.has(property.name.text)) return `its init sets ${property.name.text}, which is no field of the class`;
    values.set(property.name.text, property.initializer.getText(source));
  }
  return values;
}

/** The literal of the canonical type for one creation site. */
function literalText(values: ReadonlyMap<string, string>, conversion: DataClassConversion): string {
  const parts: string[] = [];
  for (const field of conversion.fields) {
    const value = values.get(field) ?? conversion.defaults[field];
    if (value === undefined) continue;
    const target = conversion.mapping?.[field];
    if (target === null) continue;
    if (target === undefined) {
      parts.push(`${field}: ${value}`);
      continue;
    }
    const parsed = parseValueTarget(target);
    if (!parsed) continue;
    parts.push(`${parsed.name}: ${parsed.convert ? parsed.convert(value) : value}`);
  }
  for (const [field, value] of Object.entries(conversion.canonicalDefaults ?? {})) parts.push(`${field}: ${value}`);
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

/**
 * Finds every use of the class bound to `local` in `source`: creation sites to rewrite, type positions
 * to move, and uses a plain object could not stand in for.
 */
export function dataClassSites(source: ts.SourceFile, local: string, conversion: DataClassConversion): DataClassSites {
  const fields = new Set(conversion.fields);
  const sites: DataClassSites = { edits: [], problems: [], typeReferences: [] };
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && usesBinding(node.expression, local)) {
      const args = node.arguments ?? [];
      const values = args.length > 1 ? 'it passes more than one argument' : initValues(source, args[0], fields);
      if (typeof values === 'string') sites.problems.push({ line: lineOf(source, node), start: node.getStart(source), end: node.getEnd(), message: `new ${local}(...) cannot become a literal of the canonical type: ${values}` });
      else sites.edits.push({ start: node.getStart(source), end: node.getEnd(), text: literalText(values, conversion) });
      for (const arg of args) visit(arg);
      return;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && usesBinding(node.right, local)) {
      sites.problems.push({ line: lineOf(source, node), start: node.getStart(source), end: node.getEnd(), message: `instanceof ${local} is never true of a plain object of the canonical type` });
      visit(node.left);
      return;
    }
    if (ts.isHeritageClause(node) && node.types.some((t) => usesBinding(t.expression, local))) {
      sites.problems.push({ line: lineOf(source, node), start: node.getStart(source), end: node.getEnd(), message: `${node.token === ts.SyntaxKind.ExtendsKeyword ? 'a class extends' : 'a class implements'} ${local}, which a type cannot be extended as` });
      return;
    }
    if (ts.isTypeReferenceNode(node) && usesBinding(node.typeName, local)) {
      sites.typeReferences.push(node);
      return;
    }
    if (usesBinding(node, local) && isValueUse(node)) {
      sites.problems.push({ line: lineOf(source, node), start: node.getStart(source), end: node.getEnd(), message: `${local} is used as a value here (not in new ${local}(...)), which a type cannot stand in for` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  convertRenamedReads(source, local, conversion, sites);
  return sites;
}

/**
 * A read of an old field written against the canonical (`settings.retries` → `settings.maxRetries`):
 * renamed, converted back where the mapping converts, and falling back to the class's default where
 * the canonical has the field only as optional (a value of the canonical type may leave it out, an
 * instance never did). Undefined when the canonical cannot give the value back.
 */
export function canonicalReadText(objectText: string, field: string, conversion: DataClassConversion): string | undefined {
  const mapped = conversion.mapping?.[field];
  const target = mapped === undefined ? { name: field } : mapped === null ? undefined : parseValueTarget(mapped);
  if (!conversion.fields.includes(field) || !target || (target.convert && !target.revert)) return undefined;
  let value = `${objectText}.${target.name}`;
  if (conversion.optionalInCanonical?.includes(target.name)) {
    const fallback = conversion.defaults[field];
    if (fallback === undefined) return undefined;
    const given = target.convert ? target.convert(fallback) : fallback;
    // An arrow function or any operator binds looser than `??`: parenthesised, it keeps its meaning.
    value = `(${value} ?? ${/^[\w$.]+$/.test(given.trim()) ? given : `(${given})`})`;
  }
  return target.revert ? target.revert(value) : value;
}

/**
 * Reads of a field the canonical type names differently, on this file's bindings of the class (`x:
 * Old`, `const x = new Old()`, `this.x` of a property so typed), are written against the canonical;
 * a write to such a field, or a read the canonical cannot give back, is a problem at its line. Values
 * that leave the file are the planner's concern.
 */
function convertRenamedReads(source: ts.SourceFile, local: string, conversion: DataClassConversion, sites: DataClassSites): void {
  const renamed = new Set(conversion.fields.filter((field) => {
    const target = conversion.mapping?.[field];
    return target !== undefined && (target === null || target.trim() !== field) || conversion.optionalInCanonical?.includes(field);
  }));
  const holders = new Set<ts.Node>();
  for (const reference of sites.typeReferences) {
    const holder = reference.parent;
    if (holder && (ts.isParameter(holder) || ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder)) && holder.type === reference && ts.isIdentifier(holder.name)) holders.add(holder);
  }
  const visitNew = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && !node.type && ts.isIdentifier(node.name) && node.initializer && ts.isNewExpression(node.initializer) && ts.isIdentifier(node.initializer.expression) && node.initializer.expression.text === local) holders.add(node);
    ts.forEachChild(node, visitNew);
  };
  visitNew(source);
  if (holders.size === 0 || renamed.size === 0) return;
  const resolver = resolverOf(source);
  const holderOf = (target: ts.Expression): boolean => {
    if (ts.isIdentifier(target)) {
      const declaration = resolver.resolve(target);
      return declaration !== undefined && holders.has(declaration);
    }
    if (!ts.isPropertyAccessExpression(target) || target.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
    let owner: ts.Node | undefined = target.parent;
    while (owner && !ts.isClassLike(owner)) owner = owner.parent;
    return [...holders].some((h) => ts.isIdentifier((h as ts.NamedDeclaration).name!) && ((h as ts.NamedDeclaration).name as ts.Identifier).text === target.name.text && (ts.isPropertyDeclaration(h) || (ts.isParameter(h) && (ts.getModifiers(h)?.length ?? 0) > 0)) && owner !== undefined && (h.parent === owner || h.parent?.parent === owner));
  };
  const replaced = [...sites.edits];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && renamed.has(node.name.text) && holderOf(node.expression)) {
      const parent = node.parent;
      const written = (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
        ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) || ts.isDeleteExpression(parent);
      const inside = replaced.some((e) => e.start <= node.getStart(source) && node.getEnd() <= e.end);
      const text = written || inside ? undefined : canonicalReadText(node.expression.getText(source), node.name.text, conversion);
      if (text === undefined) sites.problems.push({ line: lineOf(source, node), start: node.getStart(source), end: node.getEnd(), message: `${node.getText(source)} ${written ? 'writes' : 'reads'} a field of ${local} that the canonical type names differently${written || inside ? '' : ' and cannot give back'}` });
      else if (text !== node.getText(source)) sites.edits.push({ start: node.getStart(source), end: node.getEnd(), text });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
