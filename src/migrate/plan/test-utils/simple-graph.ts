/**
 * A plain module graph for planner tests on small projects: imports, `export ... from`, `require` and
 * `import()` of every file, resolved relatively or through `compilerOptions.paths` of the project's
 * tsconfig.json, and the export origins of barrels. (The scanner builds the real one.)
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { parseSource, ts } from '../../../parser/ts.js';
import type { ImportBinding } from '../../../scan/facts.js';
import type { ModuleGraph, ResolvedImport } from '../../../scan/graph-types.js';
import { exportedNames } from '../codemod-utils/declarations.js';
import { moduleSpecifierOf } from '../codemod-utils/imports.js';

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export function listSources(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === '.git' || entry === '.ssot' || entry === 'dist') continue;
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE.test(entry) && !entry.endsWith('.d.ts')) files.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return files.sort();
}

function pathAliases(root: string): Array<{ prefix: string; target: string }> {
  const file = join(root, 'tsconfig.json');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8').replace(/\/\/[^\n]*/g, '');
  const config = JSON.parse(text) as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } };
  const base = config.compilerOptions?.baseUrl ?? '.';
  return Object.entries(config.compilerOptions?.paths ?? {}).map(([pattern, targets]) => ({
    prefix: pattern.replace(/\*$/, ''),
    target: posix.normalize(posix.join(base, targets[0]!.replace(/\*$/, ''))),
  }));
}

export function simpleGraph(root: string, files = listSources(root)): ModuleGraph {
  const set = new Set(files);
  const aliases = pathAliases(root);
  const resolveFile = (base: string): string | null => {
    const stripped = base.replace(/\.(m|c)?jsx?$/, '');
    const candidates = [base, ...['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'].map((e) => stripped + e), ...['.ts', '.tsx', '.js'].map((e) => `${base}/index${e}`)];
    return candidates.find((c) => set.has(c)) ?? null;
  };
  const resolve = (from: string, specifier: string): string | null => {
    if (specifier.startsWith('.')) return resolveFile(posix.normalize(posix.join(posix.dirname(from), specifier)));
    for (const alias of aliases) if (specifier.startsWith(alias.prefix)) return resolveFile(posix.join(alias.target, specifier.slice(alias.prefix.length)));
    return null;
  };
  const imports: ResolvedImport[] = [];
  const sources = new Map<string, ts.SourceFile>();
  for (const file of files) {
    const source = parseSource(file, readFileSync(join(root, file), 'utf8'));
    sources.set(file, source);
    const line = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const push = (specifier: string, node: ts.Node, kind: ResolvedImport['kind'], typeOnly: boolean, bindings: ImportBinding[]): void => {
      imports.push({ from: file, specifier, resolved: resolve(file, specifier), line: line(node), kind, typeOnly, bindings });
    };
    for (const statement of source.statements) {
      const specifier = moduleSpecifierOf(statement);
      if (specifier === undefined) continue;
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        const bindings: ImportBinding[] = [];
        if (clause?.name) bindings.push({ imported: 'default', local: clause.name.text });
        const named = clause?.namedBindings;
        if (named && ts.isNamespaceImport(named)) bindings.push({ imported: '*', local: named.name.text });
        if (named && ts.isNamedImports(named)) for (const e of named.elements) bindings.push({ imported: (e.propertyName ?? e.name).text, local: e.name.text });
        push(specifier, statement, clause ? 'static' : 'side-effect', clause?.isTypeOnly ?? false, bindings);
      } else if (ts.isExportDeclaration(statement)) {
        const bindings: ImportBinding[] = [];
        if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
          for (const e of statement.exportClause.elements) bindings.push({ imported: (e.propertyName ?? e.name).text, local: e.name.text });
        }
        push(specifier, statement, 'static', statement.isTypeOnly, bindings);
      } else if (ts.isImportEqualsDeclaration(statement)) {
        push(specifier, statement, 'static', false, [{ imported: '*', local: statement.name.text }]);
      }
    }
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0]!)) {
        const isDynamic = node.expression.kind === ts.SyntaxKind.ImportKeyword;
        const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
        if (isDynamic || isRequire) push((node.arguments[0] as ts.StringLiteralLike).text, node, isDynamic ? 'dynamic' : 'require', false, []);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const exportOrigins: ModuleGraph['exportOrigins'] = {};
  const origin = (file: string, name: string, depth = 0): { file: string; name: string } => {
    const source = sources.get(file);
    if (!source || depth > 10) return { file, name };
    for (const statement of source.statements) {
      if (!ts.isExportDeclaration(statement)) continue;
      const specifier = moduleSpecifierOf(statement);
      if (specifier === undefined) continue;
      const target = resolve(file, specifier);
      if (!target) continue;
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        const element = clause.elements.find((e) => e.name.text === name);
        if (element) return origin(target, (element.propertyName ?? element.name).text, depth + 1);
      } else if (!clause) {
        const targetSource = sources.get(target);
        if (targetSource && exportedNames(targetSource).includes(name)) return origin(target, name, depth + 1);
      }
    }
    return { file, name };
  };
  for (const [file, source] of sources) {
    if (!source.statements.some((s) => ts.isExportDeclaration(s) && s.moduleSpecifier)) continue;
    const names = new Set(exportedNames(source));
    for (const statement of source.statements) {
      if (ts.isExportDeclaration(statement) && !statement.exportClause && statement.moduleSpecifier) {
        const target = resolve(file, (statement.moduleSpecifier as ts.StringLiteral).text);
        const targetSource = target ? sources.get(target) : undefined;
        if (targetSource) for (const name of exportedNames(targetSource)) if (name !== 'default') names.add(name);
      }
    }
    const origins: Record<string, { file: string; name: string }> = {};
    for (const name of names) {
      const found = origin(file, name);
      if (found.file !== file) origins[name] = found;
    }
    if (Object.keys(origins).length > 0) exportOrigins[file] = origins;
  }
  return { files, imports, workspaces: [], exportOrigins };
}
