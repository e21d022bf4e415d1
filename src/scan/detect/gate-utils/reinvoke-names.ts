/**
 * What the retry precondition (see `reinvoke.ts`) asks about one name of a file: whether it is some
 * function's parameter, the object a self call goes through, an alias of `this`. Each question walks
 * the occurrences of that name (the identifiers grouped by hash, see `groupByHash`) instead of every
 * token of the file, and its answer is kept per name: most files ask about a handful of names, and a
 * pass over all their tokens per question cost more than the rest of the test.
 */
import { type Tokens } from '../../module-facts/tokenizer.js';
import { type HashGroups } from './hash-groups.js';
import { type Brackets, hashWord } from './token-utils.js';

/** A test of one occurrence (an identifier) of a name. */
type OccurrenceTest = (tokens: Tokens, brackets: Brackets, k: number) => boolean;

/** Marks an object the tokens cannot name (`(this as any).attempt()`, `list[0].attempt()`): any may be the function's own. */
export const UNNAMED_OBJECT = '';

/** Objects a function may always call itself through (see `isSelfObject`). */
const ALWAYS_SELF = new Set(['this', 'exports', 'prototype', UNNAMED_OBJECT]);

/**
 * The names of one text, grouped by the hash of their spelling. Valid while `groups` is (until the
 * next `groupByHash`): the precondition asks its questions within one call.
 */
export class Names {
  /** The slot (in `groups`) of each hash, built on the first question. */
  private slots: Map<number, number> | undefined;
  private readonly answers: Map<string, boolean>[] = [];

  constructor(
    private readonly tokens: Tokens,
    private readonly brackets: Brackets,
    readonly groups: HashGroups,
  ) {}

  /** The first occurrence of the group `name` hashes into (names sharing a hash share it), or -1. */
  first(name: string): number {
    if (!this.slots) {
      const { order, hash, count } = this.groups;
      this.slots = new Map();
      for (let g = 0; g < count; g++) this.slots.set(hash[order[g]!]!, order[g]!);
    }
    const slot = this.slots.get(hashWord(name));
    return slot === undefined ? -1 : this.groups.head[slot]!;
  }

  /** Whether some identifier spelled `name` passes `test`; `question` numbers the test for the answers kept. */
  private some(name: string, question: number, test: OccurrenceTest): boolean {
    const answers = (this.answers[question] ??= new Map());
    const known = answers.get(name);
    if (known !== undefined) return known;
    const { tokens, brackets } = this;
    const next = this.groups.next;
    let found = false;
    for (let k = this.first(name); k >= 0 && !found; k = next[k]!) found = tokens.is(k, name) && test(tokens, brackets, k);
    answers.set(name, found);
    return found;
  }

  /** Whether `name` is some function's parameter (see `parameterAt`). */
  isParameter(name: string): boolean {
    return this.some(name, 0, parameterAt);
  }

  /** Whether `name` may be some function's first parameter (see `firstParameterAt`). */
  isFirstParameter(name: string): boolean {
    return name !== 'this' && this.some(name, 1, firstParameterAt);
  }

  /**
   * Whether a function may call itself as a member through the object `name` (see `selfNames` in
   * `retry-utils/failure-handlers.ts`): `this`, an alias of it (`const self = this`), the object
   * literal holding a method (`const api = {`), `exports`, a class or function of the file (static
   * members, `Foo.prototype`), and any object the file assigns members to (`Foo.m = function () {}`).
   */
  isSelfObject(name: string): boolean {
    return ALWAYS_SELF.has(name) || this.some(name, 2, selfObjectAt);
  }

  /** Whether `name` is `this` or a name given `this` (`const self = this`), through which the matcher runs a stored operation. */
  isThisAlias(name: string): boolean {
    return name === 'this' || this.some(name, 3, thisAliasAt);
  }
}

/**
 * Whether the identifier at `i` may be a parameter of a function: in a parenthesized list that a body
 * or a return type follows (`(job, done) {`, `(job: Job) =>`), or before `=>` (`job =>`).
 */
function parameterAt(tokens: Tokens, brackets: Brackets, i: number): boolean {
  if (tokens.isPunct(i + 1, '=>')) return true;
  const list = brackets.enclosing[i]!;
  if (list < 0 || !tokens.isPunct(list, '(') || !endsParameter(tokens, i + 1)) return false;
  return (tokens.isPunct(i - 1, '(') || tokens.isPunct(i - 1, ',') || tokens.isPunct(i - 1, '...') || tokens.isIdentifier(i - 1)) && startsBody(tokens, brackets.partner[list]! + 1);
}

/**
 * Whether the identifier at `i` may be a function's first parameter: before `=>` (`error =>`), or
 * first in a parenthesized list that a body or a return type follows (`(error) =>`, `function (err) {`,
 * `(error: AxiosError): Promise<T> =>`), not first in a call's arguments (`send(connection.config)`).
 */
function firstParameterAt(tokens: Tokens, brackets: Brackets, i: number): boolean {
  return tokens.isPunct(i + 1, '=>') || (tokens.isPunct(i - 1, '(') && endsParameter(tokens, i + 1) && startsBody(tokens, brackets.partner[i - 1]! + 1));
}

/** Whether the identifier at `i` names an object a self call may go through (see `Names.isSelfObject`). */
function selfObjectAt(tokens: Tokens, _brackets: Brackets, i: number): boolean {
  const assigned = tokens.isPunct(i + 1, '=') && (tokens.is(i + 2, 'this') || tokens.isPunct(i + 2, '{'));
  const declared = tokens.is(i - 1, 'class') || tokens.is(i - 1, 'function');
  const holder = tokens.isPunct(i + 1, '.') && tokens.isIdentifier(i + 2) && tokens.isPunct(i + 3, '=');
  return assigned || declared || holder;
}

/** Whether the identifier at `i` is given `this` (`self = this`). */
function thisAliasAt(tokens: Tokens, _brackets: Brackets, i: number): boolean {
  return tokens.isPunct(i + 1, '=') && tokens.is(i + 2, 'this');
}

/** Whether token `k`, after a parameter's name, ends the name: `,` `)`, a type `:`, a default `=`, an optional `?`. */
function endsParameter(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, ',') || tokens.isPunct(k, ')') || tokens.isPunct(k, ':') || tokens.isPunct(k, '=') || tokens.isPunct(k, '?');
}

/** Whether token `k`, after a parameter list, starts a body or a return type: `{`, `=>`, `:`. */
function startsBody(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, '{') || tokens.isPunct(k, '=>') || tokens.isPunct(k, ':');
}

