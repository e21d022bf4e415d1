/**
 * Import patterns of the lexer pass: `import` declarations, `import x = require()`, dynamic `import()`
 * and CommonJS `require()`, with the names each one binds.
 */
import type { ImportBinding, ImportFact } from '../../facts.js';
import { TokenKind } from '../tokenizer.js';
import { endsStatement, isPropertyName, type LexContext, matchingClose, matchingOpenBrace, nameAt, readObjectPattern } from './context.js';

/** Result of reading an import declaration, for `export import x = require()`. */
export interface LexedImport {
  next: number;
  /** Set for `import x = require()`: the token of `x`. */
  equalsLocal?: number;
}

/** Reads the import starting at the `import` keyword at token `i`. Returns where to continue. */
export function lexImport(ctx: LexContext, i: number): LexedImport {
  const t = ctx.t;
  if (t.isPunct(i + 1, '(')) return { next: lexDynamicImport(ctx, i) };
  if (t.depth[i] !== 0) return { next: i + 1 };
  let j = i + 1;
  const sideEffect = t.stringValue(j);
  if (sideEffect !== undefined) {
    ctx.addImport(i, { specifier: sideEffect, kind: 'side-effect', typeOnly: false, bindings: [] });
    return { next: j + 1 };
  }
  let typeOnly = false;
  if (
    t.is(j, 'type') &&
    (t.isPunct(j + 1, '{') || t.isPunct(j + 1, '*') || (t.isIdentifier(j + 1) && !t.is(j + 1, 'from')) || (t.is(j + 1, 'from') && t.is(j + 2, 'from')))
  ) {
    typeOnly = true;
    j++;
  }
  const bindings: ImportBinding[] = [];
  let namespaceToken: number | undefined;
  const isDefaultName = t.isIdentifier(j) && (!t.is(j, 'from') || t.isPunct(j + 1, ',') || t.is(j + 1, 'from') || t.isPunct(j + 1, '='));
  if (isDefaultName) {
    if (t.isPunct(j + 1, '=')) return lexImportEquals(ctx, i, j, typeOnly);
    bindings.push({ imported: 'default', local: t.textOf(j) });
    j++;
    if (t.isPunct(j, ',')) j++;
  }
  if (t.isPunct(j, '*')) {
    if (!t.is(j + 1, 'as') || !t.isIdentifier(j + 2)) return { next: j };
    bindings.push({ imported: '*', local: t.textOf(j + 2) });
    namespaceToken = j + 2;
    j += 3;
  } else if (t.isPunct(j, '{')) {
    const list = readNamedList(ctx, j);
    if (!list) return { next: j + 1 };
    bindings.push(...list.bindings);
    j = list.end + 1;
  }
  if (!t.is(j, 'from')) return { next: j };
  const specifier = t.stringValue(j + 1);
  if (specifier === undefined) return { next: j + 1 };
  const fact = ctx.addImport(i, { specifier, kind: 'static', typeOnly, bindings });
  if (namespaceToken !== undefined) ctx.addNamespace(fact, namespaceToken);
  return { next: j + 2 };
}

/** `import x = require('y')` (TypeScript); `import x = A.B` aliases a namespace and is no import. */
function lexImportEquals(ctx: LexContext, i: number, local: number, typeOnly: boolean): LexedImport {
  const t = ctx.t;
  const r = local + 2;
  if (!t.is(r, 'require') || !t.isPunct(r + 1, '(')) return { next: r };
  const specifier = t.stringValue(r + 2);
  if (specifier === undefined || !t.isPunct(r + 3, ')')) return { next: r + 1 };
  const fact = ctx.addImport(i, { specifier, kind: 'static', typeOnly, bindings: [{ imported: '*', local: t.textOf(local) }] });
  ctx.addNamespace(fact, local);
  return { next: r + 4, equalsLocal: local };
}

