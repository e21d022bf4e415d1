/**
 * Declarations read from tokens for the structure gate: how far the declaration a name starts may
 * reach (`declarationEnd`), and whether the scanner collects the declarations of a block as units
 * (`collectsUnits`, see `units.ts`). Every answer errs on the long side: a range may run past its
 * declaration, never stop short of it, and a block that may hold units counts as one.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { codeOfPunctuator, punctuatorCode, punctuatorCodes, WordTable } from './token-codes.js';
import type { Brackets } from './token-utils.js';

const OPEN_PAREN = codeOfPunctuator('(');
const OPEN_BRACE = codeOfPunctuator('{');
const OPEN_BRACKET = codeOfPunctuator('[');
const CLOSE_BRACKET = codeOfPunctuator(']');
const CLOSE_PAREN = codeOfPunctuator(')');
const DOT = codeOfPunctuator('.');
const COLON = codeOfPunctuator(':');
const EQUALS = codeOfPunctuator('=');
const LESS = codeOfPunctuator('<');
const GREATER = codeOfPunctuator('>');
const SEMICOLON = codeOfPunctuator(';');
const OPENING = punctuatorCodes(['(', '[', '{']);
const CLOSING = punctuatorCodes([')', ']', '}']);
/** Words after which a `{` cannot end a type: it opens a type literal (`keyof {`, `T extends {`). */
const TYPE_OPERATORS = new WordTable(['extends', 'implements', 'keyof', 'typeof', 'readonly', 'unique', 'infer', 'is', 'asserts', 'in', 'as', 'satisfies', 'new', 'abstract', 'out', 'const']);
/** Words a value the scanner may read as a unit starts with: a function, an arrow, a class (see `valueMayBeUnit`). */
const UNIT_VALUE_WORDS = new WordTable(['function', 'async', 'class']);
/** Words after which a `{` opens a namespace's body (`namespace Api {`, `declare global {`). */
const NAMESPACE_WORDS = new WordTable(['namespace', 'module', 'declare']);
/** Punctuators of a class's heritage clauses and type parameters (see `classBody`). */
const TYPE_PUNCTUATORS = punctuatorCodes(['.', ',', '<', '>', '=', '|', '&', '?']);
/** What may follow the body of an immediately invoked function (see `invokedBody`). */
const AFTER_INVOKED = punctuatorCodes(['(', '.', '!']);
/** Words that start a statement and can never continue an expression: after a line break, a new statement. */
const STATEMENT_WORDS = new WordTable(['const', 'let', 'var', 'function', 'class', 'export', 'import', 'if', 'for', 'while', 'return', 'throw', 'try', 'switch', 'do', 'interface', 'enum']);
/** Words that want an operand after them: an expression does not end with them. */
const OPERAND_WORDS = new WordTable([
  'return', 'typeof', 'new', 'await', 'yield', 'void', 'delete', 'in', 'instanceof', 'of', 'case', 'extends', 'else', 'do', 'export',
  'default', 'const', 'let', 'var', 'async', 'keyof', 'as', 'satisfies', 'is', 'readonly', 'unique', 'infer', 'asserts', 'throw',
  'import', 'function', 'class', 'static', 'get', 'set', 'declare', 'abstract', 'public', 'private', 'protected', 'override',
  'accessor', 'type', 'namespace', 'module', 'enum', 'interface', 'implements',
]);

/** `afterAngles` of a `<` whose `>` does not come before a `;` or a closing bracket: a comparison, no type parameters. */
export const NOT_TYPE_PARAMETERS = -1;
/** `afterAngles` of a `<` whose `>` does not come within a few hundred tokens (anything may follow). */
export const TOO_LONG = -2;

/** The `{` whose statements hold token `i`: the innermost `{` around it, across parentheses and brackets (-1 at the top level). */
export function statementGroup(tokens: Tokens, brackets: Brackets, i: number): number {
  let open = brackets.enclosing[i]!;
  while (open >= 0 && punctuatorCode(tokens, open) !== OPEN_BRACE) open = brackets.enclosing[open]!;
  return open;
}

/**
 * Whether the declarations directly in the `{` at `open` (-1: the top level) may be collected as units
 * (see `collectStatements` in `units.ts`): the top level, a namespace's body, the body of a function
 * invoked where it is written (`(function () {...})()`), or a `module.exports = {...}` literal (each key
 * a unit), each of them at such a level itself. A class body is none: its members are methods.
 */
export function collectsUnits(tokens: Tokens, brackets: Brackets, open: number, levels: Map<number, boolean>): boolean {
  if (open < 0) return true;
  const known = levels.get(open);
  if (known !== undefined) return known;
  const collected = (namespaceBody(tokens, open) || invokedBody(tokens, brackets, open) || exportedLiteral(tokens, open)) && collectsUnits(tokens, brackets, statementGroup(tokens, brackets, open), levels);
  levels.set(open, collected);
  return collected;
}

