/**
 * A superseded config type that flows into a parameter of a superseded function of its own module,
 * which becomes an adapter: the parameter can take the canonical config type as part of the config-flow
 * group (`config-flow.ts`). What the adapter keeps of the old function is its signature and its call
 * template, so the template's reads of the parameter (`$1.maxAttempts`) are converted through the field
 * mapping; the parameter's default, when it names a typed const of the module, is converted with it;
 * and the values callers pass are checked like those of any other slot of the group. Anything that
 * cannot follow (the template passing the value on whole, a read without a way back, a default of
 * another kind, the const used elsewhere) keeps the adapter's parameter as it is, and the importers that
 * pass values to it stay blocked at their file:line.
 */
import { parseSource, ts } from '../../../parser/ts.js';
import type { CanonicalTarget, ConfigConstTask } from '../codemod-options.js';
import { localDeclarations } from '../codemod-utils/declarations.js';
import { importedLocals } from '../codemod-utils/imports.js';
import { applyEdits } from '../codemod-utils/edits.js';
import { usageEdits } from '../codemod-utils/usage-edits.js';
import { resolverOf, type UsageSite } from '../codemod-utils/usages.js';
import { parseValueTarget } from '../codemod-utils/value-mapping.js';
import { argumentOf, callSitesOf, literalSites, signatureSlot } from './config-flow-sites.js';
import { calleeTarget, lineOf, namedImportOrigin, slotKey, type Failure, type FlowTemplate, type Slot } from './config-flow-checks.js';
import type { PlanContext } from './context.js';
import { valueClash } from './config-flow-values.js';
import { bindingsFor } from './importers.js';
import { resolveSpecifier } from './resolve.js';
import { classAdapterSlots } from './class-adapter-config-flow.js';
import type { SymbolPlan } from './symbols.js';

/** A parameter of a superseded adapter function typed with the moving config type. */
export interface AdapterSlot extends Slot {
  /** The superseded function. */
  adapter: SymbolPlan;
  /** Typed consts of the module that are the parameter's default, converted with it. */
  consts: ts.VariableDeclaration[];
}

/** What the group move does to an adapter once it holds: written by the shim of `adapter`. */
export interface AdapterFlow {
  adapter: SymbolPlan;
  config: SymbolPlan;
  index: number;
  consts: string[];
}

/** Field mapping of a group: old field → canonical field, and the defaults the converter adds. */
export interface FlowMapping {
  fields?: Record<string, string | null>;
  fieldDefaults?: Record<string, string>;
}

/** The templates a superseded function's adapter and its call sites are written from. */
function adapterTemplates(adapter: SymbolPlan, templates: readonly FlowTemplate[]): FlowTemplate[] {
  const members = adapter.usage.members;
  const construct = members && Object.hasOwn(members, 'constructor') ? members['constructor'] : undefined;
  const texts = new Set([adapter.shim?.construct, members?.['()'], construct].filter((t): t is string => typeof t === 'string'));
  return templates.filter((t) => t.file === adapter.file && texts.has(t.text));
}

/**
 * Parameters typed with `config` of the module's superseded adapter functions, and constructor
 * parameters of superseded class adapters in any module (`class-adapter-config-flow.ts`).
 */
export function adapterSlots(context: PlanContext, plans: readonly SymbolPlan[], config: SymbolPlan): AdapterSlot[] {
  const source = context.source(config.file, true);
  const free = source ? canonicalNameFree(context, config, source) : false;
  // In the type's own module the adapter's shim declares the canonical type by its name.
  const classes = classAdapterSlots(context, plans, config).filter((slot) => slot.file !== config.file || free);
  if (!source || !free) return classes;
  const slots: AdapterSlot[] = [...classes];
  for (const adapter of plans) {
    if (adapter.file !== config.file || adapter.shim?.kind !== 'adapter' || !adapter.shim.construct || adapter.oldApi?.kind !== 'function') continue;
    const declaration = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === adapter.exportName && s.body !== undefined);
    for (const param of declaration?.parameters ?? []) {
      const reference = typeReferenceOf(param.type);
      if (!reference || !ts.isIdentifier(reference.typeName) || reference.typeName.text !== config.exportName || reference.typeArguments) continue;
      const slot = signatureSlot(reference.typeName);
      const initializer = slot?.param.initializer;
      const declaration = initializer && ts.isIdentifier(initializer) ? resolverOf(source).resolve(initializer) : undefined;
      const consts = declaration && isTypedConst(declaration, config.exportName) ? [declaration as ts.VariableDeclaration] : [];
      if (slot) slots.push({ ...slot, file: config.file, adapter, consts });
    }
  }
  return slots;
}

