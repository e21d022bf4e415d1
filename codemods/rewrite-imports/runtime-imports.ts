/**
 * `require('./old')` and `import('./old')`: destructured bindings are renamed onto the canonical's
 * export names (`{ UnifiedBreaker: CircuitBreaker }`), a module object's member reads are renamed, and
 * `require('./old').X` is pointed at the canonical. Mixed or opaque uses are reported and left alone.
 */
import { removeListElements, statementLineRange } from '../../src/migrate/plan/codemod-utils/edits.js';
import { isReference, isRequireCall } from '../../src/migrate/plan/codemod-utils/imports.js';
import { endStatement, quoted } from '../../src/migrate/plan/codemod-utils/style.js';
import { localReference } from '../../src/migrate/plan/codemod-utils/usages.js';
import type { SymbolMove } from '../../src/migrate/plan/codemod-options.js';
import { ts } from '../../src/parser/ts.js';
import { followUses, lineOfNode, specifierLiteral, type PassContext } from './context.js';

function isDynamicImport(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!);
}

export function rewriteRuntimeImports(context: PassContext): void {
  const visit = (node: ts.Node): void => {
    if (isRequireCall(node) || isDynamicImport(node)) {
      const literal = node.arguments[0] as ts.StringLiteralLike;
      const moves = context.moves.get(literal.text);
      if (moves) rewriteCall(context, node, literal, moves);
    }
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
}

function rewriteCall(context: PassContext, call: ts.CallExpression, literal: ts.StringLiteralLike, moves: Map<string, SymbolMove>): void {
  const kind = isRequireCall(call) ? 'require' : 'import()';
  let outer: ts.Node = call;
  while (outer.parent && (ts.isAwaitExpression(outer.parent) || ts.isParenthesizedExpression(outer.parent))) outer = outer.parent;
  const parent = outer.parent;
  const isThen = parent !== undefined && ts.isPropertyAccessExpression(parent) && parent.expression === outer && parent.name.text === 'then' && kind === 'import()';
  if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === outer && !isThen) {
    // require('./old').X
    const move = moves.get(parent.name.text);
    if (!move) return;
    context.edits.push({ start: literal.getStart(context.sourceFile), end: literal.getEnd(), text: specifierLiteral(literal, context, move.to.specifier) });
    if (move.to.name !== parent.name.text) context.edits.push({ start: parent.name.getStart(context.sourceFile), end: parent.name.getEnd(), text: move.to.name });
    return;
  }
  if (parent && ts.isVariableDeclaration(parent) && parent.initializer === outer) {
    if (ts.isObjectBindingPattern(parent.name)) return rewriteDestructuring(context, parent, parent.name, literal, moves, kind);
    if (ts.isIdentifier(parent.name)) return rewriteModuleObject(context, parent.name.text, parent, literal, moves, kind);
  }
  context.api.report({
    line: lineOfNode(context, call),
    kind: 'unsupported-import',
    message: `${kind} of '${literal.text}' is used in a way that cannot be rewritten; it keeps importing the superseded module`,
  });
}

