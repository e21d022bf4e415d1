/**
 * What keeps an importer of a superseded symbol on its shim: uses the canonical cannot serve (members,
 * options or fields it lacks) and value uses whose calls the canonical's signature does not take.
 */
import { lineOf, ts } from '../../../parser/ts.js';
import { CALL_KEY, CONSTRUCT_KEY, isRename, OWN_MEMBER, thisReads, type SymbolReference, type UsageSite } from '../codemod-utils/usages.js';
import { importedLocals, isReference } from '../codemod-utils/imports.js';
import { localDeclarations } from '../codemod-utils/declarations.js';
import type { Blocker } from '../types.js';
import { callCompatible, normalizeType, sameKind, sameYield, suggestName, type TypeAliases } from './compat.js';
import type { PlanContext } from './context.js';
import { parseValueTarget } from '../codemod-utils/value-mapping.js';
import { plainRead } from '../codemod-utils/usage-edits.js';
import { argumentsWithDefaults } from '../codemod-utils/argument-defaults.js';
import type { SymbolPlan } from './symbols.js';


/**
 * A read of a required field whose conversion can be undone (`$ * 1000` → `/ 1000`) is rewritten to the
 * new field converted back; an optional one would turn a missing value into NaN.
 */
function revertible(plan: SymbolPlan, site: UsageSite, target: string): boolean {
  if (site.kind !== 'field' || parseValueTarget(target)?.revert === undefined || plainRead(site.nameNode) === undefined) return false;
  const field = plan.oldApi?.fields.get(site.name);
  return field !== undefined && !field.optional;
}

/** Uses the canonical cannot serve, as blockers. */
export function usageProblems(plan: SymbolPlan, sites: UsageSite[], aliases: TypeAliases): Array<{ line: number; kind: Blocker['kind']; message: string; hint?: string }> {
  const problems: Array<{ line: number; kind: Blocker['kind']; message: string; hint?: string }> = [];
  const api = plan.canonicalApi;
  const signatureDiffers = (from: string, to: string, isStatic: boolean): boolean => {
    const key = (name: string): string => (isStatic ? `static ${name}` : name);
    const a = plan.oldApi?.signatures.get(key(from));
    const b = api?.signatures.get(key(to));
    return a !== undefined && b !== undefined && normalizeType(a, aliases) !== normalizeType(b, aliases);
  };
  for (const site of sites) {
    const table = site.kind === 'option' ? plan.usage.options : site.kind === 'field' ? plan.usage.fields : plan.usage.members;
    const kind: Blocker['kind'] = site.kind === 'option' ? 'missing-option' : site.kind === 'field' ? 'missing-field' : 'missing-member';
    if (table && Object.prototype.hasOwnProperty.call(table, site.name)) {
      const target = table[site.name];
      const converted = typeof target === 'string' && (site.kind === 'option' || site.kind === 'field') && parseValueTarget(target)?.convert !== undefined;
      if (target === OWN_MEMBER || (typeof target === 'string' && (site.kind === 'member' || site.kind === 'static') && thisReads(target).length > 0)) {
        problems.push({ line: site.line, kind, message: `uses ${site.name}, which the adapter of ${plan.finding.symbol} keeps as its own bookkeeping (the canonical lacks it)`, hint: `keep using the adapter, or give ${plan.canonical.ref} what ${site.name} does` });
      } else if (target === null && !(site.literal && (site.kind === 'option' || site.kind === 'field'))) {
        problems.push({ line: site.line, kind, message: `uses ${site.name}, which the mapping drops (null)` });
      } else if (converted && !site.literal && !revertible(plan, site, target)) {
        problems.push({ line: site.line, kind, message: `reads ${site.name}, whose mapping converts the value (${target}); a read cannot be converted back` });
      } else if (typeof target === 'string' && isRename(target) && (site.kind === 'member' || site.kind === 'static') && signatureDiffers(site.name, target, site.kind === 'static')) {
        problems.push({ line: site.line, kind: 'signature-mismatch', message: `uses ${site.name}, mapped to ${target}, whose signature in ${plan.canonical.ref} differs`, hint: `map ${site.name} to a template instead` });
      }
      continue;
    }
    if (site.kind === 'construct' || site.kind === 'call') continue;
    if (!api || api.open) continue;
    if ((site.kind === 'member' || site.kind === 'static') && signatureDiffers(site.name, site.name, site.kind === 'static')) {
      problems.push({ line: site.line, kind: 'signature-mismatch', message: `uses ${site.name}, whose signature in ${plan.canonical.ref} differs`, hint: `mappings["${plan.ref}"].members.${site.name} = "<template>"` });
      continue;
    }
    let known: Iterable<string> | null;
    if (site.kind === 'member') known = api.members;
    else if (site.kind === 'static') known = api.statics;
    else if (site.kind === 'option') known = api.options;
    else known = api.fields.size > 0 ? api.fields.keys() : api.members;
    if (known === null) continue;
    const set = new Set(known);
    if (set.has(site.name)) continue;
    const suggestion = suggestName(site.name, set);
    const table2 = site.kind === 'option' ? 'options' : site.kind === 'field' ? 'fields' : 'members';
    problems.push({
      line: site.line,
      kind,
      message: `uses ${site.kind === 'option' ? 'option' : site.kind === 'field' ? 'field' : 'member'} ${site.name}, which ${plan.canonical.ref} lacks`,
      hint: `mappings["${plan.ref}"].${table2}.${site.name} = ${suggestion ? `"${suggestion}" (suggested)` : '"<canonical name>"'}`,
    });
  }
  return problems;
}

