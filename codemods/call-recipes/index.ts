/**
 * Rewrites call sites by declarative recipes where the canonical's API differs: a pattern with
 * placeholders matched on the AST (aliases and namespace imports included), a template filled with the
 * arguments' original text, the imports the template needs, and the old import removed once unused.
 */
import { defineCodemod } from '../../src/migrate/plan/codemod.js';
import type { CallRecipesOptions, RecipeTask } from '../../src/migrate/plan/codemod-options.js';
import { applyEdits, type TextEdit } from '../../src/migrate/plan/codemod-utils/edits.js';
import { addImports, countReferences, importedLocals, removeImportBindings, type ImportRequest } from '../../src/migrate/plan/codemod-utils/imports.js';
import { compilePattern, findMatches, renderTemplate, strayComments, wrapForSlot, type RecipeMatch } from '../../src/migrate/plan/codemod-utils/recipes.js';
import { detectStyle } from '../../src/migrate/plan/codemod-utils/style.js';
import { usageEdits } from '../../src/migrate/plan/codemod-utils/usage-edits.js';
import { findUsages, localReference, namespaceReference, type UsageSite } from '../../src/migrate/plan/codemod-utils/usages.js';
import { ts } from '../../src/parser/ts.js';

export default defineCodemod<CallRecipesOptions>({
  id: 'call-recipes',
  description: 'rewrite call sites of superseded APIs by declarative pattern → template recipes',
  transform(file, options, api) {
    let text = file.text;
    const toRemove = new Set<string>();
    for (const recipe of options.recipes) {
      const sourceFile = api.parse(file.path, text);
      const next = applyRecipe(sourceFile, recipe, (issue) => api.report(issue));
      if (next === undefined) continue;
      api.stats('callSitesRewritten', next.count);
      text = next.text;
      for (const local of recipe.removeUnusedImports ?? []) toRemove.add(local);
    }
    if (text === file.text) return undefined;
    if (toRemove.size > 0) {
      const sourceFile = api.parse(file.path, text);
      const unused = new Set([...toRemove].filter((local) => countReferences(sourceFile, local) === 0));
      if (unused.size > 0) text = applyEdits(text, removeImportBindings(sourceFile, unused));
    }
    return text;
  },
});

function applyRecipe(
  sourceFile: ts.SourceFile,
  recipe: RecipeTask,
  report: (issue: { line: number; message: string; kind: 'recipe-invalid' }) => void,
): { text: string; count: number } | undefined {
  const pattern = compilePattern(recipe.match);
  if (!pattern) {
    report({ line: 1, kind: 'recipe-invalid', message: `recipe ${recipe.id}: \`${recipe.match}\` is not a call or new expression` });
    return undefined;
  }
  const matches = findMatches(sourceFile, pattern, recipe.locals ?? {});
  if (matches.length === 0) return undefined;
  const style = detectStyle(sourceFile);
  const requests: ImportRequest[] = (recipe.imports ?? []).map((target) => ({ specifier: target.specifier, imported: target.name, local: target.name, typeOnly: target.typeOnly }));
  const locals = importedLocals(sourceFile);
  for (const request of requests) {
    const existing = locals.get(request.local);
    if (existing && (existing.specifier !== request.specifier || existing.imported !== request.imported)) {
      report({
        line: 1,
        kind: 'recipe-invalid',
        message: `recipe ${recipe.id}: the template needs \`${request.local}\` from '${request.specifier}', but this file already imports another \`${request.local}\``,
      });
      return undefined;
    }
  }
  const byNode = new Map<ts.Node, RecipeMatch>(matches.map((m) => [m.node, m]));
  const overrides = optionOverrides(sourceFile, recipe, matches);
  const render = (node: ts.Node): string => overrides.get(node) ?? renderNode(node, byNode, sourceFile, recipe.replace);
  const edits: TextEdit[] = [];
  for (const match of topMost(matches)) {
    const replacement = wrapForSlot(match.node, renderTemplate(recipe.replace, match.bindings, render));
    const comments = strayComments(match, sourceFile);
    edits.push({ start: match.node.getStart(sourceFile), end: match.node.getEnd(), text: comments.length > 0 ? `${comments.join(' ')} ${replacement}` : replacement });
  }
  edits.push(...followEdits(sourceFile, recipe, matches));
  edits.push(...addImports(sourceFile, style, requests));
  return { text: applyEdits(sourceFile.text, edits), count: matches.length };
}

