/**
 * The checks behind a config-flow group move (`config-flow.ts`): which values reach a signature slot of
 * the group, whether a slot's parameter is only read or passed on inside the group, and which moves a
 * template depends on. Split out so each file stays readable; the planning itself stays in config-flow.
 */
import { ts } from '../../../parser/ts.js';
import { resolverOf, type SymbolReference } from '../codemod-utils/usages.js';
import { argumentOf, branchesOf, callSitesOf, literalSites, templateCalls, type SignatureSlot } from './config-flow-sites.js';
import type { PropertySlot } from './config-flow-properties.js';
import type { PlanContext } from './context.js';
import { bindingsFor } from './importers.js';
import { resolveSpecifier } from './resolve.js';
import type { SymbolPlan } from './symbols.js';

export interface Slot extends SignatureSlot {
  file: string;
}

export interface Flow {
  file: string;
  line: number;
  text: string;
  target: { file: string; name: string } | undefined;
  construct: boolean;
  index: number;
}

export interface ImporterState {
  file: string;
  source: ts.SourceFile;
  isRef: SymbolReference;
  local: string;
  specifier: string;
  starts: Set<number>;
  slots: Slot[];
  flows: Flow[];
  /** Properties of other types the old type is part of (`config-flow-properties.ts`). */
  properties: PropertySlot[];
}

/** A template of the run that may call a slot: its text and where to report it. */
export interface FlowTemplate {
  text: string;
  file: string;
  line: number;
  /** The name `$target` stands for, when the template is a shim's or a move's. */
  target?: { file: string | null; symbol: string };
  set(text: string): void;
}

export function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

export function slotKey(file: string, name: string, construct: boolean, index: number): string {
  return `${file}#${name}:${construct ? 'new' : 'call'}:${index}`;
}

/** The declaration a callee names: a top-level function or class of this file, or an import's origin. */
export function calleeTarget(context: PlanContext, file: string, source: ts.SourceFile, callee: ts.Identifier): { file: string; name: string } | undefined {
  if (!resolverOf(source).isTopLevel(callee)) return undefined;
  for (const statement of source.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === callee.text) return { file, name: callee.text };
  }
  return namedImportOrigin(context, file, source, callee.text);
}

/** Where a named import of this file comes from (through barrels), when `local` is one. */
export function namedImportOrigin(context: PlanContext, file: string, source: ts.SourceFile, local: string): { file: string; name: string } | undefined {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings || !ts.isNamedImports(statement.importClause.namedBindings)) continue;
    const element = statement.importClause.namedBindings.elements.find((e) => e.name.text === local);
    if (!element) continue;
    const resolved = resolveSpecifier(context, file, (statement.moduleSpecifier as ts.StringLiteral).text);
    if (!resolved) return undefined;
    const imported = (element.propertyName ?? element.name).text;
    const origin = context.input.graph.exportOrigins[resolved]?.[imported];
    return origin ? { file: origin.file, name: origin.name } : { file: resolved, name: imported };
  }
  return undefined;
}

export interface Failure {
  file: string;
  line: number;
  message: string;
}

/** The names a template calls the slot by: its own name, and `$target` when the template's target is the slot. */
export function templateNames(template: FlowTemplate, slot: Slot): Set<string> {
  const names = new Set<string>();
  if (new RegExp(`(?<![\\w$.])${slot.name}(?![\\w$])`).test(template.text)) names.add(slot.name);
  if (template.target && template.target.file === slot.file && template.target.symbol === slot.name && template.text.includes('$target')) names.add('$target');
  return names;
}

/**
 * Every value that reaches a slot: at call sites in its own file and in the files importing it, and in
 * the templates of the run. Literal arguments are recorded for conversion; anything else must be a
 * value of the group (a slot's own parameter, or a variable typed with the old type in a member).
 */