/** `const { X, other } = require('./old')` */
function rewriteDestructuring(
  context: PassContext,
  declaration: ts.VariableDeclaration,
  pattern: ts.ObjectBindingPattern,
  literal: ts.StringLiteralLike,
  moves: Map<string, SymbolMove>,
  kind: string,
): void {
  const { sourceFile, style } = context;
  const leaving: Array<{ index: number; move: SymbolMove; element: ts.BindingElement; local: string }> = [];
  pattern.elements.forEach((element, index) => {
    const key = element.propertyName ?? element.name;
    if (element.dotDotDotToken || !ts.isIdentifier(key) || !ts.isIdentifier(element.name)) return;
    const move = moves.get(key.text);
    if (!move) return;
    const edits = followUses(context, localReference(element.name.text), move);
    if (edits === null) return;
    context.edits.push(...edits);
    leaving.push({ index, move, element, local: element.name.text });
  });
  if (leaving.length === 0) return;
  // `require()` of a module that is its export (`module.exports = class X`) returns the class itself:
  // such a binding becomes `const X = require(...)`, never `{ default: X }`.
  const wholeModule = (l: (typeof leaving)[number]): boolean => kind === 'require' && l.move.to.name === 'default';
  const targets = new Set(leaving.map((l) => l.move.to.specifier));
  const bindingText = (l: (typeof leaving)[number]): string => {
    const initializer = l.element.initializer ? ` = ${l.element.initializer.getText(sourceFile)}` : '';
    return l.move.to.name === l.local ? `${l.local}${initializer}` : `${l.move.to.name}: ${l.local}${initializer}`;
  };
  if (leaving.length === pattern.elements.length && targets.size === 1 && !leaving.some(wholeModule)) {
    context.edits.push({ start: literal.getStart(sourceFile), end: literal.getEnd(), text: specifierLiteral(literal, context, leaving[0]!.move.to.specifier) });
    for (const leave of leaving) {
      const text = bindingText(leave);
      if (text !== leave.element.getText(sourceFile)) context.edits.push({ start: leave.element.getStart(sourceFile), end: leave.element.getEnd(), text });
    }
    return;
  }
  const statement = declaration.parent?.parent;
  if (!statement || !ts.isVariableStatement(statement) || statement.declarationList.declarations.length !== 1) {
    context.api.report({ line: lineOfNode(context, declaration), kind: 'unsupported-import', message: `${kind} of '${literal.text}' shares its statement; it keeps importing the superseded module` });
    return;
  }
  const keyword = statement.declarationList.flags & ts.NodeFlags.Const ? 'const' : statement.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var';
  const groups = new Map<string, string[]>();
  const wholeLines: string[] = [];
  for (const leave of leaving) {
    if (wholeModule(leave)) {
      wholeLines.push(endStatement(style, `${keyword} ${leave.local} = require(${quoted(style, leave.move.to.specifier)})`));
      continue;
    }
    const list = groups.get(leave.move.to.specifier) ?? [];
    list.push(bindingText(leave));
    groups.set(leave.move.to.specifier, list);
  }
  const callText = (specifier: string): string => {
    const base = kind === 'require' ? `require(${quoted(style, specifier)})` : `import(${quoted(style, specifier)})`;
    const awaited = declaration.initializer && ts.isAwaitExpression(declaration.initializer);
    return awaited ? `await ${base}` : base;
  };
  const lines = [...[...groups].map(([specifier, parts]) => endStatement(style, `${keyword} { ${parts.join(', ')} } = ${callText(specifier)}`)), ...wholeLines];
  if (leaving.length === pattern.elements.length) {
    const range = statementLineRange(sourceFile.text, statement, false);
    const indent = /^[ \t]*/.exec(sourceFile.text.slice(range.start))![0];
    const eolAfter = sourceFile.text.slice(range.start, range.end).endsWith('\n') ? style.eol : '';
    context.edits.push({ start: range.start, end: range.end, text: lines.map((l) => indent + l).join(style.eol) + eolAfter });
    return;
  }
  context.edits.push(...removeListElements(pattern.elements, new Set(leaving.map((l) => l.index))));
  const lineStart = sourceFile.text.lastIndexOf('\n', statement.getStart(sourceFile) - 1) + 1;
  const indent = /^[ \t]*/.exec(sourceFile.text.slice(lineStart))![0];
  context.edits.push({ start: statement.getEnd(), end: statement.getEnd(), text: lines.map((l) => style.eol + indent + l).join('') });
}

/** `const old = require('./old'); old.X` — only when every member read moves to one module. */
function rewriteModuleObject(
  context: PassContext,
  name: string,
  declaration: ts.VariableDeclaration,
  literal: ts.StringLiteralLike,
  moves: Map<string, SymbolMove>,
  kind: string,
): void {
  const { sourceFile } = context;
  const reads: ts.PropertyAccessExpression[] = [];
  let opaque = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && isReference(node) && node !== declaration.name) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) reads.push(parent);
      else opaque++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const moved = reads.filter((r) => moves.has(r.name.text));
  if (moved.length === 0) return;
  const targets = new Set(moved.map((r) => moves.get(r.name.text)!.to.specifier));
  if (opaque > 0 || moved.length !== reads.length || targets.size !== 1) {
    context.api.report({
      line: lineOfNode(context, declaration),
      kind: 'unsupported-import',
      message: `${kind} of '${literal.text}' is used as a whole or for names that stay; it keeps importing the superseded module`,
    });
    return;
  }
  context.edits.push({ start: literal.getStart(sourceFile), end: literal.getEnd(), text: specifierLiteral(literal, context, [...targets][0]!) });
  for (const read of moved) {
    const move = moves.get(read.name.text)!;
    if (move.to.name !== read.name.text) context.edits.push({ start: read.name.getStart(sourceFile), end: read.name.getEnd(), text: move.to.name });
  }
}
