/**
 * Data shapes: interfaces, object types, data classes and schema objects, and their field names.
 */
import { ts } from '../../../parser/ts.js';
import { chainText, hasModifier, lastName, nameText, rootIdentifier, unwrap, walk } from '../ast-utils.js';
import { memo, type UnitContext } from '../context.js';
import type { MatchEvidence } from './types.js';

const K = ts.SyntaxKind;
const SCHEMA_BUILDER = /^(object|strictObject|looseObject|type|struct|interface|partial|schema|Schema|shape|keys)$/;

/** A unit seen as a data shape. */
export interface ShapeInfo {
  fields: string[];
  methods: number;
  isShape: boolean;
}

function typeFields(type: ts.TypeNode, fields: string[], methods: { count: number }): void {
  if (ts.isTypeLiteralNode(type)) {
    for (const member of type.members) {
      const name = nameText(member.name);
      if (name === undefined) continue;
      if (ts.isMethodSignature(member)) methods.count++;
      else fields.push(name);
    }
  } else if (ts.isIntersectionTypeNode(type) || ts.isUnionTypeNode(type)) {
    for (const part of type.types) typeFields(part, fields, methods);
  } else if (ts.isParenthesizedTypeNode(type)) {
    typeFields(type.type, fields, methods);
  } else if (ts.isTypeReferenceNode(type) && /^(Partial|Required|Readonly)$/.test(chainText(type.typeName as ts.Node)) && type.typeArguments?.[0]) {
    typeFields(type.typeArguments[0], fields, methods);
  }
}

/**
 * Whether a method does real work (loops, try, await, promise chains, calls to other modules' or the
 * file's functions): data classes only hold, check and convert their own values.
 */
function hasLogic(node: ts.Node, ctx: UnitContext): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if (ts.isCallExpression(child)) {
      const root = rootIdentifier(child.expression)?.text;
      if (root && (ctx.file.imports.has(root) || ctx.file.topLevel.has(root))) found = true;
    }
    const kind = child.kind;
    if (ts.isCallExpression(child) && /^(then|catch|finally)$/.test(lastName(child.expression))) found = true;
    if (kind === K.TryStatement || kind === K.AwaitExpression || kind === K.ForStatement || kind === K.ForOfStatement || kind === K.ForInStatement || kind === K.WhileStatement || kind === K.DoStatement) found = true;
    return undefined;
  });
  return found;
}

/** The fields of a unit seen as a data shape, memoised. */
export function shapeInfo(ctx: UnitContext): ShapeInfo {
  return memo(ctx, 'shape', () => {
    const node = ctx.unit.nodes[0]!;
    const fields: string[] = [];
    const methods = { count: 0 };
    if (ts.isInterfaceDeclaration(node)) {
      for (const member of node.members) {
        const name = nameText(member.name);
        if (name === undefined) continue;
        if (ts.isMethodSignature(member) || ts.isCallSignatureDeclaration(member)) methods.count++;
        else fields.push(name);
      }
      return { fields, methods: methods.count, isShape: fields.length > 0 && fields.length >= methods.count };
    }
    if (ts.isTypeAliasDeclaration(node)) {
      typeFields(node.type, fields, methods);
      return { fields, methods: methods.count, isShape: fields.length > 0 && fields.length >= methods.count };
    }
    if (ctx.unit.kind === 'class') {
      const seen = new Set<string>();
      for (const property of ctx.unit.properties) {
        if (ts.isGetAccessorDeclaration(property.node) || ts.isSetAccessorDeclaration(property.node)) continue;
        if (hasModifier(property.node, K.StaticKeyword)) continue;
        seen.add(property.name);
      }
      let instanceMethods = 0;
      let logic = false;
      for (const method of ctx.unit.methods) {
        const decl = method.nodes[0]!;
        if (method.name === 'constructor') {
          walk(decl, (inner) => {
            if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === K.EqualsToken && ts.isPropertyAccessExpression(inner.left) && inner.left.expression.kind === K.ThisKeyword) {
              seen.add(inner.left.name.text);
            }
          });
        } else if (!hasModifier(decl, K.StaticKeyword) && !ts.isGetAccessorDeclaration(decl)) {
          instanceMethods++;
          if (hasLogic(decl, ctx)) logic = true;
        }
      }
      fields.push(...seen);
      const isShape = !logic && fields.length >= 2 && instanceMethods <= Math.max(1, Math.floor(fields.length / 2));
      return { fields, methods: instanceMethods, isShape };
    }
    if (ctx.unit.kind === 'variable' && ts.isExpression(node)) {
      const inner = unwrap(node);
      if (ts.isCallExpression(inner) && SCHEMA_BUILDER.test(lastName(inner.expression)) && inner.arguments[0] && ts.isObjectLiteralExpression(unwrap(inner.arguments[0]))) {
        for (const property of (unwrap(inner.arguments[0]) as ts.ObjectLiteralExpression).properties) {
          const name = nameText(property.name);
          if (name !== undefined) fields.push(name);
        }
        return { fields, methods: 0, isShape: fields.length > 0 };
      }
    }
    return { fields, methods: 0, isShape: false };
  });
}

/** `data-shape`. */
export function dataShape(ctx: UnitContext): MatchEvidence[] {
  const info = shapeInfo(ctx);
  if (!info.isShape) return [];
  return [{ line: ctx.unit.startLine, note: `a data shape with ${info.fields.length} field${info.fields.length === 1 ? '' : 's'}` }];
}

/** The discriminant of a message type: a field whose type is exactly one string literal. */
function discriminant(members: readonly ts.TypeElement[]): ts.TypeElement | undefined {
  return members.find(
    (member) =>
      ts.isPropertySignature(member) && !!member.type && ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal),
  );
}

/** `message-shape`: an event or message type. */
export function messageShape(ctx: UnitContext): MatchEvidence[] {
  const node = ctx.unit.nodes[0]!;
  let found: ts.TypeElement | undefined;
  if (ts.isInterfaceDeclaration(node)) found = discriminant(node.members);
  else if (ts.isTypeAliasDeclaration(node)) {
    const visit = (type: ts.TypeNode): void => {
      if (found) return;
      if (ts.isTypeLiteralNode(type)) found = discriminant(type.members);
      else if (ts.isIntersectionTypeNode(type) || ts.isUnionTypeNode(type)) type.types.forEach(visit);
      else if (ts.isParenthesizedTypeNode(type)) visit(type.type);
    };
    visit(node.type);
  }
  if (!found) return [];
  return [{ line: ctx.file.sf.getLineAndCharacterOfPosition(found.getStart(ctx.file.sf)).line + 1, note: `a message discriminated by ${nameText(found.name) ?? 'a literal field'}` }];
}
