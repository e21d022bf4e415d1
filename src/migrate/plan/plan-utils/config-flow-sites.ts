/**
 * Syntax helpers of the config-flow planner: which signature a config type's escape is (a parameter
 * of an exported function or of an exported class's constructor), what a value passed to such a
 * parameter is made of, and the call sites of a function or class in a file.
 */
import { parseSource, ts } from '../../../parser/ts.js';
import { applyEdits, type TextEdit } from '../codemod-utils/edits.js';
import { usageEdits } from '../codemod-utils/usage-edits.js';
import { usesBinding, type UsageSite } from '../codemod-utils/usages.js';

/** A parameter typed with the superseded config type that other files can pass values to. */
export interface SignatureSlot {
  /** Exported function or class name. */
  name: string;
  construct: boolean;
  index: number;
  optional: boolean;
  param: ts.ParameterDeclaration;
}

function exported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/** `T`, `T | undefined`, `(T)`: the type node that is the whole parameter type. */
function wholeType(reference: ts.TypeReferenceNode): { type: ts.TypeNode; nullable: boolean } | undefined {
  let current: ts.TypeNode = reference;
  let nullable = false;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedTypeNode(parent)) current = parent;
    else if (ts.isUnionTypeNode(parent)) {
      const others = parent.types.filter((t) => t !== current);
      if (!others.every((t) => t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword))) return undefined;
      nullable = true;
      current = parent;
    } else break;
  }
  return { type: current, nullable };
}

/**
 * The signature slot a type reference is the parameter type of, when it is one the group move can
 * follow: a plain parameter (not a parameter property, not a rest) of an exported function declaration
 * or of the constructor of an exported class.
 */
export function signatureSlot(typeName: ts.Node, parameterProperty = false): SignatureSlot | undefined {
  const reference = typeName.parent;
  if (!reference || !ts.isTypeReferenceNode(reference) || reference.typeName !== typeName) return undefined;
  const whole = wholeType(reference);
  const param = whole?.type.parent;
  if (!whole || !param || !ts.isParameter(param) || param.type !== whole.type || !ts.isIdentifier(param.name) || param.dotDotDotToken) return undefined;
  if (ts.getModifiers(param)?.length && !parameterProperty) return undefined;
  const owner = param.parent;
  const index = (owner as ts.SignatureDeclaration).parameters?.indexOf(param) ?? -1;
  const optional = param.questionToken !== undefined || param.initializer !== undefined || whole.nullable;
  if (ts.isFunctionDeclaration(owner) && owner.name && owner.body && exported(owner)) return { name: owner.name.text, construct: false, index, optional, param };
  if (ts.isConstructorDeclaration(owner) && owner.body && ts.isClassDeclaration(owner.parent) && owner.parent.name && exported(owner.parent)) {
    return { name: owner.parent.name.text, construct: true, index, optional, param };
  }
  return undefined;
}

/** Strips what does not change a value: parentheses, `satisfies`. */
export function unwrap(expression: ts.Expression): ts.Expression {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
  return inner;
}

/** The values an argument may evaluate to: the branches of `??`, `||` and `?:`, each unwrapped. */
export function branchesOf(expression: ts.Expression): ts.Expression[] {
  const inner = unwrap(expression);
  if (ts.isBinaryExpression(inner) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(inner.operatorToken.kind)) return [...branchesOf(inner.left), ...branchesOf(inner.right)];
  if (ts.isConditionalExpression(inner)) return [...branchesOf(inner.whenTrue), ...branchesOf(inner.whenFalse)];
  return [inner];
}

/** The call an expression is an argument of (through `??`, `||`, `?:` and parentheses), with its position. */
export function argumentOf(node: ts.Node): { call: ts.CallExpression | ts.NewExpression; index: number } | undefined {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return undefined;
    if (ts.isParenthesizedExpression(parent) || ts.isSatisfiesExpression(parent)) current = parent;
    else if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind)) current = parent;
    else if (ts.isConditionalExpression(parent) && parent.condition !== current) current = parent;
    else break;
  }
  const call = current.parent;
  if (call && (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.expression !== current) {
    const index = call.arguments?.indexOf(current as ts.Expression) ?? -1;
    if (index >= 0) return { call, index };
  }
  return undefined;
}

