/**
 * The fast pass: imports and exports of a file read from its tokens, without parsing. Used for every
 * file that cannot hold a finding (most of a codebase), so a scan parses only the few that can.
 */
import type { ImportFact } from '../facts.js';
import { isPropertyName, LexContext, type NamespaceLocal } from './lex-utils/context.js';
import { lexExport, lexExportsMember, lexModuleExports } from './lex-utils/exports.js';
import { lexImport, lexRequire } from './lex-utils/imports.js';
import { TokenKind, tokenize, type Tokens } from './tokenizer.js';
import { mayHaveModuleSyntax, type ModuleFacts } from './types.js';

/**
 * Imports and exports of `text`, found by tokens alone. Never throws. `tokens`, when the caller already
 * tokenized `text` (and needs the tokens for something else too), saves tokenizing it again.
 */
export function lexModuleFacts(text: string, tokens?: Tokens): ModuleFacts {
  if (!mayHaveModuleSyntax(text)) return { imports: [], exports: [] };
  const t = tokens ?? tokenize(text);
  const ctx = new LexContext(t);
  // Only the identifiers the tokenizer noted as possible module keywords can start a pattern: the
  // others are stepped over one by one, so jumping to the next noted one after `i` is the same walk.
  let i = 0;
  for (let w = 0; w < t.moduleWordCount; w++) {
    const k = t.moduleWords[w]!;
    if (k < i) continue;
    i = k + 1;
    if (isPropertyName(t, k)) continue;
    const c = text.charCodeAt(t.start[k]!);
    let next = k + 1;
    if (c === 105 /* i */ && t.is(k, 'import')) next = lexImport(ctx, k).next;
    else if (c === 101 /* e */ && t.is(k, 'export')) next = lexExport(ctx, k);
    else if (c === 101 && t.is(k, 'exports')) next = lexExportsMember(ctx, k);
    else if (c === 114 /* r */ && t.is(k, 'require') && !ctx.consumedRequires.has(k)) next = lexRequire(ctx, k);
    else if (c === 109 /* m */ && t.is(k, 'module')) next = lexModuleExports(ctx, k);
    i = Math.max(next, k + 1);
  }
  resolveNamespaceMembers(t, ctx.namespaces);
  const lines = lineIndex(text);
  // Each fact is a fresh object completed by `addImport`/`addExport` with `line` last: set in place.
  const { imports, importPositions, exports, exportPositions } = ctx;
  for (let k = 0; k < imports.length; k++) imports[k]!.line = lines(importPositions[k]!);
  for (let k = 0; k < exports.length; k++) exports[k]!.line = lines(exportPositions[k]!);
  return { imports, exports };
}

/**
 * For each namespace-like local (`import * as ns`, `const m = require()`), the member names used as
 * `ns.X` in the file; any other use (`fn(ns)`, `ns[key]`, `{ ns }`) makes them unknown.
 */
function resolveNamespaceMembers(t: Tokens, namespaces: NamespaceLocal[]): void {
  if (namespaces.length === 0) return;
  const byName = new Map<string, { members: Set<string>; unknown: boolean; decls: Set<number>; facts: ImportFact[] }>();
  for (const ns of namespaces) {
    const entry = byName.get(ns.name) ?? { members: new Set(), unknown: false, decls: new Set(), facts: [] };
    entry.decls.add(ns.declToken);
    entry.facts.push(ns.fact);
    byName.set(ns.name, entry);
  }
  // The lengths and first characters of the names: most identifiers are told apart by them without
  // making a string (a CommonJS file may require dozens of modules and hold tens of thousands of names).
  const lengths = new Set<number>();
  const firsts = new Set<number>();
  for (const name of byName.keys()) {
    lengths.add(name.length);
    firsts.add(name.charCodeAt(0));
  }
  const text = t.text;
  for (let i = 0; i < t.count; i++) {
    if (t.kind[i] !== TokenKind.Identifier) continue;
    const start = t.start[i]!;
    if (!lengths.has(t.end[i]! - start) || !firsts.has(text.charCodeAt(start)) || isPropertyName(t, i)) continue;
    const entry = byName.get(t.textOf(i));
    if (entry === undefined || entry.decls.has(i)) continue;
    if ((t.isPunct(i + 1, '.') || t.isPunct(i + 1, '?.')) && t.isIdentifier(i + 2)) entry.members.add(t.textOf(i + 2));
    else entry.unknown = true;
  }
  for (const entry of byName.values()) {
    for (const fact of entry.facts) {
      if (entry.unknown) delete fact.namespaceMembers;
      else fact.namespaceMembers = [...entry.members].sort();
    }
  }
}

/**
 * 1-based line of a position: a cursor that counts the line breaks between the last position asked
 * for and the next one, so facts asked in file order (as the lexer finds them) cost one pass over
 * the text up to the last of them, and no array of line starts. Any order still gives right answers.
 */
export function lineIndex(text: string): (pos: number) => number {
  /** `line` is 1 + the number of `\n` before `at`. */
  let at = 0;
  let line = 1;
  return (pos: number) => {
    if (pos > at) {
      for (let newline = text.indexOf('\n', at); newline !== -1 && newline < pos; newline = text.indexOf('\n', newline + 1)) line++;
    } else if (pos < at) {
      for (let newline = text.lastIndexOf('\n', at - 1); newline >= pos; newline = newline === 0 ? -1 : text.lastIndexOf('\n', newline - 1)) line--;
    }
    at = pos;
    return line;
  };
}