/** `{ a, b as c, type T, "x-y" as z }` of an import declaration. */
function readNamedList(ctx: LexContext, open: number): { bindings: ImportBinding[]; end: number } | null {
  const t = ctx.t;
  const bindings: ImportBinding[] = [];
  let k = open + 1;
  while (k < t.count && !t.isPunct(k, '}')) {
    let typeOnly = false;
    if (t.is(k, 'type') && hasTypeModifier(ctx, k)) {
      typeOnly = true;
      k++;
    }
    const imported = nameAt(t, k);
    if (imported === undefined) return null;
    let local = imported;
    k++;
    if (t.is(k, 'as')) {
      if (!t.isIdentifier(k + 1)) return null;
      local = t.textOf(k + 1);
      k += 2;
    }
    bindings.push(typeOnly ? { imported, local, typeOnly } : { imported, local });
    if (t.isPunct(k, ',')) k++;
    else if (!t.isPunct(k, '}')) return null;
  }
  return k < t.count ? { bindings, end: k } : null;
}

/**
 * Whether `type` at `k` in a specifier list is a modifier (`type T`, `type as as x`, `type as`) rather
 * than the name `type` itself (`type`, `type as t`).
 */
export function hasTypeModifier(ctx: LexContext, k: number): boolean {
  const t = ctx.t;
  if (nameAt(t, k + 1) === undefined) return false;
  if (!t.is(k + 1, 'as')) return true;
  return t.is(k + 2, 'as') || t.isPunct(k + 2, ',') || t.isPunct(k + 2, '}');
}

/**
 * `import('x')`: the bindings come from how the promise is used: `const m = await import()` (then
 * `m.X`), `const { X } = await import()`, `import().then(m => m.X)`, `.then(({ X }) => ...)`,
 * `(await import()).X`. Anything else uses the module in unknown ways.
 */
function lexDynamicImport(ctx: LexContext, i: number): number {
  const t = ctx.t;
  const specifier = t.stringValue(i + 2);
  if (specifier === undefined) return i + 2;
  let close = i + 3;
  if (t.isPunct(close, ',')) close = matchingClose(t, i + 1);
  else if (!t.isPunct(close, ')')) return i + 2;

  let before = i - 1;
  // `await import('x').then(...)` awaits the `then` chain, not the module.
  const awaited = t.is(before, 'await') && !t.isPunct(close + 1, '.') && !t.isPunct(close + 1, '?.');
  if (awaited) before--;
  const bound = awaited ? bindFromContext(ctx, before, close, true, true) : null;
  if (bound) {
    const fact = ctx.addImport(i, { specifier, kind: 'dynamic', typeOnly: false, bindings: bound.bindings });
    if (bound.namespace !== undefined) ctx.addNamespace(fact, bound.namespace);
    return close + 1;
  }
  const then = thenCallback(ctx, close);
  if (then) {
    const fact = ctx.addImport(i, { specifier, kind: 'dynamic', typeOnly: false, bindings: then.bindings });
    if (then.namespace !== undefined) ctx.addNamespace(fact, then.namespace);
    return close + 1;
  }
  ctx.addImport(i, { specifier, kind: 'dynamic', typeOnly: false, bindings: [{ imported: '*', local: '' }] });
  return close + 1;
}

interface Bound {
  bindings: ImportBinding[];
  /** Token of a namespace-like local whose member uses are collected. */
  namespace?: number;
}

/**
 * Bindings given by what surrounds a `require(...)` or `await import(...)` call: `x = `, `{ a } = `,
 * `(await import()).X`, `require().X`. `before` is the token before the call (before `await`).
 */
