/**
 * A small lexical-scope resolver: which declaration an identifier refers to, without a type checker.
 * Enough to tell apart two `const breaker = ...` in two test cases, or a parameter that shadows an
 * import. (Declarations only; no types, no merging, `var` treated like `let`.)
 */
import { ts } from '../../../parser/ts.js';

export type Declaration = ts.Node;

function addBindingNames(name: ts.BindingName, declaration: ts.Node, into: Map<string, Declaration>): void {
  if (ts.isIdentifier(name)) into.set(name.text, declaration);
  else {
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) addBindingNames(element.name, ts.isIdentifier(element.name) ? element : declaration, into);
    }
  }
}

function isScope(node: ts.Node): boolean {
  return (
    ts.isSourceFile(node) ||
    ts.isBlock(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isFunctionLike(node) ||
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isCatchClause(node) ||
    ts.isClassLike(node)
  );
}

export class ScopeResolver {
  private readonly cache = new Map<ts.Node, Map<string, Declaration>>();

  constructor(private readonly sourceFile: ts.SourceFile) {}

  /** The declarations a scope introduces, by name. */
  private declarationsOf(scope: ts.Node): Map<string, Declaration> {
    const cached = this.cache.get(scope);
    if (cached) return cached;
    const names = new Map<string, Declaration>();
    const statements: readonly ts.Statement[] = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements : ts.isCaseBlock(scope) ? scope.clauses.flatMap((c) => [...c.statements]) : [];
    for (const statement of statements) {
      if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) addBindingNames(d.name, d, names);
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.set(statement.name.text, statement);
      else if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause;
        if (clause.name) names.set(clause.name.text, clause);
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) names.set(named.name.text, named);
        if (named && ts.isNamedImports(named)) for (const e of named.elements) names.set(e.name.text, e);
      } else if (ts.isImportEqualsDeclaration(statement)) names.set(statement.name.text, statement);
    }
    if (ts.isFunctionLike(scope)) {
      for (const p of scope.parameters) addBindingNames(p.name, p, names);
      if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name) names.set(scope.name.text, scope);
    }
    if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
      for (const d of scope.initializer.declarations) addBindingNames(d.name, d, names);
    }
    if (ts.isCatchClause(scope) && scope.variableDeclaration) addBindingNames(scope.variableDeclaration.name, scope.variableDeclaration, names);
    this.cache.set(scope, names);
    return names;
  }

  /** The declaration `identifier` refers to, or undefined for globals and unknown names. */
  resolve(identifier: ts.Identifier): Declaration | undefined {
    const name = identifier.text;
    for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
      if (!isScope(node) || ts.isClassLike(node)) continue;
      const found = this.declarationsOf(node).get(name);
      if (found) return found;
    }
    return undefined;
  }

  /** Whether `identifier` refers to a top-level declaration (or import) of the file. */
  isTopLevel(identifier: ts.Identifier): boolean {
    const declaration = this.resolve(identifier);
    return declaration === undefined || this.declarationsOf(this.sourceFile).get(identifier.text) === declaration;
  }

  /** The class whose body contains a node (for `this.x`). */
  static enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (ts.isClassLike(current)) return current;
      // Arrow functions keep the outer `this`; other functions do not.
      if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
    }
    return undefined;
  }
}
