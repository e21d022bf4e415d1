/**
 * Declaration units: the top-level things a finding can be about (classes, functions, arrow consts,
 * object literals, prototype-based classes, CommonJS exports, interfaces, type aliases, variables) and
 * the methods of class-like units (`Class.method`).
 */
import { ts } from '../../parser/ts.js';
import type { DeclarationKind } from '../../rules/types.js';
import { chainText, endLine, isFunctionLike, nameText, startLine, unwrap, type FunctionLike } from './ast-utils.js';

const K = ts.SyntaxKind;

/** A declaration a finding can be about. */
export interface Unit {
  kind: DeclarationKind;
  /** The declaration's own name (the method name for methods). */
  name: string;
  /** `Name` or `Class.method`. */
  symbol: string;
  /** Top-level name importers reach it by. */
  localName: string;
  /** Nodes that make up the declaration (a class; a constructor function plus its prototype assignments). */
  nodes: ts.Node[];
  startLine: number;
  endLine: number;
  /** The class-like unit a method belongs to. */
  parent?: Unit;
  /** Methods of a class, object literal or prototype class. */
  methods: Unit[];
  /** Names in extends/implements (and `util.inherits`). */
  heritage: string[];
  /** The class it extends (or `util.inherits` base): a delegation target, unlike an implemented interface. */
  extends: string[];
  /** Properties of a class-like unit that are not methods (with their declaration nodes). */
  properties: Array<{ name: string; node: ts.Node; isPrivate: boolean }>;
}

function isFunctionValue(node: ts.Expression | undefined): node is ts.ArrowFunction | ts.FunctionExpression {
  if (!node) return false;
  const inner = unwrap(node);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
}

function isPrivateMember(member: ts.ClassElement | ts.ObjectLiteralElementLike): boolean {
  if (member.name && ts.isPrivateIdentifier(member.name)) return true;
  const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined;
  return modifiers?.some((m) => m.kind === K.PrivateKeyword || m.kind === K.ProtectedKeyword) ?? false;
}

/** A unit with no members yet; `span` gives its lines (the statement with its modifiers). */
function emptyUnit(kind: Unit['kind'], name: string, symbol: string, localName: string, node: ts.Node, span: ts.Node, sf: ts.SourceFile): Unit {
  return {
    kind,
    name,
    symbol,
    localName,
    nodes: [node],
    startLine: startLine(span, sf),
    endLine: endLine(span, sf),
    methods: [],
    heritage: [],
    extends: [],
    properties: [],
  };
}

function methodUnit(parent: Unit, name: string, node: ts.Node, sf: ts.SourceFile): Unit {
  return { ...emptyUnit('method', name, `${parent.name}.${name}`, parent.localName, node, node, sf), parent };
}

function classUnit(name: string, localName: string, node: ts.ClassLikeDeclaration, startNode: ts.Node, sf: ts.SourceFile): Unit {
  const unit = emptyUnit('class', name, name, localName, node, startNode, sf);
  for (const clause of node.heritageClauses ?? []) {
    for (const type of clause.types) {
      unit.heritage.push(lastSegment(type.expression));
      if (clause.token === K.ExtendsKeyword) unit.extends.push(lastSegment(type.expression));
    }
  }
  for (const member of node.members) {
    const memberName = member.kind === K.Constructor ? 'constructor' : nameText(member.name);
    if (memberName === undefined) continue;
    if (ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) {
      if (member.body) unit.methods.push(methodUnit(unit, memberName, member, sf));
      if (ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) {
        unit.properties.push({ name: memberName, node: member, isPrivate: isPrivateMember(member) });
      }
    } else if (ts.isPropertyDeclaration(member)) {
      if (isFunctionValue(member.initializer)) unit.methods.push(methodUnit(unit, memberName, member, sf));
      else unit.properties.push({ name: memberName, node: member, isPrivate: isPrivateMember(member) });
    }
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        const isProperty = ts.getModifiers(parameter)?.some((m) => m.kind === K.PublicKeyword || m.kind === K.PrivateKeyword || m.kind === K.ProtectedKeyword || m.kind === K.ReadonlyKeyword);
        if (isProperty && ts.isIdentifier(parameter.name)) {
          unit.properties.push({ name: parameter.name.text, node: parameter, isPrivate: isPrivateMember(parameter as unknown as ts.ClassElement) });
        }
      }
    }
  }
  return unit;
}

