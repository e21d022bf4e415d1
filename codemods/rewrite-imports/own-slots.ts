/**
 * In a superseded config type's own module, the signatures of code that stays (a wrapper's constructor,
 * a helper's parameter) take the canonical type when the planner moved them with the type's group: the
 * parameter's type names the canonical (imported when unbound), and its field reads in the body are
 * written for the canonical (renamed, or converted back) as an importer's reads are.
 */
import type { ConfigOwnSlotTask } from '../../src/migrate/plan/codemod-options.js';
import { addImports, importedLocals } from '../../src/migrate/plan/codemod-utils/imports.js';
import { usageEdits } from '../../src/migrate/plan/codemod-utils/usage-edits.js';
import { resolverOf, type UsageSite } from '../../src/migrate/plan/codemod-utils/usages.js';
import { ts } from '../../src/parser/ts.js';
import type { PassContext } from './context.js';

export function rewriteOwnSlots(context: PassContext): void {
  for (const task of context.options.configOwnSlots ?? []) rewriteTask(context, task);
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/** The parameter a slot names: of an exported class's constructor, or of an exported function. */
function slotParameter(sourceFile: ts.SourceFile, slot: ConfigOwnSlotTask['slots'][number]): ts.ParameterDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    if (!isExported(statement)) continue;
    if (slot.construct && ts.isClassDeclaration(statement) && statement.name?.text === slot.name) {
      const constructor = statement.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
      return constructor?.parameters[slot.index];
    }
    if (!slot.construct && ts.isFunctionDeclaration(statement) && statement.name?.text === slot.name && statement.body) return statement.parameters[slot.index];
  }
  return undefined;
}

/** The references to `type` in a parameter's type annotation. */
function typeNames(type: ts.TypeNode, name: string): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === name) found.push(node.typeName);
    ts.forEachChild(node, visit);
  };
  visit(type);
  return found;
}

/** How the file names the canonical type: an existing import of it, or its own name once imported. */
function canonicalLocal(sourceFile: ts.SourceFile, task: ConfigOwnSlotTask): { local: string; bound: boolean } {
  for (const [local, info] of importedLocals(sourceFile)) {
    if (info.specifier === task.canonical.specifier && info.imported === task.canonical.name) return { local, bound: true };
  }
  return { local: task.canonical.name, bound: false };
}

function rewriteTask(context: PassContext, task: ConfigOwnSlotTask): void {
  const { sourceFile } = context;
  const line = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const resolver = resolverOf(sourceFile);
  const canonical = canonicalLocal(sourceFile, task);
  let retyped = false;
  for (const slot of task.slots) {
    const param = slotParameter(sourceFile, slot);
    const names = param?.type ? typeNames(param.type, task.type) : [];
    if (!param || names.length === 0 || !ts.isIdentifier(param.name)) {
      context.api.report({ line: 1, kind: 'unsupported-import', message: `${slot.name}: no parameter ${slot.index} typed with ${task.type}; it stays as written` });
      continue;
    }
    const name = param.name.text;
    const sites: UsageSite[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === name && resolver.resolve(node) === param && ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) {
        sites.push({ kind: 'field', name: node.parent.name.text, line: line(node.parent), nameNode: node.parent.name });
      }
      ts.forEachChild(node, visit);
    };
    const body = (param.parent as ts.FunctionLikeDeclaration).body;
    if (body) visit(body);
    const result = usageEdits(sourceFile, sites, { ...(task.fields ? { fields: task.fields } : {}) });
    for (const problem of result.problems) context.api.report({ line: problem.line, kind: problem.kind, message: `${problem.message}; ${slot.name} keeps ${task.type}` });
    if (result.problems.length > 0) continue;
    context.edits.push(...result.edits, ...names.map((n) => ({ start: n.getStart(sourceFile), end: n.getEnd(), text: canonical.local })));
    retyped = true;
  }
  if (retyped && !canonical.bound) {
    context.edits.push(...addImports(sourceFile, context.style, [{ specifier: task.canonical.specifier, imported: task.canonical.name, local: canonical.local, typeOnly: true }]));
  }
}
