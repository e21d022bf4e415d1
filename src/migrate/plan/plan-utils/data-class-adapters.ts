/**
 * A config data class used by a superseded adapter of its own module (`constructor(config: Old = new
 * Old())` in a class whose body becomes a delegating shim): the adapter's parameter moves with the
 * class, so the module no longer uses it once the shim is written. The parameter takes the canonical
 * type, its default becomes the literal a `new Old()` converts to, and the adapter's templates (which
 * also follow its callers, inlined) read the canonical's fields: a field the canonical only has as
 * optional falls back to the class's default, so a value of the canonical type without it behaves as
 * an instance would have. Every caller must pass nothing, a `new Old(...)` the move converts, or a
 * binding declared with the class's type; anything else is a failure at its file:line and keeps the
 * class. A use of the class the shim keeps (its own state, members kept verbatim, other parameters)
 * is not released and stays a blocker at its line.
 */
import { parseSource, ts } from '../../../parser/ts.js';
import { applyEdits, type TextEdit } from '../codemod-utils/edits.js';
import { OWN_MEMBER, resolverOf } from '../codemod-utils/usages.js';
import { adapterSlots, type AdapterSlot } from './adapter-config-flow.js';
import { callSitesOf } from './config-flow-sites.js';
import type { Failure } from './config-flow-checks.js';
import type { PlanContext } from './context.js';
import { canonicalReadText, dataClassSites, type DataClassConversion } from './data-class-sites.js';
import { bindingsFor } from './importers.js';
import type { SymbolPlan } from './symbols.js';

/** A template text of an adapter, and where it is kept. */
interface TemplateRef {
  text: string;
  set(text: string): void;
}

/** What the move does to one adapter parameter. */
export interface DataClassAdapterMove {
  adapter: SymbolPlan;
  index: number;
  /** The converted default of the parameter, when it has one. */
  defaultText?: string;
  /** The adapter's templates with their reads of the parameter converted. */
  templates: Array<{ template: TemplateRef; text: string }>;
}

export interface DataClassAdapterPlan {
  moves: DataClassAdapterMove[];
  /** Whether a use of the class in its own module goes away with the adapters' shims. */
  covers(start: number, end: number): boolean;
  failures: Failure[];
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** The construct and call templates an adapter is written from and its callers are inlined with. */
function adapterTemplates(adapter: SymbolPlan): TemplateRef[] {
  const refs: TemplateRef[] = [];
  const shim = adapter.shim;
  if (shim && typeof shim.construct === 'string') refs.push({ text: shim.construct, set: (text) => (shim.construct = text) });
  for (const table of new Set([adapter.usage.members, shim?.members].filter((m): m is Record<string, string | null> => m !== undefined))) {
    for (const key of ['constructor', '()']) {
      const value = Object.hasOwn(table, key) ? table[key] : undefined;
      if (typeof value === 'string') refs.push({ text: value, set: (text) => (table[key] = text) });
    }
  }
  return refs;
}

/**
 * `$index.field` reads of a template as reads of the canonical: renamed, converted back where the
 * mapping converts, and falling back to the class's default where the canonical field is optional.
 */
export function dataClassTemplateReads(text: string, index: number, config: SymbolPlan, conversion: DataClassConversion): string | { message: string } {
  const source = parseSource('template.ts', `(${text}\n);`);
  const edits: TextEdit[] = [];
  let failure: string | undefined;
  const visit = (node: ts.Node): void => {
    if (failure) return;
    if (ts.isIdentifier(node) && node.text === `$${index}`) {
      const read = node.parent;
      if (!ts.isPropertyAccessExpression(read) || read.expression !== node) {
        failure = `uses $${index} other than by reading its fields, so the adapter cannot take the canonical type`;
        return;
      }
      const field = read.name.text;
      const value = canonicalReadText(`$${index}`, field, conversion);
      if (value === undefined) {
        failure = `reads $${index}.${field}, which ${conversion.fields.includes(field) ? 'the canonical cannot give back' : `${config.exportName} does not have`}`;
        return;
      }
      edits.push({ start: read.getStart(source) - 1, end: read.getEnd() - 1, text: value });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return failure ? { message: failure } : applyEdits(text, edits);
}

/** The declaration the shim replaces, and the parts of it whose uses of the class go with it. */
function replacedParts(source: ts.SourceFile, adapter: SymbolPlan): { declaration: ts.Node; parameters: readonly ts.ParameterDeclaration[]; replaced: ts.Node[] } | undefined {
  const members = adapter.usage.members ?? {};
  if (Object.values(members).includes(OWN_MEMBER)) return undefined;
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === adapter.exportName && statement.body) {
      return { declaration: statement, parameters: statement.parameters, replaced: [statement.body] };
    }
    if (!ts.isClassDeclaration(statement) || statement.name?.text !== adapter.exportName) continue;
    const constructor = statement.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
    if (!constructor?.body) return undefined;
    const replaced: ts.Node[] = [constructor.body];
    for (const member of statement.members) {
      const name = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
      const body = ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member) ? member.body : undefined;
      if (name !== undefined && body && typeof members[name] === 'string') replaced.push(body);
    }
    return { declaration: statement, parameters: constructor.parameters, replaced };
  }
  return undefined;
}

