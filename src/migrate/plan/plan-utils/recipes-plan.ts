/**
 * Where each configured recipe applies: the files that import the pattern's head (under whatever local
 * name or namespace), or, for heads that are not imported (a local client object), the files that
 * mention it; restricted by the recipe's `files` globs. Invalid recipes, recipes whose output would
 * match again, and recipes that match nothing are blockers.
 */
import type { RecipeConfig } from '../../../config/types.js';
import type { RecipeTask } from '../codemod-options.js';
import { compilePattern, findMatches, parseExpression, reappliesToItself, unboundPlaceholders } from '../codemod-utils/recipes.js';
import type { Blocker, RecipePlan } from '../types.js';
import { configLocation } from './canonical.js';
import type { PlanContext } from './context.js';
import { matchesGlobs } from './glob.js';
import { parseRef, refFile } from './refs.js';
import { specifierFromFile } from './specifiers.js';
import { resolveSpecifier } from './resolve.js';
import { importedLocals } from '../codemod-utils/imports.js';

export interface RecipesResult {
  recipes: RecipePlan[];
  tasks: Map<string, RecipeTask[]>;
  /** Per file, the ranges recipes rewrite. */
  ranges: Map<string, Array<[number, number]>>;
  blockers: Blocker[];
}

interface Head {
  local: string;
  binding: string;
  /** The module the head is imported from. */
  resolved: string | null;
}

/** Files that bind the pattern's root identifier by import, with how each spells it. */
function importedHeads(context: PlanContext, root: string): Map<string, Head> {
  const files = new Map<string, Head>();
  for (const entry of context.input.graph.imports) {
    for (const binding of entry.bindings) {
      if (binding.imported === root) files.set(entry.from, { local: binding.local, binding: binding.local, resolved: entry.resolved });
      else if (binding.imported === '*' && (entry.namespaceMembers === undefined || entry.namespaceMembers.includes(root))) {
        if (!files.has(entry.from)) files.set(entry.from, { local: `${binding.local}.${root}`, binding: binding.local, resolved: entry.resolved });
      }
    }
  }
  return files;
}

/** The superseded symbol a head names, with its member mapping (for instances built by rewritten calls). */
export type FollowLookup = (resolved: string, name: string) => RecipeTask['follow'] | undefined;

export function planRecipes(context: PlanContext, phase: string, followOf: FollowLookup = () => undefined): RecipesResult {
  const result: RecipesResult = { recipes: [], tasks: new Map(), ranges: new Map(), blockers: [] };
  const recipes: RecipeConfig[] = context.input.config.recipes;
  recipes.forEach((recipe, index) => {
    const id = recipe.id ?? `recipe-${index + 1}`;
    const where = configLocation(context, recipe.match);
    const block = (kind: Blocker['kind'], message: string, severity: Blocker['severity'] = 'error', hint?: string): void => {
      result.blockers.push({ kind, severity, phase, file: where.file, line: where.line, message: `recipe ${id}: ${message}`, ...(hint ? { hint } : {}) });
    };
    const plan: RecipePlan = { id, match: recipe.match, replace: recipe.replace, sites: [] };
    result.recipes.push(plan);
    const pattern = compilePattern(recipe.match);
    if (!pattern || !pattern.head) return block('recipe-invalid', `\`${recipe.match}\` is not a call or \`new\` expression on a name`);
    if (!parseExpression(recipe.replace)) return block('recipe-invalid', `\`${recipe.replace}\` is not an expression`);
    const unbound = unboundPlaceholders(recipe.match, recipe.replace);
    if (unbound.length > 0) return block('recipe-invalid', `the template uses ${unbound.join(', ')}, which the pattern does not bind`);
    if (reappliesToItself(pattern, recipe.replace)) return block('recipe-invalid', 'its template matches its own pattern, so running the phase again would rewrite again');
    const imports = (recipe.imports ?? []).map((reference) => ({ reference, parsed: parseRef(reference) }));
    for (const { reference, parsed } of imports) {
      if (!parsed || (!parsed.package && !refFile(parsed, context.files))) return block('recipe-invalid', `imports ${reference}, which names no scanned file`);
    }
    const root = pattern.head.split('.')[0]!;
    const heads = importedHeads(context, root);
    const candidates = heads.size > 0 ? [...heads.keys()] : context.input.graph.files.filter((file) => (context.text(file) ?? '').includes(root));
    let mentioned = false;
    for (const file of candidates.sort()) {
      if (!matchesGlobs(file, recipe.files)) continue;
      const source = context.source(file);
      if (!source) continue;
      const head = heads.get(file);
      const locals = head ? { [root]: head.local } : {};
      const matches = findMatches(source, pattern, locals);
      if (matches.length === 0) {
        mentioned ||= source.text.includes(head ? head.local.split('.').pop()! : pattern.head.split('.').pop()!);
        continue;
      }
      // What the template needs may already be imported (maybe through a barrel), or its name may be taken.
      const needed: RecipeTask['imports'] = [];
      let conflict: string | undefined;
      for (const { parsed } of imports) {
        const targetFile = parsed!.package ? null : refFile(parsed!, context.files)!;
        const bound = importedLocals(source).get(parsed!.symbol);
        if (bound) {
          const resolved = bound.specifier === parsed!.package ? null : resolveSpecifier(context, file, bound.specifier);
          const origin = resolved ? (context.input.graph.exportOrigins[resolved]?.[bound.imported] ?? { file: resolved, name: bound.imported }) : undefined;
          const same = parsed!.package ? bound.specifier === parsed!.package && bound.imported === parsed!.symbol : origin?.file === targetFile && origin?.name === parsed!.symbol;
          if (same) {
            // Imported for types only: the codemod turns it into a value import.
            if (bound.typeOnly) needed.push({ specifier: bound.specifier, name: bound.imported });
            continue;
          }
          conflict = `${parsed!.symbol} is already imported from '${bound.specifier}'`;
          break;
        }
        needed.push({ specifier: specifierFromFile(context, file, parsed!.package ? { file: null, package: parsed!.package } : { file: targetFile }), name: parsed!.symbol });
      }
      if (conflict) {
        result.blockers.push({ kind: 'recipe-invalid', severity: 'error', phase, file, line: 1, message: `recipe ${id}: ${conflict}; the template would not mean the same here` });
        mentioned = true;
        continue;
      }
      for (const match of matches) plan.sites.push({ file, line: source.getLineAndCharacterOfPosition(match.node.getStart(source)).line + 1 });
      result.ranges.set(file, [...(result.ranges.get(file) ?? []), ...matches.map((m) => [m.node.getStart(source), m.node.getEnd()] as [number, number])]);
      const task: RecipeTask = {
        id,
        match: recipe.match,
        replace: recipe.replace,
        ...(needed.length > 0 ? { imports: needed } : {}),
        ...(head ? { locals, removeUnusedImports: [head.binding] } : {}),
      };
      const follow = head && head.resolved ? followOf(head.resolved, root) : undefined;
      if (follow) task.follow = { ...follow, local: head!.local };
      result.tasks.set(file, [...(result.tasks.get(file) ?? []), task]);
    }
    if (plan.sites.length === 0) {
      if (mentioned) block('recipe-unmatched', `\`${recipe.match}\` matches no call, although ${root} is used; check the pattern (arity, receiver)`);
      else block('recipe-unmatched', `\`${recipe.match}\` matches no call (already applied, or it names something that does not exist)`, 'warning');
    }
  });
  return result;
}
