/**
 * Where a value may be kept, read from tokens: returned by a function or held by a variable or a
 * member, as the product facts (`productsOf` in `matchers/factory.ts`) and the holder facts
 * (`instanceSource` in `holders.ts`) read values. Shared by the factory gate and the instance gate.
 * It errs on the keeping side: a value it says is not kept is neither returned nor held.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { codeOfPunctuator, punctuatorCode, punctuatorCodes } from './token-codes.js';
import type { Brackets } from './token-utils.js';

const OPEN_PAREN = codeOfPunctuator('(');
const OPEN_BRACE = codeOfPunctuator('{');
const CLOSE_BRACKET = codeOfPunctuator(']');
const COMMA = codeOfPunctuator(',');
const DOT = codeOfPunctuator('.');
const OPTIONAL_DOT = codeOfPunctuator('?.');
const COLON = codeOfPunctuator(':');
const GREATER = codeOfPunctuator('>');

/**
 * Punctuators a returned or held value may follow: an arrow's body (`=>`), a branch (`?`, `:`, the
 * second `|` of `||`, the second `?` of `??`), an assignment or declaration (`=`, also ending `??=`;
 * `|=` ending `||=`), a type assertion (`<T>new X()`). The tokenizer reads `||` and `??` as two tokens.
 */
const BEFORE_PRODUCT = punctuatorCodes(['=>', '?', ':', '|', '=', '|=', '>']);

/**
 * Whether the value starting at token `n` (a `new`, a name) may be returned or held (see
 * `BEFORE_PRODUCT`): after `return` or `await`, one of those punctuators, or as the second argument of
 * a `set` call (`map.set(key, new X())`), with any parentheses around it.
 */
export function mayBeKeptAt(tokens: Tokens, brackets: Brackets, n: number): boolean {
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
export function objectKeyBefore(tokens: Tokens, brackets: Brackets, colon: number): boolean {
  let key = colon - 1;
  if (punctuatorCode(tokens, key) === CLOSE_BRACKET) key = brackets.partner[key]!;
  else {
    const kind = tokens.kind[key];
    if (kind !== TokenKind.Identifier && kind !== TokenKind.String && kind !== TokenKind.Number) return false;
  }
  const before = punctuatorCode(tokens, key - 1);
  return before === OPEN_BRACE || before === COMMA;
}
