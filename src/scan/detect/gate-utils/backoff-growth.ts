/**
 * The token-level reading of a growing delay (`growthOf` in `matchers/backoff.ts`): a product counts
 * only with an attempt or a delay among its operands, a power or a shift only with an exponent that is
 * not a number, `pow` only as `Math.pow` with such an exponent. Most files multiply; few multiply an
 * attempt or a delay.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { type Brackets, perText } from './token-utils.js';

/** Names of attempt counters (`ATTEMPT_NAME`); a bare `n` or `i` counts only beside a delay, or within a larger operand. */
const ATTEMPT_NAME = /attempt|retr|tries|tryCount|try_count|iteration|failure_?count|^times$|^n$|^i$/i;
/** A loop index, which alone (`i * 2`) is no attempt (upper case it is: the matcher's exception is case-sensitive). */
const INDEX_NAME = /^(n|i)$/;
/** Names of delays (`DELAY_NAME`). */
const DELAY_NAME = /delay|wait|backoff|interval|timeout|sleep|jitter|cooldown|ms$|millis|seconds|duration|base|cap/i;

/** Punctuators an operand of `*` reads through: members, assertions, and operators that bind as tightly (`*`, `/`, `%`). */
const WITHIN_PRODUCT = new Set(['.', '?.', '!', '*', '/', '%']);
/** Those of a shift's operand: sums bind more tightly than a shift (`base + d << n - 1`). */
const WITHIN_SHIFT = new Set([...WITHIN_PRODUCT, '+', '-']);
/** Words before a `*` that is no product (`import * as`, `function*`, `yield*`, `static *gen()`). */
const NOT_BEFORE_PRODUCT = new Set(['import', 'export', 'function', 'yield', 'async', 'static']);
/** Words an operand never holds, that may come before one (`return 1 << n`, `case 2 * k:`). */
const BEFORE_OPERAND = new Set(['return', 'throw', 'case', 'else', 'do', 'yield', 'in', 'of', 'instanceof', 'extends', 'const', 'var', 'export', 'default']);
/** Operators in front of an operand (`x * -attempt`, `d * +s`). */
const UNARY = new Set(['-', '+', '!', '~']);

function nameOf(tokens: Tokens, k: number): string | undefined {
  if (tokens.isIdentifier(k)) return tokens.textOf(k);
  return tokens.kind[k] === TokenKind.String || tokens.kind[k] === TokenKind.Template ? tokens.stringValue(k) : undefined;
}

function isPunctIn(tokens: Tokens, k: number, set: ReadonlySet<string>): boolean {
  return tokens.kind[k] === TokenKind.Punctuator && tokens.end[k]! - tokens.start[k]! <= 2 && set.has(tokens.textOf(k));
}

/** An operand: its tokens `[from, to)` (groups in it included). */
interface Operand {
  from: number;
  to: number;
}

/** The operand ending before token `k` (read back through members, calls, groups and tighter operators). */
function operandBefore(tokens: Tokens, brackets: Brackets, k: number, within = WITHIN_PRODUCT): Operand {
  const to = k;
  let j = k - 1;
  for (; j >= 0; j--) {
    if (tokens.isPunct(j, ')') || tokens.isPunct(j, ']')) j = brackets.partner[j]!;
    else if (tokens.kind[j] === TokenKind.Punctuator && !isPunctIn(tokens, j, within)) break;
    else if (tokens.isIdentifier(j) && BEFORE_OPERAND.has(tokens.textOf(j)) && !tokens.isPunct(j - 1, '.') && !tokens.isPunct(j - 1, '?.')) break;
  }
  return { from: j + 1, to };
}

