/**
 * Export patterns of the lexer pass: ESM `export` forms, TypeScript `export =`, and CommonJS
 * `module.exports = ...` / `exports.x = ...`.
 */
import type { ExportFact } from '../../facts.js';
import {
  endsStatement,
  endsValue,
  isBindingName,
  isPropertyName,
  type LexContext,
  matchingClose,
  nameAt,
  readObjectPattern,
  skipExpression,
} from './context.js';
import { hasTypeModifier, lexImport } from './imports.js';
import { TokenKind } from '../tokenizer.js';

/** Reads the export starting at the `export` keyword at token `i` (top level only). */
export function lexExport(ctx: LexContext, i: number): number {
  const t = ctx.t;
  if (t.depth[i] !== 0 || t.isPunct(i + 1, ':')) return i + 1;
  let j = i + 1;
  if (t.is(j, 'declare')) j++;
  if (t.is(j, 'default')) return lexExportDefault(ctx, i, j + 1);
  if (t.isPunct(j, '=')) {
    // `export = { a, b }`: each property is a named export, as for `module.exports = { a, b }`.
    if (t.isPunct(j + 1, '{')) return lexExportsObject(ctx, i, j + 1);
    // `export = X` (TypeScript CommonJS): the module value, which default imports receive.
    const local = isBindingName(t, j + 1) && endsStatement(t, j + 2) ? t.textOf(j + 1) : undefined;
    ctx.addExport(i, local === undefined ? { name: 'default' } : { name: 'default', local });
    return j + 1;
  }
  if (t.is(j, 'import')) {
    const lexed = lexImport(ctx, j);
    if (lexed.equalsLocal !== undefined) {
      const name = t.textOf(lexed.equalsLocal);
      ctx.addExport(i, { name, local: name });
    }
    return lexed.next;
  }
  let typeOnly = false;
  if (t.is(j, 'type') && (t.isPunct(j + 1, '{') || t.isPunct(j + 1, '*'))) {
    typeOnly = true;
    j++;
  }
  if (t.isPunct(j, '*')) return lexExportStar(ctx, i, j, typeOnly);
  if (t.isPunct(j, '{')) return lexExportList(ctx, i, j, typeOnly);
  return lexExportDeclaration(ctx, i, j);
}

function withType(fact: ExportFact | Omit<ExportFact, 'line'>, typeOnly: boolean): Omit<ExportFact, 'line'> {
  return typeOnly ? { ...fact, typeOnly: true } : fact;
}

/** `export default class X`, `export default function X`, `export default X;`, `export default <expr>`. */
function lexExportDefault(ctx: LexContext, i: number, k: number): number {
  const t = ctx.t;
  if (t.is(k, 'abstract')) k++;
  if (t.is(k, 'async') && t.is(k + 1, 'function')) k++;
  if (t.is(k, 'class') || t.is(k, 'function')) {
    k++;
    if (t.isPunct(k, '*')) k++;
    const named = t.isIdentifier(k) && !t.is(k, 'extends') && !t.is(k, 'implements');
    ctx.addExport(i, named ? { name: 'default', local: t.textOf(k) } : { name: 'default' });
    return k;
  }
  if (t.is(k, 'interface') && t.isIdentifier(k + 1)) {
    ctx.addExport(i, { name: 'default', local: t.textOf(k + 1), typeOnly: true });
    return k + 2;
  }
  if (isBindingName(t, k) && endsStatement(t, k + 1)) {
    ctx.addExport(i, { name: 'default', local: t.textOf(k) });
    return k + 1;
  }
  ctx.addExport(i, { name: 'default' });
  return k;
}

/** `export * from 'x'`, `export * as ns from 'x'`. */
function lexExportStar(ctx: LexContext, i: number, j: number, typeOnly: boolean): number {
  const t = ctx.t;
  let name = '*';
  let from = j + 1;
  if (t.is(j + 1, 'as')) {
    const alias = nameAt(t, j + 2);
    if (alias === undefined) return j + 2;
    name = alias;
    from = j + 3;
  }
  const specifier = t.is(from, 'from') ? t.stringValue(from + 1) : undefined;
  if (specifier === undefined) return from;
  ctx.addExport(i, withType({ name, from: specifier, imported: '*' }, typeOnly));
  return from + 2;
}

/** `export { a, b as c, type T }` and `export { a as b } from 'x'`. */
function lexExportList(ctx: LexContext, i: number, open: number, typeOnly: boolean): number {
  const t = ctx.t;
  const entries: Array<{ name: string; local: string; typeOnly: boolean }> = [];
  let k = open + 1;
  while (k < t.count && !t.isPunct(k, '}')) {
    let entryType = typeOnly;
    if (t.is(k, 'type') && hasTypeModifier(ctx, k)) {
      entryType = true;
      k++;
    }
    const local = nameAt(t, k);
    if (local === undefined) return k;
    let name = local;
    k++;
    if (t.is(k, 'as')) {
      const alias = nameAt(t, k + 1);
      if (alias === undefined) return k;
      name = alias;
      k += 2;
    }
    entries.push({ name, local, typeOnly: entryType });
    if (t.isPunct(k, ',')) k++;
    else if (!t.isPunct(k, '}')) return k;
  }
  const specifier = t.is(k + 1, 'from') ? t.stringValue(k + 2) : undefined;
  for (const entry of entries) {
    const fact: Omit<ExportFact, 'line'> =
      specifier === undefined ? { name: entry.name, local: entry.local } : { name: entry.name, from: specifier, imported: entry.local };
    ctx.addExport(i, withType(fact, entry.typeOnly));
  }
  return specifier === undefined ? k + 1 : k + 3;
}

