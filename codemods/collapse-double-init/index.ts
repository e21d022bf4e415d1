/**
 * Collapses a double initialization (a class holding instances of two implementations of one concept):
 * uses of the superseded holder move onto the canonical holder, following the member mapping, and the
 * second instance (its property and its initialisation) goes away with whatever only it needed.
 */
import { defineCodemod, type CodemodApi } from '../../src/migrate/plan/codemod.js';
import type { CollapseDoubleInitOptions, CollapseTask } from '../../src/migrate/plan/codemod-options.js';
import { applyEdits, statementLineRange, type TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { pruneOrphans } from '../../src/migrate/plan/codemod-utils/prune.js';
import { expandTemplate } from '../../src/migrate/plan/codemod-utils/usage-edits.js';
import { isRename } from '../../src/migrate/plan/codemod-utils/usages.js';
import { ts } from '../../src/parser/ts.js';

export default defineCodemod<CollapseDoubleInitOptions>({
  id: 'collapse-double-init',
  description: 'move uses of a second, superseded instance onto the canonical one and remove it',
  transform(file, options, api) {
    const sourceFile = api.parse(file.path, file.text);
    const edits: TextEdit[] = [];
    for (const task of options.collapses) {
      const cls = sourceFile.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === task.class);
      if (!cls) continue;
      const collapse = planCollapse(sourceFile, cls, task, api);
      if (collapse) {
        edits.push(...collapse.edits);
        api.stats('callSitesRewritten', collapse.rewritten);
      }
    }
    if (edits.length === 0) return undefined;
    return pruneOrphans(sourceFile, applyEdits(file.text, edits), (t) => api.parse(file.path, t));
  },
});

function isThisMember(node: ts.Node, name: string): node is ts.PropertyAccessExpression {
  return ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === name;
}