function objectUnit(name: string, localName: string, node: ts.ObjectLiteralExpression, startNode: ts.Node, sf: ts.SourceFile): Unit {
  const unit = emptyUnit('object', name, name, localName, node, startNode, sf);
  addObjectMembers(unit, node, sf);
  return unit;
}

function addObjectMembers(unit: Unit, node: ts.ObjectLiteralExpression, sf: ts.SourceFile): void {
  for (const property of node.properties) {
    const memberName = nameText(property.name);
    if (memberName === undefined) continue;
    if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property) || ts.isSetAccessorDeclaration(property)) {
      unit.methods.push(methodUnit(unit, memberName, property, sf));
    } else if (ts.isPropertyAssignment(property) && isFunctionValue(property.initializer)) {
      unit.methods.push(methodUnit(unit, memberName, property, sf));
    } else {
      unit.properties.push({ name: memberName, node: property, isPrivate: false });
    }
  }
}

function simpleUnit(kind: DeclarationKind, name: string, localName: string, node: ts.Node, startNode: ts.Node, sf: ts.SourceFile): Unit {
  return { kind, name, symbol: name, localName, nodes: [node], startLine: startLine(startNode, sf), endLine: endLine(startNode, sf), methods: [], heritage: [], extends: [], properties: [] };
}

/** `client.interceptors.response.use(...)` with an error handler: the chain (`client.interceptors.response`) and its root. */
function responseInterceptors(expression: ts.Expression): { chain: string; root: string } | undefined {
  if (!ts.isCallExpression(expression) || expression.arguments.length < 2) return undefined;
  const callee = expression.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'use') return undefined;
  const chain = chainText(callee.expression);
  const root = /^([A-Za-z_$][\w$]*)(\.[A-Za-z_$][\w$]*)*\.interceptors\.response$/.exec(chain)?.[1];
  return root === undefined ? undefined : { chain, root };
}

function lastSegment(node: ts.Node): string {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isCallExpression(node)) return lastSegment(node.expression);
  return '';
}

/** `exports.x`, `module.exports.x` → `x`; `module.exports` → `default`. */
function commonJsExportName(target: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(target)) {
    const object = target.expression;
    if (ts.isIdentifier(object) && object.text === 'exports') return target.name.text;
    if (ts.isIdentifier(object) && object.text === 'module' && target.name.text === 'exports') return 'default';
    if (ts.isPropertyAccessExpression(object) && ts.isIdentifier(object.expression) && object.expression.text === 'module' && object.name.text === 'exports') {
      return target.name.text;
    }
  }
  return undefined;
}

/** `X.prototype.m = ...` → [X, m]; `X.prototype = {...}` → [X, undefined]. */
function prototypeTarget(target: ts.Expression): [string, string | undefined] | undefined {
  if (!ts.isPropertyAccessExpression(target)) return undefined;
  if (target.name.text === 'prototype' && ts.isIdentifier(target.expression)) return [target.expression.text, undefined];
  const object = target.expression;
  if (ts.isPropertyAccessExpression(object) && object.name.text === 'prototype' && ts.isIdentifier(object.expression)) {
    return [object.expression.text, target.name.text];
  }
  return undefined;
}

/** `require('x')`, `require('x').y`, `await import('x')`: imports, not declarations. */
function isRequire(value: ts.Expression): boolean {
  let inner = unwrap(value);
  while (ts.isPropertyAccessExpression(inner)) inner = unwrap(inner.expression);
  if (ts.isAwaitExpression(inner)) inner = unwrap(inner.expression);
  return ts.isCallExpression(inner) && ((ts.isIdentifier(inner.expression) && inner.expression.text === 'require') || inner.expression.kind === K.ImportKeyword);
}

/** Units for a value bound to a name (`const x = ...`, `exports.x = ...`, `export default ...`). */
function valueUnit(name: string, value: ts.Expression, startNode: ts.Node, sf: ts.SourceFile): Unit | undefined {
  const inner = unwrap(value);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return simpleUnit('function', name, name, inner, startNode, sf);
  if (ts.isClassExpression(inner)) return classUnit(name, name, inner, startNode, sf);
  if (ts.isObjectLiteralExpression(inner)) return objectUnit(name, name, inner, startNode, sf);
  return simpleUnit('variable', name, name, inner, startNode, sf);
}