const DECLARATION_MODIFIERS = new Set(['async', 'abstract', 'declare']);

/** `export const a = 1, { b } = c`, `export function f`, `export class C`, `export interface I`, ... */
function lexExportDeclaration(ctx: LexContext, i: number, k: number): number {
  const t = ctx.t;
  while (DECLARATION_MODIFIERS.has(t.isIdentifier(k) ? t.textOf(k) : '')) k++;
  if (t.is(k, 'const') && t.is(k + 1, 'enum')) k++;
  if (t.is(k, 'const') || t.is(k, 'let') || t.is(k, 'var') || t.is(k, 'using')) return lexExportedVariables(ctx, i, k + 1);
  const keyword = t.isIdentifier(k) ? t.textOf(k) : '';
  let name = k + 1;
  if (keyword === 'function' && t.isPunct(name, '*')) name++;
  const typeOnly = keyword === 'interface' || keyword === 'type';
  if (['function', 'class', 'interface', 'type', 'enum', 'namespace', 'module'].includes(keyword) && t.isIdentifier(name)) {
    const declared = t.textOf(name);
    ctx.addExport(i, typeOnly ? { name: declared, local: declared, typeOnly: true } : { name: declared, local: declared });
    return name + 1;
  }
  return k;
}

/**
 * The names declared by `export const` declarators, destructuring patterns included. Returns the
 * index after the first name, so the initializers are scanned too (`export const c = () => import('./a')`).
 */
function lexExportedVariables(ctx: LexContext, i: number, start: number): number {
  const t = ctx.t;
  let k = start;
  let resume = start + 1;
  for (let first = true; ; first = false) {
    if (t.isIdentifier(k)) {
      const name = t.textOf(k);
      ctx.addExport(i, { name, local: name });
      k++;
    } else if (t.isPunct(k, '{')) {
      const pattern = readObjectPattern(t, k);
      if (!pattern) return k + 1;
      for (const binding of pattern.bindings) ctx.addExport(i, { name: binding.local, local: binding.local });
      if (pattern.rest !== undefined) ctx.addExport(i, { name: t.textOf(pattern.rest), local: t.textOf(pattern.rest) });
      k = pattern.end + 1;
    } else if (t.isPunct(k, '[')) {
      const close = matchingClose(t, k);
      for (let e = k + 1; e < close; e++) {
        if (t.isIdentifier(e) && (t.isPunct(e + 1, ',') || t.isPunct(e + 1, ']') || t.isPunct(e + 1, '=')) && !t.isPunct(e - 1, '=')) {
          ctx.addExport(i, { name: t.textOf(e), local: t.textOf(e) });
        }
      }
      k = close + 1;
    } else {
      return first ? k : resume;
    }
    if (first) resume = k;
    if (t.isPunct(k, '!')) k++;
    if (t.isPunct(k, ':') || t.isPunct(k, '=')) k = skipExpression(t, k + 1);
    // Another declarator only when `,` is followed by a name that is declared (`, b =`, `, c;`).
    if (!t.isPunct(k, ',')) return resume;
    const next = k + 1;
    const declares = (t.isIdentifier(next) && (t.isPunct(next + 1, '=') || t.isPunct(next + 1, ':') || t.isPunct(next + 1, ',') || endsStatement(t, next + 1))) || t.isPunct(next, '{') || t.isPunct(next, '[');
    if (!declares) return resume;
    k = next;
  }
}

/** `module.exports = ...`, `module.exports.x = ...`. */
export function lexModuleExports(ctx: LexContext, i: number): number {
  const t = ctx.t;
  if (!t.isPunct(i + 1, '.') || !t.is(i + 2, 'exports')) return i + 1;
  const j = i + 3;
  if (t.isPunct(j, '=')) return lexCommonJsValue(ctx, i, 'default', j + 1);
  if (t.isPunct(j, '.') && t.isIdentifier(j + 1) && t.isPunct(j + 2, '=')) return lexCommonJsValue(ctx, i, t.textOf(j + 1), j + 3);
  if (t.isPunct(j, '[') && t.kind[j + 1] === TokenKind.String && t.isPunct(j + 2, ']') && t.isPunct(j + 3, '=')) {
    return lexCommonJsValue(ctx, i, t.stringValue(j + 1)!, j + 4);
  }
  return j;
}