function line(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/**
 * Two instances become one, so `this.a.reset(); this.b.reset();` would become the same call twice: a
 * rewritten statement identical to the statement just before it is dropped.
 */
function duplicateStatements(sourceFile: ts.SourceFile, uses: ts.PropertyAccessExpression[], edits: TextEdit[]): TextEdit[] {
  const removals: TextEdit[] = [];
  const rewrittenText = (statement: ts.Statement): string => {
    const start = statement.getStart(sourceFile);
    const inner = edits.filter((e) => e.start >= start && e.end <= statement.getEnd()).map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
    return applyEdits(statement.getText(sourceFile), inner);
  };
  for (const use of uses) {
    let statement: ts.Node = use;
    while (statement.parent && !ts.isBlock(statement.parent)) statement = statement.parent;
    if (!ts.isExpressionStatement(statement) || !statement.parent) continue;
    const siblings = (statement.parent as ts.Block).statements;
    const index = siblings.indexOf(statement);
    const neighbours = [siblings[index - 1], siblings[index + 1]].filter((s): s is ts.Statement => s !== undefined);
    const text = rewrittenText(statement);
    const range = statementLineRange(sourceFile.text, statement);
    const alreadyRemoved = (s: ts.Statement): boolean => removals.some((r) => r.start <= s.getStart(sourceFile) && s.getEnd() <= r.end);
    if (neighbours.some((n) => !alreadyRemoved(n) && rewrittenText(n) === text) && !alreadyRemoved(statement)) removals.push({ ...range, text: '' });
  }
  return removals;
}

function planCollapse(sourceFile: ts.SourceFile, cls: ts.ClassDeclaration, task: CollapseTask, api: CodemodApi): { edits: TextEdit[]; rewritten: number } | undefined {
  const property = cls.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === task.remove);
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  const parameter = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === task.remove && ts.getModifiers(p)?.length);
  if (parameter) {
    api.report({ line: line(sourceFile, parameter), kind: 'double-init-incompatible', message: `${task.class}.${task.remove} is a constructor parameter; remove it by hand` });
    return undefined;
  }
  const assignments: ts.ExpressionStatement[] = [];
  const uses: ts.PropertyAccessExpression[] = [];
  let problem: string | undefined;
  let problemLine = 0;
  const visit = (node: ts.Node): void => {
    if (problem) return;
    if (ts.isExpressionStatement(node) && ts.isBinaryExpression(node.expression) && node.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && isThisMember(node.expression.left, task.remove)) {
      assignments.push(node);
      return;
    }
    if (isThisMember(node, task.remove)) {
      // `this.legacy!.x` is still a member use.
      const holder = ts.isNonNullExpression(node.parent) ? node.parent : node;
      const parent = holder.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === holder) uses.push(parent);
      else {
        problem = `this.${task.remove} is used as a whole; it cannot move onto this.${task.keep}`;
        problemLine = line(sourceFile, node);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  cls.members.forEach((member) => {
    if (member !== property) visit(member);
  });
  if (!property && assignments.length === 0 && uses.length === 0) return undefined; // already collapsed
  const edits: TextEdit[] = [];
  let rewritten = 0;
  // An earlier codemod of the phase (a recipe) may already build the second instance from the kept
  // holder's class and have moved its uses onto that API: mapping them again would apply templates twice.
  const removedClass = constructedClass(assignments.map((a) => (a.expression as ts.BinaryExpression).right), property);
  const keptClass = declaredClass(cls, task.keep);
  const retargeted = removedClass !== undefined && removedClass === keptClass;
  for (const use of uses) {
    const member = use.name.text;
    const mapped = !retargeted && task.members && Object.prototype.hasOwnProperty.call(task.members, member) ? task.members[member] : member;
    if (mapped === null || mapped === undefined) {
      problem = `this.${task.remove}.${member} has no counterpart on this.${task.keep}`;
      problemLine = line(sourceFile, use);
      break;
    }
    const call = ts.isCallExpression(use.parent) && use.parent.expression === use ? use.parent : undefined;
    const chain = use.questionDotToken ? '?.' : '.';
    if (isRename(mapped)) {
      edits.push({ start: use.getStart(sourceFile), end: use.getEnd(), text: `this.${task.keep}${chain}${mapped}` });
    } else if (call) {
      edits.push({ start: call.getStart(sourceFile), end: call.getEnd(), text: expandTemplate(mapped, `this.${task.keep}`, call.arguments.map((a) => a.getText(sourceFile))) });
    } else {
      problem = `this.${task.remove}.${member} maps to a template but is not called`;
      problemLine = line(sourceFile, use);
      break;
    }
    rewritten++;
  }
  if (problem) {
    api.report({ line: problemLine, kind: 'double-init-incompatible', message: `${task.class}: ${problem}` });
    return undefined;
  }
  if (property) edits.push({ ...statementLineRange(sourceFile.text, property, true, true), text: '' });
  for (const assignment of assignments) edits.push({ ...statementLineRange(sourceFile.text, assignment, true, true), text: '' });
  const duplicates = duplicateStatements(sourceFile, uses, edits);
  const kept = edits.filter((e) => !duplicates.some((d) => d.start <= e.start && e.end <= d.end));
  return { edits: [...kept, ...duplicates], rewritten };
}

/** The class a `new X(...)` expression (or `new ns.X(...)`) builds, as written. */
function newCallee(node: ts.Expression | undefined): string | undefined {
  let current = node;
  while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current))) current = current.expression;
  return current && ts.isNewExpression(current) ? current.expression.getText() : undefined;
}

/** The class the removed holder is built from: its `new` assignment, else its initializer. */
function constructedClass(assigned: ts.Expression[], property: ts.PropertyDeclaration | undefined): string | undefined {
  const callees = new Set([...assigned.map(newCallee), newCallee(property?.initializer)].filter((c): c is string => c !== undefined));
  return callees.size === 1 ? [...callees][0] : undefined;
}

/** The class of the kept holder: its declared type when it names one, else what its initializer builds. */
function declaredClass(cls: ts.ClassDeclaration, name: string): string | undefined {
  const property = cls.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === name);
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  const parameter = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name);
  const type = property?.type ?? parameter?.type;
  if (type && ts.isTypeReferenceNode(type) && !type.typeArguments) return type.typeName.getText();
  return newCallee(property?.initializer);
}