function bindFromContext(ctx: LexContext, before: number, close: number, awaited: boolean, dynamic: boolean): Bound | null {
  const t = ctx.t;
  // `(await import('x')).X`
  if (awaited && t.isPunct(before, '(') && t.isPunct(close + 1, ')') && memberAt(ctx, close + 2)) {
    const member = t.textOf(close + 3);
    return { bindings: [{ imported: member, local: member }] };
  }
  // `require('x').X` (also `const y = require('x').X`)
  if (!dynamic && memberAt(ctx, close + 1)) {
    const member = t.textOf(close + 2);
    const whole = !t.isPunct(close + 3, '.') && !t.isPunct(close + 3, '?.') && !t.isPunct(close + 3, '(') && !t.isPunct(close + 3, '[');
    const local = whole && t.isPunct(before, '=') && t.isIdentifier(before - 1) && !isPropertyName(t, before - 1) ? t.textOf(before - 1) : member;
    return { bindings: [{ imported: member, local }] };
  }
  if (!t.isPunct(before, '=')) return null;
  // `x = require('y')(options)` binds the call's result, not the module.
  if (t.isPunct(close + 1, '(') || t.isPunct(close + 1, '[') || t.kind[close + 1] === TokenKind.Template || t.kind[close + 1] === TokenKind.TemplatePart) return null;
  const target = before - 1;
  if (t.isIdentifier(target)) {
    // `obj.prop = require('x')` binds no local name we could follow.
    if (isPropertyName(t, target)) return { bindings: [{ imported: '*', local: '' }] };
    return { bindings: [{ imported: '*', local: t.textOf(target) }], namespace: target };
  }
  if (t.isPunct(target, '}')) {
    const open = matchingOpenBrace(t, target);
    const pattern = open < 0 ? null : readObjectPattern(t, open);
    if (!pattern) return null;
    if (pattern.rest !== undefined) {
      return { bindings: [...pattern.bindings, { imported: '*', local: t.textOf(pattern.rest) }], namespace: pattern.rest };
    }
    return { bindings: pattern.bindings };
  }
  return null;
}

function memberAt(ctx: LexContext, dot: number): boolean {
  return (ctx.t.isPunct(dot, '.') || ctx.t.isPunct(dot, '?.')) && ctx.t.isIdentifier(dot + 1);
}

/** `.then(m => ...)`, `.then((m) => ...)`, `.then(({ X }) => ...)`, `.then(function (m) {...})`. */
function thenCallback(ctx: LexContext, close: number): Bound | null {
  const t = ctx.t;
  if (!t.isPunct(close + 1, '.') || !t.is(close + 2, 'then') || !t.isPunct(close + 3, '(')) return null;
  let k = close + 4;
  if (t.is(k, 'async')) k++;
  if (t.is(k, 'function')) {
    k++;
    if (t.isIdentifier(k)) k++;
    if (!t.isPunct(k, '(')) return null;
    k++;
  } else if (t.isPunct(k, '(')) {
    k++;
  }
  if (t.isIdentifier(k)) return { bindings: [{ imported: '*', local: t.textOf(k) }], namespace: k };
  if (t.isPunct(k, '{')) {
    const pattern = readObjectPattern(t, k);
    if (!pattern || pattern.rest !== undefined) return null;
    return { bindings: pattern.bindings };
  }
  return null;
}

/** `require('x')` in its usual CommonJS shapes. */
export function lexRequire(ctx: LexContext, i: number): number {
  const t = ctx.t;
  if (!t.isPunct(i + 1, '(')) return i + 1;
  const specifier = t.stringValue(i + 2);
  if (specifier === undefined || !t.isPunct(i + 3, ')')) return i + 1;
  const close = i + 3;
  const before = i - 1;
  const bound = bindFromContext(ctx, before, close, false, false);
  let fact: ImportFact;
  if (bound) {
    fact = ctx.addImport(i, { specifier, kind: 'require', typeOnly: false, bindings: bound.bindings });
    if (bound.namespace !== undefined) ctx.addNamespace(fact, bound.namespace);
  } else {
    const statementStart = before < 0 || t.isPunct(before, ';') || t.isPunct(before, '{') || t.isPunct(before, '}') || t.newlineBefore[i] === 1;
    const bindings: ImportBinding[] = statementStart && endsStatement(t, close + 1) ? [] : [{ imported: '*', local: '' }];
    ctx.addImport(i, { specifier, kind: 'require', typeOnly: false, bindings });
  }
  return close + 1;
}
