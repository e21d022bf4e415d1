/**
 * The fast pass: imports and exports of a file read from its tokens, without parsing. Used for every
 * file that cannot hold a finding (most of a codebase), so a scan parses only the few that can.
 */
import type { ExportFact, ImportFact } from '../facts.js';
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
  let i = 0;
  while (i < t.count) {
    if (t.kind[i] !== TokenKind.Identifier || isPropertyName(t, i)) {
      i++;
      continue;
    }
    // Cheap dispatch on the first character before comparing whole words.
    const c = text.charCodeAt(t.start[i]!);
    let next = i + 1;
    if (c === 105 /* i */ && t.is(i, 'import')) next = lexImport(ctx, i).next;
    else if (c === 101 /* e */ && t.is(i, 'export')) next = lexExport(ctx, i);
    else if (c === 101 && t.is(i, 'exports')) next = lexExportsMember(ctx, i);
    else if (c === 114 /* r */ && t.is(i, 'require') && !ctx.consumedRequires.has(i)) next = lexRequire(ctx, i);
    else if (c === 109 /* m */ && t.is(i, 'module')) next = lexModuleExports(ctx, i);
    i = Math.max(next, i + 1);
  }
  resolveNamespaceMembers(t, ctx.namespaces);
  const lines = lineIndex(text);
  // Each fact is a fresh object made by `addImport`/`addExport` with `line` last: set in place.
  const imports: ImportFact[] = ctx.imports.map(({ fact, pos }) => ((fact.line = lines(pos)), fact));
  const exports: ExportFact[] = ctx.exports.map(({ fact, pos }) => ((fact.line = lines(pos)), fact));
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
  const names = [...byName.keys()];
  for (let i = 0; i < t.count; i++) {
    if (t.kind[i] !== TokenKind.Identifier || isPropertyName(t, i)) continue;
    const name = names.find((candidate) => t.is(i, candidate));
    if (name === undefined) continue;
    const entry = byName.get(name)!;
    if (entry.decls.has(i)) continue;
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
 * 1-based line of a position, by binary search over the line starts. The starts are found only as
 * far as the positions asked for: imports sit at the top of a file, so most files are never split
 * into lines past their last import or export.
 */
export function lineIndex(text: string): (pos: number) => number {
  const starts = [0];
  /** Where the search for the next line break resumes; -1 once the whole text is split. */
  let scanned = 0;
  return (pos: number) => {
    // Every line start at or before `pos` must be known: split until a start lies past it.
    while (scanned !== -1 && scanned <= pos) {
      const newline = text.indexOf('\n', scanned);
      if (newline === -1) scanned = -1;
      else starts.push((scanned = newline + 1));
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
