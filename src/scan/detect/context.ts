/**
 * Per-file and per-unit context for detection: the import table, top-level names, and the facts of a
 * unit (calls, instantiations, references, strings), computed once per unit and shared by every rule.
 */
import { ts } from '../../parser/ts.js';
import { bindingNames, chainText, isFunctionLike, isReference, kindSet, lastName, unwrap, walk, walkKinds, type FunctionLike } from './ast-utils.js';
import type { Unit } from './units.js';

const K = ts.SyntaxKind;

/** Where a local binding is imported from. */
export interface ImportedBinding {
  module: string;
  /** `default`, `*` (namespace or whole `require()`), or the exported name. */
  imported: string;
}

/** What detection knows about the file as a whole. */
export interface FileContext {
  sf: ts.SourceFile;
  file: string;
  /** Local binding → where it comes from. */
  imports: Map<string, ImportedBinding>;
  /** Names declared at the top level (functions, classes, variables, interfaces, types, enums). */
  topLevel: Set<string>;
  /** Field names of interfaces and object type aliases declared in this file (resolves option types). */
  localShapes: Map<string, string[]>;
  /** Top-level functions without `export`: module-private helpers a class may delegate its logic to. */
  privateFunctions: Map<string, ts.Node>;
}

/** A call made inside a unit. */
export interface CallFact {
  node: ts.CallExpression;
  /** `this.breaker.fire`, `setTimeout`, `pRetry`. */
  text: string;
  /** Last segment of the callee. */
  name: string;
}

/** Facts of one unit, collected in a single walk. */
export interface UnitFacts {
  calls: CallFact[];
  news: Array<{ node: ts.NewExpression; name: string }>;
  /** Identifier references (not property names or declaration names), by name. */
  references: Map<string, ts.Identifier[]>;
  strings: Array<{ text: string; node: ts.Node }>;
  functions: FunctionLike[];
  /** Loop statements below the unit's root nodes, in walk order (the retry-loop analysis starts from them). */
  loops: ts.Node[];
  /** `module` of `require('m')` / `import('m')` calls made inside the unit. */
  inlineImports: Array<{ module: string; node: ts.Node }>;
  /** `this.member = value` assignments, in walk order (the holder facts of a class come from them). */
  thisAssignments: Array<ts.BinaryExpression & { left: ts.PropertyAccessExpression }>;
}

/** Everything matchers need about one unit; matchers memoise their own results in `memo`. */
export interface UnitContext {
  unit: Unit;
  file: FileContext;
  facts: UnitFacts;
  memo: Map<string, unknown>;
}

function requireSpecifier(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'require') {
    const arg = inner.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  if (ts.isAwaitExpression(inner) && ts.isCallExpression(inner.expression) && inner.expression.expression.kind === K.ImportKeyword) {
    const arg = inner.expression.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

function shapeFields(type: ts.TypeNode | undefined, into: string[]): void {
  if (!type) return;
  if (ts.isTypeLiteralNode(type)) {
    for (const member of type.members) {
      if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) into.push(member.name.text);
    }
  } else if (ts.isIntersectionTypeNode(type) || ts.isUnionTypeNode(type)) {
    for (const part of type.types) shapeFields(part, into);
  } else if (ts.isParenthesizedTypeNode(type)) {
    shapeFields(type.type, into);
  }
}

/** Builds the file-level context: imports (ESM and CommonJS), top-level names, local object shapes. */
export function fileContext(sf: ts.SourceFile, file: string): FileContext {
  const imports = new Map<string, ImportedBinding>();
  const topLevel = new Set<string>();
  const localShapes = new Map<string, string[]>();
  const privateFunctions = new Map<string, ts.Node>();
  const isExported = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === K.ExportKeyword) ?? false);
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body && !isExported(statement)) privateFunctions.set(statement.name.text, statement);
    if (ts.isVariableStatement(statement) && !isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrap(declaration.initializer);
        if (ts.isIdentifier(declaration.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) privateFunctions.set(declaration.name.text, init);
      }
    }
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) imports.set(clause.name.text, { module, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, imported: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expression = statement.moduleReference.expression;
      if (ts.isStringLiteral(expression)) imports.set(statement.name.text, { module: expression.text, imported: '*' });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        let init = declaration.initializer ? unwrap(declaration.initializer) : undefined;
        let member: string | undefined;
        if (init && ts.isPropertyAccessExpression(init) && requireSpecifier(init.expression)) {
          member = init.name.text;
          init = init.expression;
        }
        const module = requireSpecifier(init);
        if (module !== undefined) {
          if (ts.isIdentifier(declaration.name)) imports.set(declaration.name.text, { module, imported: member ?? '*' });
          else if (ts.isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) {
              if (!ts.isIdentifier(element.name)) continue;
              const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
              imports.set(element.name.text, { module, imported });
            }
          }
          continue;
        }
        for (const name of bindingNames(declaration.name)) topLevel.add(name);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      topLevel.add(statement.name.text);
    } else if (ts.isInterfaceDeclaration(statement)) {
      topLevel.add(statement.name.text);
      const fields: string[] = [];
      for (const member of statement.members) {
        if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) fields.push(member.name.text);
      }
      localShapes.set(statement.name.text, fields);
    } else if (ts.isTypeAliasDeclaration(statement)) {
      topLevel.add(statement.name.text);
      const fields: string[] = [];
      shapeFields(statement.type, fields);
      if (fields.length > 0) localShapes.set(statement.name.text, fields);
    }
  }
  return { sf, file, imports, topLevel, localShapes, privateFunctions };
}

