/**
 * Token-level preconditions of the factory matcher `builds-product` (see `matchers/factory.ts`).
 *
 * Every product is a `new` expression the matcher can name (`new X`, `new ns.X`, `new this.ctors[k]`),
 * not of a platform value (`Map`, `Error`, see `builtin-constructors.ts`) nor of a factory or builder,
 * that a function returns: directly (`return new X()`, an arrow's body, a branch of `?:`, `||` or `??`,
 * through parentheses, `await` and type assertions) or through a holder it was assigned to
 * (`const x = new X()`, `this.x ??= new X()`, `map.set(k, new X())`). So the `new` follows one of a
 * few tokens (see `mayBeReturnedAt`), and that is what the precondition asks.
 *
 * A rule that needs both a product and a name (the factory rule: a factory or creator name) needs them
 * of one declaration, and the matcher only looks inside that declaration: a function's body, a class's
 * or object literal's methods (not a class's constructor), a prototype class's constructor and its
 * `X.prototype.m = ...` and `X.m = ...` statements. `mayBuildProductInDeclarationNamed` asks for a
 * product inside the tokens of a declaration so named (see `declarationEnd`), declared where the
 * scanner collects units (see `collectsUnits`) unless the rule also reports methods.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { isBuiltinConstructor } from '../builtin-constructors.js';
import { declaredNames } from './names.js';
import { codeOfPunctuator, NOT_PUNCTUATOR, punctuatorCode, punctuatorCodes, WordTable } from './token-codes.js';
import { type Brackets, bracketsOf, perText, readableAsCode } from './token-utils.js';

const OPEN_PAREN = codeOfPunctuator('(');
const OPEN_BRACE = codeOfPunctuator('{');
const OPEN_BRACKET = codeOfPunctuator('[');
const CLOSE_BRACKET = codeOfPunctuator(']');
const CLOSE_PAREN = codeOfPunctuator(')');
const COMMA = codeOfPunctuator(',');
const DOT = codeOfPunctuator('.');
const OPTIONAL_DOT = codeOfPunctuator('?.');
const COLON = codeOfPunctuator(':');
const EQUALS = codeOfPunctuator('=');
const LESS = codeOfPunctuator('<');
const GREATER = codeOfPunctuator('>');
const SEMICOLON = codeOfPunctuator(';');
const ARROW = codeOfPunctuator('=>');

/**
 * Punctuators a returned or held `new` may follow: an arrow's body (`=>`), a branch (`?`, `:`, the
 * second `|` of `||`, the second `?` of `??`), an assignment or declaration (`=`, also ending `??=`;
 * `|=` ending `||=`), a type assertion (`<T>new X()`). The tokenizer reads `||` and `??` as two tokens.
 */
const BEFORE_PRODUCT = punctuatorCodes(['=>', '?', ':', '|', '=', '|=', '>']);
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
/** The products the matcher leaves out of every unit (see `unitProducts`): a factory built is not a product. */
const FACTORY_OR_BUILDER = /(Factory|Builder)$/;

/** Where the `new` expressions that may build a product are, in order, and which of them sit in a class's constructor. */
interface ProductSites {
  sites: number[];
  inConstructor: boolean[];
}

/**
 * The precondition of `builds-product`: some `new` may build a product (see the module comment).
 * Text the tokens may not show as code (JSX read without JSX, a stray quote, a broken file) passes.
 */
export function mayBuildProduct(tokens: Tokens): boolean {
  if (!readableAsCode(tokens)) return true;
  return productSites(tokens).sites.length > 0;
}

/**
 * What a rule needing a product and one of the names `names` needs: a declaration named by one of
 * them whose own tokens hold a `new` that may build a product (outside a constructor, which the
 * matcher skips, unless a name may be `constructor` itself: a unit or method of that name). Unless
 * the rule reports methods (`methods`), the declaration is one the scanner collects as a unit.
 */
