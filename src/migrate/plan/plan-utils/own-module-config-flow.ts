/**
 * The superseded config type's own module often holds code that stays: a thin wrapper class or a helper
 * whose constructor or function takes the old type (`constructor(config: OldConfig)`). Nothing imports
 * the type there, so no import move frees it, and the type cannot be deleted while such a signature
 * uses it. Those parameters join the config-flow group (`config-flow.ts`) as slots of their own: the
 * parameter takes the canonical type, the literals callers pass are converted like any slot's, and the
 * parameter's field reads in the body are written for the canonical (renamed, or converted back).
 *
 * Only when every use of the type in the module outside its own declaration, its converter and the
 * declarations this run replaces by adapters is such a parameter: otherwise the type stays anyway
 * and nothing is moved. A body that uses the parameter other than by reading fields the mapping can give
 * back, or by passing it where the group follows it, keeps the old signature, and the reason is a
 * blocker at its line.
 */
import { ts } from '../../../parser/ts.js';
import { isWrittenShim } from '../codemod-utils/shim-text.js';
import { findExportedDeclaration } from '../codemod-utils/declarations.js';
import { resolverOf, usesBinding } from '../codemod-utils/usages.js';
import { parseValueTarget } from '../codemod-utils/value-mapping.js';
import { canonicalNameFree } from './adapter-config-flow.js';
import { signatureSlot } from './config-flow-sites.js';
import { checkParamUses, lineOf, type Failure, type Slot } from './config-flow-checks.js';
import type { PlanContext } from './context.js';
import { converterName } from './deletions.js';
import type { SymbolPlan } from './symbols.js';

/** What the group move does in the type's own module once it holds. */
export interface OwnModuleFlow {
  config: SymbolPlan;
  /** The type's name in its module. */
  local: string;
  slots: Slot[];
}

/** The type's name in its own module. */
export function ownLocalName(source: ts.SourceFile, config: SymbolPlan): string {
  return findExportedDeclaration(source, config.exportName)?.local ?? config.exportName;
}

/** Top-level statements whose uses of the type do not count: its declaration, its converter, what adapters replace. */
function exemptStatements(source: ts.SourceFile, config: SymbolPlan, plans: readonly SymbolPlan[]): Set<ts.Node> {
  const exempt = new Set<ts.Node>();
  const declaration = findExportedDeclaration(source, config.exportName)?.statement;
  if (declaration) exempt.add(declaration);
  const converter = converterName(config);
  const converterDeclaration = converter ? findExportedDeclaration(source, converter)?.statement : undefined;
  if (converterDeclaration) exempt.add(converterDeclaration);
  for (const plan of plans) {
    if (plan.file !== config.file || !plan.shim || plan === config) continue;
    const statement = findExportedDeclaration(source, plan.exportName)?.statement;
    if (statement && !isWrittenShim(statement)) exempt.add(statement);
  }
  return exempt;
}

/**
 * The parameters of the module's own code typed with the config type, when they are all of its uses
 * that stay; none otherwise.
 */
export function ownModuleSlots(context: PlanContext, plans: readonly SymbolPlan[], config: SymbolPlan): Slot[] {
  const source = context.source(config.file, true);
  if (!source || !canonicalNameFree(context, config, source)) return [];
  const local = ownLocalName(source, config);
  const exempt = exemptStatements(source, config, plans);
  const slots: Slot[] = [];
  let stray = false;
  const visit = (node: ts.Node): void => {
    if (stray || exempt.has(node)) return;
    if (ts.isIdentifier(node) && node.text === local && isUse(node)) {
      const slot = signatureSlot(node);
      if (slot) slots.push({ ...slot, file: config.file });
      else stray = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return stray ? [] : slots;
}

/** An identifier that refers to something (not a property name, an export specifier or a declaration's name). */
function isUse(node: ts.Identifier): boolean {
  // Resolved as a binding: a property, key or member of the same name, or a local that shadows the
  // type's name, is no use of it.
  return usesBinding(node, node.text) && !ts.isExportSpecifier(node.parent);
}

/**
 * Whether the body can follow its parameter's retyping: each field it reads has a counterpart in the
 * canonical (renamed, or converted back), nothing is written to or taken apart, and the parameter
 * itself goes only where the group follows it (`checkParamUses`).
 */
export function checkOwnSlot(context: PlanContext, plans: SymbolPlan[], config: SymbolPlan, slot: Slot, slots: ReadonlyMap<string, Slot>): Failure | undefined {
  const source = slot.param.getSourceFile();
  const name = (slot.param.name as ts.Identifier).text;
  const resolver = resolverOf(source);
  const body = (slot.param.parent as ts.FunctionLikeDeclaration).body;
  const oldFields = config.oldApi?.fields ?? new Map();
  const canonicalFields = config.canonicalApi?.fields ?? new Map();
  const where = `${slot.construct ? 'new ' : ''}${slot.name}(...)`;
  let failure: Failure | undefined;
  const fail = (node: ts.Node, message: string): void => {
    failure ??= { file: slot.file, line: lineOf(source, node), message };
  };
  const visit = (node: ts.Node): void => {
    if (failure) return;
    if (ts.isIdentifier(node) && node.text === name && resolver.resolve(node) === slot.param) {
      const parent = node.parent;
      if (ts.isElementAccessExpression(parent) && parent.expression === node) return fail(node, `${where} reads ${name}[...], which the move cannot follow`);
      if (!ts.isPropertyAccessExpression(parent) || parent.expression !== node) return;
      const field = parent.name.text;
      if (writes(parent)) return fail(parent, `${where} writes ${name}.${field}, which the move cannot follow`);
      const mapped = config.usage.fields?.[field];
      if (mapped === null) return fail(parent, `${where} reads ${name}.${field}, which has no counterpart in the canonical`);
      if (typeof mapped === 'string') {
        const target = parseValueTarget(mapped);
        if (!target || (target.convert && !target.revert)) return fail(parent, `${where} reads ${name}.${field}, whose conversion \`${mapped}\` cannot be read back`);
        return;
      }
      if (!oldFields.has(field) || !canonicalFields.has(field)) return fail(parent, `${where} reads ${name}.${field}, which the canonical does not have`);
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (body) visit(body);
  return failure ?? checkParamUses(context, plans, slot, slots, isPresenceTest);
}

/** `if (config)`, `config ? a : b`, `!config`, `config && ...`, `config === undefined`: whether a value was given, whatever its type. */
function isPresenceTest(use: ts.Identifier): boolean {
  let node: ts.Node = use;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === node) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (!ts.isBinaryExpression(parent)) return false;
  const operator = parent.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return parent.left === node;
  const other = parent.left === node ? parent.right : parent.left;
  const nullish = other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === 'undefined');
  return nullish && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(operator);
}

/** A property access that is assigned to, incremented or deleted. */
function writes(access: ts.PropertyAccessExpression): boolean {
  const parent = access.parent;
  if (ts.isBinaryExpression(parent) && parent.left === access && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(parent.operator)) return true;
  return ts.isDeleteExpression(parent);
}