/** Calls (`name(...)` or `new Name(...)`) of a top-level binding, and the other value uses of it. */
export function callSitesOf(sourceFile: ts.SourceFile, local: string, construct: boolean): { calls: Array<ts.CallExpression | ts.NewExpression>; other: ts.Identifier[] } {
  const calls: Array<ts.CallExpression | ts.NewExpression> = [];
  const other: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (usesBinding(node, local) && isValueUse(node)) {
      const parent = node.parent;
      const called = (construct ? ts.isNewExpression(parent) : ts.isCallExpression(parent)) && (parent as ts.CallExpression).expression === node;
      if (called) calls.push(parent as ts.CallExpression | ts.NewExpression);
      else other.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { calls, other };
}

/** An identifier used as a value: not a declaration's name, an import, a property name or a type. */
function isValueUse(node: ts.Identifier): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)) return false;
  if ((ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && (parent as { name?: ts.Node }).name === node) return false;
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    if (ts.isImportDeclaration(current) || ts.isExportDeclaration(current) || ts.isTypeNode(current) || ts.isExpressionWithTypeArguments(current) && ts.isHeritageClause(current.parent) && current.parent.token === ts.SyntaxKind.ImplementsKeyword) return false;
    if (ts.isStatement(current) || ts.isSourceFile(current)) break;
  }
  return !ts.isImportSpecifier(parent) && !ts.isExportSpecifier(parent) && !ts.isImportClause(parent);
}

/** The usage sites of an object literal's keys, as a config-type move sees them. */
export function literalSites(sourceFile: ts.SourceFile, literal: ts.ObjectLiteralExpression): UsageSite[] | undefined {
  const sites: UsageSite[] = [];
  for (const property of literal.properties) {
    if (!(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) return undefined;
    const name = property.name;
    if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) return undefined;
    const line = sourceFile.getLineAndCharacterOfPosition(property.getStart(sourceFile)).line + 1;
    sites.push({ kind: 'field', name: name.text, line, nameNode: ts.isShorthandPropertyAssignment(property) ? property : name, literal });
  }
  return sites;
}

export interface TemplateCall {
  /** The literal arguments the call passes at the slot, or null when some value is not a literal. */
  literals: ts.ObjectLiteralExpression[] | null;
}

/**
 * A call or construct template (`new AgentWrapper($0.name, { ... })`): the calls of `names` it makes,
 * with what it passes at `index`. `$target` is the name given for it.
 */
export function templateCalls(template: string, names: ReadonlySet<string>, construct: boolean, index: number): { source: ts.SourceFile; offset: number; calls: TemplateCall[] } {
  const source = parseSource('template.ts', `(${template}\n);`);
  const calls: TemplateCall[] = [];
  const visit = (node: ts.Node): void => {
    if ((construct ? ts.isNewExpression(node) : ts.isCallExpression(node)) && ts.isIdentifier((node as ts.CallExpression).expression) && names.has(((node as ts.CallExpression).expression as ts.Identifier).text)) {
      const argument = (node as ts.CallExpression).arguments?.[index];
      if (argument) {
        const branches = branchesOf(argument);
        calls.push({ literals: branches.every((b) => ts.isObjectLiteralExpression(b)) ? (branches as ts.ObjectLiteralExpression[]) : null });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { source, offset: 1, calls };
}

/** A template with the literals it passes at the slot rewritten for the canonical type. */
export function convertTemplate(template: string, names: ReadonlySet<string>, construct: boolean, index: number, mapping: { fields?: Record<string, string | null>; fieldDefaults?: Record<string, string> }): string {
  const { source, offset, calls } = templateCalls(template, names, construct, index);
  const edits: TextEdit[] = [];
  for (const call of calls) {
    for (const literal of call.literals ?? []) {
      const sites = literalSites(source, literal);
      if (!sites || sites.length === 0) continue;
      for (const edit of usageEdits(source, sites, mapping).edits) edits.push({ start: edit.start - offset, end: edit.end - offset, text: edit.text });
    }
  }
  return applyEdits(template, edits);
}