function inImportOrExport(node: ts.Node): boolean {
  const parent = node.parent as (ts.Node & { name?: ts.Node }) | undefined;
  if (parent && parent.name === node && (ts.isBindingElement(parent) || ts.isVariableDeclaration(parent) || ts.isImportEqualsDeclaration(parent))) return true;
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isImportDeclaration(current) || ts.isExportDeclaration(current) || ts.isImportEqualsDeclaration(current)) return true;
    if (ts.isStatement(current)) return false;
  }
  return false;
}

/** The local name in a specifier of `export { X }` or `export { X as Y }` without `from`. */
function isLocalExportOf(node: ts.Node, isRef: SymbolReference): boolean {
  const specifier = node.parent;
  if (!ts.isIdentifier(node) || !specifier || !ts.isExportSpecifier(specifier) || (specifier.propertyName ?? specifier.name) !== node) return false;
  const declaration = specifier.parent.parent;
  return declaration.moduleSpecifier === undefined && !declaration.isTypeOnly && !specifier.isTypeOnly && isRef(node);
}

function isInType(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isTypeNode(current) || ts.isExpressionWithTypeArguments(current) && current.parent && ts.isHeritageClause(current.parent) && current.parent.token === ts.SyntaxKind.ImplementsKeyword) return true;
    if (ts.isImportDeclaration(current) || ts.isExportDeclaration(current) || ts.isStatement(current)) return false;
  }
  return false;
}

/** Top-level names the superseded module declares or imports, except the canonical's and the symbol's own. */
export function moduleNamesOf(context: PlanContext, plan: SymbolPlan): string[] {
  const source = context.source(plan.file, true);
  if (!source) return [];
  const names = new Set([...localDeclarations(source).keys(), ...importedLocals(source).keys()]);
  names.delete(plan.canonical.symbol);
  names.delete(plan.exportName);
  names.delete(plan.finding.symbol);
  return [...names];
}

/** Type parameters of the superseded declaration a template names (they do not exist at a call site). */
export function typeParamsIn(template: string, typeParams: readonly string[] | undefined): string[] {
  return (typeParams ?? []).filter((name) => new RegExp(`(?<![\\w$.'"])${name.replace(/\$/g, '\\$')}(?![\\w$'"])`).test(template.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "''")));
}

function kindWord(kind: string): string {
  return kind === 'interface' || kind === 'type' ? 'a type' : kind === 'variable' ? 'a value' : `a ${kind}`;
}

/**
 * Value uses the canonical cannot take over: calls or constructions when the signatures differ, and
 * any value use when one is a class and the other a function (or a type). Uses inside recipe matches
 * are the recipe's business.
 */
