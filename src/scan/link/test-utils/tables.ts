/**
 * Builders for hand-written fact tables: the linker's tests describe a codebase as the facts its
 * files would produce, then check what the linker makes of them.
 */
import type { ResolvedConfig } from '../../../config/types.js';
import type { RuleDefinition } from '../../../rules/types.js';
import type { Candidate, ExportFact, FileFacts, HolderFact, ImportBinding, ImportFact } from '../../facts.js';
import type { ModuleGraph, WorkspacePackage } from '../../graph-types.js';
import { Resolver } from '../../resolve/resolver.js';
import type { Workspace } from '../../resolve/workspaces.js';
import type { ScanResult } from '../../types.js';
import { link } from '../link.js';

export function facts(file: string, parts: Partial<Omit<FileFacts, 'file'>> = {}): FileFacts {
  return { file, hash: `h-${file}`, parsed: true, imports: [], exports: [], candidates: [], holders: [], producers: [], localUses: [], ...parts };
}

export function candidate(symbol: string, parts: Partial<Candidate> = {}): Candidate {
  return {
    concept: 'retry',
    kind: 'implementation',
    symbol,
    localName: symbol.split('.')[0]!,
    startLine: 1,
    endLine: 10,
    confidence: 0.9,
    signals: ['name'],
    evidence: [{ signal: 'name', line: 1, note: 'name says so' }],
    delegatesTo: [],
    ownLogic: true,
    features: { members: [], fields: [], options: [], events: [] },
    fingerprint: `fp-${symbol}`,
    shape: [],
    ...parts,
  };
}

/** `import { a, b as c } from 'spec'` as `named('spec', 'a', 'b:c')`. */
export function named(specifier: string, ...names: string[]): ImportFact {
  const bindings: ImportBinding[] = names.map((n) => {
    const [imported, local] = n.split(':') as [string, string | undefined];
    return { imported, local: local ?? imported };
  });
  return { specifier, line: 1, kind: 'static', typeOnly: false, bindings };
}

/** `import * as local from 'spec'` (members undefined = unknown use). */
export function namespace(specifier: string, local: string, members?: string[], kind: ImportFact['kind'] = 'static'): ImportFact {
  const fact: ImportFact = { specifier, line: 1, kind, typeOnly: false, bindings: [{ imported: '*', local }] };
  if (members) fact.namespaceMembers = members;
  return fact;
}

export function exportLocal(name: string, local = name, line = 1): ExportFact {
  return { name, local, line };
}

export function reExport(from: string, imported: string, name = imported, line = 1): ExportFact {
  return { name, from, imported, line };
}

export function starExport(from: string, line = 1): ExportFact {
  return { name: '*', from, imported: '*', line };
}

export function holder(cls: string, member: string, target: string, line: number, via: HolderFact['via'] = 'new'): HolderFact {
  return { class: cls, classStartLine: 1, classEndLine: 50, member, line, target, via };
}

export interface TableOptions {
  config?: Partial<Pick<ResolvedConfig, 'scope' | 'canonical' | 'minConfidence' | 'rules'>>;
  definitions?: RuleDefinition[];
  workspaces?: Workspace[];
}

/** Links a table of facts with a real resolver over the table's file names (no disk access needed). */
export function linkTable(table: FileFacts[], options: TableOptions = {}): { result: ScanResult; graph: ModuleGraph } {
  const files = table.map((f) => f.file).sort();
  const workspaces = options.workspaces ?? [];
  const resolver = new Resolver({ root: '/nonexistent-ssot-root', files, tsconfigs: [], workspaces });
  return link({
    root: '/nonexistent-ssot-root',
    files,
    facts: table,
    resolve: (from, specifier) => resolver.resolve(from, specifier),
    workspaces: workspaces.map((w): WorkspacePackage => ({ name: w.name, dir: w.dir })),
    definitions: options.definitions ?? [],
    config: { scope: 'repo', canonical: {}, minConfidence: 0.5, rules: {}, ...options.config },
  });
}

/** A workspace package for tables (resolution through `main`). */
export function workspace(name: string, dir: string, main = 'src/index.ts'): Workspace {
  return { name, dir, manifest: { name, main } };
}