export function checkSlot(
  context: PlanContext,
  plan: SymbolPlan,
  slot: Slot,
  groupParams: ReadonlySet<ts.ParameterDeclaration>,
  members: ReadonlyMap<string, ImporterState>,
  templates: FlowTemplate[],
  recipeRanges: ReadonlyMap<string, Array<[number, number]>>,
  literals: Map<string, Map<string, { specifier: string; slot: Slot }>>,
  /** Values the group converts besides its parameters and typed variables (an adapter's default const). */
  isGroupExtra: (file: string, source: ts.SourceFile, value: ts.Expression) => boolean = () => false,
): Failure | undefined {
  const where = `${slot.construct ? 'new ' : ''}${slot.name}(...)`;
  const callers: Array<{ file: string; source: ts.SourceFile; local: string; specifier: string }> = [];
  const own = context.source(slot.file, true);
  if (!own) return { file: slot.file, line: 1, message: `${slot.file} cannot be read` };
  callers.push({ file: slot.file, source: own, local: slot.name, specifier: '' });
  const problem = slotCallers(context, slot, callers);
  if (problem) return problem;
  for (const caller of callers) {
    const { calls, other } = callSitesOf(caller.source, caller.local, slot.construct);
    // Static members and `instanceof` pass nothing to the slot; anything else (a subclass, the class or
    // function passed around) would let values in unseen.
    const stray = other.find((node) => {
      const parent = node.parent;
      if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) return false;
      if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && parent.right === node) return false;
      return !((ts.isNewExpression(parent) || ts.isCallExpression(parent)) && parent.expression === node);
    });
    if (stray) return { file: caller.file, line: lineOf(caller.source, stray), message: `${slot.name} is used here other than by a call, where the values it gets cannot be followed` };
    // A call a recipe rewrites is replaced by the recipe's template, which is checked below.
    const ranges = recipeRanges.get(caller.file) ?? [];
    for (const call of calls.filter((c) => !ranges.some(([a, b]) => a <= c.getStart(caller.source) && c.getEnd() <= b))) {
      const argument = call.arguments?.[slot.index];
      if (!argument) {
        if (slot.optional) continue;
        return { file: caller.file, line: lineOf(caller.source, call), message: `${where} is called without its ${plan.exportName} argument` };
      }
      for (const value of branchesOf(argument)) {
        if (ts.isObjectLiteralExpression(value)) {
          if (!literalSites(caller.source, value)) return { file: caller.file, line: lineOf(caller.source, value), message: `the literal passed to ${where} has a spread or computed key the converter cannot rewrite` };
          const sites = literals.get(caller.file) ?? new Map<string, { specifier: string; slot: Slot }>();
          sites.set(`${caller.specifier}|${slotKey(slot.file, slot.name, slot.construct, slot.index)}`, { specifier: caller.specifier, slot });
          literals.set(caller.file, sites);
          continue;
        }
        if (ts.isIdentifier(value) && (value.text === 'undefined' || groupValue(caller.source, value, groupParams, members.get(caller.file)))) continue;
        if (isGroupExtra(caller.file, caller.source, value)) continue;
        return { file: caller.file, line: lineOf(caller.source, value), message: `${value.getText(caller.source)} is passed to ${where}, which takes ${plan.exportName}, and is not an object literal the converter can rewrite` };
      }
    }
  }
  for (const template of templates) {
    const names = templateNames(template, slot);
    if (names.size === 0) continue;
    const { calls } = templateCalls(template.text, names, slot.construct, slot.index);
    if (calls.some((call) => call.literals === null)) return { file: template.file, line: template.line, message: `a template of this run passes a value to ${where} that is not an object literal the converter can rewrite` };
  }
  return undefined;
}

/**
 * The files that call a slot's function or class by name: importers of its module, and importers of the
 * barrels that re-export it (under its name or another). Anything reaching it otherwise is a failure.
 */
