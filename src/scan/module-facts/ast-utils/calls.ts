/**
 * `require()` and dynamic `import()` calls of the parser pass, with the names they bind.
 */
import { ts } from '../../../parser/ts.js';
import type { ImportBinding } from '../../facts.js';
import { commonJsTarget } from './commonjs.js';
import { type AddImport, isRequireCall, skipParentheses, stringArgument } from './shared.js';

/** `require('x')` and `import('x')` anywhere in the file. */
export function callFacts(call: ts.CallExpression, addImport: AddImport): void {
  const dynamic = call.expression.kind === ts.SyntaxKind.ImportKeyword;
  if (!dynamic && !isRequireCall(call)) return;
  const specifier = stringArgument(call);
  if (specifier === undefined) return;
  // `module.exports = require()`, `exports.x = require()` and `module.exports = { x: require() }` are
  // re-exports, recorded with the assignment.
  if (!dynamic && isReExportedRequire(call)) return;
  const kind = dynamic ? 'dynamic' : 'require';
  let value: ts.Node = skipParentheses(call);
  const awaited = dynamic && ts.isAwaitExpression(value.parent);
  if (awaited) value = skipParentheses(value.parent);
  const parent = value.parent;
  const nodeForLine = dynamic ? call : call.expression;

  if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === value && (awaited || !dynamic)) {
    // `require('x').X`, `(await import('x')).X`
    const member = parent.name.text;
    const holder = skipParentheses(parent).parent;
    const target = holder && ts.isVariableDeclaration(holder) ? holder.name : holder && ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken ? holder.left : undefined;
    const local = !dynamic && target && ts.isIdentifier(target) ? target.text : member;
    addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: [{ imported: member, local }] });
    return;
  }
  if (!dynamic || awaited) {
    const bound = bindTarget(parent, value);
    if (bound) {
      addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: bound.bindings }, bound.namespace);
      return;
    }
  }
  if (dynamic && parent && ts.isPropertyAccessExpression(parent) && parent.name.text === 'then' && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
    const callback = parent.parent.arguments[0];
    const param = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback.parameters[0] : undefined;
    if (param && ts.isIdentifier(param.name)) {
      addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: [{ imported: '*', local: param.name.text }] }, param.name);
      return;
    }
    if (param && ts.isObjectBindingPattern(param.name)) {
      const pattern = patternBindings(param.name);
      if (pattern && !pattern.rest) {
        addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: pattern.bindings });
        return;
      }
    }
  }
  if (!dynamic && parent && ts.isExpressionStatement(parent)) {
    addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: [] });
    return;
  }
  addImport(nodeForLine, { specifier, kind, typeOnly: false, bindings: [{ imported: '*', local: '' }] });
}

/** A `require()` (or `require().member`) that is the whole value of a CommonJS export. */
function isReExportedRequire(call: ts.CallExpression): boolean {
  let value: ts.Node = skipParentheses(call);
  if (ts.isPropertyAccessExpression(value.parent) && value.parent.expression === value) value = skipParentheses(value.parent);
  const parent = value.parent;
  if (ts.isBinaryExpression(parent) && parent.right === value) return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && commonJsTarget(parent.left) !== undefined;
  const isSpread = ts.isSpreadAssignment(parent) && value === call;
  if (!ts.isPropertyAssignment(parent) && !isSpread) return false;
  const object = parent.parent;
  const assignment = object && skipParentheses(object).parent;
  return !!assignment && ts.isBinaryExpression(assignment) && commonJsTarget(assignment.left) === 'default';
}

/** `const m = <value>`, `m = <value>`, `const { a, b: c } = <value>`. */
function bindTarget(parent: ts.Node | undefined, value: ts.Node): { bindings: ImportBinding[]; namespace?: ts.Identifier } | null {
  if (!parent) return null;
  let target: ts.Node | undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === value) target = parent.name;
  else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === value) target = parent.left;
  if (!target) return null;
  if (ts.isIdentifier(target)) return { bindings: [{ imported: '*', local: target.text }], namespace: target };
  if (ts.isObjectBindingPattern(target)) {
    const pattern = patternBindings(target);
    if (!pattern) return null;
    if (pattern.rest) return { bindings: [...pattern.bindings, { imported: '*', local: pattern.rest.text }], namespace: pattern.rest };
    return { bindings: pattern.bindings };
  }
  if (ts.isPropertyAccessExpression(target)) return { bindings: [{ imported: '*', local: '' }] };
  if (ts.isObjectLiteralExpression(target)) {
    // Destructuring assignment: `({ default: x, y } = await import('m'))`.
    const bindings: ImportBinding[] = [];
    for (const property of target.properties) {
      if (ts.isShorthandPropertyAssignment(property)) bindings.push({ imported: property.name.text, local: property.name.text });
      else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        bindings.push({ imported: property.name.text, local: property.initializer.text });
      } else return null;
    }
    return { bindings };
  }
  return null;
}

function patternBindings(pattern: ts.ObjectBindingPattern): { bindings: ImportBinding[]; rest?: ts.Identifier } | null {
  const bindings: ImportBinding[] = [];
  let rest: ts.Identifier | undefined;
  for (const element of pattern.elements) {
    if (!ts.isIdentifier(element.name)) return null;
    if (element.dotDotDotToken) {
      rest = element.name;
      continue;
    }
    const key = element.propertyName ?? element.name;
    if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) return null;
    bindings.push({ imported: key.text, local: element.name.text });
  }
  return rest ? { bindings, rest } : { bindings };
}
