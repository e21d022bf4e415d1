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
import { codeOfPunctuator, NOT_PUNCTUATOR, punctuatorCode, punctuatorCodes, WordTable } from './token-codes.js';
import { type Brackets, bracketsOf, perText, tokenAround } from './token-utils.js';

/** Words right before a declared name: `function f`, `class C`, `const x`, `get x()`, `private x` (and the `*` of `*gen()`). */
const BEFORE_DECLARED_WORDS = new WordTable([
  'function', 'class', 'interface', 'type', 'enum', 'namespace', 'module', 'const', 'let', 'var', 'get', 'set', 'accessor', 'readonly',
  'private', 'protected', 'public', 'static', 'declare', 'override', 'abstract', 'async',
]);
const STAR = codeOfPunctuator('*');
const OPEN_BRACKET = codeOfPunctuator('[');
const CLOSE_BRACKET = codeOfPunctuator(']');
const OPEN_PAREN = codeOfPunctuator('(');
const LESS = codeOfPunctuator('<');
const DOT = codeOfPunctuator('.');
const OPTIONAL_DOT = codeOfPunctuator('?.');
const EQUALS = codeOfPunctuator('=');
const OPEN_BRACE = codeOfPunctuator('{');
const CLOSE_BRACE = codeOfPunctuator('}');
const COLON = codeOfPunctuator(':');
/** Tokens right after a declared name: a type, an optional or definite mark, an initializer. */
const AFTER_DECLARED = punctuatorCodes([':', '?', '!', '=', '?:', '!:']);
/** Tokens after which a name followed by `,`, `;` or `}` is a declaration: a field (`{ retries;`), a shorthand key, an enum member. */
const BEFORE_LISTED = punctuatorCodes(['{', ',', ';', '}', ')']);
/** Tokens ending a listed name (see `BEFORE_LISTED`). */
const AFTER_LISTED = punctuatorCodes([',', ';', '}']);
/** Tokens after a string or number key: `'max-retries': 3`, `'retry'() {}`. */
const AFTER_KEY = punctuatorCodes([':', '(', '?', '=', '<']);

/** Whether token `i` is a word or punctuator right before a declared name (see `BEFORE_DECLARED_WORDS`). */
function beforeDeclared(tokens: Tokens, i: number, code: number): boolean {
  return code === STAR || (code === NOT_PUNCTUATOR && tokens.isIdentifier(i) && BEFORE_DECLARED_WORDS.hasToken(tokens, i));
}

/**
 * Whether the `[` at `open` may start a computed key rather than an element access (`a[i]`, `f()[i]`):
 * it starts the text or a line, or follows `{`, `,`, `;`, `}`, `)`, `*` or a modifier (`static [K]`).
 */
function opensKey(tokens: Tokens, open: number): boolean {
  if (open === 0 || tokens.newlineBefore[open] === 1) return true;
  const before = punctuatorCode(tokens, open - 1);
  return BEFORE_LISTED.has(before) || beforeDeclared(tokens, open - 1, before);
}

/**
 * Whether token `i` (an identifier, or a string, template or number key) may name a declaration there.
 * `brackets` tells a method (`retry(op) {`) from a call (`retry(op);`); without it, both count.
 */
