/**
 * The last pass, for config types moved as a group with the signatures they flow through: object
 * literals passed where a signature now takes the canonical type are rewritten as the converter would
 * write them (keys renamed, values converted, the canonical's defaults added), and reads of old fields
 * that a construct or call template wrote on a value of the canonical type are converted back.
 */
import type { ConfigLiteralTask, ConfigPropertyTask, ConfigReadTask } from '../../src/migrate/plan/codemod-options.js';
import { importedLocals } from '../../src/migrate/plan/codemod-utils/imports.js';
import { providedFields } from '../../src/migrate/plan/codemod-utils/literal-defaults.js';
import { usageEdits } from '../../src/migrate/plan/codemod-utils/usage-edits.js';
import { findUsages, localReference, resolverOf, type UsageSite } from '../../src/migrate/plan/codemod-utils/usages.js';
import { parseValueTarget } from '../../src/migrate/plan/codemod-utils/value-mapping.js';
import { ts } from '../../src/parser/ts.js';
import type { PassContext } from './context.js';

export function rewriteConfigFlows(context: PassContext): void {
  for (const task of context.options.configLiterals ?? []) convertLiterals(context, task);
  for (const task of context.options.configReads ?? []) convertReads(context, task);
  for (const task of context.options.configProperties ?? []) convertProperties(context, task);
}

/** The local names the callee goes by in this file. */
function calleeLocals(context: PassContext, task: ConfigLiteralTask): Set<string> {
  const { specifier, name } = task.callee;
  if (specifier === undefined) return new Set([name]);
  const locals = new Set<string>();
  for (const [local, info] of importedLocals(context.sourceFile)) if (info.specifier === specifier && info.imported === name) locals.add(local);
  return locals;
}

/** The object literals a value expression may evaluate to: itself, or the branches of `??`, `||`, `?:`. */
function literalsOf(expression: ts.Expression): ts.ObjectLiteralExpression[] {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
  if (ts.isObjectLiteralExpression(inner)) return [inner];
  if (ts.isBinaryExpression(inner) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(inner.operatorToken.kind)) return [...literalsOf(inner.left), ...literalsOf(inner.right)];
  if (ts.isConditionalExpression(inner)) return [...literalsOf(inner.whenTrue), ...literalsOf(inner.whenFalse)];
  return [];
}

/** Whether a literal is written for the canonical already: it sets a field only the canonical has. */
function isConverted(literal: ts.ObjectLiteralExpression, task: Pick<ConfigLiteralTask, 'fields' | 'fieldDefaults'>): boolean {
  const fields = task.fields ?? {};
  const targets = new Set([...Object.values(fields).filter((v): v is string => typeof v === 'string').map((v) => parseValueTarget(v)?.name ?? v), ...Object.keys(task.fieldDefaults ?? {})]);
  for (const key of Object.keys(fields)) targets.delete(key);
  const keys = providedFields(literal, undefined);
  return [...keys].some((key) => targets.has(key));
}

/**
 * Object literals set as the moved property (`circuit: { ... }`). The planner checked that every such
 * key in this file is set on a value of the holder type, so each literal value is written for the
 * canonical.
 */
function convertProperties(context: PassContext, task: ConfigPropertyTask): void {
  const literals: ts.ObjectLiteralExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && node.name.text === task.property && ts.isObjectLiteralExpression(node.parent)) {
      // A property typed with an array of the old type: each literal element.
      const value = node.initializer;
      const elements = ts.isArrayLiteralExpression(value) ? value.elements : [value];
      for (const element of elements) literals.push(...literalsOf(element));
    }
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  rewriteLiterals(context, literals, task, task.property);
}

function convertLiterals(context: PassContext, task: ConfigLiteralTask): void {
  const { sourceFile } = context;
  const locals = calleeLocals(context, task);
  if (locals.size === 0) return;
  const resolver = resolverOf(sourceFile);
  const literals: ts.ObjectLiteralExpression[] = [];
  const visit = (node: ts.Node): void => {
    const matches = task.construct ? ts.isNewExpression(node) : ts.isCallExpression(node);
    if (matches) {
      const call = node as ts.CallExpression | ts.NewExpression;
      const callee = call.expression;
      const argument = call.arguments?.[task.index];
      // The name as declared at the top of the file, not an inner binding that shadows it.
      if (ts.isIdentifier(callee) && locals.has(callee.text) && resolver.isTopLevel(callee) && argument) literals.push(...literalsOf(argument));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  rewriteLiterals(context, literals, task, `the literal passed to ${task.callee.name}`);
}

/** Each literal written for the canonical: keys renamed, values converted, the converter's defaults added. */
function rewriteLiterals(context: PassContext, literals: ts.ObjectLiteralExpression[], task: Pick<ConfigLiteralTask, 'fields' | 'fieldDefaults'>, what: string): void {
  const { sourceFile } = context;
  const line = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  for (const literal of literals) {
    if (isConverted(literal, task)) continue;
    const sites: UsageSite[] = [];
    for (const property of literal.properties) {
      if (!(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) continue;
      const name = property.name;
      if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) continue;
      sites.push({ kind: 'field', name: name.text, line: line(property), nameNode: ts.isShorthandPropertyAssignment(property) ? property : name, literal });
    }
    if (sites.length === 0 && literal.properties.length > 0) continue;
    const mapping = { ...(task.fields ? { fields: task.fields } : {}), ...(task.fieldDefaults ? { fieldDefaults: task.fieldDefaults } : {}) };
    // An empty literal has no keys to find: the defaults alone.
    const result = sites.length === 0 ? { edits: [], problems: [], rewritten: 0 } : usageEdits(sourceFile, sites, mapping);
    if (sites.length === 0 && task.fieldDefaults && Object.keys(task.fieldDefaults).length > 0) {
      result.edits.push({ start: literal.getStart(sourceFile), end: literal.getEnd(), text: `{ ${Object.entries(task.fieldDefaults).map(([k, v]) => `${k}: ${v}`).join(', ')} }` });
    }
    for (const problem of result.problems) context.api.report({ line: problem.line, kind: problem.kind, message: `${problem.message}; ${what} stays as written` });
    if (result.problems.length > 0) continue;
    context.edits.push(...result.edits);
    if (result.edits.length > 0) context.api.stats('callSitesRewritten', 1);
  }
}

function convertReads(context: PassContext, task: ConfigReadTask): void {
  const { sourceFile } = context;
  const own = new Set(task.canonicalFields);
  const fields = Object.fromEntries(Object.entries(task.fields).filter(([name]) => !own.has(name)));
  if (Object.keys(fields).length === 0) return;
  for (const [local, info] of importedLocals(sourceFile)) {
    if (info.specifier !== task.type.specifier || info.imported !== task.type.name) continue;
    // Literals were written for the canonical when the type moved; only reads are left to follow.
    const sites = findUsages(sourceFile, localReference(local), 'type').filter((site) => site.literal === undefined && Object.prototype.hasOwnProperty.call(fields, site.name));
    if (sites.length === 0) continue;
    const result = usageEdits(sourceFile, sites, { fields });
    for (const problem of result.problems) context.api.report({ line: problem.line, kind: problem.kind, message: problem.message });
    if (result.problems.length > 0) continue;
    context.edits.push(...result.edits);
  }
}
