/**
 * Retries written with rxjs operators: `retryWhen` with a notifier of its own, `retry({ delay })` with a
 * delay function, and notifiers that give up with `throwError` past a bound and otherwise wait with
 * `timer`. A plain `source.pipe(retry(3))` only uses rxjs' retry and is not one.
 */
import { ts } from '../../../../parser/ts.js';
import { RXJS } from '../../libraries.js';
import { isFunctionLike, lineAt, unwrap, walk } from '../../ast-utils.js';
import type { UnitContext } from '../../context.js';
import type { RetryConstruct } from '../retry.js';


/** The rxjs export a callee names (`retryWhen`, `operators.retry`), if it comes from rxjs. */
function rxjsExport(ctx: UnitContext, callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) {
    const binding = ctx.file.imports.get(callee.text);
    return binding && RXJS.test(binding.module) && binding.imported !== '*' && binding.imported !== 'default' ? binding.imported : undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const binding = ctx.file.imports.get(callee.expression.text);
    return binding && RXJS.test(binding.module) && binding.imported === '*' ? callee.name.text : undefined;
  }
  return undefined;
}

function callsRxjs(ctx: UnitContext, node: ts.Node | undefined, name: string): boolean {
  if (!node) return false;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(child) && rxjsExport(ctx, child.expression) === name) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** A function argument (`errors => ...`, `function (e, n) {...}`). */
function isFunctionArgument(node: ts.Expression | undefined): boolean {
  return node !== undefined && isFunctionLike(unwrap(node));
}

/** The branches of a conditional: `a ? b : c` or `if (a) b else c` (the code after an `if` that leaves counts as else). */
function branches(node: ts.Node): [ts.Node, ts.Node | undefined] | undefined {
  if (ts.isConditionalExpression(node)) return [node.whenTrue, node.whenFalse];
  if (ts.isIfStatement(node)) {
    if (node.elseStatement) return [node.thenStatement, node.elseStatement];
    const block = node.parent;
    if (ts.isBlock(block)) {
      const rest = block.statements.slice(block.statements.indexOf(node) + 1);
      return [node.thenStatement, rest.length > 0 ? ts.factory.createBlock(rest) : undefined];
    }
  }
  return undefined;
}

/** Adds the rxjs retry constructs of a unit. */
export function rxjsConstructs(ctx: UnitContext, into: RetryConstruct[]): void {
  const sf = ctx.file.sf;
  let usesRxjs = false;
  for (const binding of ctx.file.imports.values()) if (RXJS.test(binding.module)) usesRxjs = true;
  if (!usesRxjs) return;
  for (const root of ctx.unit.nodes) {
    walk(root, (node) => {
      if (ts.isCallExpression(node)) {
        const name = rxjsExport(ctx, node.expression);
        const [first] = node.arguments;
        if (name === 'retryWhen' && isFunctionArgument(first)) {
          into.push({ form: 'operator', node, note: `rxjs retryWhen at line ${lineAt(sf, node.getStart(sf))} re-subscribes after an error, with its own notifier` });
          return false;
        }
        if (name === 'retry' && first && ts.isObjectLiteralExpression(unwrap(first))) {
          const delay = (unwrap(first) as ts.ObjectLiteralExpression).properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'delay');
          if (delay && (ts.isMethodDeclaration(delay) || (ts.isPropertyAssignment(delay) && isFunctionArgument(delay.initializer)))) {
            into.push({ form: 'operator', node, note: `rxjs retry at line ${lineAt(sf, node.getStart(sf))} re-subscribes after an error, with its own delay function` });
            return false;
          }
        }
        return undefined;
      }
      // A notifier: past a bound it gives up (`throwError`), otherwise it waits (`timer`) and re-subscribes.
      const sides = branches(node);
      if (sides) {
        const [then, otherwise] = sides;
        const givesUp = callsRxjs(ctx, then, 'throwError') ? otherwise : callsRxjs(ctx, otherwise, 'throwError') ? then : undefined;
        if (givesUp !== undefined && callsRxjs(ctx, givesUp, 'timer')) {
          into.push({ form: 'operator', node, note: `rxjs notifier at line ${lineAt(sf, node.getStart(sf))} gives up with throwError, otherwise re-subscribes after a timer` });
          return false;
        }
      }
      return undefined;
    });
  }
}
