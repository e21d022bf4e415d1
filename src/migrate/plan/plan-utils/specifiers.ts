/**
 * How an importer must spell the canonical module: the way it spelt the superseded one. A relative
 * specifier stays relative with the same extension style (`.js`, none, `.ts`); an alias such as
 * `@app/core/retry` is mapped onto the canonical's path with the same alias; a package or workspace
 * specifier that already exposes the canonical is reused; otherwise a relative path is used.
 */
import { posix } from 'node:path';
import { ts } from '../../../parser/ts.js';
import type { PlanContext } from './context.js';
import { workspaceTarget } from './workspace-specifier.js';

const TS_TO_JS: Record<string, string> = { '.ts': '.js', '.tsx': '.js', '.mts': '.mjs', '.cts': '.cjs', '.js': '.js', '.jsx': '.js', '.mjs': '.mjs', '.cjs': '.cjs' };

export type ExtensionStyle = 'js' | 'source' | 'none';

function extensionStyle(specifier: string): ExtensionStyle {
  if (/\.(m|c)?js$|\.jsx$/.test(specifier)) return 'js';
  if (/\.(m|c)?tsx?$/.test(specifier)) return 'source';
  return 'none';
}

function withStyle(pathWithoutExt: string, ext: string, style: ExtensionStyle): string {
  if (style === 'js') return pathWithoutExt + (TS_TO_JS[ext] ?? '.js');
  if (style === 'source') return pathWithoutExt + ext;
  return pathWithoutExt.endsWith('/index') ? pathWithoutExt : pathWithoutExt;
}

function splitExt(file: string): [string, string] {
  const ext = posix.extname(file);
  return [file.slice(0, file.length - ext.length), ext];
}

/** `./x` from `from` to `to` (both posix, relative to the root), in the given extension style. */
export function relativeSpecifier(from: string, to: string, style: ExtensionStyle): string {
  const [base, ext] = splitExt(to);
  let rel = posix.relative(posix.dirname(from), base);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return withStyle(rel, ext, style);
}

/**
 * An alias specifier mapped like the old one: old `@app/core/retry` resolving to `src/core/retry.ts`
 * means `@app/` stands for `src/`, so `src/core/resilience/breaker.ts` is `@app/core/resilience/breaker`.
 */
function aliasSpecifier(oldSpecifier: string, oldResolved: string, target: string): string | undefined {
  const style = extensionStyle(oldSpecifier);
  const [oldBase] = splitExt(oldResolved);
  const oldPaths = [oldBase];
  if (oldBase.endsWith('/index')) oldPaths.push(oldBase.slice(0, -'/index'.length));
  const spec = style === 'none' ? oldSpecifier : splitExt(oldSpecifier)[0];
  for (const path of oldPaths) {
    // Longest common suffix on path segments.
    const a = spec.split('/');
    const b = path.split('/');
    let common = 0;
    while (common < a.length && common < b.length && a[a.length - 1 - common] === b[b.length - 1 - common]) common++;
    if (common === 0) continue;
    const aliasPrefix = a.slice(0, a.length - common).join('/');
    const pathPrefix = b.slice(0, b.length - common).join('/');
    if (aliasPrefix === '' || aliasPrefix.startsWith('.')) continue;
    const [targetBase, ext] = splitExt(target);
    if (pathPrefix !== '' && !targetBase.startsWith(`${pathPrefix}/`)) continue;
    const rest = pathPrefix === '' ? targetBase : targetBase.slice(pathPrefix.length + 1);
    return withStyle(`${aliasPrefix}/${rest}`, ext, style);
  }
  return undefined;
}