export function mayBuildProductInDeclarationNamed(names: readonly RegExp[], methods: boolean): (tokens: Tokens) => boolean {
  const constructorNamed = names.some((pattern) => pattern.test('constructor'));
  const named = (name: string): boolean => names.some((pattern) => pattern.test(name));
  return (tokens) => {
    if (names.length === 0) return false;
    // A prototype class's constructor function is its method `constructor`: no token names it so.
    if (methods && constructorNamed) return mayBuildProduct(tokens);
    const text = tokens.text;
    // Without a backslash in the text, no name is spelled with escapes: the declared names are all there is.
    const escapes = text.includes('\\');
    const matching = declaredNames(tokens).names.filter(named);
    if (matching.length === 0 && !escapes) return false;
    if (!readableAsCode(tokens)) return true;
    const { sites, inConstructor } = productSites(tokens);
    if (sites.length === 0) return false;
    const brackets = bracketsOf(tokens)!;
    const table = new WordTable(matching);
    const levels = new Map<number, boolean>();
    for (let i = 0; i < tokens.count; i++) {
      const kind = tokens.kind[i];
      const start = tokens.start[i]!;
      const end = tokens.end[i]!;
      if (kind === TokenKind.Identifier) {
        if (!table.hasRange(text, start, end) && !(escapes && hasBackslash(text, start, end) && named(decodeIdentifier(tokens.textOf(i))))) continue;
      } else if (kind === TokenKind.String || kind === TokenKind.Template) {
        if (!table.hasRange(text, start + 1, end - 1) && !(escapes && named(tokens.stringValue(i) ?? ''))) continue;
      } else {
        continue;
      }
      if (!methods && !collectsUnits(tokens, brackets, statementGroup(tokens, brackets, i), levels)) continue;
      const last = declarationEnd(tokens, brackets, i);
      for (let s = firstAfter(sites, i); s < sites.length && sites[s]! <= last; s++) {
        if (constructorNamed || !inConstructor[s]) return true;
      }
    }
    return false;
  };
}

function hasBackslash(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) === 92) return true;
  return false;
}

