/**
 * A ScanResult from a fixture's hand-written `expected-inventory.json` (the ground truth the scanner is
 * tested against), restricted to what still exists on disk: lets planner tests run the phases on the
 * bundled fixture independently of detection.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSource, ts } from '../../../parser/ts.js';
import type { ModuleGraph } from '../../../scan/graph-types.js';
import type { DoubleInitialization, Finding, FindingKind, FindingStatus, ScanResult } from '../../../scan/types.js';
import { findExportedDeclaration, localDeclarations } from '../codemod-utils/declarations.js';

interface InventoryFinding {
  id: string;
  concept: string;
  kind: FindingKind;
  status: FindingStatus;
  cluster: string | null;
  importers?: string[];
  target?: string;
}

interface Inventory {
  findings: InventoryFinding[];
  clusters: Array<{ id: string; concept: string; members: string[]; canonical: string | null; reason: string }>;
  doubleInitializations: Array<{ class: string; file: string; cluster: string; members: string[]; findings: string[] }>;
}

function declarationLine(root: string, file: string, symbol: string): number | undefined {
  const path = join(root, file);
  if (!existsSync(path)) return undefined;
  const source = parseSource(file, readFileSync(path, 'utf8'));
  const declaration = findExportedDeclaration(source, symbol) ?? localDeclarations(source).get(symbol.split('.')[0]!);
  if (!declaration) return undefined;
  return source.getLineAndCharacterOfPosition(declaration.statement.getStart(source)).line + 1;
}

/** Which holder member holds which finding: the member whose type or initializer names the finding's class. */
function pairHolders(root: string, init: Inventory['doubleInitializations'][number]): DoubleInitialization['holders'] {
  const source = parseSource(init.file, readFileSync(join(root, init.file), 'utf8'));
  const cls = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === init.class);
  const holders: DoubleInitialization['holders'] = [];
  for (const member of init.members) {
    const property = cls?.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === member);
    const text = property ? `${property.type?.getText(source) ?? ''} ${property.initializer?.getText(source) ?? ''}` : '';
    const finding = init.findings.find((id) => new RegExp(`\\b${id.split('#')[1]!.split('.')[0]}\\b`).test(text)) ?? init.findings[holders.length]!;
    const line = property ? source.getLineAndCharacterOfPosition(property.getStart(source)).line + 1 : 1;
    holders.push({ member, finding, line });
  }
  return holders;
}

export function inventoryScan(root: string, graph: ModuleGraph, inventoryFile = join(root, 'expected-inventory.json')): ScanResult {
  const inventory = JSON.parse(readFileSync(inventoryFile, 'utf8')) as Inventory;
  const findings: Finding[] = [];
  for (const entry of inventory.findings) {
    const [file, symbol] = entry.id.split('#') as [string, string];
    const line = declarationLine(root, file, symbol);
    if (line === undefined) continue;
    findings.push({
      id: entry.id,
      concept: entry.concept,
      kind: entry.kind,
      file,
      symbol,
      startLine: line,
      endLine: line,
      importers: entry.importers ?? [],
      cluster: entry.cluster,
      status: entry.status,
      confidence: 0.9,
      signals: [],
      evidence: [],
      ...(entry.target ? { target: entry.target } : {}),
      fingerprint: entry.id,
    });
  }
  const present = new Set(findings.map((f) => f.id));
  const doubleInitializations: DoubleInitialization[] = inventory.doubleInitializations
    .filter((d) => d.findings.every((f) => present.has(f)))
    .map((d) => {
      const holders = pairHolders(root, d).filter((h) => present.has(h.finding));
      const line = declarationLine(root, d.file, d.class) ?? 1;
      return { id: `${d.file}#${d.class}`, file: d.file, class: d.class, cluster: d.cluster, holders, startLine: line, endLine: line };
    })
    .filter((d) => d.holders.length > 1);
  return {
    schemaVersion: 1,
    root,
    files: graph.files.length,
    findings,
    clusters: inventory.clusters
      .map((c) => ({ ...c, members: c.members.filter((m) => present.has(m)), configured: false, similar: [] }))
      .map((c) => ({ ...c, canonical: c.canonical && present.has(c.canonical) ? c.canonical : null })),
    doubleInitializations,
    errors: [],
  };
}