/** The operand starting after token `k` (unary operators in front of it included). */
function operandAfter(tokens: Tokens, brackets: Brackets, k: number, within = WITHIN_PRODUCT): Operand {
  const from = k + 1;
  let j = from;
  while (j < tokens.count && isPunctIn(tokens, j, UNARY)) j++;
  for (; j < tokens.count; j++) {
    if (tokens.isPunct(j, '(') || tokens.isPunct(j, '[')) j = brackets.partner[j]!;
    else if (tokens.kind[j] === TokenKind.Punctuator && !isPunctIn(tokens, j, within)) break;
  }
  return { from, to: j };
}

/** Whether an operand is a number literal alone (`2`, `-1`): a constant exponent or shift. */
function isNumber(tokens: Tokens, operand: Operand): boolean {
  let k = operand.from;
  if (isPunctIn(tokens, k, UNARY)) k++;
  return k === operand.to - 1 && tokens.kind[k] === TokenKind.Number;
}

/**
 * Locals initialised from a delay (`let d = baseMs`, `let d: number = cfg.delay`: `holdsDelay`): the
 * names before an `=` (back to where the declaration starts) whose value, up to the end of its
 * statement or list item, names a delay. Read loosely: any assignment counts.
 */
function delayLocals(tokens: Tokens, brackets: Brackets): Set<string> {
  return perText(tokens, 'delay-locals', () => {
    const names = new Set<string>();
    for (let k = 1; k < tokens.count; k++) {
      if (!tokens.isPunct(k, '=') || !valueNamesADelay(tokens, brackets, k + 1)) continue;
      // The declared name: before the `=`, or before the `:` of its type (`let d: Array<number> = …`).
      let name = k - 1;
      for (let j = k - 1; j >= 0 && j > k - 32 && !tokens.isPunct(j, ';') && !tokens.isPunct(j, '{') && !tokens.isPunct(j, '}'); j--) {
        if (tokens.isPunct(j, ':')) {
          name = j - 1;
          break;
        }
      }
      if (tokens.isIdentifier(name) && !tokens.isPunct(name - 1, '.') && !tokens.isPunct(name - 1, '?.')) names.add(tokens.textOf(name));
    }
    return names;
  });
}

/** Whether the value starting at token `from` names a delay before its statement or list item ends. */
function valueNamesADelay(tokens: Tokens, brackets: Brackets, from: number): boolean {
  for (let j = from; j < tokens.count; j++) {
    if (tokens.isPunct(j, '(') || tokens.isPunct(j, '[') || tokens.isPunct(j, '{')) {
      const close = brackets.partner[j]!;
      for (let inner = j + 1; inner < close; inner++) if (namesADelay(tokens, inner)) return true;
      j = close;
    } else if (tokens.isPunct(j, ';') || tokens.isPunct(j, ',') || tokens.isPunct(j, ')') || tokens.isPunct(j, ']') || tokens.isPunct(j, '}')) return false;
    else if (namesADelay(tokens, j)) return true;
  }
  return false;
}

function namesADelay(tokens: Tokens, k: number): boolean {
  const name = nameOf(tokens, k);
  return name !== undefined && DELAY_NAME.test(name);
}

/** What an operand names: whether a delay (by name, or a local initialised from one), an attempt, an identifier at all. */
interface OperandNames {
  /** A delay's name in it (`mentions(side, DELAY_NAME)`). */
  delayName: boolean;
  /** That, or a local initialised from a delay (`holdsDelay`). */
  delay: boolean;
  attempt: boolean;
  /** A bare `n` or `i` and nothing else: a loop index, an attempt only beside a delay. */
  indexAlone: boolean;
  /** Identifiers that are no member's name (`count` in `opts.step * count`, not `length` in `xs.length`). */
  identifiers: string[];
  names: string[];
}

