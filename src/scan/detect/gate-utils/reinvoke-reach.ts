/**
 * Where the recursion matcher may find a function run again by one of its names (see `recursion.ts`):
 * in a failure handler inside the function itself, or in a helper the function reaches by name, a
 * local function or a method (`.catch(onError)`, `this.scheduleReconnect()`, `socket.on('close',
 * this.onClose)`), or a helper that helper reaches, up to three helpers deep (a handler given by name,
 * the helper it calls, and the one that helper calls). A call anywhere else (`load(url)` in another
 * function of the file) is an ordinary use, not a retry.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { failureRegionsOf } from './failure-regions.js';
import { declaredFunctionSpan, type Span } from './reinvoke-functions.js';
import { SpanSet } from './span-set.js';
import { declarationAt } from './reinvoke-sites.js';
import { punctuatorCode, punctuatorCodes, WordTable } from './token-codes.js';
import { type Brackets } from './token-utils.js';

/** A function of the file that may be a helper: its name and its span of text. */
interface Helper {
  name: string;
  start: number;
  end: number;
}

/**
 * Words before a parenthesized group that are statements or operators (`if (x) {`, `cond ? typeof (x) :`),
 * not a method's name. Words a method may well be named (`then`, `return`, `delete`) are not here.
 */
const NOT_A_NAME = new WordTable(['if', 'for', 'while', 'switch', 'with', 'function', 'typeof', 'void', 'await', 'yield', 'new', 'in', 'of', 'instanceof', 'else', 'do', 'case']);

/** Calls that hand a function over as a failure handler (`.catch(onError)`, `.on('close', this.onClose)`, `.use(ok, onError)`). */
const HANDING = new WordTable(['catch', 'then', 'on', 'once', 'addEventListener', 'addListener', 'use']);
/** Handler properties a method is assigned to (`socket.onclose = this.onClose`). */
const HANDLER_PROPERTIES = new WordTable(['onerror', 'onclose']);

/** Tokens after a name that may declare a function (`name(`, `name<T>(`, `name =`, `name:`, `name?(`, `name!:`). */
const MAY_NAME_A_FUNCTION = punctuatorCodes(['(', '<', '=', ':', '?', '!']);

/** How many helpers deep a re-invocation may be reached from the function (see the module comment). */
const DEPTH = 3;
/** Tokens read (per text) after which the search gives up and keeps the file (a file with very many nested functions). */
const BUDGET_PER_TOKEN = 16;

/** What the reach test reads from one text, built on first use. */
export class Reach {
  private helpersByName: Map<string, Helper[]> | undefined;
  /** The names each span reaches (see `reachesThrough`): anywhere in it, and from its failure handlers only. */
  private readonly namesBySpan = new Map<string, Set<string>>();
  private readonly handlerNamesBySpan = new Map<string, Set<string>>();
  private readonly reachedBySpan = new Map<string, SpanSet | true>();
  /** Tokens still to be read before the search gives up (see `BUDGET_PER_TOKEN`). */
  private budget: number;

  constructor(
    private readonly tokens: Tokens,
    private readonly brackets: Brackets,
  ) {
    this.budget = tokens.count * BUDGET_PER_TOKEN;
  }

  /**
   * Whether the invocation at token `j` may be reached from a failure handler (see `failure-regions.ts`)
   * of the function whose span is `span`: it is in one, or in a helper one reaches.
   */
  reaches(span: Span, j: number): boolean {
    const at = this.tokens.start[j]!;
    if (span[0] <= at && at < span[1] && failureRegionsOf(this.tokens, this.brackets).holds(at)) return true;
    const reached = this.reachedFrom(span);
    return reached === true || reached.holds(at);
  }

  /**
   * The spans of the helpers the failure handlers of the function at `span` reach, up to `DEPTH` deep
   * (a helper named there, a helper named in that one, …), or true when the search gave up. Helpers are
   * told by name, as the matcher's locals and methods are: every function of the file so named counts.
   */
  private reachedFrom(span: Span): SpanSet | true {
    const key = `${span[0]}:${span[1]}`;
    const known = this.reachedBySpan.get(key);
    if (known) return known;
    const byName = this.allHelpers();
    const reached: Array<readonly [number, number]> = [];
    const seen = new Set<string>();
    let names = this.namesIn(span[0], span[1], true);
    // Over its budget before the handlers were read: anything may be reached.
    let result: SpanSet | true | undefined = names === undefined ? true : undefined;
    for (let depth = 1; depth <= DEPTH && names !== undefined && names.size > 0; depth++) {
      const next = new Set<string>();
      for (const name of names) {
        if (seen.has(name)) continue;
        seen.add(name);
        for (const helper of byName.get(name) ?? NO_HELPERS) {
          reached.push([helper.start, helper.end]);
          if (depth === DEPTH) continue;
          const inner = this.namesIn(helper.start, helper.end, false);
          if (inner === undefined) break;
          for (const innerName of inner) next.add(innerName);
        }
        if (this.budget < 0) break;
      }
      if (this.budget < 0) {
        result = true;
        break;
      }
      names = next;
    }
    result ??= SpanSet.of(reached);
    this.reachedBySpan.set(key, result);
    return result;
  }

