/**
 * Default values of a superseded declaration's parameters, for call and construct templates: a call
 * site that leaves an argument out must give the template the default the old declaration would
 * have used, not `undefined` (which the canonical may read as "no value" and lose the old default).
 */
import type { ParamShape } from '../plan-utils/api.js';
import { ts } from '../../../parser/ts.js';
import { parseExpression } from './recipes.js';

/** A value that means the same wherever it is written: literals, and arrays and objects of them. */
function selfContained(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node)) return selfContained(node.expression);
  if (ts.isNumericLiteral(node) || ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isBigIntLiteral(node)) return true;
  if ([ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(node.kind)) return true;
  if (ts.isIdentifier(node)) return node.text === 'undefined';
  if (ts.isPrefixUnaryExpression(node)) return [ts.SyntaxKind.MinusToken, ts.SyntaxKind.PlusToken].includes(node.operator) && selfContained(node.operand);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => !ts.isSpreadElement(e) && selfContained(e));
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)) && selfContained(p.initializer));
  }
  return false;
}

/** Position → default text (or `null` when it cannot be written elsewhere); undefined when no parameter has a default. */
export function argumentDefaults(params: readonly ParamShape[] | null | undefined): Record<string, string | null> | undefined {
  const out: Record<string, string | null> = {};
  params?.forEach((param, index) => {
    if (param.initializer === undefined) return;
    const parsed = parseExpression(param.initializer);
    out[String(index)] = parsed && selfContained(parsed) ? param.initializer : null;
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Placeholder positions (`$0`, `$1`...) a template uses; `$args` counts as every position. */
function placeholders(template: string): { positions: Set<number>; all: boolean } {
  const positions = new Set<number>();
  for (const match of template.matchAll(/\$(\d+)(?![\w$])/g)) positions.add(Number(match[1]));
  return { positions, all: /\$args(?![\w$])/.test(template) };
}

/**
 * The arguments a template is expanded with at a call site with `given` arguments: left-out ones the
 * template uses get their default. `unknown` lists the positions whose default cannot be written here.
 */
export function argumentsWithDefaults(template: string, given: readonly string[], defaults: Record<string, string | null> | undefined): { args: string[]; unknown: number[] } {
  const args = [...given];
  const unknown: number[] = [];
  if (!defaults) return { args, unknown };
  const used = placeholders(template);
  const last = Math.max(-1, ...used.positions);
  for (let index = given.length; index <= last; index++) {
    if (!used.positions.has(index) || !Object.prototype.hasOwnProperty.call(defaults, String(index))) {
      args[index] = 'undefined';
      continue;
    }
    const value = defaults[String(index)];
    if (value === null || value === undefined) unknown.push(index);
    args[index] = value ?? 'undefined';
  }
  // `$args` passes the arguments as written: trailing `undefined` fillers would change nothing but the text.
  while (args.length > given.length && args[args.length - 1] === 'undefined') args.pop();
  return { args, unknown };
}
