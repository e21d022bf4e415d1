/**
 * Shared pieces of the parser pass: the fact sinks and small node helpers.
 */
import { ts } from '../../../parser/ts.js';
import type { ExportFact, ImportFact } from '../../facts.js';

/** A fact before its line is known. */
export type Omitted<T> = Omit<T, 'line'>;
/** Records an import (its line from `node`); `namespaceName` declares a local whose `ns.X` uses are collected. */
export type AddImport = (node: ts.Node, fact: Omitted<ImportFact>, namespaceName?: ts.Identifier) => void;
/** Records an export (its line from `node`). */
export type AddExport = (node: ts.Node, fact: Omitted<ExportFact>) => void;

/** The first argument of a call when it is a plain string (or a template without substitutions). */
export function stringArgument(call: ts.CallExpression): string | undefined {
  const arg = call.arguments[0];
  if (!arg) return undefined;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  return undefined;
}

/** The outermost parenthesized expression around `node` (or `node`). */
export function skipParentheses(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/** `require('x')` with one string argument. */
export function isRequireCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && stringArgument(node) !== undefined;
}
