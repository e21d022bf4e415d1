/**
 * Names a file declares, read from its tokens: where a declaration, member, field or key is named.
 * Rules match names only where something is declared (a unit's name, its members, a config type's
 * fields), never where a name is merely used (`const x = withRetry;`) or imported: a name pattern
 * that matches no declared name cannot make a rule report anything.
 *
 * The test is generous (a call in a ternary, `a ? retry() : b`, counts as declared): it must never
 * miss a position the parse would read as a declaration, and may count a few that are not.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { moduleClauseMarks } from '../code-text.js';
import { type Brackets, bracketsOf, perText } from './token-utils.js';

/** Words right before a declared name: `function f`, `class C`, `const x`, `get x()`, `private x`. */
const BEFORE_DECLARED = new Set([
  'function', 'class', 'interface', 'type', 'enum', 'namespace', 'module', 'const', 'let', 'var', 'get', 'set', 'accessor', 'readonly',
  'private', 'protected', 'public', 'static', 'declare', 'override', 'abstract', 'async', '*',
]);
/** Tokens right after a declared name: a type, an optional or definite mark, an initializer. */
const AFTER_DECLARED = new Set([':', '?', '!', '=', '?:', '!:']);
/** Tokens after which a name followed by `,`, `;` or `}` is a declaration: a field (`{ retries;`), a shorthand key, an enum member. */
const BEFORE_LISTED = new Set(['{', ',', ';', '}', ')']);
/** Tokens ending a listed name (see `BEFORE_LISTED`). */
const AFTER_LISTED = new Set([',', ';', '}']);
/** Tokens after a string or number key: `'max-retries': 3`, `'retry'() {}`. */
const AFTER_KEY = new Set([':', '(', '?', '=', '<']);

function punctuator(tokens: Tokens, i: number): string | undefined {
  return i >= 0 && i < tokens.count && tokens.kind[i] === TokenKind.Punctuator ? tokens.textOf(i) : undefined;
}

function wordOrPunctuator(tokens: Tokens, i: number): string | undefined {
  if (i < 0 || i >= tokens.count) return undefined;
  const kind = tokens.kind[i];
  return kind === TokenKind.Punctuator || kind === TokenKind.Identifier ? tokens.textOf(i) : undefined;
}

/**
 * Whether the `[` at `open` may start a computed key rather than an element access (`a[i]`, `f()[i]`):
 * it starts the text or a line, or follows `{`, `,`, `;`, `}`, `)`, `*` or a modifier (`static [K]`).
 */
function opensKey(tokens: Tokens, open: number): boolean {
  if (open === 0 || tokens.newlineBefore[open] === 1) return true;
  const before = wordOrPunctuator(tokens, open - 1);
  return before !== undefined && (BEFORE_LISTED.has(before) || BEFORE_DECLARED.has(before));
}

/**
 * Whether token `i` (an identifier, or a string, template or number key) may name a declaration there.
 * `brackets` tells a method (`retry(op) {`) from a call (`retry(op);`); without it, both count.
 */
export function declaresNameAt(tokens: Tokens, i: number, brackets: Brackets | undefined): boolean {
  const kind = tokens.kind[i];
  const next = punctuator(tokens, i + 1);
  if (kind !== TokenKind.Identifier) {
    if (kind !== TokenKind.String && kind !== TokenKind.Template && kind !== TokenKind.Number) return false;
    if (next !== undefined && AFTER_KEY.has(next)) return true;
    // A computed key: `['retry']() {}`, `[`retries`]: 3`.
    if (punctuator(tokens, i - 1) === '[' && next === ']') {
      const after = punctuator(tokens, i + 2);
      return after !== undefined && AFTER_KEY.has(after);
    }
    return false;
  }
  const previous = wordOrPunctuator(tokens, i - 1);
  // A computed key named by a constant (`[MAX_RETRIES]: number`, `[RETRY_DELAY] = 100`): the matchers name
  // the member by the constant's name.
  if (previous === '[' && next === ']' && opensKey(tokens, i - 1)) {
    const after = punctuator(tokens, i + 2);
    return after !== undefined && AFTER_KEY.has(after);
  }
  // A member assigned (`exports.retry = `, `this.retries = `, `Foo.prototype.retry = `); any other member is used, not declared.
  if (previous === '.' || previous === '?.') return next === '=';
  if (previous !== undefined && BEFORE_DECLARED.has(previous)) return true;
  if (next === undefined) {
    // A field on its own line (`retries` with no semicolon), or the last token.
    return i + 1 >= tokens.count || (tokens.newlineBefore[i] === 1 && tokens.newlineBefore[i + 1] === 1);
  }
  if (AFTER_DECLARED.has(next)) return true;
  if (next === '(' || next === '<') {
    if (!brackets || next === '<') return true;
    // A method or function (`retry(op) {`, `retry(op): Promise<T> {`), not a call.
    const close = brackets.partner[i + 1]!;
    const after = punctuator(tokens, close + 1);
    return close < 0 || after === '{' || after === ':';
  }
  if (AFTER_LISTED.has(next)) return previous === undefined || BEFORE_LISTED.has(previous);
  return tokens.newlineBefore[i] === 1 && (tokens.newlineBefore[i + 1] === 1 || next === '}');
}

/** The distinct names a file declares, and whether some name could not be read (escapes, response interceptors). */
export interface DeclaredNames {
  names: string[];
  /** A name spelled with escapes (`r\u0065try`), or a unit named by a chain (`api.interceptors.response`): any pattern may match. */
  unreadable: boolean;
}

/**
 * The distinct names the file declares (see `declaresNameAt`), less those listed in import and export
 * statements. Private names are listed with and without their `#`; string keys by their text.
 */
export function declaredNames(tokens: Tokens): DeclaredNames {
  return perText(tokens, 'declared-names', () => collectDeclaredNames(tokens));
}

function collectDeclaredNames(tokens: Tokens): DeclaredNames {
  const marks = moduleClauseMarks(tokens);
  const brackets = bracketsOf(tokens);
  const seen = new Set<string>();
  let unreadable = false;
  for (let i = 0; i < tokens.count; i++) {
    if (marks?.[i]) continue;
    // `api.interceptors.response.use(ok, onError)` at the top level is a unit named by its chain.
    if (tokens.is(i, 'interceptors') && tokens.isPunct(i - 1, '.')) unreadable = true;
    if (!declaresNameAt(tokens, i, brackets)) continue;
    const kind = tokens.kind[i];
    const raw = tokens.textOf(i);
    if (raw.includes('\\')) unreadable = true;
    const name = kind === TokenKind.String || kind === TokenKind.Template ? raw.slice(1, -1) : raw;
    seen.add(name);
    if (name.startsWith('#')) seen.add(name.slice(1));
  }
  return { names: [...seen], unreadable };
}

/** Whether one of `patterns` matches a name the file declares (see `declaredNames`). */
export function declaresNameMatching(tokens: Tokens, patterns: readonly RegExp[]): boolean {
  if (patterns.length === 0) return false;
  const declared = declaredNames(tokens);
  return declared.unreadable || declared.names.some((name) => patterns.some((pattern) => pattern.test(name)));
}