/** `exports.x = ...` (not `foo.exports.x`). */
export function lexExportsMember(ctx: LexContext, i: number): number {
  const t = ctx.t;
  if (isPropertyName(t, i)) return i + 1;
  if (t.isPunct(i + 1, '.') && t.isIdentifier(i + 2) && t.isPunct(i + 3, '=')) return lexCommonJsValue(ctx, i, t.textOf(i + 2), i + 4);
  return i + 1;
}

/**
 * The value assigned to `module.exports` (name `default`) or to an exports member: a local name, a
 * named class/function, `require('x')` (a re-export), an object literal of members (for `default`).
 */
function lexCommonJsValue(ctx: LexContext, at: number, name: string, v: number): number {
  const t = ctx.t;
  const required = requireAt(ctx, v);
  if (required) {
    if (name === 'default' && required.member === undefined) {
      // `module.exports = require('./x')` forwards the whole module, its default value included.
      ctx.addExport(at, { name: '*', from: required.specifier, imported: '*' });
      ctx.addExport(at, { name: 'default', from: required.specifier, imported: 'default' });
    } else {
      ctx.addExport(at, { name, from: required.specifier, imported: required.member ?? 'default' });
    }
    return required.end;
  }
  if (name === 'default' && t.isPunct(v, '{')) return lexExportsObject(ctx, at, v);
  let k = v;
  if (t.is(k, 'async') && t.is(k + 1, 'function')) k++;
  if ((t.is(k, 'class') || t.is(k, 'function')) && t.isIdentifier(k + 1 + (t.isPunct(k + 1, '*') ? 1 : 0))) {
    const nameToken = k + 1 + (t.isPunct(k + 1, '*') ? 1 : 0);
    if (!t.is(nameToken, 'extends')) {
      ctx.addExport(at, { name, local: t.textOf(nameToken) });
      return nameToken + 1;
    }
  }
  if (isBindingName(t, v) && endsValue(t, v + 1)) {
    ctx.addExport(at, { name, local: t.textOf(v) });
    return v + 1;
  }
  ctx.addExport(at, { name });
  return v;
}

/** `require('x')` or `require('x').Member` at token `v`. */
function requireAt(ctx: LexContext, v: number): { specifier: string; member?: string; end: number } | null {
  const t = ctx.t;
  if (!t.is(v, 'require') || !t.isPunct(v + 1, '(') || !t.isPunct(v + 3, ')')) return null;
  const specifier = t.stringValue(v + 2);
  if (specifier === undefined) return null;
  const call = (k: number) => t.isPunct(k, '(') || t.isPunct(k, '.') || t.isPunct(k, '?.') || t.isPunct(k, '[');
  if (t.isPunct(v + 4, '.') && t.isIdentifier(v + 5)) return call(v + 6) ? null : { specifier, member: t.textOf(v + 5), end: v + 6 };
  return call(v + 4) ? null : { specifier, end: v + 4 };
}

/** `module.exports = { a, b: c, d: require('./d'), ...require('./e'), f() {} }`. */
function lexExportsObject(ctx: LexContext, at: number, open: number): number {
  const t = ctx.t;
  let k = open + 1;
  while (k < t.count && !t.isPunct(k, '}')) {
    if (t.isPunct(k, '...')) {
      const required = requireAt(ctx, k + 1);
      if (required && required.member === undefined) {
        ctx.addExport(at, { name: '*', from: required.specifier, imported: '*' });
        ctx.consumedRequires.add(k + 1);
      }
      k = skipExpression(t, k + 1, false);
    } else {
      if ((t.is(k, 'async') || t.is(k, 'get') || t.is(k, 'set')) && nameAt(t, k + 1) !== undefined) k++;
      const key = t.kind[k] === TokenKind.Number ? t.textOf(k) : nameAt(t, k);
      if (key === undefined) {
        k = skipExpression(t, k, false);
      } else if (t.isPunct(k + 1, ',') || t.isPunct(k + 1, '}')) {
        ctx.addExport(at, t.isIdentifier(k) ? { name: key, local: key } : { name: key });
        k++;
      } else if (t.isPunct(k + 1, ':')) {
        const v = k + 2;
        const required = requireAt(ctx, v);
        if (required && (t.isPunct(required.end, ',') || t.isPunct(required.end, '}'))) {
          ctx.addExport(at, { name: key, from: required.specifier, imported: required.member ?? 'default' });
          ctx.consumedRequires.add(v);
        } else if (isBindingName(t, v) && (t.isPunct(v + 1, ',') || t.isPunct(v + 1, '}'))) {
          ctx.addExport(at, { name: key, local: t.textOf(v) });
        } else {
          ctx.addExport(at, { name: key });
        }
        k = skipExpression(t, v, false);
      } else {
        ctx.addExport(at, { name: key });
        k = skipExpression(t, k + 1, false);
      }
    }
    if (t.isPunct(k, ',')) k++;
    else if (!t.isPunct(k, '}')) break;
  }
  // Continue inside the object: its methods may import modules of their own.
  return open + 1;
}
