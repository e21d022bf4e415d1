/**
 * A literal rewritten for the canonical config type must also hold the canonical's required fields the
 * old type had no counterpart for (`slidingWindowSize: 20`): the values the generated converter sets.
 * They go after the literal's own keys, so nothing the literal says is overridden.
 */
import { ts } from '../../../parser/ts.js';
import type { TextEdit } from './edits.js';
import { parseValueTarget } from './value-mapping.js';

/** `x.name` or `x?.name` for one of the given names. */
function readsCanonical(expression: ts.Expression, names: readonly string[]): boolean {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner)) inner = inner.expression;
  return ts.isPropertyAccessExpression(inner) && names.includes(inner.name.text);
}

function keyOf(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The canonical fields a literal written for the old type sets once its keys are mapped. */
export function providedFields(literal: ts.ObjectLiteralExpression, fields: Readonly<Record<string, string | null>> | undefined): Set<string> {
  const provided = new Set<string>();
  for (const property of literal.properties) {
    const key = keyOf(property);
    if (key === undefined) continue;
    if (fields && Object.prototype.hasOwnProperty.call(fields, key)) {
      const target = fields[key];
      if (target !== null && target !== undefined) provided.add(parseValueTarget(target)?.name ?? target);
    } else {
      provided.add(key);
    }
  }
  return provided;
}

/**
 * The insertion that adds each default the literal does not provide, or none. A literal with a spread
 * gets none (the spread may hold the field already), unless every spread reads a property known to
 * hold values of the canonical type (`...options.circuit` once `circuit` moved): then the defaults go
 * before the first spread, so whatever the spread sets wins, as it did before.
 */
export function defaultsEdit(
  sourceFile: ts.SourceFile,
  literal: ts.ObjectLiteralExpression,
  fields: Readonly<Record<string, string | null>> | undefined,
  defaults: Readonly<Record<string, string>> | undefined,
  removed: ReadonlySet<number> = new Set(),
  canonicalSpreads: readonly string[] = [],
): TextEdit | undefined {
  if (!defaults) return undefined;
  const spreads = literal.properties.filter((p): p is ts.SpreadAssignment => ts.isSpreadAssignment(p));
  if (spreads.some((spread) => !readsCanonical(spread.expression, canonicalSpreads))) return undefined;
  const provided = providedFields(literal, fields);
  const missing = Object.entries(defaults).filter(([name]) => !provided.has(name));
  if (missing.length === 0) return undefined;
  const entries = missing.map(([name, value]) => `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${value}`);
  if (spreads.length > 0) {
    const first = spreads[0]!;
    const text = sourceFile.text;
    const multiline = text.slice(literal.getStart(sourceFile), literal.getEnd()).includes('\n');
    if (!multiline) return { start: first.getStart(sourceFile), end: first.getStart(sourceFile), text: `${entries.join(', ')}, ` };
    const lineStart = text.lastIndexOf('\n', first.getStart(sourceFile) - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { start: first.getStart(sourceFile), end: first.getStart(sourceFile), text: entries.map((entry) => `${entry},${eol}${indent}`).join('') };
  }
  const properties = literal.properties;
  if (properties.length === 0) {
    return { start: literal.getStart(sourceFile), end: literal.getEnd(), text: `{ ${entries.join(', ')} }` };
  }
  const text = sourceFile.text;
  const multiline = text.slice(literal.getStart(sourceFile), literal.getEnd()).includes('\n');
  // After the last property that stays: a property dropped at the end takes its comma with it.
  const anchorIndex = properties.map((_p, i) => i).filter((i) => !removed.has(i)).pop();
  if (anchorIndex === undefined) return { start: literal.getStart(sourceFile), end: literal.getEnd(), text: `{ ${entries.join(', ')} }` };
  const last = properties[anchorIndex]!;
  const trailing = anchorIndex === properties.length - 1 && properties.hasTrailingComma;
  if (multiline) {
    const lineStart = text.lastIndexOf('\n', last.getStart(sourceFile) - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = entries.map((entry) => `${eol}${indent}${entry}`);
    return trailing
      ? { start: properties.end, end: properties.end, text: lines.map((line) => `${line},`).join('') }
      : { start: last.getEnd(), end: last.getEnd(), text: `,${lines.join(',')}` };
  }
  return trailing
    ? { start: properties.end, end: properties.end, text: ` ${entries.join(', ')},` }
    : { start: last.getEnd(), end: last.getEnd(), text: `, ${entries.join(', ')}` };
}