/**
 * Option objects written as literals in a matched call get their keys renamed (and values converted)
 * by the superseded symbol's option mapping before the template uses them.
 */
function optionOverrides(sourceFile: ts.SourceFile, recipe: RecipeTask, matches: RecipeMatch[]): Map<ts.Node, string> {
  const overrides = new Map<ts.Node, string>();
  const options = recipe.follow?.options;
  if (!options) return overrides;
  for (const match of matches) {
    for (const arg of match.node.arguments ?? []) {
      if (!ts.isObjectLiteralExpression(arg)) continue;
      const sites: UsageSite[] = arg.properties.flatMap((property) => {
        const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
        if (name === undefined || !(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) return [];
        return [{ kind: 'option' as const, name, line: 0, nameNode: ts.isShorthandPropertyAssignment(property) ? property : property.name, literal: arg }];
      });
      const result = usageEdits(sourceFile, sites, { options });
      if (result.edits.length === 0) continue;
      const start = arg.getStart(sourceFile);
      overrides.set(arg, applyEdits(arg.getText(sourceFile), result.edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start }))));
    }
  }
  return overrides;
}

/**
 * Instances the rewritten calls build no longer name the superseded class, so the import move cannot
 * follow them later: their member uses are renamed now (uses inside the rewritten calls are left to the template).
 */
function followEdits(sourceFile: ts.SourceFile, recipe: RecipeTask, matches: RecipeMatch[]): TextEdit[] {
  const follow = recipe.follow;
  if (!follow || !follow.members) return [];
  const dot = follow.local.lastIndexOf('.');
  const isRef = dot < 0 ? localReference(follow.local) : namespaceReference(follow.local.slice(0, dot), follow.local.slice(dot + 1));
  const sites = findUsages(sourceFile, isRef, follow.symbolKind, follow.symbolKind === 'function').filter(
    (site) => (site.kind === 'member' || site.kind === 'static') && !matches.some((m) => m.node.getStart(sourceFile) <= site.nameNode.getStart(sourceFile) && site.nameNode.getEnd() <= m.node.getEnd()),
  );
  return usageEdits(sourceFile, sites, { members: follow.members }).edits;
}

/** Matches not nested inside another match (nested ones are rendered with their parent). */
function topMost(matches: RecipeMatch[]): RecipeMatch[] {
  return matches.filter((m) => !matches.some((other) => other !== m && other.node.getStart() <= m.node.getStart() && m.node.getEnd() <= other.node.getEnd()));
}

/** A node's text with the matches inside it rewritten. */
function renderNode(node: ts.Node, byNode: Map<ts.Node, RecipeMatch>, sourceFile: ts.SourceFile, template: string): string {
  const start = node.getStart(sourceFile);
  const inner: RecipeMatch[] = [];
  const visit = (child: ts.Node): void => {
    const match = byNode.get(child);
    if (match) {
      inner.push(match);
      return;
    }
    ts.forEachChild(child, visit);
  };
  const self = byNode.get(node);
  if (self) {
    return wrapForSlot(node, renderTemplate(template, self.bindings, (n) => renderNode(n, byNode, sourceFile, template)));
  }
  ts.forEachChild(node, visit);
  const text = node.getText(sourceFile);
  const edits = inner.map((m) => {
    const comments = strayComments(m, sourceFile);
    const replacement = wrapForSlot(m.node, renderTemplate(template, m.bindings, (n) => renderNode(n, byNode, sourceFile, template)));
    return { start: m.node.getStart(sourceFile) - start, end: m.node.getEnd() - start, text: comments.length > 0 ? `${comments.join(' ')} ${replacement}` : replacement };
  });
  return applyEdits(text, edits);
}
