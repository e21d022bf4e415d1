/**
 * CommonJS exports of the parser pass: `module.exports = ...`, `exports.x = ...`, forwards of `require()`.
 */
import { ts } from '../../../parser/ts.js';
import { type AddExport, isRequireCall, stringArgument } from './shared.js';

/** `module.exports` → `default`; `module.exports.x` / `exports.x` / `module.exports['x']` → `x`. */
export function commonJsTarget(left: ts.Expression): string | undefined {
  const isModuleExports = (node: ts.Node): boolean =>
    ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
  if (isModuleExports(left)) return 'default';
  if (ts.isPropertyAccessExpression(left)) {
    const object = left.expression;
    if (isModuleExports(object) || (ts.isIdentifier(object) && object.text === 'exports')) return left.name.text;
  }
  if (ts.isElementAccessExpression(left) && isModuleExports(left.expression) && ts.isStringLiteral(left.argumentExpression)) return left.argumentExpression.text;
  return undefined;
}

/** CommonJS exports; returns true when the assignment was an export (its children need no visit). */
export function commonJsAssignment(node: ts.BinaryExpression, addExport: AddExport): boolean {
  const name = commonJsTarget(node.left);
  if (name === undefined) return false;
  const value = node.right;
  const required = requireValue(value);
  if (required) {
    if (name === 'default' && required.member === undefined) {
      addExport(node, { name: '*', from: required.specifier, imported: '*' });
      addExport(node, { name: 'default', from: required.specifier, imported: 'default' });
    } else {
      addExport(node, { name, from: required.specifier, imported: required.member ?? 'default' });
    }
    return true;
  }
  if (name === 'default' && ts.isObjectLiteralExpression(value)) {
    objectLiteralExports(node, value, addExport);
    return false;
  }
  const declared =
    (ts.isClassExpression(value) || ts.isFunctionExpression(value)) && value.name ? value.name.text : ts.isIdentifier(value) ? value.text : undefined;
  addExport(node, declared === undefined ? { name } : { name, local: declared });
  return false;
}

function requireValue(node: ts.Expression): { specifier: string; member?: string } | null {
  if (isRequireCall(node)) return { specifier: stringArgument(node)! };
  if (ts.isPropertyAccessExpression(node) && isRequireCall(node.expression)) return { specifier: stringArgument(node.expression)!, member: node.name.text };
  return null;
}

/**
 * The properties of an object a module exports as its value (`module.exports = { a, b: c }`, TypeScript
 * `export = { a, b }`): each one is a named export.
 */
export function objectLiteralExports(node: ts.Node, value: ts.ObjectLiteralExpression, addExport: AddExport): void {
  for (const property of value.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = requireValue(property.expression);
      if (spread && spread.member === undefined) addExport(node, { name: '*', from: spread.specifier, imported: '*' });
      continue;
    }
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) || ts.isNumericLiteral(property.name)) ? property.name.text : undefined;
    if (key === undefined) continue;
    if (ts.isShorthandPropertyAssignment(property)) addExport(node, { name: key, local: key });
    else if (ts.isPropertyAssignment(property)) {
      const inner = requireValue(property.initializer);
      if (inner) addExport(node, { name: key, from: inner.specifier, imported: inner.member ?? 'default' });
      else if (ts.isIdentifier(property.initializer)) addExport(node, { name: key, local: property.initializer.text });
      else addExport(node, { name: key });
    } else addExport(node, { name: key });
  }
}