export function declaresNameAt(tokens: Tokens, i: number, brackets: Brackets | undefined): boolean {
  const kind = tokens.kind[i];
  if (kind !== TokenKind.Identifier) {
    if (kind !== TokenKind.String && kind !== TokenKind.Template && kind !== TokenKind.Number) return false;
    const next = punctuatorCode(tokens, i + 1);
    if (AFTER_KEY.has(next)) return true;
    // A computed key: `['retry']() {}`, `[`retries`]: 3`.
    if (punctuatorCode(tokens, i - 1) === OPEN_BRACKET && next === CLOSE_BRACKET) return AFTER_KEY.has(punctuatorCode(tokens, i + 2));
    return false;
  }
  const next = punctuatorCode(tokens, i + 1);
  const previous = punctuatorCode(tokens, i - 1);
  // A computed key named by a constant (`[MAX_RETRIES]: number`, `[RETRY_DELAY] = 100`): the matchers name
  // the member by the constant's name.
  if (previous === OPEN_BRACKET && next === CLOSE_BRACKET && opensKey(tokens, i - 1)) return AFTER_KEY.has(punctuatorCode(tokens, i + 2));
  // A member assigned (`exports.retry = `, `this.retries = `, `Foo.prototype.retry = `); any other member is used, not declared.
  if (previous === DOT || previous === OPTIONAL_DOT) return next === EQUALS;
  if (beforeDeclared(tokens, i - 1, previous)) return true;
  if (next === NOT_PUNCTUATOR) {
    // A field on its own line (`retries` with no semicolon), or the last token.
    return i + 1 >= tokens.count || (tokens.newlineBefore[i] === 1 && tokens.newlineBefore[i + 1] === 1);
  }
  if (AFTER_DECLARED.has(next)) return true;
  if (next === OPEN_PAREN || next === LESS) {
    if (!brackets || next === LESS) return true;
    // A method or function (`retry(op) {`, `retry(op): Promise<T> {`), not a call.
    const close = brackets.partner[i + 1]!;
    const after = punctuatorCode(tokens, close + 1);
    return close < 0 || after === OPEN_BRACE || after === COLON;
  }
  // After anything but a punctuator or a word (a string, a number), or at the start; after a word, never.
  if (AFTER_LISTED.has(next)) return previous === NOT_PUNCTUATOR ? !tokens.isIdentifier(i - 1) : BEFORE_LISTED.has(previous);
  return tokens.newlineBefore[i] === 1 && (tokens.newlineBefore[i + 1] === 1 || next === CLOSE_BRACE);
}

/** The distinct names a file declares, and whether some name could not be read (escapes, response interceptors). */
export interface DeclaredNames {
  /** Names as the compiler reads them: escapes resolved (`r\u0065try` is `retry`, `'\x72etry'` too). */
  names: string[];
  /** A string key whose value the tokens do not resolve for sure (a legacy octal escape): any pattern may match. */
  unreadable: boolean;
  /**
   * A unit may be named by a chain (`api.interceptors.response`, see `units.ts`): any pattern may
   * match its name. Such a unit is a statement, not a function: it never forwards (no wrapper).
   */
  chainNamed: boolean;
}

/**
 * The distinct names the file declares (see `declaresNameAt`), less those listed in import and export
 * statements. Private names are listed with and without their `#`; string keys by their value.
 */
export function declaredNames(tokens: Tokens): DeclaredNames {
  return perText(tokens, 'declared-names', () => collectDeclaredNames(tokens));
}

/** Escapes the tokens may resolve otherwise than the compiler: legacy octal (`\101`), a line continued by U+2028 or U+2029. */
const UNSURE_ESCAPE = /\\(?:[1-9]|0[0-9]|[\u2028\u2029])/;

function collectDeclaredNames(tokens: Tokens): DeclaredNames {
  const marks = moduleClauseMarks(tokens);
  const brackets = bracketsOf(tokens);
  const seen = new Set<string>();
  const text = tokens.text;
  // Without a backslash in the text, no name is spelled with escapes.
  const escapes = text.includes('\\');
  let unreadable = false;
  let chainNamed = false;
  for (let i = 0; i < tokens.count; i++) {
    if (marks?.[i]) continue;
    // `api.interceptors.response.use(ok, onError)` (or `api['interceptors']`) at the top level is a unit named by its chain.
    if (!chainNamed && ((tokens.is(i, 'interceptors') && tokens.isPunct(i - 1, '.')) || (tokens.isPunct(i - 1, '[') && tokens.stringValue(i) === 'interceptors'))) chainNamed = true;
    if (!declaresNameAt(tokens, i, brackets)) continue;
    const kind = tokens.kind[i];
    const raw = tokens.textOf(i);
    let name: string;
    if (kind === TokenKind.String || kind === TokenKind.Template) {
      if (escapes && UNSURE_ESCAPE.test(raw)) unreadable = true;
      name = tokens.stringValue(i)!;
    } else {
      name = escapes && raw.includes('\\') ? decodeIdentifier(raw) : raw;
    }
    seen.add(name);
    if (name.startsWith('#')) seen.add(name.slice(1));
  }
  return { names: [...seen], unreadable, chainNamed };
}