/** The adapter names the canonical type by its own name: free in the module, or already imported from it. */
export function canonicalNameFree(context: PlanContext, config: SymbolPlan, source: ts.SourceFile): boolean {
  const name = config.canonical.symbol;
  if (!config.canonical.file || localDeclarations(source).has(name)) return false;
  const bound = importedLocals(source).get(name);
  return bound === undefined || (bound.imported === name && resolveSpecifier(context, config.file, bound.specifier) === config.canonical.file);
}

function typeReferenceOf(type: ts.TypeNode | undefined): ts.TypeReferenceNode | undefined {
  if (!type) return undefined;
  if (ts.isTypeReferenceNode(type)) return type;
  if (ts.isParenthesizedTypeNode(type)) return typeReferenceOf(type.type);
  if (ts.isUnionTypeNode(type)) {
    const references = type.types.filter(ts.isTypeReferenceNode);
    return references.length === 1 ? references[0] : undefined;
  }
  return undefined;
}

/** The `$index.field` reads of a template, or the node that uses `$index` some other way. */
function templateReads(text: string, index: number): { source: ts.SourceFile; reads: ts.PropertyAccessExpression[]; other?: ts.Node } {
  const source = parseSource('template.ts', `(${text}\n);`);
  const reads: ts.PropertyAccessExpression[] = [];
  let other: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === `$${index}`) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isIdentifier(parent.name)) reads.push(parent);
      else other ??= node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { source, reads, ...(other ? { other } : {}) };
}

/**
 * Whether the adapter's side of a slot can follow the move: its templates only read fields the mapping
 * can give back, and its default is absent or a typed const of the module (whose other uses all feed
 * slots of the group). Records the consts on the slot.
 */
export function checkAdapterSlot(context: PlanContext, config: SymbolPlan, slot: AdapterSlot, templates: readonly FlowTemplate[], slots: ReadonlyMap<string, Slot>): Failure | undefined {
  const where = `${slot.name}(...)`;
  const line = slot.adapter.oldApi?.line ?? slot.adapter.finding.startLine;
  const oldFields = config.oldApi?.fields ?? new Map();
  const own = templateOf(slot, templates);
  if (own.length === 0) return { file: slot.file, line, message: `the adapter of ${slot.name} has no call template the move can convert` };
  for (const template of own) {
    const { reads, other } = templateReads(template.text, slot.index);
    if (other) return { file: slot.file, line, message: `the call template of ${slot.name} uses $${slot.index} other than by reading its fields, so the adapter cannot take the canonical type` };
    for (const read of reads) {
      const field = read.name.text;
      if (!oldFields.has(field)) return { file: slot.file, line, message: `the call template of ${slot.name} reads $${slot.index}.${field}, which ${config.exportName} does not have` };
      const mapped = config.usage.fields?.[field];
      if (mapped === null) return { file: slot.file, line, message: `the call template of ${slot.name} reads $${slot.index}.${field}, which has no counterpart in the canonical` };
      if (typeof mapped === 'string') {
        const target = parseValueTarget(mapped);
        if (!target || (target.convert && !target.revert)) return { file: slot.file, line, message: `the call template of ${slot.name} reads $${slot.index}.${field}, whose conversion \`${mapped}\` cannot be read back` };
      }
    }
  }
  const initializer = slot.param.initializer;
  if (!initializer) return undefined;
  const source = slot.param.getSourceFile();
  if (slot.consts.length === 0) return { file: slot.file, line: lineOf(source, initializer), message: `the default of ${where} is not a const typed with ${config.exportName} the move can convert` };
  const clash = valueClash(context, slot.file, config);
  if (clash) return clash;
  for (const declaration of slot.consts) {
    const problem = constUses(context, slot.file, declaration, slots);
    if (problem) return problem;
  }
  return undefined;
}

