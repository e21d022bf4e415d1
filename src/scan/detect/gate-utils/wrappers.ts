/**
 * The token-level precondition of a tentative wrapper (see `tentativeWrapper` in `analyze-file.ts`):
 * a declaration reported on its name alone, because it forwards to something named like the concept.
 *
 * The analysis reports one only for a unit (see `units.ts`) whose name a name signal matches and no
 * `exclude` name signal vetoes, that delegates to a local name (an import or a top-level declaration)
 * the name signals match too, other than the unit's own: it calls it (`withRetry(op)`, the root of a
 * chain: `retrier.run(op)`), instantiates it (`new Retrier()`) or extends it (`extends Retrier`,
 * `extends lib.Retrier`). A name so bound is spelled at least twice in the file: where it is bound
 * (never after a dot) and where the unit uses it.
 *
 * So `mayHoldWrapperNamed` asks for a declaration named by such a name, where the scanner collects
 * units (see `collectsUnits`), whose own tokens (see `declarationEnd`, decorators included) hold such
 * a use of another name so named, spelled again elsewhere not after a dot. A parent given by
 * `util.inherits(Child, Base)` sits outside the child's tokens: a file that calls `.inherits(` passes,
 * as does one whose names the tokens may not read (escapes in identifiers, a broken file).
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { collectsUnits, declarationEnd, statementGroup } from './declarations.js';
import { declaredNames, nameTokens } from './names.js';
import { codeOfPunctuator, punctuatorCode, punctuatorCodes, WordTable } from './token-codes.js';
import { type Brackets, bracketsOf, perText, readableAsCode, tokenAround } from './token-utils.js';

const DOT = codeOfPunctuator('.');
const OPTIONAL_DOT = codeOfPunctuator('?.');
const AT = codeOfPunctuator('@');
const CLOSE_PAREN = codeOfPunctuator(')');
/** Tokens after the root of a callee: a call, a member, an element, a non-null mark, type arguments (a closing parenthesis: see `usedAsDelegate`). */
const CALLEE_ROOT_NEXT = punctuatorCodes(['(', '.', '?.', '[', '!', '<']);
const OPEN_PAREN = codeOfPunctuator('(');
const OPEN_BRACE = codeOfPunctuator('{');
const EQUALS = codeOfPunctuator('=');
const LESS = codeOfPunctuator('<');
const STAR = codeOfPunctuator('*');
const OPEN_BRACKET = codeOfPunctuator('[');
const COMMA = codeOfPunctuator(',');
const COLON = codeOfPunctuator(':');
const SEMICOLON = codeOfPunctuator(';');
const CLOSING = punctuatorCodes([')', ']', '}']);
/** Words before a variable's name. */
const DECLARING_WORDS = new WordTable(['const', 'let', 'var']);
/** Words before the pattern or list of a top-level binding: `const {`, `import {`, `export const [`. */
const BINDING_WORDS = new WordTable(['const', 'let', 'var', 'import', 'export', 'type', 'using']);
/** Tokens a leading call comes right after: an arrow, a block's start, an initializer, a type assertion (see `leadsACall`). */
const LEADING_AFTER = punctuatorCodes(['=>', '{', '=', '>']);
/** Words between a class's decorators and `class`. */
const CLASS_MODIFIERS = new WordTable(['export', 'default', 'abstract', 'declare']);

/**
 * The precondition of a tentative wrapper named by one of `names` and by none of `excluded` (the
 * rule's `exclude` name patterns, which veto the unit): see the module comment.
 */