/** Whether one of `patterns` matches a name the file declares (see `declaredNames`). */
export function declaresNameMatching(tokens: Tokens, patterns: readonly RegExp[]): boolean {
  if (patterns.length === 0) return false;
  const declared = declaredNames(tokens);
  return declared.unreadable || declared.chainNamed || declared.names.some((name) => patterns.some((pattern) => pattern.test(name)));
}

/**
 * The tokens spelling one of `names` (an identifier, or a string or template key), in order; with
 * `named`, also the identifiers and strings written with escapes whose value it accepts. A token is
 * looked up only when its length and first character are those of some name (read from two small
 * arrays): most are neither. The escapes are found by searching the text for backslashes.
 */
export function nameTokens(tokens: Tokens, names: readonly string[], named: ((name: string) => boolean) | undefined): number[] {
  const found: number[] = [];
  const text = tokens.text;
  const table = new WordTable(names);
  let longest = 0;
  for (const name of names) longest = Math.max(longest, name.length);
  const lengths = new Uint8Array(longest + 1);
  // First characters below 128 by their code; any other first character by one flag.
  const firsts = new Uint8Array(128);
  let otherFirst = false;
  for (const name of names) {
    // An empty name spells no token (the original lookup never matched one).
    if (name.length === 0) continue;
    lengths[name.length] = 1;
    const c = name.charCodeAt(0);
    if (c < 128) firsts[c] = 1;
    else otherFirst = true;
  }
  const kinds = tokens.kind;
  const starts = tokens.start;
  const ends = tokens.end;
  for (let i = 0; i < tokens.count; i++) {
    const kind = kinds[i];
    let start = starts[i]!;
    let end = ends[i]!;
    if (kind === TokenKind.String || kind === TokenKind.Template) {
      start++;
      end--;
    } else if (kind !== TokenKind.Identifier) {
      continue;
    }
    const length = end - start;
    if (length <= 0 || length > longest || lengths[length] === 0) continue;
    const c = text.charCodeAt(start);
    if ((c < 128 ? firsts[c] === 1 : otherFirst) && table.hasRange(text, start, end)) found.push(i);
  }
  if (!named) return found;
  // Names written with escapes: the tokens holding a backslash in their name, unless they spell a name as they are.
  let last = -1;
  let added = false;
  for (let at = text.indexOf('\\'); at >= 0; at = text.indexOf('\\', at + 1)) {
    const i = tokenAround(tokens, at);
    if (i < 0 || i === last) continue;
    const kind = kinds[i];
    const quoted = kind === TokenKind.String || kind === TokenKind.Template;
    if (!quoted && kind !== TokenKind.Identifier) continue;
    const start = quoted ? starts[i]! + 1 : starts[i]!;
    const end = quoted ? ends[i]! - 1 : ends[i]!;
    // The last character of a string cut short is no part of its value.
    if (at < start || at >= end) continue;
    last = i;
    if (table.hasRange(text, start, end)) continue;
    const value = kind === TokenKind.Identifier ? decodeIdentifier(tokens.textOf(i)) : tokens.stringValue(i);
    if (value !== undefined && named(value)) {
      found.push(i);
      added = true;
    }
  }
  return added ? found.sort((a, b) => a - b) : found;
}

/** An identifier's name with its unicode escapes resolved (`\u0063reate`, `\u{63}reate`). */
function decodeIdentifier(raw: string): string {
  return raw.replace(/\\u(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/g, (_, braced: string | undefined, plain: string | undefined) => String.fromCodePoint(parseInt(braced ?? plain!, 16)));
}
