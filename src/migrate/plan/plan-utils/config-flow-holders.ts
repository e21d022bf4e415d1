/**
 * Where values of a holder type come from (`config-flow-properties.ts`): a property of the holder can
 * only change its type when no value of the holder reaches the code from a place the move cannot read
 * (`new Agent(name, loadYaml())` would carry the old settings into the new type silently). Every
 * parameter typed with the holder is followed to its call sites (in its own file, in importers,
 * through barrels, through `super(...)` and through subclasses without a constructor of their own);
 * each value must be an object literal (whose keys the property check sees), `undefined`, left out,
 * or a parameter or variable of the holder type whose own values are followed in turn.
 */
import { ts } from '../../../parser/ts.js';
import { resolverOf } from '../codemod-utils/usages.js';
import { lineOf, slotKey, type Failure } from './config-flow-checks.js';
import { branchesOf, callSitesOf } from './config-flow-sites.js';
import type { PlanContext } from './context.js';
import { bindingsFor } from './importers.js';

/** A function or constructor parameter typed with the holder. */
export interface HolderOwner {
  file: string;
  name: string;
  construct: boolean;
  index: number;
}

export interface HolderView {
  file: string;
  source: ts.SourceFile;
  /** The names the file gives the holder type. */
  locals: Set<string>;
}

interface Caller {
  file: string;
  source: ts.SourceFile;
  local: string;
}

/** Every file that can call the owner, with the name it calls it by. */
function callersOf(context: PlanContext, owner: HolderOwner): Caller[] | Failure {
  const callers: Caller[] = [];
  const own = context.source(owner.file);
  if (!own) return { file: owner.file, line: 1, message: `${owner.file} cannot be read` };
  callers.push({ file: owner.file, source: own, local: owner.name });
  const exits: Array<{ module: string; name: string }> = [{ module: owner.file, name: owner.name }];
  for (const [barrel, origins] of Object.entries(context.input.graph.exportOrigins)) {
    if (barrel === owner.file) continue;
    for (const [name, origin] of Object.entries(origins)) if (origin.file === owner.file && origin.name === owner.name) exits.push({ module: barrel, name });
  }
  for (const exit of exits) {
    for (const entry of context.importsOf.get(exit.module) ?? []) {
      if (entry.from === owner.file) continue;
      const source = context.source(entry.from);
      if (!source) return { file: entry.from, line: entry.line, message: `${entry.from} cannot be read` };
      for (const binding of bindingsFor(source, entry.specifier, exit.name)) {
        // A barrel handing it on: its importers are followed through the barrel's export origins.
        if (binding.kind === 're-export' && exits.some((e) => e.module === entry.from)) continue;
        if (binding.kind !== 'static' || binding.namespace) return { file: entry.from, line: binding.line, message: `${entry.from} reaches ${owner.name} in a way the move does not follow` };
        if (!callers.some((c) => c.file === entry.from && c.local === binding.local)) callers.push({ file: entry.from, source, local: binding.local });
      }
    }
  }
  return callers;
}

function typedHolder(view: HolderView | undefined, type: ts.TypeNode | undefined, namesHolder: (type: ts.TypeNode | undefined, locals: ReadonlySet<string>) => boolean): boolean {
  return view !== undefined && namesHolder(type, view.locals);
}

/**
 * The first value of the holder type the move cannot follow, or undefined. `owners` grows with the
 * subclasses found on the way; `keys` holds the owners' slot keys.
 */