/** Whether the shim keeps state of the old class (templates reading `this.` other than its target). */
function keepsState(templates: readonly TemplateRef[]): boolean {
  return templates.some((t) => /\bthis\.(?!target\b)[A-Za-z_$]/.test(t.text));
}

/** Whether a value passed to the adapter is one the move turns into the canonical type in the same run. */
function movesWithClass(source: ts.SourceFile, value: ts.Expression, classLocal: string | undefined): boolean {
  if (classLocal === undefined) return false;
  let expression = value;
  while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  const namesClass = (type: ts.TypeNode | undefined): boolean => type !== undefined && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === classLocal && !type.typeArguments;
  if (ts.isNewExpression(expression)) return ts.isIdentifier(expression.expression) && expression.expression.text === classLocal;
  if (!ts.isIdentifier(expression)) return false;
  const declaration = resolverOf(source).resolve(expression);
  if (!declaration || !(ts.isParameter(declaration) || ts.isVariableDeclaration(declaration))) return false;
  if (declaration.type) return namesClass(declaration.type);
  return ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && movesWithClass(source, declaration.initializer, classLocal) && ts.isNewExpression(declaration.initializer);
}

/** Every call of the adapter, in its module and its importers, passes a value that moves with the class. */
function checkCallers(context: PlanContext, config: SymbolPlan, slot: AdapterSlot): Failure | undefined {
  const adapter = slot.adapter;
  for (const [barrel, origins] of Object.entries(context.input.graph.exportOrigins)) {
    if (barrel !== config.file && Object.values(origins).some((o) => o.file === config.file && o.name === adapter.exportName)) {
      return { file: barrel, line: 1, message: `${adapter.exportName} is re-exported by ${barrel}, whose callers the move does not follow` };
    }
  }
  const own = context.source(config.file, true)!;
  const users: Array<{ file: string; source: ts.SourceFile; local: string; classLocal: string | undefined }> = [{ file: config.file, source: own, local: adapter.exportName, classLocal: undefined }];
  for (const entry of context.importsOf.get(config.file) ?? []) {
    if (entry.from === config.file) continue;
    const source = context.source(entry.from, true);
    if (!source) return { file: entry.from, line: entry.line, message: `${entry.from} cannot be read` };
    const classLocal = bindingsFor(source, entry.specifier, config.exportName).find((b) => b.kind === 'static' && !b.namespace)?.local;
    for (const binding of bindingsFor(source, entry.specifier, adapter.exportName)) {
      if (binding.kind !== 'static' || binding.namespace) return { file: entry.from, line: binding.line, message: `${entry.from} reaches ${adapter.exportName} in a way the move does not follow` };
      users.push({ file: entry.from, source, local: binding.local, classLocal });
    }
  }
  for (const user of users) {
    const { calls, other } = callSitesOf(user.source, user.local, slot.construct);
    if (other.length > 0) return { file: user.file, line: lineOf(user.source, other[0]!), message: `${user.local} is used here other than ${slot.construct ? 'constructed' : 'called'}, so what it is given cannot be followed` };
    for (const call of calls) {
      const value = call.arguments?.[slot.index];
      if (value === undefined || (ts.isIdentifier(value) && value.text === 'undefined') || movesWithClass(user.source, value, user.classLocal)) continue;
      return { file: user.file, line: lineOf(user.source, call), message: `${value.getText(user.source)} is passed to ${adapter.exportName}, and only a new ${config.exportName}(...) or a binding declared with its type moves with the class` };
    }
  }
  return undefined;
}

