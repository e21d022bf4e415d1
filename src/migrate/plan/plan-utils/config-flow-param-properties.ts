/**
 * Config-flow slots that are private parameter properties (`constructor(private readonly strategy:
 * OldConfig = DEFAULT)`): the class keeps the value as `this.strategy`, so besides the values callers
 * pass, every use of `this.strategy` in the class must follow the move: passed to a slot of the group,
 * or a read of a field the mapping leaves as it is. A `private` property is the condition: nothing
 * outside the class can read or replace it. Its default must be a value of the group.
 */
import { ts } from '../../../parser/ts.js';
import { argumentOf, signatureSlot, type SignatureSlot } from './config-flow-sites.js';
import { calleeTarget, lineOf, slotKey, type Failure, type Slot } from './config-flow-checks.js';
import type { PlanContext } from './context.js';
import type { SymbolPlan } from './symbols.js';

/** Checks whether a value is one the group converts besides parameters and typed variables. */
export type GroupExtra = (file: string, source: ts.SourceFile, value: ts.Expression) => boolean;

const ALLOWED = new Set([ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ReadonlyKeyword]);

function isPrivateProperty(param: ts.ParameterDeclaration): boolean {
  const modifiers = ts.getModifiers(param) ?? [];
  return modifiers.length > 0 && modifiers.every((m) => ALLOWED.has(m.kind)) && modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
}

/** The slot a type reference is, when it types a private parameter property of an exported class's constructor. */
export function parameterPropertySlot(typeName: ts.Node): SignatureSlot | undefined {
  let param: ts.Node | undefined = typeName.parent;
  while (param && !ts.isParameter(param)) param = ts.isTypeNode(param) ? param.parent : undefined;
  if (!param || !isPrivateProperty(param as ts.ParameterDeclaration)) return undefined;
  // The same shape rules as any other slot, judged as if the modifiers were not there.
  const slot = signatureSlot(typeName, true);
  return slot && slot.construct ? slot : undefined;
}

export function isParameterProperty(slot: Slot): boolean {
  return (ts.getModifiers(slot.param)?.length ?? 0) > 0;
}

/** `this.<name>` inside the class of a parameter-property slot. */
function thisUses(slot: Slot): ts.PropertyAccessExpression[] {
  const name = (slot.param.name as ts.Identifier).text;
  const owner = slot.param.parent.parent as ts.ClassDeclaration;
  const uses: ts.PropertyAccessExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === name) uses.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(owner, visit);
  return uses;
}

/** Every use of the property in its class follows the move; its default is a value of the group. */
export function checkParameterProperty(context: PlanContext, plan: SymbolPlan, slot: Slot, slots: ReadonlyMap<string, Slot>, extra: GroupExtra): Failure | undefined {
  const source = slot.param.getSourceFile();
  const name = (slot.param.name as ts.Identifier).text;
  const initializer = slot.param.initializer;
  if (initializer && !extra(slot.file, source, initializer)) {
    return { file: slot.file, line: lineOf(source, initializer), message: `the default of ${name} in new ${slot.name}(...) is not a value the move converts` };
  }
  for (const use of thisUses(slot)) {
    const parent = use.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === use) {
      if (plan.usage.fields?.[parent.name.text] === undefined) continue;
      return { file: slot.file, line: lineOf(source, use), message: `this.${name}.${parent.name.text} reads a field the move renames, in a class the move does not follow` };
    }
    const argument = argumentOf(use);
    const callee = argument && ts.isIdentifier(argument.call.expression) ? argument.call.expression : undefined;
    const target = callee ? calleeTarget(context, slot.file, source, callee) : undefined;
    if (target && argument && slots.has(slotKey(target.file, target.name, ts.isNewExpression(argument.call), argument.index))) continue;
    return { file: slot.file, line: lineOf(source, use), message: `this.${name} is used here other than passed to a signature of the move or read` };
  }
  return undefined;
}

/** `this.<name>` of a parameter-property slot of the group, inside its own class. */
export function isSlotProperty(value: ts.Expression, slots: Iterable<Slot>): boolean {
  if (!ts.isPropertyAccessExpression(value) || value.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  for (const slot of slots) {
    if (!isParameterProperty(slot) || (slot.param.name as ts.Identifier).text !== value.name.text) continue;
    const owner = slot.param.parent.parent;
    for (let node: ts.Node | undefined = value.parent; node; node = node.parent) {
      if (node === owner) return true;
      // A function expression or declaration has a `this` of its own.
      if (ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) break;
    }
  }
  return false;
}
