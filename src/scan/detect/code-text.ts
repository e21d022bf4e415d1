/**
 * The code of a file as the gates read it: its text without comments and without the names listed in
 * import and export statements. No signal reads a comment, and a name an import or export list merely
 * mentions reaches a rule only where the code uses or declares it, which stays in: so a word found only
 * in a comment (`// no retry here`), an import of someone else's helper (`import { withRetry }`) or a
 * barrel line (`export * from './retry'`) does not make a file worth parsing for a rule.
 *
 * Module names of imports stay (rules recognise libraries by them); those of `export ... from` go,
 * since a re-export is read from the lexer's facts, never by a rule. Like the other gates, this module
 * does not load the TypeScript compiler.
 */
import { TokenKind, type Tokens } from '../module-facts/tokenizer.js';
import { WordTable } from './gate-utils/token-codes.js';
import { perText, readableAsCode } from './gate-utils/token-utils.js';

/** Words of an import or export statement that stay in the code text (the names around them go). */
const CLAUSE_KEYWORDS = new WordTable(['import', 'export', 'from', 'as', 'type', 'typeof', 'default']);
/** Tokens an import or export list may hold before its `from`: names, keywords, `{`, `}`, `,`, `*`. */
const CLAUSE_PUNCTUATORS = new Set(['{', '}', ',', '*']);
/** The longest import or export list followed to its end (a longer one is left as it is). */
const MAX_CLAUSE_TOKENS = 4096;

/** What `moduleClauseMarks` finds in one text (kept per text, see `perText`). */
interface Clauses {
  /** The marked names and re-exported module names, or undefined when there are none. */
  marks: Uint8Array | undefined;
  /** Token indexes of the module strings of imports and `require()`s (left to `codeText`). */
  modules: number[];
  /** Pairs of token indexes: a name imported under another name, and its module string. */
  renamed: number[];
}

/**
 * Marks (1) the tokens that are names listed by an import or export statement, and the module names of
 * `export ... from`. Undefined when the file has none. Statements the tokens do not show plainly
 * (`import x = require()`, a list cut short) are left unmarked: marking less is always safe.
 */
export function moduleClauseMarks(tokens: Tokens): Uint8Array | undefined {
  return clausesOf(tokens).marks;
}

function clausesOf(tokens: Tokens): Clauses {
  return perText(tokens, 'module-clauses', () => findClauses(tokens));
}

function findClauses(tokens: Tokens): Clauses {
  const entry: Clauses = { marks: undefined, modules: [], renamed: [] };
  let marks: Uint8Array | undefined;
  const modules = entry.modules;
  for (let w = 0; w < tokens.moduleWordCount; w++) {
    const k = tokens.moduleWords[w]!;
    if (tokens.is(k, 'require')) {
      const [from, to] = requiredNames(tokens, k);
      if (from < to) marks ??= new Uint8Array(tokens.count);
      for (let i = from; i < to; i++) {
        if (tokens.kind[i] !== TokenKind.Identifier) continue;
        marks![i] = 1;
        // `{ retryWhen: again } = require('rxjs')`: the module's name for the binding.
        if (tokens.isPunct(i + 1, ':')) entry.renamed.push(i, k + 2);
      }
      if (from < to) modules.push(k + 2);
      continue;
    }
    const isImport = tokens.is(k, 'import');
    if (!isImport && !tokens.is(k, 'export')) continue;
    // `x.import`, `import(...)`, `import.meta`: not a statement.
    if (tokens.isPunct(k - 1, '.') || tokens.isPunct(k - 1, '?.') || tokens.isPunct(k + 1, '(') || tokens.isPunct(k + 1, '.')) continue;
    const end = clauseEnd(tokens, k, isImport);
    if (end < 0) continue;
    marks ??= new Uint8Array(tokens.count);
    for (let i = k + 1; i < end; i++) if (tokens.kind[i] === TokenKind.Identifier && !CLAUSE_KEYWORDS.hasToken(tokens, i)) marks[i] = 1;
    // The module name of a re-export goes too; an import's is left to `codeText`.
    if (tokens.kind[end] === TokenKind.String) {
      if (isImport) modules.push(end);
      else marks[end] = 1;
    }
    // `import { retryWhen as again }`: the module's name for the binding (see `codeText`).
    if (isImport) for (let i = k + 1; i < end; i++) if (marks[i] && tokens.is(i + 1, 'as') && tokens.isIdentifier(i + 2)) entry.renamed.push(i, end);
  }
  entry.marks = marks;
  return entry;
}

/**
 * The token that ends the list of the statement at `k`: the module string after `from`, or for a local
 * `export { a, b }` the closing brace. -1 when the statement is something else (`export const`,
 * `export default`, `import x = ...`, `import 'side-effect'`).
 */
function clauseEnd(tokens: Tokens, k: number, isImport: boolean): number {
  const first = k + 1;
  if (!isImport && !tokens.isPunct(first, '{') && !tokens.isPunct(first, '*') && !(tokens.is(first, 'type') && (tokens.isPunct(first + 1, '{') || tokens.isPunct(first + 1, '*')))) return -1;
  let closedBrace = -1;
  for (let i = first; i < tokens.count && i < first + MAX_CLAUSE_TOKENS; i++) {
    const kind = tokens.kind[i];
    if (kind === TokenKind.Identifier) {
      if (tokens.is(i, 'from') && tokens.kind[i + 1] === TokenKind.String && i > first) return i + 1;
      // A name right after a closed list ends a local export list (`export { a }` then the next statement).
      if (closedBrace >= 0) return !isImport ? closedBrace : -1;
      continue;
    }
    if (kind === TokenKind.Punctuator) {
      const text = tokens.textOf(i);
      if (text === '}') closedBrace = i;
      else if (closedBrace >= 0 || !CLAUSE_PUNCTUATORS.has(text)) return !isImport && closedBrace >= 0 ? closedBrace : -1;
      continue;
    }
    return -1;
  }
  return !isImport && closedBrace >= 0 ? closedBrace : -1;
}

