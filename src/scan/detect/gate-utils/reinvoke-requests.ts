/**
 * A failed request sent again, as the recursion matcher reads it (`resendsFailedRequest` in
 * `retry-utils/failure-handlers.ts`): an error handler calls something with the error's request
 * field as an argument, `axios(error.config)`, or through a variable it set from that field
 * (`const config = error.config`, `const { config } = error`). The matcher compares the argument's or
 * the initializer's chain (`chainText`, which reads through parentheses, `as`, `!` and `await`) with
 * `error.config`, so the field ends its chain and stands where an argument or an initializer can.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { type Names } from './reinvoke-names.js';
import { WordTable } from './token-codes.js';
import { type Brackets } from './token-utils.js';

/** Declaration keywords before a variable an initializer is given to. */
const DECLARES = new WordTable(['const', 'let', 'var']);
/** Tokens a chain may end before, as an argument (`send(error.config)`, `, x`) or an initializer (`;`, `}`, `as T`). */
const AFTER_A_CHAIN = new WordTable([')', ',', ';', '}', 'as']);
/** How far back a variable's type annotation is read (`const config: AxiosRequestConfig<{ a: 1 }> = error.config`). */
const TYPE_LIMIT = 64;

/** Whether the chain ending at token `end` ends there: nothing reads on from it (`.url`, `[0]`, `()`, `= x`). */
function endsAChain(tokens: Tokens, end: number): boolean {
  let next = end + 1;
  if (tokens.isPunct(next, '!')) next++;
  if (next >= tokens.count) return true;
  if (AFTER_A_CHAIN.hasToken(tokens, next)) return true;
  // A statement ended by a line break (`const config = error.config` then another statement).
  const kind = tokens.kind[next];
  return tokens.newlineBefore[next] === 1 && kind !== TokenKind.Punctuator && kind !== TokenKind.Template && kind !== TokenKind.TemplatePart;
}

/**
 * Whether the `=` at `equals` gives a variable its initializer (`const config =`, `let a = 1, config =`,
 * `const config: Config =`); when the type is too long to read back, it may.
 */
function initializes(tokens: Tokens, brackets: Brackets, equals: number): boolean {
  for (let k = equals - 1, steps = 0; k >= 0; k--, steps++) {
    if (steps > TYPE_LIMIT) return true;
    if (tokens.isPunct(k, ')') || tokens.isPunct(k, ']') || tokens.isPunct(k, '}')) {
      k = brackets.partner[k]!;
      continue;
    }
    // The variable's name, after a declaration keyword or a comma (the next declarator).
    if (tokens.isIdentifier(k) && (DECLARES.hasToken(tokens, k - 1) || tokens.isPunct(k - 1, ','))) {
      if (tokens.isPunct(k + 1, '=') || tokens.isPunct(k + 1, ':') || tokens.isPunct(k + 1, '!')) return true;
    }
    if (tokens.isPunct(k, ';') || tokens.isPunct(k, '{') || tokens.isPunct(k, '(') || tokens.isPunct(k, '[') || tokens.isPunct(k, '=')) return false;
  }
  return false;
}

/** Whether a chain starting at token `start` stands where an argument (`send(`, `, `) or an initializer may, through `(` and `await`. */
function standsAsArgumentOrInitializer(tokens: Tokens, brackets: Brackets, start: number): boolean {
  let k = start - 1;
  if (tokens.is(k, 'await')) k--;
  if (tokens.isPunct(k, '(') || tokens.isPunct(k, ',')) return true;
  return tokens.isPunct(k, '=') && initializes(tokens, brackets, k);
}

/**
 * Whether a request field read at token `i` (the field's name after `.`/`?.`, or the `[` of
 * `error['config']`) may be the one a resending handler reads: a field of a name that may be a
 * handler's first parameter (see `Names.isFirstParameter`), possibly through parentheses or `!`
 * (`(error as AxiosError).config`), that ends its chain where an argument or an initializer stands.
 */
export function readsRequestField(tokens: Tokens, brackets: Brackets, i: number, names: Names): boolean {
  const element = tokens.isPunct(i, '[');
  const end = element ? i + 2 : i;
  let object = element ? i - 1 : i - 2;
  if (element && tokens.isPunct(object, '?.')) object--;
  if (tokens.isPunct(object, '!')) object--;
  let start: number;
  if (tokens.isPunct(object, ')')) start = brackets.partner[object]!;
  else if (tokens.isIdentifier(object) && names.isFirstParameter(tokens.textOf(object))) start = object;
  else return false;
  return endsAChain(tokens, end) && standsAsArgumentOrInitializer(tokens, brackets, start);
}

/**
 * Whether the key at token `i`, inside a `{` group, may destructure a request field from a handler's
 * first parameter into a variable (`const { config } = error`, `const { config: c } = error as E`).
 */
export function destructuresRequestField(tokens: Tokens, brackets: Brackets, i: number, names: Names): boolean {
  const group = brackets.enclosing[i]!;
  if (group < 0 || !tokens.isPunct(group, '{') || !DECLARES.hasToken(tokens, group - 1)) return false;
  // A key of the pattern, not a default value's name or a nested pattern's.
  if (!tokens.isPunct(i - 1, '{') && !tokens.isPunct(i - 1, ',')) return false;
  let k = brackets.partner[group]! + 1;
  if (tokens.isPunct(k, ':')) {
    for (let steps = 0; k < tokens.count && !tokens.isPunct(k, '='); k++, steps++) {
      if (steps > TYPE_LIMIT) return true;
      if (tokens.isPunct(k, '(') || tokens.isPunct(k, '[') || tokens.isPunct(k, '{')) k = brackets.partner[k]!;
      else if (tokens.isPunct(k, ';') || tokens.isPunct(k, ')') || tokens.isPunct(k, '}')) return false;
    }
  }
  if (!tokens.isPunct(k, '=')) return false;
  k++;
  while (tokens.isPunct(k, '(') || tokens.is(k, 'await')) k++;
  // The parameter itself (`= error`, `= (error as E)`), not a field of it (`= error.response`).
  return tokens.isIdentifier(k) && names.isFirstParameter(tokens.textOf(k)) && (endsAChain(tokens, k) || tokens.is(k + 1, 'satisfies'));
}
