/**
 * Constructor parameters of superseded classes that become adapters, typed with a moving config type,
 * wherever the class lives: they join the config-flow group like a function adapter's parameter
 * (`adapter-config-flow.ts`). The adapter keeps only the constructor's signature and its construct
 * template, so the template's `$i.field` reads are converted through the field mapping and the callers'
 * values are checked like any other slot's. In the type's own module the adapter's shim is told to
 * declare the canonical type; in another module the parameter's type names the importer's binding of
 * the old type, which the same run's import move points at the canonical.
 */
import { ts } from '../../../parser/ts.js';
import { isWrittenShim } from '../codemod-utils/shim-text.js';
import { importedLocals } from '../codemod-utils/imports.js';
import { OWN_MEMBER } from '../codemod-utils/usages.js';
import type { AdapterSlot } from './adapter-config-flow.js';
import { signatureSlot } from './config-flow-sites.js';
import type { PlanContext } from './context.js';
import { resolveSpecifier } from './resolve.js';
import type { SymbolPlan } from './symbols.js';

/** Whether `name`, written in `file`, names the config type: its own declaration, or a plain import of it. */
function namesConfig(context: PlanContext, file: string, source: ts.SourceFile, name: string, config: SymbolPlan): boolean {
  if (file === config.file) return name === config.exportName;
  const bound = importedLocals(source).get(name);
  return bound !== undefined && bound.imported === config.exportName && resolveSpecifier(context, file, bound.specifier) === config.file;
}

/**
 * A parameter property keeps the value as `this.<name>`: the adapter only drops that state when every
 * use of it sits in a member the mapping replaces with a template of the canonical.
 */
function keptState(plan: SymbolPlan, declaration: ts.ClassDeclaration, param: ts.ParameterDeclaration): boolean {
  if ((ts.getModifiers(param)?.length ?? 0) === 0 || !ts.isIdentifier(param.name)) return false;
  const name = param.name.text;
  const members = plan.usage.members ?? {};
  for (const member of declaration.members) {
    if (ts.isConstructorDeclaration(member)) continue;
    const memberName = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
    const replaced = memberName !== undefined && typeof members[memberName] === 'string' && members[memberName] !== OWN_MEMBER;
    if (replaced) continue;
    let used = false;
    const visit = (node: ts.Node): void => {
      if (used) return;
      if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === name) used = true;
      else ts.forEachChild(node, visit);
    };
    visit(member);
    if (used) return true;
  }
  return false;
}

/** Constructor parameters of superseded class adapters, in any module, typed with `config`. */
export function classAdapterSlots(context: PlanContext, plans: readonly SymbolPlan[], config: SymbolPlan): AdapterSlot[] {
  const slots: AdapterSlot[] = [];
  for (const adapter of plans) {
    if (adapter.shim?.kind !== 'adapter' || adapter.oldApi?.kind !== 'class') continue;
    if (!adapter.shim.construct && typeof adapter.usage.members?.constructor !== 'string') continue;
    const source = context.source(adapter.file, true);
    const declaration = source?.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === adapter.exportName);
    const constructor = declaration?.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
    // A shim an earlier run wrote keeps its constructor: the group joins a class adapter when this run
    // writes it, so one run of the phase does all it can (moving it later would need a second run).
    if (!source || !declaration || !constructor || isWrittenShim(declaration)) continue;
    for (const param of constructor.parameters) {
      const type = param.type;
      if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeArguments) continue;
      if (!namesConfig(context, adapter.file, source, type.typeName.text, config) || keptState(adapter, declaration, param)) continue;
      const slot = signatureSlot(type.typeName, true);
      if (slot?.construct) slots.push({ ...slot, file: adapter.file, adapter, consts: [] });
    }
  }
  return slots;
}
