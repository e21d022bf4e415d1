/**
 * Feature sets of a declaration: public members, config fields, accepted options and emitted events.
 * Used to choose the canonical member of a cluster (richest feature set) and by `ssot compare`.
 */
import { ts } from '../../parser/ts.js';
import type { CandidateFeatures } from '../facts.js';
import { hasModifier, nameText, unwrap, walk, type FunctionLike } from './ast-utils.js';
import type { UnitContext } from './context.js';
import { emittedEvents } from './matchers/composition.js';
import { shapeInfo } from './matchers/shape.js';
import { unitFunction } from './units.js';

const K = ts.SyntaxKind;
const CONFIG_HOLDER = /^(config|configuration|options|opts|settings|policy|cfg|conf|params|props|retryConfig|retryOptions|breakerConfig|circuitConfig)$|(Config|Options|Settings|Policy)$/;

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function isPublicName(name: string): boolean {
  return !name.startsWith('_') && !name.startsWith('#') && name !== 'constructor';
}

function typeNames(type: ts.TypeNode | undefined, ctx: UnitContext, into: string[]): void {
  if (!type) return;
  if (ts.isTypeLiteralNode(type)) {
    for (const member of type.members) {
      const name = nameText(member.name);
      if (name !== undefined) into.push(name);
    }
  } else if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const local = ctx.file.localShapes.get(type.typeName.text);
    if (local) into.push(...local);
    else if (/^(Partial|Required|Readonly)$/.test(type.typeName.text) && type.typeArguments?.[0]) typeNames(type.typeArguments[0], ctx, into);
  } else if (ts.isIntersectionTypeNode(type) || ts.isUnionTypeNode(type)) {
    for (const part of type.types) typeNames(part, ctx, into);
  }
}

/** Option keys a function accepts: destructured keys, typed option objects, `opts.x` reads. */
function optionsOf(fn: FunctionLike | undefined, ctx: UnitContext): string[] {
  if (!fn) return [];
  const options: string[] = [];
  for (const parameter of fn.parameters) {
    if (ts.isObjectBindingPattern(parameter.name)) {
      for (const element of parameter.name.elements) {
        const key = nameText(element.propertyName ?? element.name);
        if (key !== undefined && !element.dotDotDotToken) options.push(key);
      }
      continue;
    }
    if (!ts.isIdentifier(parameter.name)) continue;
    const name = parameter.name.text;
    // Positional settings (`withRetry(fn, maxRetries = 3, delayMs: number)`) are options too.
    const primitive = parameter.type && (parameter.type.kind === K.NumberKeyword || parameter.type.kind === K.BooleanKeyword);
    const literalDefault = parameter.initializer && (ts.isNumericLiteral(parameter.initializer) || parameter.initializer.kind === K.TrueKeyword || parameter.initializer.kind === K.FalseKeyword);
    if (primitive || literalDefault) options.push(name);
    const typed: string[] = [];
    typeNames(parameter.type, ctx, typed);
    options.push(...typed);
    if (!CONFIG_HOLDER.test(name) && typed.length === 0) continue;
    if (!fn.body) continue;
    walk(fn.body, (node) => {
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) options.push(node.name.text);
      if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && ts.isIdentifier(unwrap(node.initializer)) && (unwrap(node.initializer) as ts.Identifier).text === name) {
        for (const element of node.name.elements) {
          const key = nameText(element.propertyName ?? element.name);
          if (key !== undefined) options.push(key);
        }
      }
    });
  }
  return unique(options);
}

/** Config fields a class reads: `this.config.maxRetries`, `this.options.timeout`. */
function configReads(ctx: UnitContext): string[] {
  const fields: string[] = [];
  for (const root of ctx.unit.nodes) {
    walk(root, (node) => {
      if (!ts.isPropertyAccessExpression(node)) return;
      const holder = node.expression;
      if (ts.isPropertyAccessExpression(holder) && holder.expression.kind === K.ThisKeyword && CONFIG_HOLDER.test(holder.name.text)) {
        fields.push(node.name.text);
      }
    });
  }
  return unique(fields);
}

/** The members, fields, options and events of a unit. */
export function extractFeatures(ctx: UnitContext): CandidateFeatures {
  const unit = ctx.unit;
  const events = unique(emittedEvents(ctx).map((event) => event.name));
  const node = unit.nodes[0]!;
  if (unit.kind === 'interface' || unit.kind === 'type' || unit.kind === 'variable') {
    const members: string[] = [];
    if (ts.isInterfaceDeclaration(node)) {
      for (const member of node.members) {
        const name = nameText(member.name);
        if (name !== undefined && ts.isMethodSignature(member)) members.push(name);
      }
    }
    return { members: unique(members), fields: unique(shapeInfo(ctx).fields), options: [], events };
  }
  if (unit.kind === 'class' || unit.kind === 'object') {
    const members: string[] = [];
    for (const method of unit.methods) {
      const decl = method.nodes[0]!;
      if (isPublicName(method.name) && !hasModifier(decl, K.PrivateKeyword) && !hasModifier(decl, K.ProtectedKeyword)) members.push(method.name);
    }
    for (const property of unit.properties) if (!property.isPrivate && isPublicName(property.name)) members.push(property.name);
    const info = shapeInfo(ctx);
    const fields = info.isShape ? info.fields : configReads(ctx);
    const constructorFn = unit.methods.find((m) => m.name === 'constructor');
    return { members: unique(members), fields: unique(fields), options: optionsOf(constructorFn ? unitFunction(constructorFn) : undefined, ctx), events };
  }
  return { members: [], fields: configReads(ctx), options: optionsOf(unitFunction(unit), ctx), events };
}