function namesIn(tokens: Tokens, brackets: Brackets, operand: Operand): OperandNames {
  const found: OperandNames = { delayName: false, delay: false, attempt: false, indexAlone: false, identifiers: [], names: [] };
  let locals: Set<string> | undefined;
  for (let k = operand.from; k < operand.to; k++) {
    const name = nameOf(tokens, k);
    if (name === undefined) continue;
    found.names.push(name);
    if (tokens.isIdentifier(k) && !tokens.isPunct(k - 1, '.') && !tokens.isPunct(k - 1, '?.')) found.identifiers.push(name);
    if (DELAY_NAME.test(name)) found.delayName = found.delay = true;
    else if ((locals ??= delayLocals(tokens, brackets)).has(name)) found.delay = true;
    if (ATTEMPT_NAME.test(name)) found.attempt = true;
  }
  found.indexAlone = operand.to - operand.from === 1 && INDEX_NAME.test(tokens.textOf(operand.from));
  return found;
}

/** Words before a `(` that holds no parameters. */
const NOT_PARAMETERS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with']);

/**
 * Names that may be a function's parameters (`isParam` reads the function around the product): the
 * names in a `(…)` followed by `=>`, `{` or a return type, and a name before `=>`. Read loosely: any
 * function's parameters count.
 */
function parameterNames(tokens: Tokens, brackets: Brackets): Set<string> {
  return perText(tokens, 'parameter-names', () => {
    const names = new Set<string>();
    for (let k = 0; k < tokens.count; k++) {
      if (tokens.isPunct(k, '=>') && tokens.isIdentifier(k - 1)) names.add(tokens.textOf(k - 1));
      if (!tokens.isPunct(k, ')') || !(tokens.isPunct(k + 1, '=>') || tokens.isPunct(k + 1, '{') || tokens.isPunct(k + 1, ':'))) continue;
      const open = brackets.partner[k]!;
      if (tokens.isIdentifier(open - 1) && NOT_PARAMETERS.has(tokens.textOf(open - 1))) continue;
      for (let j = open + 1; j < k; j++) if (tokens.isIdentifier(j)) names.add(tokens.textOf(j));
    }
    return names;
  });
}

function namesAParameter(tokens: Tokens, brackets: Brackets, operand: OperandNames): boolean {
  if (operand.identifiers.length === 0) return false;
  const parameters = parameterNames(tokens, brackets);
  return operand.identifiers.some((name) => parameters.has(name));
}

/** Whether an operand may hold a delay: a delay's name in it, or a local initialised from one (`holdsDelay`). */
function holdsADelay(tokens: Tokens, brackets: Brackets, operand: Operand): boolean {
  return namesIn(tokens, brackets, operand).delay;
}

/**
 * Whether the product at token `k` may grow a delay (`growthOf`): an attempt in an operand (a bare loop
 * index only beside a delay), a delay times a value with a name in it (`count * stepMs`), or a delay
 * multiplied in an assignment back to it (`delay = Math.min(delay * 2, max)`).
 */
function productMayGrow(tokens: Tokens, brackets: Brackets, k: number): boolean {
  const left = namesIn(tokens, brackets, operandBefore(tokens, brackets, k));
  const right = namesIn(tokens, brackets, operandAfter(tokens, brackets, k));
  if (left.attempt && (!left.indexAlone || right.delay)) return true;
  if (!left.attempt && right.attempt && (!right.indexAlone || left.delay)) return true;
  if ((left.delayName && !right.delayName && namesAParameter(tokens, brackets, right)) || (right.delayName && !left.delayName && namesAParameter(tokens, brackets, left))) return true;
  return (left.delay || right.delay) && assignedBack(tokens, brackets, k, [...left.names, ...right.names]);
}

/**
 * Whether the product at token `k` may lie in a value assigned to one of `names` holding a delay: an
 * `=` before it in its statement, or in a statement holding its group, whose target ends with such a name.
 */