/** The body of an immediately invoked function: `(function () {…})()`, `(() => {…})()`, `!function () {…}()`, `(function () {…}).call(this)`. */
function iifeBody(expression: ts.Expression): ts.Block | undefined {
  let inner = unwrap(expression);
  if (ts.isPrefixUnaryExpression(inner) || ts.isVoidExpression(inner)) inner = unwrap(ts.isVoidExpression(inner) ? inner.expression : inner.operand);
  if (!ts.isCallExpression(inner)) return undefined;
  let callee = unwrap(inner.expression);
  if (ts.isPropertyAccessExpression(callee) && /^(call|apply)$/.test(callee.name.text)) callee = unwrap(callee.expression);
  if ((ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) && ts.isBlock(callee.body)) return callee.body;
  return undefined;
}

/** Every declaration unit of a file, in source order. */
export function collectUnits(sf: ts.SourceFile): Unit[] {
  return collectStatements(sf.statements, sf);
}

/** Units of a namespace body (`namespace Net { export function withRetry() {} }`), reported as `Net.withRetry`. */
function namespaceUnits(declaration: ts.ModuleDeclaration, sf: ts.SourceFile): Unit[] {
  if (!ts.isIdentifier(declaration.name) || !declaration.body) return [];
  const prefix = declaration.name.text;
  const body = declaration.body;
  const inner = ts.isModuleBlock(body) ? collectStatements(body.statements, sf) : ts.isModuleDeclaration(body) ? namespaceUnits(body, sf) : [];
  for (const unit of inner) {
    unit.symbol = `${prefix}.${unit.symbol}`;
    unit.localName = prefix;
    for (const method of unit.methods) {
      method.symbol = `${prefix}.${method.symbol}`;
      method.localName = prefix;
    }
  }
  return inner;
}

