/**
 * What the planner knows and reads: the scan, the module graph indexed by importing and imported
 * file, the config, and a small cache of parsed sources (only the files read more than once stay:
 * canonical and superseded modules; importers are parsed once and dropped).
 */
import type { ResolvedConfig } from '../../../config/types.js';
import { parseSource, type ts } from '../../../parser/ts.js';
import type { ModuleGraph, ResolvedImport } from '../../../scan/graph-types.js';
import type { Finding, ScanResult } from '../../../scan/types.js';
import type { Blocker } from '../types.js';

export interface PlanInput {
  result: ScanResult;
  graph: ModuleGraph;
  config: ResolvedConfig;
  /** Reads a file by its posix path relative to the root; null when it cannot be read. */
  readFile(path: string): string | null;
  /** Lets the delete phase remove modules a publishable package may expose to outside consumers. */
  deletePublic?: boolean;
}

export interface PlanContext {
  input: PlanInput;
  files: ReadonlySet<string>;
  findings: ReadonlyMap<string, Finding>;
  importsFrom: ReadonlyMap<string, ResolvedImport[]>;
  importsOf: ReadonlyMap<string, ResolvedImport[]>;
  blockers: Blocker[];
  /** Parsed source, cached when `keep` (for modules the planner revisits). Null when unreadable. */
  source(path: string, keep?: boolean): ts.SourceFile | null;
  text(path: string): string | null;
}

function group(imports: readonly ResolvedImport[], key: (i: ResolvedImport) => string | null): Map<string, ResolvedImport[]> {
  const map = new Map<string, ResolvedImport[]>();
  for (const entry of imports) {
    const k = key(entry);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(entry);
    else map.set(k, [entry]);
  }
  return map;
}

/** Parsed files kept for repeated visits without keeping a whole large repository in memory. */
const RECENT_LIMIT = 256;

export function createContext(input: PlanInput): PlanContext {
  const cache = new Map<string, ts.SourceFile | null>();
  const recent = new Map<string, ts.SourceFile | null>();
  return {
    input,
    files: new Set(input.graph.files),
    findings: new Map(input.result.findings.map((f) => [f.id, f])),
    importsFrom: group(input.graph.imports, (i) => i.from),
    importsOf: group(input.graph.imports, (i) => i.resolved),
    blockers: [],
    text: (path) => input.readFile(path),
    source(path, keep = false) {
      if (cache.has(path)) return cache.get(path)!;
      if (recent.has(path)) {
        const hit = recent.get(path)!;
        recent.delete(path);
        if (keep) cache.set(path, hit);
        else recent.set(path, hit);
        return hit;
      }
      const content = input.readFile(path);
      const parsed = content === null ? null : parseSource(path, content);
      if (keep) cache.set(path, parsed);
      else {
        recent.set(path, parsed);
        if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value!);
      }
      return parsed;
    },
  };
}
