/**
 * Prefilter for the holder and producer facts (double initialization, wrappers through a producer):
 * whether a file that no rule's keywords match still needs a full parse for them.
 *
 * Those facts only matter when their target is a finding. A finding declared in the same file makes
 * its rule's keywords match (the file is parsed anyway), so a file without keyword matches needs the
 * parse only when it instantiates an imported name (`new Imported()`, a holder or a producer) or, in a
 * class, assigns the result of calling one (`this.x = createImported()`). `new Map()` or a class
 * that only uses its own helpers does not count.
 *
 * Given the file's tokens, the gate also asks where the instance goes, as the holder and producer
 * facts do (`holders.ts`, `productsOf` in `matchers/factory.ts`): an instance thrown, passed to a call
 * or used on the spot (`throw new Failure()`, `list.push(new Item())`, `new Parser(s).run()`) is
 * neither held nor returned.
 */
import type { ImportFact } from '../facts.js';
import { TokenKind, type Tokens } from '../module-facts/tokenizer.js';
import { mayBeKeptAt } from './gate-utils/kept-values.js';
import { type Brackets, bracketsOf, readableAsCode } from './gate-utils/token-utils.js';

/** `new Name` (not `new ns.Name`, which no holder records): group 1 is the name. */
const NEW_NAME = /(?<![\w$.])new\s+([A-Za-z_$][\w$]*)(?![\w$.])/g;
/** `= name(`, `= await name(`, `= (name(`, `= name?.(`, `= name<T>(`: group 1 is the name. */
const ASSIGNED_CALL = /=\s*(?:await\s+|\(\s*)*([A-Za-z_$][\w$]*)\s*(?:\?\.)?[(<]/g;
const CLASS_LIKE = /\bclass\b|\.prototype\b/;

function anyMatchIn(pattern: RegExp, text: string, names: ReadonlySet<string>): boolean {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) if (names.has(match[1]!)) return true;
  return false;
}

/**
 * Whether `text`, whose imports are `imports`, may hold a holder or producer fact worth a full parse.
 * `tokens` (of the same text), when given, let the gate see where each instance goes.
 */
export function mayHoldInstance(text: string, imports: readonly ImportFact[], tokens?: Tokens): boolean {
  if (!imports.some((fact) => fact.bindings.length > 0)) return false;
  // Plain substring searches first (the patterns cannot match without them), the set of names last.
  const mayConstruct = text.includes('new');
  const classLike = (text.includes('class') || text.includes('.prototype')) && CLASS_LIKE.test(text);
  if (!mayConstruct && !classLike) return false;
  const names = new Set<string>();
  for (const fact of imports) for (const binding of fact.bindings) names.add(binding.local);
  const constructs = mayConstruct && anyMatchIn(NEW_NAME, text, names);
  const assignsACall = classLike && anyMatchIn(ASSIGNED_CALL, text, names);
  if (!constructs && !assignsACall) return false;
  // Tokens that may not show the code as it is (JSX read without JSX, an unclosed string, unpaired
  // brackets) say nothing: the text's answer stands.
  if (!tokens || !readableAsCode(tokens)) return true;
  return instanceKeptAnywhere(tokens, bracketsOf(tokens)!, names, assignsACall);
}

/** The token before the value starting at token `start`, past `await` and parentheses (-1 at the start). */
function tokenBeforeValue(tokens: Tokens, start: number): number {
  let k = start - 1;
  while (k >= 0 && (tokens.is(k, 'await') || tokens.isPunct(k, '('))) k--;
  return k;
}

/**
 * The local variable the `=` at `k` assigns (`const decoder =`, `decoder =`), or undefined for a
 * member, a class member, a typed or destructured declaration, or anything else (kept as it may hold).
 */
function assignedLocal(tokens: Tokens, brackets: Brackets, k: number, bodies: () => Set<number>): string | undefined {
  if (!tokens.isPunct(k, '=') || !tokens.isIdentifier(k - 1) || bodies().has(brackets.enclosing[k]!)) return undefined;
  const before = k - 2;
  const declares = tokens.is(before, 'const') || tokens.is(before, 'let') || tokens.is(before, 'var');
  const startsStatement = before < 0 || tokens.isPunct(before, ';') || tokens.isPunct(before, '{') || tokens.isPunct(before, '}') || tokens.isPunct(before, ',');
  return declares || startsStatement ? tokens.textOf(k - 1) : undefined;
}

/**
 * The last token where the variable `name` is read so that its value may be held or returned
 * (`return decoder`, `cache.set(key, decoder)`, `this.decoder = decoder`), or -1: the producer facts
 * follow a variable assigned an instance to the `return`.
 */
function lastKeptRead(tokens: Tokens, brackets: Brackets, name: string): number {
  let last = -1;
  for (let j = 0; j < tokens.count; j++) {
    if (tokens.kind[j] !== TokenKind.Identifier || tokens.isPunct(j - 1, '.') || tokens.isPunct(j - 1, '?.') || !tokens.is(j, name)) continue;
    if (usedOnTheSpot(tokens, j + 1) || tokens.isPunct(j + 1, '=')) continue;
    if (mayBeKeptAt(tokens, brackets, j)) last = j;
  }
  return last;
}

/**
 * Whether the value ending before token `k` is used on the spot rather than kept: a member read, an
 * element, a call or a tagged template on it (`new Parser(s).run()`).
 */
function usedOnTheSpot(tokens: Tokens, k: number): boolean {
  return tokens.isPunct(k, '.') || tokens.isPunct(k, '?.') || tokens.isPunct(k, '[') || tokens.isPunct(k, '(') || tokens.kind[k] === TokenKind.Template;
}

/** The token after `name(...)` or `new name(...)` whose name is at `i`, or -1 when type arguments make it unclear. */
function afterArguments(tokens: Tokens, brackets: Brackets, i: number): number {
  let k = i + 1;
  if (tokens.isPunct(k, '?.')) k++;
  if (tokens.isPunct(k, '<')) return -1;
  return tokens.isPunct(k, '(') ? brackets.partner[k]! + 1 : k;
}

/** Opening braces of class bodies (`class A extends B {`), where `name = value` declares a member. */
function classBodies(tokens: Tokens, brackets: Brackets): Set<number> {
  const bodies = new Set<number>();
  for (let c = 0; c < tokens.count; c++) {
    if (!tokens.is(c, 'class') || tokens.isPunct(c - 1, '.')) continue;
    // The body is the first brace at the level of `class`, past any bracketed heritage (`extends mix({…})`).
    for (let k = c + 1; k < tokens.count; k++) {
      if (tokens.isPunct(k, '(') || tokens.isPunct(k, '[')) k = brackets.partner[k]!;
      else if (tokens.isPunct(k, '{')) {
        if (brackets.enclosing[k] === brackets.enclosing[c]) bodies.add(k);
        break;
      } else if (tokens.isPunct(k, ';') || tokens.isPunct(k, ')') || tokens.isPunct(k, '}')) break;
    }
  }
  return bodies;
}

/** Whether the `=` at `k` assigns a member: `this.name =`, `this.#name =`, or a member declared in a class body. */
function assignsAMember(tokens: Tokens, brackets: Brackets, k: number, bodies: () => Set<number>): boolean {
  if (!tokens.isPunct(k, '=')) return false;
  if (tokens.isPunct(k - 2, '.') && tokens.is(k - 3, 'this')) return true;
  return bodies().has(brackets.enclosing[k]!);
}

/**
 * Whether an imported name is instantiated where the instance may be held or returned, or (`calls`,
 * in a class-like file) called where the result is assigned to a member.
 */
function instanceKeptAnywhere(tokens: Tokens, brackets: Brackets, names: ReadonlySet<string>, calls: boolean): boolean {
  let bodies: Set<number> | undefined;
  const classBodiesOnce = (): Set<number> => (bodies ??= classBodies(tokens, brackets));
  // Per variable assigned an instance, one pass over the tokens (a file may build many `decoder`s).
  const lastReads = new Map<string, number>();
  const keptLater = (name: string, from: number): boolean => {
    let last = lastReads.get(name);
    if (last === undefined) lastReads.set(name, (last = lastKeptRead(tokens, brackets, name)));
    return last >= from;
  };
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] !== TokenKind.Identifier || !names.has(tokens.textOf(i))) continue;
    if (tokens.isPunct(i + 1, '.')) continue;
    const constructed = tokens.is(i - 1, 'new') && !tokens.isPunct(i - 2, '.');
    if (!constructed && !(calls && (tokens.isPunct(i + 1, '(') || tokens.isPunct(i + 1, '<') || tokens.isPunct(i + 1, '?.')))) continue;
    const after = afterArguments(tokens, brackets, i);
    if (after >= 0 && usedOnTheSpot(tokens, after)) continue;
    const start = constructed ? i - 1 : i;
    if (!mayBeKeptAt(tokens, brackets, start)) continue;
    const k = tokenBeforeValue(tokens, start);
    if (constructed) {
      const local = assignedLocal(tokens, brackets, k, classBodiesOnce);
      if (local === undefined || keptLater(local, after < 0 ? i + 1 : after)) return true;
      continue;
    }
    // A call's result is held only by a member (`this.x = create()`, `policy = create()` in a class body).
    if (assignsAMember(tokens, brackets, k, classBodiesOnce)) return true;
  }
  return false;
}