function assignedBack(tokens: Tokens, brackets: Brackets, k: number, names: string[]): boolean {
  const { partner, enclosing } = brackets;
  let position = k;
  for (;;) {
    const group = enclosing[position]!;
    let j = position - 1;
    for (; j > group; j--) {
      if (tokens.isPunct(j, ')') || tokens.isPunct(j, ']') || tokens.isPunct(j, '}')) j = partner[j]!;
      // Another statement of this group; the assignment may still hold the group (`d = f(() => { …; return d * 2; })`).
      else if (tokens.isPunct(j, ';')) break;
      else if (tokens.isPunct(j, '=')) {
        let t = j - 1;
        while (tokens.isPunct(t, ')') || tokens.isPunct(t, '!') || tokens.isPunct(t, ']')) t--;
        const target = nameOf(tokens, t);
        if (target !== undefined && names.includes(target) && holdsDelay(tokens, brackets, t)) return true;
      }
    }
    if (group < 0) return false;
    position = group;
  }
}

/** Whether the target ending at token `last` holds a delay: a delay's name in its chain, or a local initialised from one. */
function holdsDelay(tokens: Tokens, brackets: Brackets, last: number): boolean {
  let from = last;
  while (from > 0 && (tokens.isPunct(from - 1, '.') || tokens.isPunct(from - 1, '?.') || tokens.isPunct(from - 1, '[') || tokens.isPunct(from - 1, ']'))) from -= 2;
  return namesIn(tokens, brackets, { from: Math.max(from, 0), to: last + 1 }).delay;
}

/** Whether token `k` may end a product's left operand: a value, a closing bracket, `!`, a postfix `++`/`--`. */
function endsAnOperand(tokens: Tokens, k: number): boolean {
  const kind = tokens.kind[k];
  // `import type * as t`, `export type * from`.
  if (kind === TokenKind.Identifier) return !NOT_BEFORE_PRODUCT.has(tokens.textOf(k)) && !(tokens.is(k, 'type') && (tokens.is(k - 1, 'import') || tokens.is(k - 1, 'export')));
  if (kind !== TokenKind.Punctuator) return k >= 0;
  return [')', ']', '}', '!', '+', '-'].some((p) => tokens.isPunct(k, p));
}

function adjacent(tokens: Tokens, k: number): boolean {
  return tokens.end[k] === tokens.start[k + 1];
}

/**
 * Whether some growth of a delay may be written in the tokens: `a ** b` or `a << b` with `b` no
 * number, `Math.pow(a, b)` likewise, `a * b` with a delay or attempt among its operands, `d *= f` or
 * `d <<= 1` on a delay.
 */
export function mayGrowInTokens(tokens: Tokens, brackets: Brackets): boolean {
  // The loop reads every token of the file: it looks only at kinds and character codes, and leaves
  // the few tokens that may start a growth to `growthAt` (a small loop compiles quickly; the engine
  // compiled the whole reading, inlined, several times over while it warmed up).
  const text = tokens.text;
  const kinds = tokens.kind;
  const starts = tokens.start;
  // Without a backslash in the text, no string spells `pow` with escapes.
  const escapes = text.includes('\\');
  for (let k = 0; k < tokens.count; k++) {
    const kind = kinds[k];
    if (kind === TokenKind.Punctuator) {
      const c = text.charCodeAt(starts[k]!);
      // Only `*`, `*=` and `<` start a growth.
      if (c !== 42 /* * */ && c !== 60 /* < */) continue;
      const next = growthAt(tokens, brackets, k);
      if (next < 0) return true;
      k = next;
    } else if ((kind === TokenKind.Identifier || kind === TokenKind.String) && spellsPow(tokens, k, escapes) && powOfAVariable(tokens, brackets, k)) return true;
  }
  return false;
}