/** The identifiers that reference a binding, by name, in the order met. */
function referencesAmong(identifiers: readonly ts.Identifier[]): Map<string, ts.Identifier[]> {
  const references = new Map<string, ts.Identifier[]>();
  for (const id of identifiers) {
    if (!isReference(id)) continue;
    const list = references.get(id.text);
    if (list) list.push(id);
    else references.set(id.text, [id]);
  }
  return references;
}

/** The kinds `unitFacts` collects (its walk passes over the rest without a call). */
const FACT_KINDS = kindSet(
  K.CallExpression, K.NewExpression, K.Identifier, K.BinaryExpression,
  K.StringLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateHead, K.TemplateMiddle, K.TemplateTail,
  K.ForStatement, K.ForOfStatement, K.ForInStatement, K.WhileStatement, K.DoStatement,
  K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration, K.Constructor, K.GetAccessor, K.SetAccessor,
);

/** One walk over a unit's nodes collecting calls, instantiations, references and strings. */
export function unitFacts(unit: Unit): UnitFacts {
  // References are built on first use: many units are settled by rules that never ask for them.
  const identifiers: ts.Identifier[] = [];
  let references: Map<string, ts.Identifier[]> | undefined;
  const facts: UnitFacts = {
    calls: [],
    news: [],
    get references(): Map<string, ts.Identifier[]> {
      return (references ??= referencesAmong(identifiers));
    },
    strings: [],
    functions: [],
    loops: [],
    inlineImports: [],
    thisAssignments: [],
  };
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case K.CallExpression: {
        const call = node as ts.CallExpression;
        if (call.expression.kind === K.ImportKeyword || (ts.isIdentifier(call.expression) && call.expression.text === 'require')) {
          const arg = call.arguments[0];
          if (arg && ts.isStringLiteralLike(arg)) facts.inlineImports.push({ module: arg.text, node: call });
        }
        // The last segment of the chain text is `lastName` of the callee, without building the text twice.
        const text = chainText(call.expression);
        facts.calls.push({ node: call, text, name: text.slice(text.lastIndexOf('.') + 1) });
        break;
      }
      case K.NewExpression: {
        const expression = (node as ts.NewExpression).expression;
        facts.news.push({ node: node as ts.NewExpression, name: lastName(expression) });
        break;
      }
      case K.Identifier:
        identifiers.push(node as ts.Identifier);
        break;
      case K.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        if (binary.operatorToken.kind === K.EqualsToken && ts.isPropertyAccessExpression(binary.left) && binary.left.expression.kind === K.ThisKeyword) {
          facts.thisAssignments.push(binary as ts.BinaryExpression & { left: ts.PropertyAccessExpression });
        }
        break;
      }
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.TemplateHead:
      case K.TemplateMiddle:
      case K.TemplateTail:
        facts.strings.push({ text: (node as ts.StringLiteralLike).text, node });
        break;
      case K.ForStatement:
      case K.ForOfStatement:
      case K.ForInStatement:
      case K.WhileStatement:
      case K.DoStatement:
        facts.loops.push(node);
        break;
      default:
        if (isFunctionLike(node)) facts.functions.push(node);
    }
  };
  for (const root of unit.nodes) {
    visit(root);
    walkKinds(root, FACT_KINDS, visit);
  }
  // Walks that start below a root (`walk(root, …)`) never see the root itself.
  if (facts.loops.length > 0) facts.loops = facts.loops.filter((loop) => !unit.nodes.includes(loop));
  return facts;
}