export function mayHoldWrapperNamed(names: readonly RegExp[], excluded: readonly RegExp[]): (tokens: Tokens) => boolean {
  const named = (name: string): boolean => names.some((pattern) => pattern.test(name));
  const unitNamed = (name: string): boolean => named(name) && !excluded.some((pattern) => pattern.test(name));
  return (tokens) => {
    if (names.length === 0) return false;
    const declared = declaredNames(tokens);
    if (declared.unreadable) return true;
    const matching = declared.names.filter(unitNamed);
    if (matching.length === 0) return false;
    const file = perText(tokens, 'wrapper-file', () => ({
      unreadable: !readableAsCode(tokens) || hasEscapedIdentifier(tokens) || callsInherits(tokens),
      // In a namespace a unit's local name is the namespace's (`Net` for `Net.retry`): it may delegate to its own name.
      namespaces: declaresNamespace(tokens),
    }));
    if (file.unreadable) return true;
    const brackets = bracketsOf(tokens)!;
    const levels = new Map<number, boolean>();
    const ownNameMayDelegate = file.namespaces;
    const matches = new Map<string, boolean>();
    const delegate = (name: string): boolean => {
      let known = matches.get(name);
      if (known === undefined) matches.set(name, (known = named(name)));
      return known;
    };
    // A string key written with escapes (`'r\x65tryAll'() {}`) is found by its value.
    const spelled = nameTokens(tokens, matching, tokens.text.includes('\\') ? unitNamed : undefined);
    for (const i of spelled) {
      if (!collectsUnits(tokens, brackets, statementGroup(tokens, brackets, i), levels)) continue;
      const last = declarationEnd(tokens, brackets, i, true);
      if (last < 0) continue;
      const own = tokens.kind[i] === TokenKind.Identifier ? tokens.textOf(i) : tokens.stringValue(i);
      const leading = forwardsByLeadingCall(tokens, brackets, i, spelled);
      for (let j = decoratorsStart(tokens, brackets, i); j <= last; j++) {
        if (j === i || tokens.kind[j] !== TokenKind.Identifier || !usedAsDelegate(tokens, j)) continue;
        if (leading && !leadsACall(tokens, brackets, j)) continue;
        const name = tokens.textOf(j);
        if ((name === own && !ownNameMayDelegate) || !delegate(name)) continue;
        // A leading call through a member (`retrying.get(url)`) forwards only to a default or namespace import.
        const next = punctuatorCode(tokens, j + 1);
        const throughMember = leading && !tokens.is(j - 1, 'new') && next !== OPEN_PAREN && next !== LESS;
        if (boundAtTopLevel(tokens, brackets, j, throughMember)) return true;
      }
    }
    return false;
  };
}

/**
 * Whether the unit named at `i` forwards only by a call its code leads with (see `forwards` in
 * `analyze-file.ts`): a function, whose expression body or single statement is the call
 * (`(op) => withRetry(op)`, `{ return retry(op); }`), or a variable holding the call
 * (`const retrying = withRetry(fetch)`). A class, an object literal or a prototype class (a function
 * with `Name.prototype` statements among `spelled`) forwards from its methods: its delegate may be
 * anywhere in it, as may that of a declaration the tokens do not show plainly (`Name: value`).
 */
function forwardsByLeadingCall(tokens: Tokens, brackets: Brackets, i: number, spelled: readonly number[]): boolean {
  if (tokens.is(i - 1, 'class')) return false;
  const next = punctuatorCode(tokens, i + 1);
  if (next === DOT || next === OPTIONAL_DOT) return false;
  if (tokens.is(i - 1, 'function') || (punctuatorCode(tokens, i - 1) === STAR && tokens.is(i - 2, 'function'))) {
    const name = tokens.textOf(i);
    return !spelled.some((k) => tokens.isPunct(k + 1, '.') && tokens.is(k + 2, 'prototype') && tokens.textOf(k) === name);
  }
  // A method of a `module.exports = {...}` literal: `retryFetch(url) {...}`.
  if (next === OPEN_PAREN || next === LESS) return true;
  let v = i + 2;
  // A variable's type (`const retrying: Fetch = withRetry(fetch)`), or a key's value (`retryFetch: (url) => ...`).
  if (next === COLON && (DECLARING_WORDS.hasToken(tokens, i - 1) || punctuatorCode(tokens, i - 1) === COMMA)) v = afterType(tokens, brackets, i + 2);
  else if (next !== EQUALS && next !== COLON) return false;
  if (v < 0) return false;
  while (punctuatorCode(tokens, v) === OPEN_PAREN) v++;
  return !(tokens.is(v, 'class') || punctuatorCode(tokens, v) === OPEN_BRACE || punctuatorCode(tokens, v) === AT);
}

/**
 * The first token of the value after a variable's type starting at `from` (the token after its `=`),
 * or -1 when none is found plainly (no initializer, type arguments that may hold a default's `=`).
 */
