/**
 * An adapter's options parameter typed with a superseded config type of its own module keeps that type
 * alive after every other use is gone. When each field of the old type is optional and maps onto a
 * canonical field by plain rename, and every call the importers keep making passes an object literal
 * of those keys there (or nothing), the adapter takes `Partial<Canonical>` instead: its call template
 * reads the canonical's fields, and the kept calls' literal keys are renamed. Call sites that move onto
 * the canonical keep the original template, which reads their literals as written.
 */
import type { CanonicalTarget, RewriteImportsOptions } from '../codemod-options.js';
import { importedLocals } from '../codemod-utils/imports.js';
import { localDeclarations } from '../codemod-utils/declarations.js';
import { isRename } from '../codemod-utils/usages.js';
import { ts } from '../../../parser/ts.js';
import type { PlanContext } from './context.js';
import { resolveSpecifier } from './resolve.js';
import type { SymbolPlan } from './symbols.js';

/** Old key → canonical key, when every old field is optional and renamed onto an existing canonical field. */
function plainRenames(config: SymbolPlan): Record<string, string> | undefined {
  const { oldApi, canonicalApi, fieldComparison } = config;
  if (!oldApi || !canonicalApi || !fieldComparison || oldApi.fields.size === 0) return undefined;
  const renames: Record<string, string> = {};
  for (const [field, info] of oldApi.fields) {
    const to = fieldComparison.mapping[field];
    if (!info.optional || typeof to !== 'string' || !isRename(to) || !canonicalApi.fields.has(to)) return undefined;
    renames[field] = to;
  }
  return renames;
}

/** Whether every call of the imported function in `source` passes, at `index`, nothing or a literal of known keys. */
function callsFit(source: ts.SourceFile, locals: readonly string[], index: number, keys: ReadonlySet<string>): boolean {
  let fits = true;
  const visit = (node: ts.Node): void => {
    if (!fits) return;
    if (ts.isIdentifier(node) && locals.includes(node.text) && node.parent && !ts.isImportSpecifier(node.parent) && !ts.isImportClause(node.parent)) {
      const call = node.parent;
      if (!ts.isCallExpression(call) || call.expression !== node) {
        fits = false; // passed on as a value: its callers are out of sight
        return;
      }
      const argument = call.arguments[index];
      if (argument === undefined) return;
      if (!ts.isObjectLiteralExpression(argument)) {
        fits = false;
        return;
      }
      for (const property of argument.properties) {
        const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
        if ((!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) || name === undefined || !keys.has(name)) fits = false;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return fits;
}

/** `$index.old` reads of the template as `$index.new`. */
export function renameTemplateReads(template: string, index: number, renames: Record<string, string>): string {
  return template.replace(new RegExp(`\\$${index}(\\??\\.)([A-Za-z_$][\\w$]*)`, 'g'), (match, dot: string, key: string) => (renames[key] ? `$${index}${dot}${renames[key]}` : match));
}

export function planAdapterParameters(
  context: PlanContext,
  plans: readonly SymbolPlan[],
  importerTasks: Map<string, RewriteImportsOptions>,
  targetFor: (plan: SymbolPlan, file: string) => CanonicalTarget,
): void {
  for (const plan of plans) {
    const shim = plan.shim;
    if (!shim || shim.kind !== 'adapter' || !shim.construct || plan.oldApi?.kind !== 'function' || !plan.oldApi.params) continue;
    const own = context.source(plan.file, true);
    if (!own) continue;
    plan.oldApi.params.forEach((param, index) => {
      // Already retyped with a config-flow group (`adapter-config-flow.ts`).
      if (shim.parameterTypes?.[String(index)] !== undefined) return;
      const typeName = param.type.replace(/\|undefined$/, '');
      const config = plans.find((c) => c.file === plan.file && c.exportName === typeName && c.configType !== undefined);
      const renames = config ? plainRenames(config) : undefined;
      if (!config || !renames) return;
      const target = targetFor(config, plan.file);
      // The canonical's name must be free in the adapter's module.
      const bound = importedLocals(own).get(target.name);
      const sameBinding = bound !== undefined && bound.imported === target.name && resolveSpecifier(context, plan.file, bound.specifier) === config.canonical.file;
      if (localDeclarations(own).has(target.name) || (bound !== undefined && !sameBinding)) return;
      const keys = new Set(Object.keys(renames));
      const kept: Array<{ file: string; specifier: string }> = [];
      for (const importer of plan.member.importers) {
        if (importer.status !== 'blocked' || importer.kind !== 'static') continue;
        const source = context.source(importer.file, true);
        if (!source) return;
        const locals = [...importedLocals(source)].filter(([, info]) => info.imported === plan.exportName && resolveSpecifier(context, importer.file, info.specifier) === plan.file).map(([local]) => local);
        if (locals.length === 0) continue;
        if (!callsFit(source, locals, index, keys)) return;
        kept.push({ file: importer.file, specifier: importedLocals(source).get(locals[0]!)!.specifier });
      }
      // Any other way of reaching the adapter (a barrel, a dynamic import) keeps the old type.
      if (plan.member.importers.some((i) => i.status === 'blocked' && (i.kind !== 'static' || i.via !== undefined))) return;
      shim.construct = renameTemplateReads(shim.construct!, index, renames);
      shim.parameterTypes = { ...(shim.parameterTypes ?? {}), [String(index)]: `Partial<${target.name}>` };
      shim.imports = [...(shim.imports ?? []), { specifier: target.specifier, name: target.name, typeOnly: true }];
      for (const { file, specifier } of kept) {
        const task = importerTasks.get(file) ?? { moves: [] };
        task.argumentKeys = [...(task.argumentKeys ?? []), { from: specifier, name: plan.exportName, argument: index, keys: renames }];
        importerTasks.set(file, task);
      }
    });
  }
}