export function valueUseProblems(
  sourceFile: ts.SourceFile,
  plan: SymbolPlan,
  isRef: SymbolReference,
  skip: (node: ts.Node) => boolean,
  aliases: TypeAliases,
  moduleNames: readonly string[] = [],
): Array<{ line: number; message: string }> {
  const { oldApi, canonicalApi } = plan;
  if (!oldApi || !canonicalApi) return [];
  const kindsDiffer = !sameKind(oldApi, canonicalApi);
  const paramsDiffer = !kindsDiffer && (!callCompatible(oldApi.params, canonicalApi.params, aliases) || !sameYield(oldApi, canonicalApi));
  if (!kindsDiffer && !paramsDiffer) return [];
  const problems: Array<{ line: number; message: string }> = [];
  const visit = (node: ts.Node): void => {
    // `export { X }` hands the imported value on to this file's importers, who expect the old API.
    if (isLocalExportOf(node, isRef) && !skip(node)) {
      const how = kindsDiffer ? `${kindWord(oldApi.kind)} but ${plan.canonical.ref} is ${kindWord(canonicalApi.kind)}` : `its signature differs from ${plan.canonical.ref}'s`;
      problems.push({ line: lineOf(sourceFile, node.getStart(sourceFile)), message: `${node.getText(sourceFile)} is exported again from this file, and ${kindsDiffer ? `it is ${how}` : how}` });
      return;
    }
    if (isRef(node) && !(ts.isIdentifier(node) && !isReference(node)) && !inImportOrExport(node) && !isInType(node) && !skip(node)) {
      const parent = node.parent;
      const name = node.getText(sourceFile);
      const called = parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node;
      const line = lineOf(sourceFile, node.getStart(sourceFile));
      const template = called ? plan.usage.members?.[ts.isNewExpression(parent) ? CONSTRUCT_KEY : CALL_KEY] : undefined;
      const ownTypes = typeof template === 'string' ? typeParamsIn(template, oldApi.typeParams) : [];
      if (typeof template === 'string' && ownTypes.length > 0) {
        problems.push({ line, message: `the call template of ${name} names ${ownTypes.join(', ')}, type parameters of the superseded declaration, so it applies only inside its adapter; this file keeps calling the adapter` });
        return;
      }
      // A decorator factory's template is the decorator itself: it stays behind the adapter's name.
      if (typeof template === 'string' && called && parent.parent && ts.isDecorator(parent.parent)) {
        problems.push({ line, message: `@${name}(...) decorates a member, and its call template applies only inside its adapter; this file keeps calling the adapter` });
        return;
      }
      // Names the template borrows from the superseded module (its helpers and imports) exist only there.
      const borrowed = typeof template === 'string' ? typeParamsIn(template, moduleNames) : [];
      if (typeof template === 'string' && borrowed.length > 0) {
        problems.push({ line, message: `the call template of ${name} names ${borrowed.join(', ')} of ${plan.file}, so it applies only inside its adapter; this file keeps calling the adapter` });
        return;
      }
      // State the adapter keeps for itself (`this.statistics`) exists only inside the adapter.
      const state = typeof template === 'string' ? thisReads(template) : [];
      if (typeof template === 'string' && state.length > 0) {
        problems.push({ line, message: `the call template of ${name} reads ${state.map((s) => `this.${s}`).join(', ')}, state its adapter keeps, so it applies only inside its adapter; this file keeps calling the adapter` });
        return;
      }
      if (typeof template === 'string') {
        const call = parent as ts.CallExpression | ts.NewExpression;
        const { unknown } = argumentsWithDefaults(template, (call.arguments ?? []).map((a) => a.getText(sourceFile)), plan.usage.argumentDefaults);
        if (unknown.length > 0) problems.push({ line, message: `${name}(...) leaves out argument ${unknown.map((i) => `$${i}`).join(', ')}, whose default names something of the superseded module; this file keeps calling the adapter` });
        return;
      }
      if (kindsDiffer) {
        problems.push({ line, message: `${name} is ${kindWord(oldApi.kind)} but ${plan.canonical.ref} is ${kindWord(canonicalApi.kind)}` });
      } else if (called) {
        problems.push({ line, message: `${ts.isNewExpression(parent) ? 'new ' : ''}${name}(...) is written for the superseded signature, which differs from ${plan.canonical.ref}'s` });
      } else if (!(parent && ts.isPropertyAccessExpression(parent) && parent.expression === node)) {
        problems.push({ line, message: `${name} is passed on as a value, and its signature differs from ${plan.canonical.ref}'s` });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return problems;
}
