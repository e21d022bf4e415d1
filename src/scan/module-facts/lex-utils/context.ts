import type { ExportFact, ImportBinding, ImportFact } from '../../facts.js';
import { TokenKind, type Tokens } from '../tokenizer.js';

/** A local name bound to a whole module (`import * as ns`, `const m = require()`), whose `ns.X` uses we collect. */
export interface NamespaceLocal {
  name: string;
  fact: ImportFact;
  /** Token index of the declaring identifier (not a use). */
  declToken: number;
}

/**
 * State shared by the lexer patterns: the tokens, the facts found so far (with token positions, turned
 * into lines at the end) and the namespace-like locals.
 */
export class LexContext {
  readonly imports: ImportFact[] = [];
  /** Per import fact: the text position of its token (turned into its line at the end). */
  readonly importPositions: number[] = [];
  readonly exports: ExportFact[] = [];
  readonly exportPositions: number[] = [];
  readonly namespaces: NamespaceLocal[] = [];
  /** `require` tokens already recorded as CommonJS re-exports (not imports). */
  readonly consumedRequires = new Set<number>();

  constructor(readonly t: Tokens) {}

  /** Records `fact` (a fresh object of the caller's, completed in place with `line` as its last key). */
  addImport(token: number, fact: Omit<ImportFact, 'line'>): ImportFact {
    const full = fact as ImportFact;
    full.line = 0;
    this.imports.push(full);
    this.importPositions.push(this.t.start[token]!);
    return full;
  }

  /** Records `fact` (a fresh object of the caller's, completed in place with `line` as its last key). */
  addExport(token: number, fact: Omit<ExportFact, 'line'>): void {
    const full = fact as ExportFact;
    full.line = 0;
    this.exports.push(full);
    this.exportPositions.push(this.t.start[token]!);
  }

  addNamespace(fact: ImportFact, declToken: number): void {
    this.namespaces.push({ name: this.t.textOf(declToken), fact, declToken });
  }
}

/** True when token `i` is a property name (`x.import`, `x?.require`), not a keyword or free identifier. */
export function isPropertyName(t: Tokens, i: number): boolean {
  return t.isPunct(i - 1, '.') || t.isPunct(i - 1, '?.');
}

/** An identifier or string usable as a module export name (`{ a }`, `{ "a-b" as c }`). */
export function nameAt(t: Tokens, i: number): string | undefined {
  if (t.isIdentifier(i)) return t.textOf(i);
  return t.kind[i] === TokenKind.String ? t.stringValue(i) : undefined;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const STATEMENT_START = new Set([
  'export', 'import', 'const', 'let', 'var', 'function', 'class', 'interface', 'enum', 'declare', 'module', 'namespace',
]);

/**
 * Skips an expression (or type annotation) from token `i`: stops at `,`, `;` or an unbalanced closer at
 * nesting level 0, or (with `asi`) at a keyword that starts a new statement on a new line. Returns the
 * index of the token it stopped at.
 */
export function skipExpression(t: Tokens, i: number, asi = true): number {
  const stack: string[] = [];
  for (; i < t.count; i++) {
    if (t.kind[i] === TokenKind.Punctuator) {
      const p = t.textOf(i);
      if (p in OPEN) {
        stack.push(OPEN[p]!);
        continue;
      }
      if (p === ')' || p === ']' || p === '}') {
        if (stack.length === 0) return i;
        stack.pop();
        continue;
      }
      if (stack.length === 0 && (p === ',' || p === ';')) return i;
    } else if (asi && stack.length === 0 && t.newlineBefore[i] && t.kind[i] === TokenKind.Identifier && STATEMENT_START.has(t.textOf(i))) {
      return i;
    }
  }
  return i;
}

/** Index of the token that closes the bracket opened at `open` (or `count` when unbalanced). */
export function matchingClose(t: Tokens, open: number): number {
  let level = 0;
  for (let i = open; i < t.count; i++) {
    if (t.kind[i] !== TokenKind.Punctuator) continue;
    const p = t.textOf(i);
    if (p in OPEN) level++;
    else if (p === ')' || p === ']' || p === '}') {
      level--;
      if (level === 0) return i;
    }
  }
  return t.count;
}

/** Index of the `{` that opens the `}` at `close`, or -1. */
export function matchingOpenBrace(t: Tokens, close: number): number {
  const depth = t.depth[close];
  for (let i = close - 1; i >= 0; i--) {
    if (t.depth[i] === depth && t.isPunct(i, '{')) return i;
    if (t.depth[i]! < depth!) return -1;
  }
  return -1;
}

/**
 * Reads an object destructuring pattern `{ a, b: c, d = 1, ...rest }` from its `{`: the bindings it
 * declares (`imported` is the property key). A nested pattern or computed key makes it unknown (null).
 */
export function readObjectPattern(t: Tokens, open: number): { bindings: ImportBinding[]; rest?: number; end: number } | null {
  const bindings: ImportBinding[] = [];
  let rest: number | undefined;
  let i = open + 1;
  while (i < t.count && !t.isPunct(i, '}')) {
    if (t.isPunct(i, '...')) {
      if (!t.isIdentifier(i + 1)) return null;
      rest = i + 1;
      i += 2;
    } else {
      const key = nameAt(t, i);
      if (key === undefined) return null;
      let local = i;
      i++;
      if (t.isPunct(i, ':')) {
        if (!t.isIdentifier(i + 1)) return null;
        local = i + 1;
        i += 2;
      }
      if (t.isPunct(i, '=')) i = skipExpression(t, i + 1, false);
      if (!t.isIdentifier(local)) return null;
      bindings.push({ imported: key, local: t.textOf(local) });
    }
    if (t.isPunct(i, ',')) i++;
    else if (!t.isPunct(i, '}')) return null;
  }
  return rest === undefined ? { bindings, end: i } : { bindings, rest, end: i };
}

/** Identifier-shaped keywords that are values, never names of a declaration. */
const VALUE_KEYWORDS = new Set(['true', 'false', 'null', 'undefined', 'this', 'super', 'new', 'typeof', 'void', 'await', 'function', 'class', 'async', 'yield', 'delete']);

/** True when token `i` is an identifier naming a binding (not `true`, `this`, `new`...). */
export function isBindingName(t: Tokens, i: number): boolean {
  return t.isIdentifier(i) && !VALUE_KEYWORDS.has(t.textOf(i));
}

/** True when the statement clearly ends after token `i - 1` (`;`, `}`, end of file, or a new line). */
export function endsStatement(t: Tokens, i: number): boolean {
  if (i >= t.count) return true;
  if (t.isPunct(i, ';') || t.isPunct(i, '}')) return true;
  if (!t.newlineBefore[i]) return false;
  // A new line ends the statement unless the next token continues the expression.
  if (t.kind[i] === TokenKind.Punctuator) {
    const p = t.textOf(i);
    return p === '{' || p === '!' || p === '@';
  }
  if (t.kind[i] === TokenKind.Identifier) {
    const word = t.textOf(i);
    return word !== 'instanceof' && word !== 'in' && word !== 'as' && word !== 'satisfies';
  }
  return true;
}

/** Like `endsStatement`, also accepting `,` and `)`: the end of a value inside a larger expression. */
export function endsValue(t: Tokens, i: number): boolean {
  return t.isPunct(i, ',') || t.isPunct(i, ')') || endsStatement(t, i);
}