/**
 * The adapters of the class's own module whose parameter moves with it, what the move writes for each,
 * and the failures of those that cannot (each keeps the class; its uses stay blockers).
 */
export function planDataClassAdapters(context: PlanContext, plans: readonly SymbolPlan[], config: SymbolPlan, conversion: DataClassConversion): DataClassAdapterPlan {
  const source = context.source(config.file, true);
  const moves: DataClassAdapterMove[] = [];
  const covered: Array<(start: number, end: number) => boolean> = [];
  const failures: Failure[] = [];
  if (!source) return { moves, covers: () => false, failures };
  const sites = dataClassSites(source, config.exportName, conversion);
  const slots = adapterSlots(context, plans, config).filter((slot) => slot.file === config.file);
  for (const adapter of new Set(slots.map((slot) => slot.adapter))) {
    const own = slots.filter((slot) => slot.adapter === adapter);
    const parts = replacedParts(source, adapter);
    const templates = adapterTemplates(adapter);
    const line = adapter.oldApi?.line ?? adapter.finding.startLine;
    if (!parts || keepsState(templates) || templates.length === 0) {
      failures.push({ file: config.file, line, message: `the adapter of ${adapter.exportName} keeps code of its own or has no template to convert, so its use of ${config.exportName} stays` });
      continue;
    }
    const adapterMoves: DataClassAdapterMove[] = [];
    let texts = templates.map((t) => t.text);
    let failed: Failure | undefined;
    for (const slot of own) {
      const converted = texts.map((text) => dataClassTemplateReads(text, slot.index, config, conversion));
      const wrong = converted.find((t): t is { message: string } => typeof t !== 'string');
      if (wrong) failed = { file: config.file, line, message: `the template of ${adapter.exportName} ${wrong.message}` };
      else texts = converted as string[];
      const initializer = slot.param.initializer;
      const edit = initializer ? sites.edits.find((e) => e.start === initializer.getStart(source) && e.end === initializer.getEnd()) : undefined;
      if (!failed && initializer && !edit) failed = { file: config.file, line: lineOf(source, initializer), message: `the default of ${adapter.exportName}'s ${slot.param.name.getText(source)} is not a new ${config.exportName}(...) the move can convert` };
      failed ??= checkCallers(context, config, slot);
      if (failed) break;
      adapterMoves.push({ adapter, index: slot.index, ...(edit ? { defaultText: edit.text } : {}), templates: [] });
    }
    if (failed) {
      failures.push(failed);
      continue;
    }
    // Every slot's reads are converted in the texts each move carries (a template may read several).
    for (const move of adapterMoves) move.templates = templates.map((template, i) => ({ template, text: texts[i]! }));
    moves.push(...adapterMoves);
    const params = new Set(own.map((slot) => slot.param));
    const inside = (start: number, end: number, node: ts.Node): boolean => node.getStart(source) <= start && end <= node.getEnd();
    covered.push((start, end) => parts.replaced.some((part) => inside(start, end, part)) || [...params].some((param) => inside(start, end, param)));
  }
  return { moves, covers: (start, end) => covered.some((covers) => covers(start, end)), failures };
}