/** `namespace Api.V1 {`, `module Api {`, `declare global {`. */
function namespaceBody(tokens: Tokens, open: number): boolean {
  let k = open - 1;
  if (!tokens.isIdentifier(k)) return false;
  while (punctuatorCode(tokens, k - 1) === DOT && tokens.isIdentifier(k - 2)) k -= 2;
  return NAMESPACE_WORDS.hasToken(tokens, k - 1);
}

/**
 * Whether the `{` at `open` may be the body of a function invoked where it is written: its `}` is
 * followed, after any `)`, by a call, `.call`/`.apply`, a non-null mark or an `as`/`satisfies`; and it
 * is no class's body (`class A {}` then a line starting with `(`).
 */
function invokedBody(tokens: Tokens, brackets: Brackets, open: number): boolean {
  let k = brackets.partner[open]! + 1;
  while (tokens.isPunct(k, ')')) k++;
  if (!AFTER_INVOKED.has(punctuatorCode(tokens, k)) && !tokens.is(k, 'as') && !tokens.is(k, 'satisfies')) return false;
  return !classBody(tokens, brackets, open);
}

/**
 * Whether the `{` at `open` is a class's body: reading back over its heritage and type parameters
 * (names, dots, commas, angle brackets, type operators, groups in parentheses or brackets) reaches
 * `class`. A function's header stops the reading at its `=>`, its return type's `:`, or the `(` it is
 * wrapped in; a `}` stops it too, so it never runs into an earlier statement.
 */
function classBody(tokens: Tokens, brackets: Brackets, open: number): boolean {
  const limit = Math.max(0, open - 256);
  for (let k = open - 1; k >= limit; k--) {
    const kind = tokens.kind[k];
    if (kind === TokenKind.Identifier) {
      if (tokens.is(k, 'class')) return true;
      continue;
    }
    if (kind === TokenKind.String || kind === TokenKind.Number || kind === TokenKind.Template) continue;
    const code = punctuatorCode(tokens, k);
    if (code === CLOSE_PAREN || code === CLOSE_BRACKET) k = brackets.partner[k]!;
    else if (!TYPE_PUNCTUATORS.has(code)) return false;
  }
  return false;
}

/** `module.exports = {`, `exports.default = ({`: an object literal whose keys CommonJS exports one by one. */
function exportedLiteral(tokens: Tokens, open: number): boolean {
  let k = open - 1;
  while (punctuatorCode(tokens, k) === OPEN_PAREN) k--;
  return punctuatorCode(tokens, k) === EQUALS && (tokens.is(k - 1, 'exports') || tokens.is(k - 1, 'default'));
}

/**
 * The last token of what the name at `i` may declare, or -1 when it declares nothing with a body:
 * a class (`class Name ... { }`), a function or method (`Name(...) { }`, also with type parameters
 * and a return type), a value (`Name = ...`, `Name: ...`, `exports.Name = ...`: to the end of the
 * statement), or a member of a class or prototype class assigned after it (`Name.prototype.m = ...`,
 * `Name.m = ...`). Each reaches at least to the end of the declaration the compiler reads there.
 * A value counts only when the scanner may read it as a function, class or object, unless `anyValue`
 * (a variable's value: `const retrying = withRetry(op)`, also a member a prototype class holds).
 */
export function declarationEnd(tokens: Tokens, brackets: Brackets, i: number, anyValue = false): number {
  if (tokens.is(i - 1, 'class')) return bodyEnd(tokens, brackets, i + 1);
  let k = i + 1;
  // A computed key: `['create'](...) {`, `[createKey]: ...`.
  if (punctuatorCode(tokens, i - 1) === OPEN_BRACKET && punctuatorCode(tokens, k) === CLOSE_BRACKET) k++;
  while (tokens.isPunct(k, '?') || tokens.isPunct(k, '!')) k++;
  let code = punctuatorCode(tokens, k);
  if (code === LESS) {
    k = afterAngles(tokens, brackets, k);
    if (k === NOT_TYPE_PARAMETERS) return -1;
    if (k === TOO_LONG) return enclosingEnd(tokens, brackets, i);
    code = punctuatorCode(tokens, k);
  }
  if (code === OPEN_PAREN) {
    const close = brackets.partner[k]!;
    const after = punctuatorCode(tokens, close + 1);
    if (after === OPEN_BRACE) return brackets.partner[close + 1]!;
    return after === COLON ? bodyEnd(tokens, brackets, close + 2) : -1;
  }
  if (code === COLON) return statementEnd(tokens, brackets, k);
  if (code === EQUALS) return anyValue || valueMayBeUnit(tokens, k + 1) ? statementEnd(tokens, brackets, k) : -1;
  // `Name.prototype.m = ...`, `Name.prototype = {...}`, `Name.m = ...`.
  if (code === DOT && tokens.isIdentifier(k + 1)) {
    k += 2;
    if (punctuatorCode(tokens, k) === DOT && tokens.isIdentifier(k + 1)) k += 2;
    if (punctuatorCode(tokens, k) === EQUALS && (anyValue || valueMayBeUnit(tokens, k + 1))) return statementEnd(tokens, brackets, k);
  }
  return -1;
}