  /**
   * The names that characters [start, end) reach (see `reachesThrough`), from its failure handlers
   * only when `handlersOnly`, memoised per span; undefined once the search is over its budget.
   */
  private namesIn(start: number, end: number, handlersOnly: boolean): Set<string> | undefined {
    const memo = handlersOnly ? this.handlerNamesBySpan : this.namesBySpan;
    const key = `${start}:${end}`;
    let names = memo.get(key);
    if (names) return names;
    names = new Set();
    const tokens = this.tokens;
    const regions = handlersOnly ? failureRegionsOf(tokens, this.brackets) : undefined;
    const first = firstTokenAt(tokens, start);
    let k = first;
    for (; k < tokens.count && tokens.start[k]! < end; k++) {
      if (tokens.kind[k] === TokenKind.Identifier && (regions === undefined || regions.holds(tokens.start[k]!)) && reachesThrough(tokens, this.brackets, k)) names.add(tokens.textOf(k));
    }
    this.budget -= k - first;
    if (this.budget < 0) return undefined;
    memo.set(key, names);
    return names;
  }

  /**
   * The functions of the file a name declares (a function, a method, a variable or member given a
   * function, through parentheses and type assertions), by name: every local helper and method the
   * matcher follows is one of them.
   */
  private allHelpers(): Map<string, Helper[]> {
    if (this.helpersByName) return this.helpersByName;
    const helpers = new Map<string, Helper[]>();
    const tokens = this.tokens;
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.kind[i] !== TokenKind.Identifier || !MAY_NAME_A_FUNCTION.has(punctuatorCode(tokens, i + 1)) && !tokens.is(i - 1, 'function') && !tokens.isPunct(i - 1, '*')) continue;
      if (NOT_A_NAME.hasToken(tokens, i) || catchClauseAt(tokens, this.brackets, i)) continue;
      const declaration = declarationAt(tokens, this.brackets, i);
      if (!declaration || declaration.list !== undefined) continue;
      const span = declaredFunctionSpan(tokens, this.brackets, i, undefined);
      if (!span) continue;
      const name = tokens.textOf(i);
      const named = helpers.get(name);
      if (named) named.push({ name, start: span[0], end: span[1] });
      else helpers.set(name, [{ name, start: span[0], end: span[1] }]);
    }
    return (this.helpersByName = helpers);
  }
}

const NO_HELPERS: readonly Helper[] = [];

/**
 * Whether the name at `k` is used the way the matcher follows a helper: called (`scheduleRetry()`,
 * `this.reconnect()`), or handed over as a failure handler (`.catch(onError)`, `.on('close',
 * this.onClose.bind(this))`, `socket.onclose = this.onClose`), also through parentheses.
 */
function reachesThrough(tokens: Tokens, brackets: Brackets, k: number): boolean {
  const next = k + 1;
  if (tokens.isPunct(next, '(') || tokens.isPunct(next, '?.') || tokens.isPunct(next, '!') || tokens.isPunct(next, '<')) return true;
  let start = tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.') ? k - 2 : k;
  // Parentheses around the handler (`(this.onClose as Handler)`), not a call's.
  while (tokens.isPunct(start - 1, '(') && !wordOrClose(tokens, start - 2)) start--;
  if (tokens.isPunct(start - 1, '=')) return HANDLER_PROPERTIES.hasToken(tokens, start - 2);
  if (!tokens.isPunct(start - 1, '(') && !tokens.isPunct(start - 1, ',')) return false;
  const group = brackets.enclosing[start]!;
  return group > 0 && tokens.isPunct(group, '(') && HANDING.hasToken(tokens, group - 1);
}

/** Whether token `k` ends a callee (`send(`, `make()(`, `list[0](`), so a `(` after it opens arguments. */
function wordOrClose(tokens: Tokens, k: number): boolean {
  return tokens.isIdentifier(k) || tokens.isPunct(k, ')') || tokens.isPunct(k, ']');
}

/** Whether the `catch` at `i` is a try statement's clause (`try { … } catch (e) {`), not a method named so. */
function catchClauseAt(tokens: Tokens, brackets: Brackets, i: number): boolean {
  return tokens.is(i, 'catch') && tokens.isPunct(i - 1, '}') && tokens.is(brackets.partner[i - 1]! - 1, 'try');
}

/** The first token that starts at or after character `at` (the token starts are in order). */
function firstTokenAt(tokens: Tokens, at: number): number {
  let low = 0;
  let high = tokens.count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens.start[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