function afterType(tokens: Tokens, brackets: Brackets, from: number): number {
  const limit = Math.min(tokens.count, from + 256);
  for (let k = from; k < limit; k++) {
    const code = punctuatorCode(tokens, k);
    if (code === EQUALS) return k + 1;
    if (code === OPEN_PAREN || code === OPEN_BRACE || code === OPEN_BRACKET) k = brackets.partner[k]!;
    else if (code === LESS || code === COMMA || code === SEMICOLON || CLOSING.has(code)) return -1;
  }
  return -1;
}

/**
 * Whether the delegate's use at `j` may lead a forwarding call (see `callsTarget` in `analyze-file.ts`):
 * after awaits and parentheses it starts an arrow's body, a block's first statement (maybe a return) or an initializer
 * (maybe after a type assertion's `>`), and when it is instantiated, the instance's method is called
 * (`new Retrier(options).run(op)`).
 */
function leadsACall(tokens: Tokens, brackets: Brackets, j: number): boolean {
  let k = j - 1;
  const created = tokens.is(k, 'new');
  if (created) k--;
  while (punctuatorCode(tokens, k) === OPEN_PAREN || tokens.is(k, 'await')) k--;
  // A return leads a forwarding function's only statement: the first of its body.
  if (!LEADING_AFTER.has(punctuatorCode(tokens, k)) && !(tokens.is(k, 'return') && punctuatorCode(tokens, k - 1) === OPEN_BRACE)) return false;
  if (!created) return true;
  const open = j + 1;
  // Type arguments (`new Retrier<T>(...)`): not followed here.
  if (punctuatorCode(tokens, open) === LESS) return true;
  if (punctuatorCode(tokens, open) !== OPEN_PAREN) return false;
  const after = punctuatorCode(tokens, brackets.partner[open]! + 1);
  return after === DOT || after === OPTIONAL_DOT;
}

/**
 * Whether the identifier at `j` may be a delegate's use (see `delegatesOf` in `analyze-file.ts`): the
 * root of a call's callee (`withRetry(op)`, `retrier.run(op)`, `retrier?.[k](op)`, `(retrier as R).run()`,
 * `retry<T>(op)`), of a `new` (`new Retrier`), or a parent (`extends Retrier`, `extends lib.Retrier`).
 * Not a type (`: RetryPolicy`, `Partial<RetryPolicy>`), an interface implemented or a value passed on.
 */
function usedAsDelegate(tokens: Tokens, j: number): boolean {
  const before = punctuatorCode(tokens, j - 1);
  if (before === DOT || before === OPTIONAL_DOT) {
    let k = j - 1;
    while ((punctuatorCode(tokens, k) === DOT || punctuatorCode(tokens, k) === OPTIONAL_DOT) && tokens.isIdentifier(k - 1)) k -= 2;
    return tokens.is(k, 'extends');
  }
  if (tokens.is(j - 1, 'new') || tokens.is(j - 1, 'extends')) return true;
  const after = punctuatorCode(tokens, j + 1);
  if (after === CLOSE_PAREN) {
    // In parentheses of its own, then called or read (`(retrier)()`, `((retrier)).run()`): not an argument (`run(retryPolicy)`).
    if (punctuatorCode(tokens, j - 1) !== OPEN_PAREN) return false;
    if (tokens.is(j - 2, 'new')) return true;
    let k = j + 1;
    while (punctuatorCode(tokens, k) === CLOSE_PAREN) k++;
    return CALLEE_ROOT_NEXT.has(punctuatorCode(tokens, k));
  }
  return CALLEE_ROOT_NEXT.has(after) || tokens.is(j + 1, 'as') || tokens.is(j + 1, 'satisfies');
}

/**
 * Whether another identifier token spells the name of token `j` where a name the analysis delegates to
 * is bound (see `fileContext` in `context.ts`): a top-level statement, or a destructuring pattern or an
 * import list in one; not after a dot. With `wholeModule`, only where a module's default or namespace
 * binding may be (`import x from`, `import * as x`, `import x = require()`, `const x = require()`).
 */
function boundAtTopLevel(tokens: Tokens, brackets: Brackets, j: number, wholeModule: boolean): boolean {
  const text = tokens.text;
  const name = tokens.textOf(j);
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (at === tokens.start[j]) continue;
    const k = tokenAround(tokens, at);
    if (k < 0 || tokens.start[k] !== at || tokens.end[k] !== at + name.length || tokens.kind[k] !== TokenKind.Identifier) continue;
    const before = punctuatorCode(tokens, k - 1);
    if (before === DOT || before === OPTIONAL_DOT || !atTopLevel(tokens, brackets, k)) continue;
    if (!wholeModule || bindsWholeModule(tokens, k)) return true;
  }
  return false;
}