/** Words before the names bound to a `require()`. */
const DECLARING = new Set(['const', 'let', 'var', 'import']);

/**
 * The names a CommonJS import binds (`const x = require('m')`, `const { a, b: c } = require('m')`,
 * `import x = require('m')`), as the token range [from, to) holding them; an empty range otherwise.
 */
function requiredNames(tokens: Tokens, k: number): [number, number] {
  if (!tokens.isPunct(k + 1, '(') || tokens.kind[k + 2] !== TokenKind.String || !tokens.isPunct(k + 3, ')') || !tokens.isPunct(k - 1, '=')) return [0, 0];
  const last = k - 2;
  if (tokens.kind[last] === TokenKind.Identifier) return DECLARING.has(wordAt(tokens, last - 1)) ? [last, last + 1] : [0, 0];
  if (!tokens.isPunct(last, '}')) return [0, 0];
  // Back to the `{` of the pattern, over names, `,`, `:` and nested patterns only.
  let depth = 0;
  for (let i = last; i >= 0 && i > last - MAX_CLAUSE_TOKENS; i--) {
    if (tokens.kind[i] === TokenKind.Identifier) continue;
    if (tokens.kind[i] !== TokenKind.Punctuator) return [0, 0];
    const text = tokens.textOf(i);
    if (text === '}') depth++;
    else if (text === '{' && --depth === 0) return DECLARING.has(wordAt(tokens, i - 1)) ? [i + 1, last] : [0, 0];
    else if (text !== ',' && text !== ':') return [0, 0];
  }
  return [0, 0];
}

function wordAt(tokens: Tokens, i: number): string {
  return tokens.isIdentifier(i) ? tokens.textOf(i) : '';
}

/**
 * Whether an imported module name can only name a file of the project (`./retry`, `../lib/breaker`,
 * `/abs/path`, `~/x`, `@/x`, `#internal`): no library is spelled so, and rules recognise libraries only.
 */
function isProjectPath(specifier: string): boolean {
  const c = specifier.charCodeAt(0);
  return c === 46 /* . */ || c === 47 /* / */ || c === 126 /* ~ */ || c === 35 /* # */ || specifier.startsWith('@/');
}

/**
 * The text of the tokens without comments, without the marked names (see `moduleClauseMarks`) and
 * without the module names of imports that name a file of the project, unless one of `modules` (the
 * rules' `imports.from` patterns) matches it: each left-out stretch becomes one space, and white space
 * between tokens stays as it is, so keywords spanning several tokens (`\.then\s*\(`) read the same.
 * JSX text goes too. The text itself when nothing is left out, or when the tokens cannot be trusted
 * (see `Tokens.mayHideCode`; brackets that do not pair up).
 */
export function codeText(tokens: Tokens, modules: readonly RegExp[] = []): string {
  // Per text and per set of kept module patterns (the rules' patterns: one set in a scan).
  const byModules = perText(tokens, 'code-text', () => new Map<readonly RegExp[], string>());
  let code = byModules.get(modules);
  if (code === undefined) byModules.set(modules, (code = buildCodeText(tokens, modules)));
  return code;
}

function buildCodeText(tokens: Tokens, modules: readonly RegExp[]): string {
  const text = tokens.text;
  if (!readableAsCode(tokens)) return text;
  const entry = clausesOf(tokens);
  let marks = entry.marks;
  let copiedMarks = false;
  for (const i of entry.modules) {
    const value = tokens.stringValue(i);
    if (value === undefined || !isProjectPath(value) || modules.some((pattern) => pattern.test(value))) continue;
    // A copy: the names' marks are shared with other gates, which read names only.
    if (!copiedMarks) marks = marks ? marks.slice() : new Uint8Array(tokens.count);
    copiedMarks = true;
    marks![i] = 1;
  }
  // A name imported from a library under another name stays: a rule may know the binding by what the
  // library calls it (`import { retryWhen as again } from 'rxjs'` is rxjs' retryWhen wherever `again`
  // is used), and the code may never spell that name otherwise.
  for (let r = 0; r < entry.renamed.length; r += 2) {
    const name = entry.renamed[r]!;
    const value = tokens.stringValue(entry.renamed[r + 1]!);
    if (value === undefined || (isProjectPath(value) && !modules.some((pattern) => pattern.test(value)))) continue;
    if (!copiedMarks) marks = marks!.slice();
    copiedMarks = true;
    marks![name] = 0;
  }
  const parts: string[] = [];
  let copied = 0;
  let gapStart = 0;
  for (let i = 0; i <= tokens.count; i++) {
    const start = i < tokens.count ? tokens.start[i]! : text.length;
    // Between two tokens: white space stays, anything else (a comment) is left out.
    if (start > gapStart && !isWhiteSpace(text, gapStart, start)) {
      parts.push(text.slice(copied, gapStart), ' ');
      copied = start;
    }
    if (i === tokens.count) break;
    const end = tokens.end[i]!;
    // JSX text (a button's "Retry") is not code either.
    if (marks?.[i] || tokens.kind[i] === TokenKind.JsxText) {
      parts.push(text.slice(copied, start), ' ');
      copied = end;
    }
    gapStart = end;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

function isWhiteSpace(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 11 && c !== 12 && !(c >= 128 && /\s/.test(text[k]!))) return false;
  }
  return true;
}