/** Whether a value passed somewhere is one of the adapters' default consts (in its module, or imported). */
export function groupConsts(context: PlanContext, adapters: readonly AdapterSlot[]): (file: string, source: ts.SourceFile, value: ts.Identifier) => boolean {
  const keys = new Set(adapters.flatMap((a) => a.consts.map((c) => `${a.file}#${(c.name as ts.Identifier).text}`)));
  return (file, source, value) => {
    if (keys.size === 0) return false;
    const declaration = resolverOf(source).resolve(value);
    if (declaration && ts.isVariableDeclaration(declaration)) return keys.has(`${file}#${value.text}`) && adapters.some((a) => a.consts.includes(declaration));
    const origin = namedImportOrigin(context, file, source, value.text);
    return origin !== undefined && keys.has(`${origin.file}#${origin.name}`);
  };
}

function templateOf(slot: AdapterSlot, templates: readonly FlowTemplate[]): FlowTemplate[] {
  return adapterTemplates(slot.adapter, templates);
}

/** `const NAME: Old = { ... }` at the top of the module, with a literal the converter can rewrite. */
function isTypedConst(node: ts.Node, typeName: string): boolean {
  if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.initializer) return false;
  const list = node.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1 || !ts.isVariableStatement(list.parent) || !ts.isSourceFile(list.parent.parent)) return false;
  const type = node.type;
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeName.text !== typeName || type.typeArguments) return false;
  return ts.isObjectLiteralExpression(node.initializer) && literalSites(node.getSourceFile(), node.initializer) !== undefined;
}

/**
 * Every use of a converted const, in its module and in the files importing it, must feed a slot of the
 * group: passed to it, or the default of its parameter. Any other use would still expect the old type.
 */
function constUses(context: PlanContext, file: string, declaration: ts.VariableDeclaration, slots: ReadonlyMap<string, Slot>): Failure | undefined {
  const name = (declaration.name as ts.Identifier).text;
  const params = new Set([...slots.values()].map((s) => s.param));
  const users: Array<{ file: string; source: ts.SourceFile; local: string }> = [{ file, source: declaration.getSourceFile(), local: name }];
  for (const [barrel, origins] of Object.entries(context.input.graph.exportOrigins)) {
    if (barrel !== file && Object.values(origins).some((o) => o.file === file && o.name === name)) return { file: barrel, line: 1, message: `${name} is re-exported by ${barrel}, whose importers the move does not follow` };
  }
  for (const entry of context.importsOf.get(file) ?? []) {
    if (entry.from === file) continue;
    const source = context.source(entry.from, true);
    if (!source) return { file: entry.from, line: entry.line, message: `${entry.from} cannot be read` };
    for (const binding of bindingsFor(source, entry.specifier, name)) {
      if (binding.kind !== 'static' || binding.namespace) return { file: entry.from, line: binding.line, message: `${entry.from} reaches ${name} in a way the move does not follow` };
      users.push({ file: entry.from, source, local: binding.local });
    }
  }
  for (const user of users) {
    const { calls, other } = callSitesOf(user.source, user.local, false);
    for (const node of [...calls.map((c) => c.expression), ...other]) {
      if (feedsSlot(context, user.file, user.source, node, params, slots)) continue;
      return { file: user.file, line: lineOf(user.source, node), message: `${name} is used here, where it would no longer be of the old type once converted` };
    }
  }
  return undefined;
}

