/**
 * Token-level preconditions of the factory matcher `builds-product` (see `matchers/factory.ts`).
 *
 * Every product is a `new` expression the matcher can name (`new X`, `new ns.X`, `new this.ctors[k]`),
 * not of a platform value (`Map`, `Error`, see `builtin-constructors.ts`) nor of a factory or builder,
 * that a function returns: directly (`return new X()`, an arrow's body, a branch of `?:`, `||` or `??`,
 * through parentheses, `await` and type assertions) or through a holder it was assigned to
 * (`const x = new X()`, `this.x ??= new X()`, `map.set(k, new X())`). So the `new` follows one of a
 * few tokens (see `mayBeKeptAt` in `kept-values.ts`), and that is what the precondition asks.
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
import { declaredNames, nameTokens } from './names.js';
import { codeOfPunctuator, NOT_PUNCTUATOR, punctuatorCode } from './token-codes.js';
import { afterAngles, collectsUnits, declarationEnd, statementGroup } from './declarations.js';
import { mayBeKeptAt } from './kept-values.js';
import { type Brackets, bracketsOf, perText, readableAsCode, tokenAround } from './token-utils.js';

const OPEN_PAREN = codeOfPunctuator('(');
const OPEN_BRACE = codeOfPunctuator('{');
const OPEN_BRACKET = codeOfPunctuator('[');
const DOT = codeOfPunctuator('.');
const OPTIONAL_DOT = codeOfPunctuator('?.');
const LESS = codeOfPunctuator('<');
const ARROW = codeOfPunctuator('=>');

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
    const levels = new Map<number, boolean>();
    for (const i of nameTokens(tokens, matching, escapes ? named : undefined)) {
      if (!methods && !collectsUnits(tokens, brackets, statementGroup(tokens, brackets, i), levels)) continue;
      const last = declarationEnd(tokens, brackets, i);
      for (let s = firstAfter(sites, i); s < sites.length && sites[s]! <= last; s++) {
        if (constructorNamed || !inConstructor[s]) return true;
      }
    }
    return false;
  };
}

/** The token starting at text position `at`, or -1. */
function tokenStartingAt(tokens: Tokens, at: number): number {
  const i = tokenAround(tokens, at);
  return i >= 0 && tokens.start[i] === at ? i : -1;
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
  const constructors = constructorBodies(tokens, brackets);
  for (const n of wordTokens(tokens, 'new')) {
    if (!calleeMayBeProduct(tokens, brackets, n) || !mayBeKeptAt(tokens, brackets, n)) continue;
    found.sites.push(n);
    found.inConstructor.push(constructors.some(([open, close]) => open < n && n < close));
  }
  return found;
}

/** The identifier tokens spelling `word`, in order (found by searching the text). */
function wordTokens(tokens: Tokens, word: string): number[] {
  const found: number[] = [];
  const text = tokens.text;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    const i = tokenStartingAt(tokens, at);
    if (i >= 0 && tokens.kind[i] === TokenKind.Identifier && tokens.end[i] === at + word.length) found.push(i);
  }
  return found;
}

/** The constructors of the text (`constructor(...) {...}`), from their name to their body's `}`: parameters hold no product either. */
function constructorBodies(tokens: Tokens, brackets: Brackets): Array<[number, number]> {
  const bodies: Array<[number, number]> = [];
  for (const i of wordTokens(tokens, 'constructor')) {
    if (punctuatorCode(tokens, i + 1) !== OPEN_PAREN) continue;
    const before = punctuatorCode(tokens, i - 1);
    if (before === DOT || before === OPTIONAL_DOT) continue;
    const body = brackets.partner[i + 1]! + 1;
    if (punctuatorCode(tokens, body) === OPEN_BRACE) bodies.push([i, brackets.partner[body]!]);
  }
  return bodies;
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
