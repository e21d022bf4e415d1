/**
 * A config "type" written as a class: fields with defaults and a constructor that only copies a partial
 * init object onto them (`new RetrySettings({ retries: 5 })`). Its fields are what a conversion to the
 * canonical config type must carry, so they are compared like an interface's; and whatever makes the
 * class more than data (methods with logic, a base class, statics, `this` used elsewhere, a
 * constructor that does more than copy) is reported at its line, because a plain object of the
 * canonical type could not stand in for it.
 */
import { ts } from '../../../parser/ts.js';
import type { FieldInfo } from './api.js';

export interface DataClassField {
  name: string;
  /** 1-based line of the property declaration. */
  line: number;
  /** The default, as written; absent when the field has none. */
  initializer?: string;
  optional: boolean;
}

export interface DataClassShape {
  fields: DataClassField[];
  /** What a plain object could not stand in for, each at its line. */
  problems: Array<{ line: number; message: string }>;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** `Object.assign(this, <param>)` or `this.<field> = <param>.<field>` statements only. */
function copiesOnly(constructor: ts.ConstructorDeclaration, fields: ReadonlySet<string>): boolean {
  if (!constructor.body) return false;
  const params = constructor.parameters;
  if (params.length > 1 || params.some((p) => !ts.isIdentifier(p.name) || ts.getModifiers(p)?.length)) return false;
  const init = params[0] && ts.isIdentifier(params[0].name) ? params[0].name.text : undefined;
  return constructor.body.statements.every((statement) => {
    if (!ts.isExpressionStatement(statement)) return false;
    const expression = statement.expression;
    if (ts.isCallExpression(expression) && expression.getText().replace(/\s/g, '') === `Object.assign(this,${init})`) return init !== undefined;
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = expression;
      return (
        ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && fields.has(left.name.text) &&
        ts.isPropertyAccessExpression(right) && ts.isIdentifier(right.expression) && right.expression.text === init && right.name.text === left.name.text
      );
    }
    return false;
  });
}

/**
 * The data-class shape of a class declaration, or undefined when it declares no instance field (a
 * class with behaviour and no state is no config type).
 */
export function dataClassShape(declaration: ts.ClassDeclaration): DataClassShape | undefined {
  const source = declaration.getSourceFile();
  const line = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const name = declaration.name?.text ?? 'the class';
  const fields: DataClassField[] = [];
  const problems: DataClassShape['problems'] = [];
  for (const member of declaration.members) {
    if (ts.isPropertyDeclaration(member) && !hasModifier(member, ts.SyntaxKind.StaticKeyword) && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) {
      if (hasModifier(member, ts.SyntaxKind.PrivateKeyword) || hasModifier(member, ts.SyntaxKind.ProtectedKeyword)) {
        problems.push({ line: line(member), message: `${name}.${member.name.text} is not public: a plain object has no hidden state` });
      }
      const field: DataClassField = { name: member.name.text, line: line(member), optional: member.questionToken !== undefined || member.initializer !== undefined };
      if (member.initializer) {
        field.initializer = member.initializer.getText(source);
        if (usesThis(member.initializer)) problems.push({ line: line(member), message: `the default of ${name}.${member.name.text} reads this` });
      }
      fields.push(field);
    }
  }
  if (fields.length === 0) return undefined;
  const names = new Set(fields.map((f) => f.name));
  const heritage = declaration.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  if (heritage) problems.push({ line: line(heritage), message: `${name} extends ${heritage.types[0]?.expression.getText(source) ?? 'another class'}, whose members a plain object would not have` });
  for (const member of declaration.members) {
    if (ts.isPropertyDeclaration(member) && !hasModifier(member, ts.SyntaxKind.StaticKeyword) && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) continue;
    if (ts.isConstructorDeclaration(member)) {
      if (!copiesOnly(member, names)) problems.push({ line: line(member), message: `the constructor of ${name} does more than copy an init object onto its fields` });
      continue;
    }
    if (ts.isSemicolonClassElement(member)) continue;
    const what = ts.isMethodDeclaration(member) ? 'method' : ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member) ? 'accessor' : hasModifier(member, ts.SyntaxKind.StaticKeyword) ? 'static member' : 'member';
    problems.push({ line: line(member), message: `${name} has the ${what} ${member.name?.getText(source) ?? ''}`.trimEnd() + ', which a plain object of the canonical type would not have' });
  }
  return { fields, problems };
}

function usesThis(node: ts.Node): boolean {
  if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
  // A function expression has its own `this`; an arrow function shares the instance's.
  if (ts.isFunctionExpression(node)) return false;
  return ts.forEachChild(node, usesThis) ?? false;
}

/** The fields as a config type's field list: an instance always holds a field with a default, so only `?` fields are optional. */
export function dataClassFields(shape: DataClassShape, declaration: ts.ClassDeclaration): Map<string, FieldInfo> {
  const source = declaration.getSourceFile();
  const fields = new Map<string, FieldInfo>();
  for (const field of shape.fields) {
    const member = declaration.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.name.getText(source).replace(/^['"]|['"]$/g, '') === field.name);
    const written = member?.type?.getText(source) ?? (member?.initializer ? literalType(member.initializer) : '');
    fields.set(field.name, { optional: member?.questionToken !== undefined, type: written.replace(/\s/g, '') });
  }
  return fields;
}

/** The type of a literal default (`3` → `number`); '' when it is not a plain literal. */
function literalType(initializer: ts.Expression): string {
  if (ts.isNumericLiteral(initializer) || (ts.isPrefixUnaryExpression(initializer) && ts.isNumericLiteral(initializer.operand))) return 'number';
  if (ts.isStringLiteral(initializer) || ts.isNoSubstitutionTemplateLiteral(initializer)) return 'string';
  if (initializer.kind === ts.SyntaxKind.TrueKeyword || initializer.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return 'function';
  return '';
}

/** The class declaration a module exports under a name, when it is declared there. */
export function exportedClass(source: ts.SourceFile, name: string): ts.ClassDeclaration | undefined {
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement) && statement.name?.text === name) return statement;
  }
  return undefined;
}