/**
 * Whether the value starting at token `k` may be one the scanner reads as a function, class or object
 * (see `valueUnit` in `units.ts`, and the prototype and static members it collects): a function, an
 * arrow, a class or an object literal, maybe in parentheses or after a type assertion. Any other value
 * (`const factory = new F()`, `exports.make = make`) is a variable, which builds nothing.
 */
function valueMayBeUnit(tokens: Tokens, k: number): boolean {
  const code = punctuatorCode(tokens, k);
  if (code === OPEN_BRACE || code === OPEN_PAREN || code === LESS || tokens.isPunct(k, '@')) return true;
  return UNIT_VALUE_WORDS.hasToken(tokens, k) || (tokens.isIdentifier(k) && tokens.isPunct(k + 1, '=>'));
}

/**
 * The end of the body after a class's name or a function's return type, starting at `from`: the
 * first `{` that follows the end of a type (a name, `>`, `)`, `]`, `}`, a literal), not a type
 * literal (`: { a: T } {`, `extends Base<{ a: T }> {`, `keyof {`). -1 at the end of the statement.
 */
function bodyEnd(tokens: Tokens, brackets: Brackets, from: number): number {
  for (let k = from; k < tokens.count; k++) {
    const code = punctuatorCode(tokens, k);
    if (code === OPEN_BRACE && endsType(tokens, k - 1)) return brackets.partner[k]!;
    if (OPENING.has(code)) k = brackets.partner[k]!;
    else if (code === SEMICOLON || CLOSING.has(code)) return -1;
  }
  return -1;
}

function endsType(tokens: Tokens, k: number): boolean {
  const kind = tokens.kind[k];
  if (kind === TokenKind.Identifier) return !TYPE_OPERATORS.hasToken(tokens, k);
  if (kind !== TokenKind.Punctuator) return kind === TokenKind.String || kind === TokenKind.Template || kind === TokenKind.Number;
  const code = punctuatorCode(tokens, k);
  return code === GREATER || CLOSING.has(code);
}

/**
 * The last token of the statement or member the token at `from` is part of: before a `;` or the
 * bracket closing the group around it, or before a line that starts a new statement after the end of
 * an expression (`... = () => x` then `export function ...`: no expression goes on with `function`).
 * A comma ends nothing (`Map<K, V>` types hold commas outside brackets).
 */
function statementEnd(tokens: Tokens, brackets: Brackets, from: number): number {
  for (let k = from + 1; k < tokens.count; k++) {
    const code = punctuatorCode(tokens, k);
    if (OPENING.has(code)) {
      k = brackets.partner[k]!;
      continue;
    }
    if (code === SEMICOLON || CLOSING.has(code)) return k - 1;
    if (tokens.newlineBefore[k] === 1 && STATEMENT_WORDS.hasToken(tokens, k) && endsExpression(tokens, k - 1)) return k - 1;
  }
  return tokens.count - 1;
}

function endsExpression(tokens: Tokens, k: number): boolean {
  const kind = tokens.kind[k];
  if (kind === TokenKind.Identifier) return !OPERAND_WORDS.hasToken(tokens, k);
  if (kind === TokenKind.Punctuator) return CLOSING.has(punctuatorCode(tokens, k));
  return kind !== TokenKind.TemplatePart && kind !== TokenKind.JsxText;
}

/** The token after the `<...>` at `k` (type parameters), or `NOT_TYPE_PARAMETERS` or `TOO_LONG`. */
export function afterAngles(tokens: Tokens, brackets: Brackets, k: number): number {
  let depth = 0;
  const limit = Math.min(tokens.count, k + 512);
  for (let m = k; m < limit; m++) {
    const code = punctuatorCode(tokens, m);
    if (code === LESS) depth++;
    else if (code === GREATER && --depth === 0) return m + 1;
    else if (OPENING.has(code)) m = brackets.partner[m]!;
    else if (code === SEMICOLON || CLOSING.has(code)) return NOT_TYPE_PARAMETERS;
  }
  return limit < tokens.count ? TOO_LONG : NOT_TYPE_PARAMETERS;
}

/** The last token of the group around token `i` (the whole text at the top level). */
function enclosingEnd(tokens: Tokens, brackets: Brackets, i: number): number {
  const open = brackets.enclosing[i]!;
  return open < 0 ? tokens.count - 1 : brackets.partner[open]!;
}