function slotCallers(context: PlanContext, slot: Slot, callers: Array<{ file: string; source: ts.SourceFile; local: string; specifier: string }>): Failure | undefined {
  const modules: Array<{ file: string; name: string }> = [{ file: slot.file, name: slot.name }];
  for (const [barrel, origins] of Object.entries(context.input.graph.exportOrigins)) {
    if (barrel === slot.file) continue;
    for (const [name, origin] of Object.entries(origins)) {
      if (origin.file !== slot.file || origin.name !== slot.name) continue;
      // The converted literals are found by the name callers use: a renamed re-export is not followed.
      if (name !== slot.name) return { file: barrel, line: 1, message: `${slot.name} is re-exported by ${barrel} as ${name}, whose importers the move does not follow` };
      modules.push({ file: barrel, name });
    }
  }
  for (const module of modules) {
    for (const entry of context.importsOf.get(module.file) ?? []) {
      if (entry.from === slot.file || (entry.from === module.file && module.file !== slot.file)) continue;
      const source = context.source(entry.from, true);
      if (!source) return { file: entry.from, line: entry.line, message: `${entry.from} cannot be read` };
      const followed = modules.some((m) => m.file === entry.from);
      for (const binding of bindingsFor(source, entry.specifier, module.name)) {
        // A barrel's own `export { X } from` is followed through the barrel's importers.
        if (followed && binding.kind === 're-export') continue;
        if (binding.kind !== 'static' || binding.namespace) return { file: entry.from, line: binding.line, message: `${entry.from} reaches ${slot.name} in a way the move does not follow` };
        callers.push({ file: entry.from, source, local: binding.local, specifier: entry.specifier });
      }
    }
  }
  return undefined;
}

/** A value of the group: a slot's parameter, or a variable of a member file typed with the old type. */
export function groupValue(source: ts.SourceFile, value: ts.Identifier, params: ReadonlySet<ts.ParameterDeclaration>, member: ImporterState | undefined): boolean {
  const declaration = resolverOf(source).resolve(value);
  if (!declaration) return false;
  if (ts.isParameter(declaration)) return params.has(declaration);
  if (member && ts.isVariableDeclaration(declaration) && declaration.type && ts.isTypeReferenceNode(declaration.type)) return member.isRef(declaration.type.typeName);
  return false;
}

/**
 * Inside its function, a slot's parameter may be read, passed to another slot of the group, or passed
 * to a superseded symbol whose call template this run expands (its reads of old fields follow the move).
 */
export function checkParamUses(context: PlanContext, plans: SymbolPlan[], slot: Slot, slots: ReadonlyMap<string, Slot>, allowed: (use: ts.Identifier) => boolean = () => false): Failure | undefined {
  const source = slot.param.getSourceFile();
  const name = (slot.param.name as ts.Identifier).text;
  const resolver = resolverOf(source);
  const body = (slot.param.parent as ts.FunctionLikeDeclaration).body;
  let failure: Failure | undefined;
  const visit = (node: ts.Node): void => {
    if (failure) return;
    if (ts.isIdentifier(node) && node.text === name && resolver.resolve(node) === slot.param) {
      const parent = node.parent;
      if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) return;
      if (allowed(node)) return;
      const argument = argumentOf(node);
      const callee = argument && ts.isIdentifier(argument.call.expression) ? argument.call.expression : undefined;
      const target = callee ? calleeTarget(context, slot.file, source, callee) : undefined;
      const construct = argument !== undefined && ts.isNewExpression(argument.call);
      if (target && argument && slots.has(slotKey(target.file, target.name, construct, argument.index))) return;
      const moving = movingPlan(plans, target);
      if (moving && typeof moving.usage.members?.[construct ? 'constructor' : '()'] === 'string') return;
      failure = { file: slot.file, line: lineOf(source, node), message: `${name} is passed on from ${slot.construct ? 'new ' : ''}${slot.name}(...) to code that does not take part in the move` };
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (body) visit(body);
  return failure;
}

export function movingPlan(plans: SymbolPlan[], target: { file: string; name: string } | undefined): SymbolPlan | undefined {
  return target ? plans.find((p) => p.file === target.file && p.exportName === target.name) : undefined;
}

/** The moves whose call templates a slot's parameter goes through (they must happen in the same run). */
export function templateDependencies(context: PlanContext, plans: SymbolPlan[], slot: Slot): string[] {
  const source = slot.param.getSourceFile();
  const name = (slot.param.name as ts.Identifier).text;
  const refs = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name) {
      const argument = argumentOf(node);
      const callee = argument && ts.isIdentifier(argument.call.expression) ? argument.call.expression : undefined;
      const moving = callee ? movingPlan(plans, calleeTarget(context, slot.file, source, callee)) : undefined;
      if (moving) refs.add(moving.ref);
    }
    ts.forEachChild(node, visit);
  };
  const body = (slot.param.parent as ts.FunctionLikeDeclaration).body;
  if (body) visit(body);
  return [...refs];
}