/** A unit context whose facts are collected on first use: units no active rule looks into need no walk. */
class LazyUnitContext implements UnitContext {
  readonly memo = new Map<string, unknown>();
  private collected: UnitFacts | undefined;
  constructor(
    readonly unit: Unit,
    readonly file: FileContext,
  ) {}
  get facts(): UnitFacts {
    return (this.collected ??= unitFacts(this.unit));
  }
}

/** A unit context with lazily collected facts and memo storage. */
export function unitContext(unit: Unit, file: FileContext): UnitContext {
  return new LazyUnitContext(unit, file);
}

/**
 * The unit's nodes plus the module-private helper functions a class-like unit calls by name
 * (`function fail(circuit, err) { ... circuit.open() }` next to `class CircuitBreaker`).
 */
export function nodesWithHelpers(ctx: UnitContext): ts.Node[] {
  if (ctx.unit.kind !== 'class' && ctx.unit.kind !== 'object') return ctx.unit.nodes;
  return memo(ctx, 'helpers', () => {
    const helpers: ts.Node[] = [];
    const consider = (callee: ts.Expression): void => {
      if (!ts.isIdentifier(callee)) return;
      const helper = ctx.file.privateFunctions.get(callee.text);
      if (helper && !helpers.includes(helper) && !ctx.unit.nodes.includes(helper)) helpers.push(helper);
    };
    for (const call of ctx.facts.calls) consider(call.node.expression);
    // Helpers of helpers (`handleError` → `fail`), a few levels deep.
    for (let i = 0; i < helpers.length && helpers.length < 12; i++) {
      walk(helpers[i]!, (node) => {
        if (ts.isCallExpression(node)) consider(node.expression);
      });
    }
    return [...ctx.unit.nodes, ...helpers];
  });
}

/**
 * The raw text of the unit (and, for class-like units, of its private helpers). Matchers test it
 * against a necessary-condition regex before walking the tree, which keeps big files fast.
 */
export function unitText(ctx: UnitContext, withHelpers = false): string {
  return memo(ctx, withHelpers ? 'text+helpers' : 'text', () => {
    const nodes = withHelpers ? nodesWithHelpers(ctx) : ctx.unit.nodes;
    return nodes.map((node) => ctx.file.sf.text.slice(node.pos, node.end)).join('\n');
  });
}

// After `import`: whitespace, then `(` or the start of a comment (`import /* lazy */ ('m')`).
const CALL_AFTER_IMPORT = /\s*(?:\(|\/[/*])/y;
const inlineLoads = new WeakMap<FileContext, boolean>();

function textMayLoadInline(text: string): boolean {
  if (text.includes('require') || text.includes('\\u')) return true;
  for (let at = text.indexOf('import'); at !== -1; at = text.indexOf('import', at + 6)) {
    CALL_AFTER_IMPORT.lastIndex = at + 6;
    if (CALL_AFTER_IMPORT.test(text)) return true;
  }
  return false;
}

/**
 * Whether any unit of the file may load a module inline (`require('m')`, `import('m')`), by the text
 * (identifiers written with unicode escapes count as possible): when not, `UnitFacts.inlineImports`
 * is empty for every unit and need not be collected.
 */
export function mayLoadInline(file: FileContext): boolean {
  let answer = inlineLoads.get(file);
  if (answer === undefined) {
    answer = textMayLoadInline(file.sf.text);
    inlineLoads.set(file, answer);
  }
  return answer;
}

const importedModules = new WeakMap<FileContext, Map<RegExp, boolean>>();

/** Whether the file imports any binding from a module matching `from` (memoised per file and pattern). */
export function importsFrom(ctx: UnitContext, from: RegExp): boolean {
  let known = importedModules.get(ctx.file);
  if (!known) importedModules.set(ctx.file, (known = new Map()));
  let answer = known.get(from);
  if (answer === undefined) {
    answer = false;
    for (const binding of ctx.file.imports.values()) if (from.test(binding.module)) answer = true;
    known.set(from, answer);
  }
  return answer;
}

/** Memoises a matcher's analysis on the unit context. */
export function memo<T>(ctx: UnitContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}