/** A use of a const that is the default of a group parameter or an argument passed to a group slot. */
function feedsSlot(context: PlanContext, file: string, source: ts.SourceFile, node: ts.Node, params: ReadonlySet<ts.ParameterDeclaration>, slots: ReadonlyMap<string, Slot>): boolean {
  const parent = node.parent;
  if (ts.isParameter(parent) && parent.initializer === node && params.has(parent)) return true;
  const argument = argumentOf(node);
  if (!argument || !ts.isIdentifier(argument.call.expression)) return false;
  const target = calleeTarget(context, file, source, argument.call.expression);
  return target !== undefined && slots.has(slotKey(target.file, target.name, ts.isNewExpression(argument.call), argument.index));
}

/** The adapter's templates with their reads of the parameter written for the canonical type. */
export function convertAdapterTemplates(slot: AdapterSlot, templates: readonly FlowTemplate[], mapping: FlowMapping): void {
  for (const template of templateOf(slot, templates)) {
    const text = convertedReads(template.text, slot.index, mapping);
    if (text === template.text) continue;
    template.set(text);
    template.text = text;
  }
}

/** `$index.old` reads of a template as reads of the canonical's fields, converted back where needed. */
export function convertedReads(text: string, index: number, mapping: FlowMapping): string {
  const { source, reads } = templateReads(text, index);
  const sites: UsageSite[] = reads.map((read) => ({ kind: 'field', name: read.name.text, line: 1, nameNode: read.name }));
  if (sites.length === 0 || !mapping.fields) return text;
  const { edits, problems } = usageEdits(source, sites, { fields: mapping.fields });
  if (problems.length > 0) return text;
  return applyEdits(text, edits.map((e) => ({ ...e, start: e.start - 1, end: e.end - 1 })));
}

/** The shim task's part of a const conversion. */
export function constTask(name: string, type: string, mapping: FlowMapping): ConfigConstTask {
  return { name, type, ...(mapping.fields ? { fields: mapping.fields } : {}), ...(mapping.fieldDefaults ? { fieldDefaults: mapping.fieldDefaults } : {}) };
}

/**
 * The shims of the adapters whose parameter moved with a group: the canonical type, imported, and the
 * consts converted. `wholly` names the modules that become shims whole (their imports are not moved).
 */
export function applyAdapterFlows(flows: readonly AdapterFlow[], targetFor: (plan: SymbolPlan, file: string) => CanonicalTarget, wholly: ReadonlySet<string> = new Set()): void {
  for (const flow of flows) {
    const shim = flow.adapter.shim;
    // In a module whose imports move, the parameter names the binding of the type that the move retargets.
    if (!shim || (flow.adapter.file !== flow.config.file && !wholly.has(flow.adapter.file))) continue;
    const target = targetFor(flow.config, flow.adapter.file);
    const mapping: FlowMapping = { ...(flow.config.usage.fields ? { fields: flow.config.usage.fields } : {}), ...(flow.config.usage.fieldDefaults ? { fieldDefaults: flow.config.usage.fieldDefaults } : {}) };
    shim.parameterTypes = { ...(shim.parameterTypes ?? {}), [String(flow.index)]: target.name };
    if (!(shim.imports ?? []).some((i) => i.specifier === target.specifier && i.name === target.name)) shim.imports = [...(shim.imports ?? []), { specifier: target.specifier, name: target.name, typeOnly: true }];
    // The converted consts may name values of the canonical module (`BackoffStrategy.EXPONENTIAL`).
    for (const name of flow.consts.length > 0 ? (flow.config.configType?.values ?? []) : []) {
      if (!(shim.imports ?? []).some((i) => i.specifier === target.specifier && i.name === name)) shim.imports = [...(shim.imports ?? []), { specifier: target.specifier, name }];
    }
    for (const name of flow.consts) {
      if (!(shim.configConsts ?? []).some((c) => c.name === name)) shim.configConsts = [...(shim.configConsts ?? []), constTask(name, target.name, mapping)];
    }
  }
}
