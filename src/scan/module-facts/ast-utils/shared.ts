/**
 * Shared pieces of the parser pass: the fact sinks and small node helpers.
 */
import { ts } from '../../../parser/ts.js';
import type { ExportFact, ImportFact } from '../../facts.js';

export type Omitted<T> = Omit<T, 'line'>;
export type AddImport = (node: ts.Node, fact: Omitted<ImportFact>, namespaceName?: ts.Identifier) => void;
export type AddExport = (node: ts.Node, fact: Omitted<ExportFact>) => void;

export function stringArgument(call: ts.CallExpression): string | undefined {
  const arg = call.arguments[0];
  if (!arg) return undefined;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  return undefined;
}

export function skipParentheses(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

export function isRequireCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && stringArgument(node) !== undefined;
}