/** Whether token `k` is in a top-level statement: outside any bracket, or in a pattern or list a declaration or import opens. */
function atTopLevel(tokens: Tokens, brackets: Brackets, k: number): boolean {
  let open = brackets.enclosing[k]!;
  if (open < 0) return true;
  while (brackets.enclosing[open]! >= 0) open = brackets.enclosing[open]!;
  const code = punctuatorCode(tokens, open);
  if (code !== OPEN_BRACE && code !== OPEN_BRACKET) return false;
  return BINDING_WORDS.hasToken(tokens, open - 1) || punctuatorCode(tokens, open - 1) === COMMA;
}

/** Whether the name at `k` may be bound to a module's default or namespace export (see `wholeModule` above). */
function bindsWholeModule(tokens: Tokens, k: number): boolean {
  if (tokens.is(k - 1, 'import') || tokens.is(k - 1, 'type') || tokens.is(k - 1, 'as')) return true;
  // `const { default: x } = require('m')`
  if (punctuatorCode(tokens, k - 1) === COLON && tokens.is(k - 2, 'default')) return true;
  if (punctuatorCode(tokens, k + 1) !== EQUALS) return false;
  let v = k + 2;
  while (punctuatorCode(tokens, v) === OPEN_PAREN || tokens.is(v, 'await')) v++;
  return tokens.is(v, 'require') || tokens.is(v, 'import');
}

/**
 * The first token of the decorators of the class named at `i` (`@Retryable() export class RetryClient`):
 * their calls are part of the class, before its name. `i` itself when there are none.
 */
function decoratorsStart(tokens: Tokens, brackets: Brackets, i: number): number {
  if (!tokens.is(i - 1, 'class')) return i;
  let start = i;
  let k = i - 2;
  while (CLASS_MODIFIERS.hasToken(tokens, k)) k--;
  for (;;) {
    // A decorator: `@` then a chain of names, maybe called.
    let m = k;
    if (punctuatorCode(tokens, m) === CLOSE_PAREN) m = brackets.partner[m]! - 1;
    if (!tokens.isIdentifier(m)) break;
    while ((punctuatorCode(tokens, m - 1) === DOT || punctuatorCode(tokens, m - 1) === OPTIONAL_DOT) && tokens.isIdentifier(m - 2)) m -= 2;
    if (punctuatorCode(tokens, m - 1) !== AT) break;
    start = m - 1;
    k = m - 2;
    while (CLASS_MODIFIERS.hasToken(tokens, k)) k--;
  }
  return start;
}

/** Whether some identifier token is written with an escape (`r\u0065try`): the tokens do not spell its name. */
function hasEscapedIdentifier(tokens: Tokens): boolean {
  const text = tokens.text;
  for (let at = text.indexOf('\\'); at >= 0; at = text.indexOf('\\', at + 1)) {
    const k = tokenAround(tokens, at);
    if (k >= 0 && tokens.kind[k] === TokenKind.Identifier) return true;
  }
  return false;
}

/** Whether the text calls `x.inherits(` (`util.inherits(Child, Base)`: a parent named outside the child). */
function callsInherits(tokens: Tokens): boolean {
  const text = tokens.text;
  for (let at = text.indexOf('inherits'); at >= 0; at = text.indexOf('inherits', at + 1)) {
    const k = tokenAround(tokens, at);
    if (k >= 0 && tokens.start[k] === at && tokens.is(k, 'inherits') && tokens.isPunct(k + 1, '(') && (tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.'))) return true;
  }
  return false;
}

/** Whether the text may declare a namespace (`namespace Net {`, `module Net {`). */
function declaresNamespace(tokens: Tokens): boolean {
  const text = tokens.text;
  for (const word of ['namespace', 'module']) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const k = tokenAround(tokens, at);
      if (k >= 0 && tokens.start[k] === at && tokens.is(k, word) && tokens.isIdentifier(k + 1)) return true;
    }
  }
  return false;
}
