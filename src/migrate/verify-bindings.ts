/**
 * Whether an unchanged file can see a difference through its imports. The module graph says which
 * files import (directly or through barrels) a file whose public shape changed; many of them only use
 * names that still mean exactly the same thing, typically when a barrel is rewritten and the consumer
 * uses another of its names. The checkers of both states answer that cheaply, by resolving the
 * file's import bindings (no full check): a binding sees no difference when it resolves to the same
 * declarations, none in a file that may have changed, with the same meanings (value, type,
 * namespace) once type-only imports and exports along the way are taken into account.
 *
 * Anything this cannot judge precisely (namespace imports, re-exports, dynamic imports, `require`,
 * import types, JavaScript files) counts as seeing a difference, and the file is checked.
 */
import { ts } from '../parser/ts.js';

/**
 * Checker methods TypeScript has but does not declare: the meanings an alias has once type-only
 * imports and exports on its way are honoured. Without them every binding counts as changed.
 */
interface AliasMeanings {
  getSymbolFlags?(symbol: ts.Symbol, excludeTypeOnlyMeanings?: boolean): ts.SymbolFlags;
  getTypeOnlyAliasDeclaration?(symbol: ts.Symbol): ts.Node | undefined;
}

const MEANINGS = ts.SymbolFlags.Value | ts.SymbolFlags.Type | ts.SymbolFlags.Namespace;
const JS = /\.(js|jsx|mjs|cjs)$/;

/**
 * True unless every import binding of `file` resolves, in both programs, to the same declarations
 * with the same meanings, and none of those declarations lies in a file `mayDiffer` names (a changed
 * file, or one whose public shape changed).
 */
export function importsSeeChange(before: ts.Program, after: ts.Program, file: string, mayDiffer: (file: string) => boolean): boolean {
  const old = before.getSourceFile(file);
  const current = after.getSourceFile(file);
  if (!old || !current || old.text !== current.text || JS.test(file)) return true;
  const keysBefore = bindingKeys(before, old, mayDiffer);
  if (keysBefore === null) return true;
  const keysAfter = bindingKeys(after, current, mayDiffer);
  if (keysAfter === null) return true;
  return keysBefore.length !== keysAfter.length || keysBefore.some((key, i) => key !== keysAfter[i]);
}

/** The local names a file's imports bind, or null when it refers to modules in other ways too. */
function importedNames(source: ts.SourceFile): ts.Identifier[] | null {
  const info = ts.preProcessFile(source.text, true, true);
  if (info.referencedFiles.length > 0) return null;
  const names: ts.Identifier[] = [];
  let declarations = 0;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      declarations++;
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) names.push(clause.name);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) return null;
      if (bindings) names.push(...bindings.elements.map((element) => element.name));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      return null;
    }
  }
  // Dynamic imports, `require`, `import x = require()`, import types, ambient modules: not judged here.
  return info.importedFiles.length === declarations ? names : null;
}

/** One key per binding (what it resolves to and means), or null when it cannot be judged or may differ. */
function bindingKeys(program: ts.Program, source: ts.SourceFile, mayDiffer: (file: string) => boolean): string[] | null {
  const checker = program.getTypeChecker() as ts.TypeChecker & AliasMeanings;
  if (typeof checker.getSymbolFlags !== 'function' || typeof checker.getTypeOnlyAliasDeclaration !== 'function') return null;
  const names = importedNames(source);
  if (names === null) return null;
  const keys: string[] = [];
  for (const name of names) {
    const alias = checker.getSymbolAtLocation(name);
    if (!alias) return null;
    const target = alias.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(alias) : alias;
    const places: string[] = [];
    for (const declaration of target.declarations ?? []) {
      const declared = declaration.getSourceFile();
      if (mayDiffer(declared.fileName)) return null;
      places.push(`${declared.fileName}:${declaration.pos}`);
    }
    const meanings = checker.getSymbolFlags(alias, true) & MEANINGS;
    const typeOnly = checker.getTypeOnlyAliasDeclaration(alias) !== undefined;
    keys.push(`${name.text}\0${places.join(',')}\0${meanings}\0${typeOnly}`);
  }
  return keys;
}
