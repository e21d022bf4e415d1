/**
 * Where the recursion matcher may find a function run again by one of its names (see `recursion.ts`):
 * in a failure handler inside the function itself, or in a helper the function reaches by name, a
 * local function or a method (`.catch(onError)`, `this.scheduleReconnect()`, `socket.on('close',
 * this.onClose)`), or a helper that helper reaches, up to three helpers deep (a handler given by name,
 * the helper it calls, and the one that helper calls). A call anywhere else (`load(url)` in another
 * function of the file) is an ordinary use, not a retry.
 */
import { TokenKind, type Tokens } from '../../module-facts/tokenizer.js';
import { declaredFunctionSpan, type Span } from './reinvoke-functions.js';
import { type Names } from './reinvoke-names.js';
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
/** Steps after which the search gives up and keeps the file (a file with very many functions and uses). */
const BUDGET = 50_000;

/** What the reach test reads from one text, built on first use. */
export class Reach {
  private helpers: Helper[] | undefined;
  private readonly uses = new Map<string, number[]>();
  private readonly namesBySpan = new Map<string, Set<string>>();

  constructor(
    private readonly tokens: Tokens,
    private readonly brackets: Brackets,
    private readonly names: Names,
  ) {}

  /** Whether the invocation at token `j` may be reached from the function whose span is `span`. */
  reaches(span: Span, j: number): boolean {
    const tokens = this.tokens;
    const at = tokens.start[j]!;
    if (span[0] <= at && at < span[1]) return true;
    const direct = this.namesIn(span[0], span[1]);
    let budget = BUDGET;
    // From the invocation outwards: the helpers holding it, the helpers holding a use of those, …
    let level = this.holding(at);
    const seen = new Set<Helper>();
    for (let depth = 1; depth <= DEPTH && level.length > 0; depth++) {
      const next: Helper[] = [];
      for (const helper of level) {
        if (seen.has(helper)) continue;
        seen.add(helper);
        if (direct.has(helper.name)) return true;
        if (depth === DEPTH) continue;
        for (const use of this.usesOf(helper.name)) {
          budget -= this.helpers!.length;
          if (budget < 0) return true;
          next.push(...this.holding(tokens.start[use]!));
        }
      }
      level = next;
    }
    return false;
  }

  /** The names a span reaches (see `reachesThrough`) within characters [start, end), memoised per span. */
  private namesIn(start: number, end: number): Set<string> {
    const key = `${start}:${end}`;
    let names = this.namesBySpan.get(key);
    if (names) return names;
    names = new Set();
    const tokens = this.tokens;
    for (let k = firstTokenAt(tokens, start); k < tokens.count && tokens.start[k]! < end; k++) {
      if (tokens.kind[k] === TokenKind.Identifier && reachesThrough(tokens, this.brackets, k)) names.add(tokens.textOf(k));
    }
    this.namesBySpan.set(key, names);
    return names;
  }

  /** The helpers whose span holds the character at `at`. */
  private holding(at: number): Helper[] {
    return this.allHelpers().filter((helper) => helper.start <= at && at < helper.end);
  }

  /** The tokens that reach a helper named `name` (see `reachesThrough`), memoised per name. */
  private usesOf(name: string): readonly number[] {
    let uses = this.uses.get(name);
    if (uses) return uses;
    uses = [];
    const tokens = this.tokens;
    // The occurrences of the name, in order (see `Names`), not every token of the file.
    const next = this.names.groups.next;
    for (let k = this.names.first(name); k >= 0; k = next[k]!) if (tokens.is(k, name) && reachesThrough(tokens, this.brackets, k)) uses.push(k);
    this.uses.set(name, uses);
    return uses;
  }

  /**
   * The functions of the file a name declares (a function, a method, a variable or member given a
   * function, through parentheses and type assertions): every local helper and method the matcher
   * follows is one of them.
   */
  private allHelpers(): Helper[] {
    if (this.helpers) return this.helpers;
    const helpers: Helper[] = [];
    const tokens = this.tokens;
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.kind[i] !== TokenKind.Identifier || !MAY_NAME_A_FUNCTION.has(punctuatorCode(tokens, i + 1)) && !tokens.is(i - 1, 'function') && !tokens.isPunct(i - 1, '*')) continue;
      if (NOT_A_NAME.hasToken(tokens, i) || catchClauseAt(tokens, this.brackets, i)) continue;
      const declaration = declarationAt(tokens, this.brackets, i);
      if (!declaration || declaration.list !== undefined) continue;
      const span = declaredFunctionSpan(tokens, this.brackets, i, undefined);
      if (span) helpers.push({ name: tokens.textOf(i), start: span[0], end: span[1] });
    }
    return (this.helpers = helpers);
  }
}

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
