/**
 * How an adapter builds the canonical from the superseded symbol's parameters: the mapping's
 * `members.constructor` template, or a recipe that rewrites `new Old(...)` / `old(...)` calls (the same
 * recipe then drives both the call sites and the adapter, so they agree).
 */
import { ts } from '../../../parser/ts.js';
import type { ImportTarget } from '../codemod-options.js';
import { compilePattern } from '../codemod-utils/recipes.js';
import { CALL_KEY, CONSTRUCT_KEY } from '../codemod-utils/usages.js';
import type { PlanContext } from './context.js';
import { parseRef, refFile } from './refs.js';
import { specifierFromFile } from './specifiers.js';
import type { SymbolPlan } from './symbols.js';

export interface Construct {
  /** Template over `$0`, `$1`... (the old parameters) and `$target` (the canonical). */
  template: string;
  imports: ImportTarget[];
}

/** The canonical's name, where the template writes it as a value, replaced by `$target`. */
export function canonicalToTarget(template: string, canonicalName: string): string {
  return template.replace(new RegExp(`(?<![\\w$.])${canonicalName.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), '$target');
}

export function constructFromRecipes(context: PlanContext, plan: SymbolPlan): Construct | undefined {
  const fromMapping = plan.oldApi?.kind === 'class' ? plan.mapping.members?.[CONSTRUCT_KEY] : plan.mapping.members?.[CALL_KEY];
  if (typeof fromMapping === 'string') return { template: canonicalToTarget(fromMapping, plan.canonical.symbol), imports: [] };
  for (const recipe of context.input.config.recipes) {
    const pattern = compilePattern(recipe.match);
    if (!pattern) continue;
    const wantsNew = plan.oldApi?.kind === 'class';
    if (wantsNew !== ts.isNewExpression(pattern.node)) continue;
    if (pattern.head !== plan.exportName && pattern.head !== plan.finding.symbol) continue;
    const args = [...((pattern.node as ts.CallExpression | ts.NewExpression).arguments ?? [])];
    if (!args.every((a) => ts.isIdentifier(a) && /^\$[A-Za-z_]\w*$/.test(a.text))) continue;
    const names = args.map((a) => (a as ts.Identifier).text);
    let template = recipe.replace;
    // Longest names first so `$op` does not eat the start of `$options`.
    const order = names.map((name, index) => ({ name, index })).sort((a, b) => b.name.length - a.name.length);
    for (const { name, index } of order) template = template.replace(new RegExp(`${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), `\u0000${index}`);
    template = template.replace(/\u0000(\d+)/g, '$$$1');
    const imports: ImportTarget[] = [];
    for (const reference of recipe.imports ?? []) {
      const parsed = parseRef(reference);
      if (!parsed) continue;
      const file = parsed.package ? null : refFile(parsed, context.files) ?? null;
      if (!parsed.package && file === null) continue;
      if (file === plan.canonical.file && parsed.symbol === plan.canonical.symbol) continue;
      if (file === plan.file) continue;
      imports.push({ specifier: specifierFromFile(context, plan.file, { file, ...(parsed.package ? { package: parsed.package } : {}) }), name: parsed.symbol });
    }
    return { template: canonicalToTarget(template, plan.canonical.symbol), imports };
  }
  return undefined;
}