/** An identifier's name with its unicode escapes resolved (`\u0063reate`, `\u{63}reate`). */
function decodeIdentifier(raw: string): string {
  return raw.replace(/\\u(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/g, (_, braced: string | undefined, plain: string | undefined) => String.fromCodePoint(parseInt(braced ?? plain!, 16)));
}

/** The `{` whose statements hold token `i`: the innermost `{` around it, across parentheses and brackets (-1 at the top level). */
function statementGroup(tokens: Tokens, brackets: Brackets, i: number): number {
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
function collectsUnits(tokens: Tokens, brackets: Brackets, open: number, levels: Map<number, boolean>): boolean {
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

/** The index of the first site after token `i` (binary search). */
function firstAfter(sites: readonly number[], i: number): number {
  let low = 0;
  let high = sites.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sites[middle]! <= i) low = middle + 1;
    else high = middle;
  }
  return low;
}

function productSites(tokens: Tokens): ProductSites {
  return perText(tokens, 'factory-products', () => findProductSites(tokens, bracketsOf(tokens)));
}

function findProductSites(tokens: Tokens, brackets: Brackets | undefined): ProductSites {
  const found: ProductSites = { sites: [], inConstructor: [] };
  if (!brackets) return found;
  // Where the bodies of the constructors the scan is inside end, innermost last.
  const constructorEnds: number[] = [];
  for (let i = 0; i < tokens.count; i++) {
    while (constructorEnds.length > 0 && constructorEnds[constructorEnds.length - 1]! < i) constructorEnds.pop();
    if (tokens.kind[i] !== TokenKind.Identifier) continue;
    const body = constructorBody(tokens, brackets, i);
    if (body >= 0) {
      constructorEnds.push(brackets.partner[body]!);
      continue;
    }
    if (!tokens.is(i, 'new') || !calleeMayBeProduct(tokens, brackets, i) || !mayBeReturnedAt(tokens, brackets, i)) continue;
    found.sites.push(i);
    found.inConstructor.push(constructorEnds.length > 0);
  }
  return found;
}

/** The `{` of a constructor's body when token `i` names one (`constructor(...) {`), else -1. */
function constructorBody(tokens: Tokens, brackets: Brackets, i: number): number {
  if (!tokens.is(i, 'constructor') || punctuatorCode(tokens, i + 1) !== OPEN_PAREN) return -1;
  const before = punctuatorCode(tokens, i - 1);
  if (before === DOT || before === OPTIONAL_DOT) return -1;
  const body = brackets.partner[i + 1]! + 1;
  return punctuatorCode(tokens, body) === OPEN_BRACE ? body : -1;
}

/**
 * Whether the `new` at `n` may build something the matcher counts: not `new.target`, a construct
 * signature (`new () => T`), a class or function expression, or a platform value, factory or builder
 * named by the last name of its callee (`new ns.Map`, `new this['Error']`). A callee the tokens do not
 * name plainly (`new (getCtor())()`, `new ctors[kind]()`) may build anything.
 */
function calleeMayBeProduct(tokens: Tokens, brackets: Brackets, n: number): boolean {
  const first = n + 1;
  if (first >= tokens.count) return false;
  const code = punctuatorCode(tokens, first);
  if (code === DOT) return false;
  if (code === OPEN_PAREN) {
    const close = brackets.partner[first]!;
    return close !== first + 1 && punctuatorCode(tokens, close + 1) !== ARROW;
  }
  if (tokens.kind[first] !== TokenKind.Identifier) return true;
  if (tokens.is(first, 'class') || tokens.is(first, 'function') || tokens.is(first, 'new')) return false;
  let name = first;
  let k = first + 1;
  for (;;) {
    const next = punctuatorCode(tokens, k);
    if (next === NOT_PUNCTUATOR) break;
    if (tokens.isPunct(k, '!')) {
      k++;
    } else if (next === DOT || next === OPTIONAL_DOT) {
      if (!tokens.isIdentifier(k + 1)) return true;
      name = k + 1;
      k += 2;
    } else if (next === OPEN_BRACKET) {
      // `this.ctors['Widget']` is named by its key; any other key names no constructor the matcher skips.
      const close = brackets.partner[k]!;
      const kind = tokens.kind[k + 1];
      if (close !== k + 2 || (kind !== TokenKind.String && kind !== TokenKind.Template && kind !== TokenKind.Number)) return true;
      name = k + 1;
      k = close + 1;
    } else {
      break;
    }
  }
  if (usedOnTheSpot(tokens, brackets, k)) return false;
  const raw = tokens.textOf(name);
  if (raw.includes('\\')) return true;
  const value = tokens.kind[name] === TokenKind.Identifier ? (raw.startsWith('#') ? raw.slice(1) : raw) : tokens.stringValue(name) ?? raw;
  return !isBuiltinConstructor(value) && !FACTORY_OR_BUILDER.test(value);
}

/**
 * Whether the instance of a `new` whose callee ends before token `k` is used on the spot: a member read
 * or a call on it (`new URLBuilder(base).toString()`, `new Parser()(text)`), which is what is returned
 * or held then, not the instance.
 */
function usedOnTheSpot(tokens: Tokens, brackets: Brackets, k: number): boolean {
  if (punctuatorCode(tokens, k) === LESS) {
    k = afterAngles(tokens, brackets, k);
    if (k < 0) return false;
  }
  if (punctuatorCode(tokens, k) === OPEN_PAREN) k = brackets.partner[k]! + 1;
  while (tokens.isPunct(k, '!')) k++;
  const code = punctuatorCode(tokens, k);
  return code === DOT || code === OPTIONAL_DOT || code === OPEN_BRACKET || code === OPEN_PAREN;
}

/**
 * Whether the `new` at `n` may be returned or held (see `BEFORE_PRODUCT`): after `return` or `await`,
 * one of those punctuators, or as the second argument of a `set` call (`map.set(key, new X())`), with
 * any parentheses around it.
 */
function mayBeReturnedAt(tokens: Tokens, brackets: Brackets, n: number): boolean {
  let k = n - 1;
  while (k >= 0 && punctuatorCode(tokens, k) === OPEN_PAREN) k--;
  if (k < 0) return false;
  if (tokens.kind[k] === TokenKind.Identifier) return tokens.is(k, 'return') || tokens.is(k, 'await');
  const code = punctuatorCode(tokens, k);
  if (code === COLON) return !objectKeyBefore(tokens, brackets, k);
  if (BEFORE_PRODUCT.has(code)) return true;
  if (code !== COMMA) return false;
  const open = brackets.enclosing[k]!;
  if (open < 1 || punctuatorCode(tokens, open) !== OPEN_PAREN) return false;
  // `map.set<K, V>(key, new X())`: type arguments before the call.
  if (punctuatorCode(tokens, open - 1) === GREATER) return true;
  const before = punctuatorCode(tokens, open - 2);
  return tokens.is(open - 1, 'set') && (before === DOT || before === OPTIONAL_DOT);
}

/**
 * Whether the `:` at `colon` follows a key of an object literal (`{ body: new Stream() }`, `, [k]: ...`):
 * a name, string or number, or a computed key, right after a `{` or `,`. A value there is neither
 * returned nor held. A branch of a conditional (`a ? b : new X()`) has a `?` before its first branch.
 */
function objectKeyBefore(tokens: Tokens, brackets: Brackets, colon: number): boolean {
  let key = colon - 1;
  if (punctuatorCode(tokens, key) === CLOSE_BRACKET) key = brackets.partner[key]!;
  else {
    const kind = tokens.kind[key];
    if (kind !== TokenKind.Identifier && kind !== TokenKind.String && kind !== TokenKind.Number) return false;
  }
  const before = punctuatorCode(tokens, key - 1);
  return before === OPEN_BRACE || before === COMMA;
}

/**
 * The last token of what the name at `i` may declare, or -1 when it declares nothing with a body:
 * a class (`class Name ... { }`), a function or method (`Name(...) { }`, also with type parameters
 * and a return type), a value (`Name = ...`, `Name: ...`, `exports.Name = ...`: to the end of the
 * statement), or a member of a class or prototype class assigned after it (`Name.prototype.m = ...`,
 * `Name.m = ...`). Each reaches at least to the end of the declaration the compiler reads there.
 */
function declarationEnd(tokens: Tokens, brackets: Brackets, i: number): number {
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
  if (code === EQUALS) return valueMayBeUnit(tokens, k + 1) ? statementEnd(tokens, brackets, k) : -1;
  // `Name.prototype.m = ...`, `Name.prototype = {...}`, `Name.m = ...`.
  if (code === DOT && tokens.isIdentifier(k + 1)) {
    k += 2;
    if (punctuatorCode(tokens, k) === DOT && tokens.isIdentifier(k + 1)) k += 2;
    if (punctuatorCode(tokens, k) === EQUALS && valueMayBeUnit(tokens, k + 1)) return statementEnd(tokens, brackets, k);
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

/** `afterAngles` of a `<` whose `>` does not come before a `;` or a closing bracket: a comparison, no type parameters. */
const NOT_TYPE_PARAMETERS = -1;
/** `afterAngles` of a `<` whose `>` does not come within a few hundred tokens (anything may follow). */
const TOO_LONG = -2;

/** The token after the `<...>` at `k` (type parameters), or `NOT_TYPE_PARAMETERS` or `TOO_LONG`. */
function afterAngles(tokens: Tokens, brackets: Brackets, k: number): number {
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