function collectStatements(statements: readonly ts.Statement[], sf: ts.SourceFile): Unit[] {
  const units: Unit[] = [];
  const functionsByName = new Map<string, Unit>();
  const prototypeStatements: Array<{ className: string; method?: string; statement: ts.ExpressionStatement; value: ts.Expression }> = [];
  const inherits: Array<[string, string]> = [];
  const staticStatements: Array<{ className: string; member: string; statement: ts.ExpressionStatement; value: ts.Expression }> = [];

  for (const statement of statements) {
    if (ts.isModuleDeclaration(statement)) {
      units.push(...namespaceUnits(statement, sf));
      continue;
    }
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const name = statement.name?.text ?? 'default';
      const unit = simpleUnit('function', name, name, statement, statement, sf);
      units.push(unit);
      functionsByName.set(name, unit);
    } else if (ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      units.push(classUnit(name, name, statement, statement, sf));
    } else if (ts.isInterfaceDeclaration(statement)) {
      units.push(simpleUnit('interface', statement.name.text, statement.name.text, statement, statement, sf));
    } else if (ts.isTypeAliasDeclaration(statement)) {
      units.push(simpleUnit('type', statement.name.text, statement.name.text, statement, statement, sf));
    } else if (ts.isVariableStatement(statement)) {
      const declarations = statement.declarationList.declarations;
      for (const declaration of declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        if (isRequire(declaration.initializer)) continue;
        const startNode = declarations.length === 1 ? statement : declaration;
        const unit = valueUnit(declaration.name.text, declaration.initializer, startNode, sf);
        if (!unit) continue;
        units.push(unit);
        if (unit.kind === 'function') functionsByName.set(unit.name, unit);
      }
    } else if (ts.isExportAssignment(statement)) {
      const unit = valueUnit('default', statement.expression, statement, sf);
      const inner = unwrap(statement.expression);
      if (unit && !ts.isIdentifier(inner)) units.push(unit);
    } else if (ts.isExpressionStatement(statement) && iifeBody(statement.expression)) {
      // `(function () { var Breaker = function () {…}; Breaker.prototype.run = …; })()`: a UMD or
      // browser-era module; its declarations are the file's.
      units.push(...collectStatements(iifeBody(statement.expression)!.statements, sf));
    } else if (ts.isExpressionStatement(statement)) {
      const expression = statement.expression;
      const interceptors = responseInterceptors(expression);
      if (interceptors) {
        // `api.interceptors.response.use(ok, onError)` at the top level: the error handler may resend the
        // failed request; importers reach it through the client (`api`).
        units.push({ ...simpleUnit('function', interceptors.chain, interceptors.root, statement, statement, sf), symbol: interceptors.chain });
        continue;
      }
      if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression) && expression.expression.name.text === 'inherits') {
        const [child, base] = expression.arguments;
        if (child && base && ts.isIdentifier(child)) inherits.push([child.text, lastSegment(base)]);
        continue;
      }
      if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== K.EqualsToken) continue;
      const proto = prototypeTarget(expression.left);
      if (proto) {
        prototypeStatements.push({ className: proto[0], method: proto[1], statement, value: expression.right });
        continue;
      }
      const exportName = commonJsExportName(expression.left);
      if (!exportName) {
        // `Backoffs.strategies = {...}`: a static member assigned after the class (compiled static fields, plain JS).
        if (ts.isPropertyAccessExpression(expression.left) && ts.isIdentifier(expression.left.expression)) {
          staticStatements.push({ className: expression.left.expression.text, member: expression.left.name.text, statement, value: expression.right });
        }
        continue;
      }
      const right = unwrap(expression.right);
      if (exportName === 'default' && ts.isObjectLiteralExpression(right)) {
        // `module.exports = { retry(fn) {...}, sleep }`: each function-valued key is a top-level export.
        for (const property of right.properties) {
          const key = nameText(property.name);
          if (key === undefined) continue;
          if (ts.isMethodDeclaration(property)) units.push(simpleUnit('function', key, key, property, property, sf));
          else if (ts.isPropertyAssignment(property) && isFunctionValue(property.initializer)) {
            units.push(simpleUnit('function', key, key, unwrap(property.initializer), property, sf));
          }
        }
        continue;
      }
      // `exports.a = exports.b = void 0`: the CommonJS preamble TypeScript emits, not a declaration.
      if (ts.isIdentifier(right) || ts.isVoidExpression(right) || (ts.isBinaryExpression(right) && right.operatorToken.kind === K.EqualsToken)) continue;
      const named = (ts.isFunctionExpression(right) || ts.isClassExpression(right)) && right.name ? right.name.text : exportName;
      const unit = valueUnit(named, right, statement, sf);
      if (unit) {
        units.push(unit);
        if (unit.kind === 'function') functionsByName.set(unit.name, unit);
      }
    }
  }

  // Prototype-based classes: a constructor function plus `F.prototype.m = function () {}` assignments.
  const prototypeClasses = new Map<string, Unit>();
  for (const entry of prototypeStatements) {
    let unit = prototypeClasses.get(entry.className);
    if (!unit) {
      const constructorUnit = functionsByName.get(entry.className);
      if (!constructorUnit) continue;
      unit = constructorUnit;
      unit.kind = 'class';
      unit.methods.push({ ...methodUnit(unit, 'constructor', unit.nodes[0]!, sf), startLine: unit.startLine, endLine: unit.endLine });
      prototypeClasses.set(entry.className, unit);
    }
    unit.nodes.push(entry.statement);
    unit.endLine = Math.max(unit.endLine, endLine(entry.statement, sf));
    const value = unwrap(entry.value);
    if (entry.method !== undefined) {
      if (isFunctionLike(value)) unit.methods.push(methodUnit(unit, entry.method, entry.statement, sf));
      else unit.properties.push({ name: entry.method, node: entry.statement, isPrivate: false });
    } else if (ts.isObjectLiteralExpression(value)) {
      addObjectMembers(unit, value, sf);
    }
  }
  const classesByName = new Map(units.filter((unit) => unit.kind === 'class').map((unit) => [unit.name, unit]));
  for (const entry of staticStatements) {
    const unit = classesByName.get(entry.className);
    if (!unit || unit.nodes.includes(entry.statement)) continue;
    unit.nodes.push(entry.statement);
    unit.endLine = Math.max(unit.endLine, endLine(entry.statement, sf));
    if (isFunctionLike(unwrap(entry.value))) unit.methods.push(methodUnit(unit, entry.member, entry.statement, sf));
    else unit.properties.push({ name: entry.member, node: entry.statement, isPrivate: false });
  }
  for (const [child, base] of inherits) {
    const unit = functionsByName.get(child);
    if (unit && base) {
      unit.heritage.push(base);
      unit.extends.push(base);
    }
  }
  return units;
}

/** The function-like node of a function or method unit, if it has one. */
export function unitFunction(unit: Unit): FunctionLike | undefined {
  const node = unit.nodes[0];
  if (!node) return undefined;
  if (isFunctionLike(node)) return node;
  if (ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) {
    const value = node.initializer && unwrap(node.initializer);
    if (value && isFunctionLike(value)) return value;
  }
  if (ts.isExpressionStatement(node) && ts.isBinaryExpression(node.expression)) {
    const value = unwrap(node.expression.right);
    if (isFunctionLike(value)) return value;
  }
  return undefined;
}