/** Whether token `k`, an identifier or a string, names `pow` (a string by its value: `'p\x6fw'`). */
function spellsPow(tokens: Tokens, k: number, escapes: boolean): boolean {
  if (tokens.kind[k] === TokenKind.Identifier) return tokens.is(k, 'pow');
  const text = tokens.text;
  const start = tokens.start[k]! + 1;
  const end = tokens.end[k]! - 1;
  if (end - start === 3) return text.charCodeAt(start) === 112 /* p */ && text.charCodeAt(start + 1) === 111 /* o */ && text.charCodeAt(start + 2) === 119 /* w */;
  // An escape only makes a value shorter than its spelling; without one, the spelling is the value.
  if (!escapes || end - start < 3) return false;
  for (let j = start; j < end; j++) if (text.charCodeAt(j) === 92 /* backslash */) return tokens.stringValue(k) === 'pow';
  return false;
}

/**
 * What the punctuator at token `k` (`*`, `*=`, `<`) makes of a growth: -1 when it may grow a delay,
 * else the token to read on after (`k`, or `k + 1` past the second token of `**`, `**=` or `<<`).
 */
function growthAt(tokens: Tokens, brackets: Brackets, k: number): number {
  if (tokens.isPunct(k, '*')) {
    if (tokens.isPunct(k + 1, '*') && adjacent(tokens, k)) {
      // `a ** b`: an exponent that is no number (a position's power is no delay either, but rare).
      return isNumber(tokens, operandAfter(tokens, brackets, k + 1)) ? k + 1 : -1;
    }
    if (tokens.isPunct(k + 1, '*=') && adjacent(tokens, k)) return k + 1;
    return endsAnOperand(tokens, k - 1) && productMayGrow(tokens, brackets, k) ? -1 : k;
  }
  if (tokens.isPunct(k, '*=')) return holdsADelay(tokens, brackets, operandBefore(tokens, brackets, k)) ? -1 : k;
  if (!tokens.isPunct(k, '<') || !adjacent(tokens, k)) return k;
  if (tokens.isPunct(k + 1, '<=')) return holdsADelay(tokens, brackets, operandBefore(tokens, brackets, k)) ? -1 : k;
  if (!tokens.isPunct(k + 1, '<')) return k;
  // `1 << attempt`, `baseMs << retries`: a number or a delay shifted, or a shift by an attempt; never by a number.
  const left = operandBefore(tokens, brackets, k, WITHIN_SHIFT);
  const right = operandAfter(tokens, brackets, k + 1, WITHIN_SHIFT);
  if (!isNumber(tokens, right) && (isNumber(tokens, left) || namesIn(tokens, brackets, left).delay || namesIn(tokens, brackets, right).attempt)) return -1;
  return k + 1;
}

/** Whether `pow` at token `k` is a call of a member `pow` (`Math.pow(a, b)`, `Math['pow']`) with `b` no number. */
function powOfAVariable(tokens: Tokens, brackets: Brackets, k: number): boolean {
  // `Math` is not checked: the matcher reads the callee through parentheses and assertions (`(Math).pow`).
  const isString = tokens.kind[k] === TokenKind.String;
  if (isString ? !(tokens.isPunct(k - 1, '[') && tokens.isPunct(k + 1, ']')) : !(tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.'))) return false;
  let open = isString ? k + 2 : k + 1;
  if (tokens.isPunct(open, '?.')) open++;
  if (!tokens.isPunct(open, '(')) return false;
  const close = brackets.partner[open]!;
  for (let j = open + 1; j < close; j++) {
    if (tokens.isPunct(j, '(') || tokens.isPunct(j, '[') || tokens.isPunct(j, '{')) j = brackets.partner[j]!;
    else if (tokens.isPunct(j, ',')) return !isNumber(tokens, { from: j + 1, to: nextComma(tokens, brackets, j + 1, close) });
  }
  return false;
}

function nextComma(tokens: Tokens, brackets: Brackets, from: number, close: number): number {
  for (let j = from; j < close; j++) {
    if (tokens.isPunct(j, '(') || tokens.isPunct(j, '[') || tokens.isPunct(j, '{')) j = brackets.partner[j]!;
    else if (tokens.isPunct(j, ',')) return j;
  }
  return close;
}