export function holderInflowFailure(
  context: PlanContext,
  holder: string,
  owners: HolderOwner[],
  views: ReadonlyMap<string, HolderView>,
  namesHolder: (type: ts.TypeNode | undefined, locals: ReadonlySet<string>) => boolean,
): Failure | undefined {
  const keys = new Set(owners.map((o) => slotKey(o.file, o.name, o.construct, o.index)));
  const checkValue = (caller: Caller, argument: ts.Expression | undefined, where: string): Failure | undefined => {
    if (!argument) return undefined;
    for (const value of branchesOf(argument)) {
      if (ts.isObjectLiteralExpression(value)) continue;
      if (ts.isIdentifier(value)) {
        const declaration = resolverOf(caller.source).resolve(value);
        if (!declaration && value.text === 'undefined') continue;
        const view = views.get(caller.file);
        if (declaration && ts.isParameter(declaration) && typedHolder(view, declaration.type, namesHolder) && ownerKeyOf(caller.file, declaration) !== undefined && keys.has(ownerKeyOf(caller.file, declaration)!)) continue;
        if (declaration && ts.isVariableDeclaration(declaration) && typedHolder(view, declaration.type, namesHolder) && declaration.initializer && branchesOf(declaration.initializer).every((b) => ts.isObjectLiteralExpression(b))) continue;
      }
      return { file: caller.file, line: lineOf(caller.source, value), message: `${value.getText(caller.source)} is passed to ${where}, which takes ${holder}, and is not an object literal or a ${holder} the move can follow` };
    }
    return undefined;
  };
  for (let i = 0; i < owners.length; i++) {
    const owner = owners[i]!;
    const where = `${owner.construct ? 'new ' : ''}${owner.name}(...)`;
    const callers = callersOf(context, owner);
    if (!Array.isArray(callers)) return callers;
    for (const caller of callers) {
      const { calls, other } = callSitesOf(caller.source, caller.local, owner.construct);
      for (const call of calls) {
        const failure = checkValue(caller, call.arguments?.[owner.index], where);
        if (failure) return failure;
      }
      // `extends Name` is no value use to the scope analysis: the subclasses are found on their own.
      for (const use of [...other, ...heritageUses(caller.source, caller.local)]) {
        const parent = use.parent;
        if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === use) continue;
        if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && parent.right === use) continue;
        if (!owner.construct && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === use) continue;
        const subclass = owner.construct ? subclassOf(use) : undefined;
        if (!subclass) return { file: caller.file, line: lineOf(caller.source, use), message: `${owner.name} is used here other than by a call, where the ${holder} values it gets cannot be followed` };
        const constructor = subclass.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
        if (constructor) {
          // Its own constructor passes something on with `super(...)`: that is a call site too.
          const failure = superArguments(constructor).map((call) => checkValue(caller, call.arguments[owner.index], where)).find((f) => f !== undefined);
          if (failure) return failure;
        } else if (subclass.name) {
          // Without a constructor its callers call the owner's: they are followed as well.
          const inherited = { file: caller.file, name: subclass.name.text, construct: true, index: owner.index };
          const key = slotKey(inherited.file, inherited.name, true, inherited.index);
          if (!keys.has(key)) {
            keys.add(key);
            owners.push(inherited);
          }
        } else {
          return { file: caller.file, line: lineOf(caller.source, use), message: `an anonymous class extends ${owner.name} here, where the ${holder} values it gets cannot be followed` };
        }
      }
    }
  }
  return undefined;
}

/** `extends <local>` clauses of classes in a file. */
function heritageUses(source: ts.SourceFile, local: string): ts.Identifier[] {
  const uses: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ExtendsKeyword) {
      for (const type of node.types) if (ts.isIdentifier(type.expression) && type.expression.text === local) uses.push(type.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** The class whose `extends` clause names the node. */
function subclassOf(node: ts.Identifier): ts.ClassLikeDeclaration | undefined {
  const heritage = node.parent;
  if (!ts.isExpressionWithTypeArguments(heritage) || heritage.expression !== node) return undefined;
  const clause = heritage.parent;
  if (!ts.isHeritageClause(clause) || clause.token !== ts.SyntaxKind.ExtendsKeyword) return undefined;
  return ts.isClassLike(clause.parent) ? clause.parent : undefined;
}

function superArguments(constructor: ts.ConstructorDeclaration): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) calls.push(node);
    if (!ts.isFunctionLike(node) || node === constructor) ts.forEachChild(node, visit);
  };
  visit(constructor);
  return calls;
}

/** The owner key of a parameter of a function declaration or class constructor. */
export function ownerKeyOf(file: string, param: ts.ParameterDeclaration): string | undefined {
  const owner = param.parent;
  const index = (owner as ts.SignatureDeclaration).parameters?.indexOf(param) ?? -1;
  if (ts.isFunctionDeclaration(owner) && owner.name) return slotKey(file, owner.name.text, false, index);
  if (ts.isConstructorDeclaration(owner) && ts.isClassDeclaration(owner.parent) && owner.parent.name) return slotKey(file, owner.parent.name.text, true, index);
  return undefined;
}