/** A non-relative specifier some file already uses that resolves to `target` or to a module exporting it. */
function knownPackageSpecifier(context: PlanContext, target: string, symbol: string): { specifier: string; name: string } | undefined {
  const counts = new Map<string, number>();
  for (const entry of context.importsOf.get(target) ?? []) {
    if (!entry.specifier.startsWith('.')) counts.set(entry.specifier, (counts.get(entry.specifier) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (best) return { specifier: best[0], name: symbol };
  for (const [module, origins] of Object.entries(context.input.graph.exportOrigins)) {
    for (const [name, origin] of Object.entries(origins)) {
      if (origin.file !== target || origin.name !== symbol) continue;
      const entry = (context.importsOf.get(module) ?? []).find((i) => !i.specifier.startsWith('.') && !i.specifier.includes('/src/'));
      if (entry) return { specifier: entry.specifier, name };
    }
  }
  return undefined;
}

export interface TargetSpecifier {
  specifier: string;
  /** Export name at that specifier (a package entry may export the canonical under another name). */
  name: string;
  /** Set when no specifier can reach the canonical (another workspace package does not export it). */
  blocked?: string;
}

/**
 * The name under which a barrel or package entry the importer already uses exports the canonical, if it
 * does: the importer then keeps its specifier (its public import path) instead of moving to a deep
 * path. Not when that module is the superseded one (it becomes a shim, then goes) or a shim itself.
 */
export function nameInUsedModule(context: PlanContext, used: string | null, canonical: { file: string; symbol: string }, superseded?: string): string | undefined {
  if (used === null || used === canonical.file || used === superseded) return undefined;
  const origins = context.input.graph.exportOrigins[used];
  if (!origins) return undefined;
  const names = Object.entries(origins)
    .filter(([, origin]) => origin.file === canonical.file && origin.name === canonical.symbol)
    .map(([name]) => name);
  if (names.length === 0 || context.text(used)?.includes('@ssot-shim')) return undefined;
  const source = context.source(used);
  // A type-only re-export would not give the importer the value it uses.
  const valueNames = names.filter((name) => source !== null && !exportsTypeOnly(source, name));
  return valueNames.includes(canonical.symbol) ? canonical.symbol : valueNames.sort()[0];
}

/** Whether the module exports `name` only through `export type { ... }` (or `export { type name }`). */
function exportsTypeOnly(source: ts.SourceFile, name: string): boolean {
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const element of statement.exportClause.elements) if (element.name.text === name) return statement.isTypeOnly || element.isTypeOnly;
  }
  return false;
}

/**
 * The specifier `importer` should use for the canonical (`file`/`symbol`, or a package), given how it
 * spelt the module it imported the superseded symbol from (`resolved`; `superseded` is the module that
 * declares the superseded symbol, when `resolved` may be a barrel forwarding it).
 */
export function canonicalSpecifier(
  context: PlanContext,
  importer: string,
  canonical: { file: string | null; package?: string; symbol: string },
  old: { specifier: string; resolved: string | null; superseded?: string },
): TargetSpecifier {
  if (canonical.package || canonical.file === null) return { specifier: canonical.package ?? 'ssot', name: canonical.symbol };
  // The barrel or package entry the importer used exports the canonical too: keep that public path.
  if (old.superseded !== undefined && old.resolved !== old.superseded) {
    const name = nameInUsedModule(context, old.resolved, { file: canonical.file, symbol: canonical.symbol }, old.superseded);
    if (name !== undefined) return { specifier: old.specifier, name };
  }
  // Another workspace package is reached by its name, never by a relative path into it.
  const workspace = workspaceTarget(context, importer, canonical.file, canonical.symbol);
  if (workspace.kind === 'package') return { specifier: workspace.specifier, name: workspace.name };
  if (workspace.kind === 'not-exported') {
    return {
      specifier: '',
      name: canonical.symbol,
      blocked: `${canonical.file} is in the workspace package ${workspace.packageName}, whose package.json \`exports\` expose neither it nor an entry re-exporting ${canonical.symbol}`,
    };
  }
  const style = extensionStyle(old.specifier);
  if (old.specifier.startsWith('.') || old.resolved === null) {
    return { specifier: relativeSpecifier(importer, canonical.file, old.specifier.startsWith('.') ? style : 'js'), name: canonical.symbol };
  }
  const alias = aliasSpecifier(old.specifier, old.resolved, canonical.file);
  if (alias) return { specifier: alias, name: canonical.symbol };
  const known = knownPackageSpecifier(context, canonical.file, canonical.symbol);
  if (known) return known;
  return { specifier: relativeSpecifier(importer, canonical.file, 'js'), name: canonical.symbol };
}

/** The extension style a file uses for its relative imports (the most frequent; `js` when it has none). */
export function styleOfFile(context: PlanContext, file: string): ExtensionStyle {
  const counts: Record<ExtensionStyle, number> = { js: 0, source: 0, none: 0 };
  for (const entry of context.importsFrom.get(file) ?? []) if (entry.specifier.startsWith('.')) counts[extensionStyle(entry.specifier)]++;
  const text = counts.js + counts.source + counts.none === 0 ? context.text(file) : null;
  if (text !== null) {
    for (const match of text.matchAll(/from\s+['"](\.[^'"]*)['"]/g)) counts[extensionStyle(match[1]!)]++;
  }
  if (counts.none > counts.js && counts.none >= counts.source) return 'none';
  if (counts.source > counts.js) return 'source';
  return 'js';
}

/** How `file` should import `target` (a project file or a package) when it has no old specifier to copy. */
export function specifierFromFile(context: PlanContext, file: string, target: { file: string | null; package?: string }): string {
  if (target.package || target.file === null) return target.package ?? 'ssot';
  // Only a subpath exposing the file itself will do here: the caller imports it under its own name.
  const workspace = workspaceTarget(context, file, target.file);
  if (workspace.kind === 'package') return workspace.specifier;
  return relativeSpecifier(file, target.file, styleOfFile(context, file));
}
