/**
 * The gate's rules over the module graph and declarations: deprecated (shimmed) and deleted modules,
 * forbidden imports, architecture boundaries, forbidden files and symbols. Pure: graph, notes and
 * config in, violations out.
 */
import { posix } from 'node:path';
import type { ForbidConfig } from '../config/types.js';
import type { ModuleGraph, ResolvedImport } from '../scan/graph-types.js';
import { matchesAny } from '../shared/glob.js';
import type { FileNotes, ForbiddenList, Violation } from './types.js';

export interface StructureInput {
  graph: ModuleGraph;
  notes: FileNotes;
  forbid: Required<ForbidConfig>;
  forbidden: ForbiddenList | null;
  /**
   * Declarations (`file#Name`) that already existed as baselined findings: a deleted symbol's name
   * declared there is an old namesake, not the deleted symbol coming back.
   */
  known?: ReadonlySet<string>;
}

export function structureViolations(input: StructureInput): Violation[] {
  const violations: Violation[] = [];
  const reExports = reExportIndex(input.graph, input.notes);
  for (const imp of input.graph.imports) violations.push(...importViolations(imp, input, reExports));
  violations.push(...fileViolations(input));
  violations.push(...symbolViolations(input));
  return violations;
}

function importViolations(imp: ResolvedImport, input: StructureInput, reExports: ReExportIndex): Violation[] {
  const { notes, forbid, forbidden } = input;
  const out: Violation[] = [];
  const at = { file: imp.from, line: imp.line };
  const key = (rule: string) => `${rule}:${imp.from}:${imp.specifier}`;

  // A barrel that re-exports a shim keeps an old public name alive on purpose; its importers fail.
  if (!isReExport(imp) && imp.resolved && reExports.reachesShim.has(imp.resolved)) {
    const seen = new Set<string>();
    for (const name of importedNames(imp, notes[imp.resolved]?.shims)) {
      const shim = shimmedOrigin(imp.resolved, name, notes, reExports);
      if (!shim || seen.has(`${shim.file}#${shim.name}`)) continue;
      seen.add(`${shim.file}#${shim.name}`);
      const via = shim.file === imp.resolved ? '' : ` (through ${imp.resolved})`;
      out.push({
        rule: 'deprecated-import',
        ...at,
        message: `imports \`${shim.name}\` from the deprecated module ${shim.file}${via}`,
        instead: shim.ref,
        key: `${key('deprecated-import')}:${name}`,
      });
    }
  }

  for (const deleted of forbidden?.files ?? []) {
    if (imp.resolved === deleted.path || (imp.resolved === null && !imp.external && mayResolveTo(imp.from, imp.specifier, deleted.path))) {
      // A deleted module may have held symbols of several clusters: name the replacements of what is imported.
      const taken = new Set(namesTaken(imp));
      const own = [...new Set((forbidden?.symbols ?? []).filter((s) => s.file === deleted.path && taken.has(s.name) && s.replacement).map((s) => s.replacement!))];
      out.push({
        rule: 'deleted-import',
        ...at,
        message: `imports ${deleted.path}, a module deleted by a migration`,
        instead: own.length > 0 ? own.sort().join(', ') : (deleted.replacement ?? null),
        key: key('deleted-import'),
      });
    }
  }

  // An import of a deleted module already fails; its deleted names would only repeat that.
  const moduleDeleted = out.some((v) => v.rule === 'deleted-import');
  out.push(...importedSymbolViolations(imp, input).filter((v) => !(moduleDeleted && v.rule === 'deleted-import')));

  const banned = forbid.imports.find(
    (pattern) => pattern === imp.specifier || matchesAny(imp.specifier, [pattern]) || (imp.resolved !== null && matchesAny(imp.resolved, [pattern])),
  );
  if (banned) {
    out.push({
      rule: 'forbidden-import',
      ...at,
      message: `imports '${imp.specifier}', forbidden by forbid.imports (${banned})`,
      instead: null,
      key: key('forbidden-import'),
    });
  }

  if (imp.resolved) {
    for (const boundary of forbid.boundaries) {
      if (
        matchesAny(imp.from, [boundary.from]) &&
        matchesAny(imp.resolved, [boundary.to]) &&
        !matchesAny(imp.resolved, boundary.except ?? [])
      ) {
        out.push({
          rule: 'boundary',
          ...at,
          message: boundary.message
            ? `imports ${imp.resolved}: ${boundary.message}`
            : `imports ${imp.resolved}: files in ${boundary.from} must not import ${boundary.to}`,
          instead: null,
          key: `boundary:${imp.from}:${imp.resolved}`,
        });
        break;
      }
    }
  }
  return out;
}

/**
 * Imports of a symbol on `forbid.symbols` or deleted by a migration (`.ssot/forbidden.json`), judged
 * by where the name really comes from (through barrels and renames). A package import can only be
 * judged by its name.
 */
function importedSymbolViolations(imp: ResolvedImport, { graph, forbid, forbidden }: StructureInput): Violation[] {
  if (forbid.symbols.length === 0 && (forbidden?.symbols.length ?? 0) === 0) return [];
  const out: Violation[] = [];
  const configured = forbid.symbols.map((raw) => ({ raw, ...splitRef(raw) }));
  for (const imported of namesTaken(imp)) {
    const origin = imp.resolved ? (graph.exportOrigins[imp.resolved]?.[imported] ?? { file: imp.resolved, name: imported }) : null;
    const name = origin?.name ?? imported;
    // Only a deleted symbol's own file is judged: a namesake elsewhere (its replacement, say) is not it.
    const deleted = forbidden?.symbols.find(
      (symbol) =>
        symbol.name === name &&
        symbol.file !== undefined &&
        (origin ? origin.file === symbol.file : !imp.external && mayResolveTo(imp.from, imp.specifier, symbol.file)),
    );
    const rule = configured.find(
      (ref) => ref.name === name && (ref.path === null || (origin ? matchesAny(origin.file, [ref.path]) : matchesAny(imp.specifier, [ref.path]))),
    );
    if (!deleted && !rule) continue;
    const key = `${deleted ? 'deleted-import' : 'forbidden-import'}:${imp.from}:${imp.specifier}:${imported}`;
    out.push(
      deleted
        ? {
            rule: 'deleted-import',
            file: imp.from,
            line: imp.line,
            message: `imports \`${name}\`, a symbol deleted by a migration${deleted.file ? ` (was in ${deleted.file})` : ''}`,
            instead: deleted.replacement ?? null,
            key,
          }
        : {
            rule: 'forbidden-import',
            file: imp.from,
            line: imp.line,
            message: `imports \`${name}\`, forbidden by forbid.symbols (${rule?.raw})`,
            instead: null,
            key,
          },
    );
  }
  return out;
}

/** The names an import (or re-export) takes from its module: named bindings and used namespace members. */
function namesTaken(imp: ResolvedImport): string[] {
  const names = new Set<string>();
  for (const binding of imp.bindings) {
    if (binding.imported !== '*') names.add(binding.imported);
    else for (const member of imp.namespaceMembers ?? []) names.add(member);
  }
  return [...names];
}

function isReExport(imp: ResolvedImport): boolean {
  return imp.reExport === true;
}

interface ReExportIndex {
  /** Re-export edges by the file that re-exports, kept only where they lead towards a shim. */
  edges: Map<string, ResolvedImport[]>;
  /** Files that hold a shim or re-export (through any chain) from one: only their importers are traced. */
  reachesShim: Set<string>;
}

/**
 * The re-export graph, pruned to the part that can lead to a shim. Big trees have barrels of barrels;
 * tracing every imported name through all of them would cost far more than the rest of the gate, and
 * most trees have no shim at all.
 */
function reExportIndex(graph: ModuleGraph, notes: FileNotes): ReExportIndex {
  const reachesShim = new Set(Object.keys(notes).filter((file) => Object.keys(notes[file]?.shims ?? {}).length > 0));
  const edges = new Map<string, ResolvedImport[]>();
  if (reachesShim.size === 0) return { edges, reachesShim };
  const into = new Map<string, ResolvedImport[]>();
  for (const imp of graph.imports) {
    if (!isReExport(imp) || !imp.resolved) continue;
    const list = into.get(imp.resolved);
    if (list) list.push(imp);
    else into.set(imp.resolved, [imp]);
  }
  const queue = [...reachesShim];
  while (queue.length > 0) {
    for (const edge of into.get(queue.pop() as string) ?? []) {
      const list = edges.get(edge.from);
      if (list) list.push(edge);
      else edges.set(edge.from, [edge]);
      if (!reachesShim.has(edge.from)) {
        reachesShim.add(edge.from);
        queue.push(edge.from);
      }
    }
  }
  return { edges, reachesShim };
}

/**
 * The names an import takes from its module. A namespace import with unknown members, or a
 * side-effect import, takes them all: then every shimmed name of the module counts.
 */
function importedNames(imp: ResolvedImport, shims: Record<string, string> | undefined): string[] {
  const names: string[] = [];
  for (const binding of imp.bindings) {
    if (binding.imported !== '*') names.push(binding.imported);
    else if (imp.namespaceMembers) names.push(...imp.namespaceMembers);
    else names.push(...Object.keys(shims ?? {}));
  }
  return names;
}

/** Follows `export ... from` edges until the name's declaration; the shim it passes through, if any. */
function shimmedOrigin(
  file: string,
  name: string,
  notes: FileNotes,
  reExports: ReExportIndex,
  seen: Set<string> = new Set(),
): { file: string; name: string; ref: string } | null {
  const ref = notes[file]?.shims?.[name];
  if (ref) return { file, name, ref };
  const at = `${file}#${name}`;
  if (seen.has(at)) return null;
  seen.add(at);
  for (const edge of reExports.edges.get(file) ?? []) {
    for (const binding of edge.bindings) {
      let next: string | null = null;
      if (binding.local === name && binding.imported !== '*') next = binding.imported;
      else if (binding.local === '*' && binding.imported === '*' && name !== 'default') next = name;
      if (next === null) continue;
      const found = shimmedOrigin(edge.resolved as string, next, notes, reExports, seen);
      if (found) return found;
    }
  }
  return null;
}

function fileViolations({ graph, forbid, forbidden }: StructureInput): Violation[] {
  const out: Violation[] = [];
  const deleted = new Map((forbidden?.files ?? []).map((entry) => [entry.path, entry]));
  for (const file of graph.files) {
    const removed = deleted.get(file);
    if (removed) {
      out.push({
        rule: 'deleted-file',
        file,
        line: 1,
        message: `re-creates ${file}, a module deleted by a migration`,
        instead: removed.replacement ?? null,
        key: `deleted-file:${file}`,
      });
    } else {
      const pattern = forbid.files.find((glob) => matchesAny(file, [glob]));
      if (pattern) {
        out.push({
          rule: 'forbidden-file',
          file,
          line: 1,
          message: `${file} must not exist (forbid.files: ${pattern})`,
          instead: null,
          key: `forbidden-file:${file}`,
        });
      }
    }
  }
  return out;
}

/** The names the gate looks for in file texts: forbid.symbols (with or without a path) and deleted symbols. */
export function forbiddenSymbolNames(forbid: Required<ForbidConfig>, forbidden: ForbiddenList | null): Set<string> {
  const names = new Set<string>();
  for (const ref of forbid.symbols) names.add(splitRef(ref).name);
  for (const symbol of forbidden?.symbols ?? []) names.add(symbol.name);
  names.delete('');
  return names;
}

function symbolViolations({ notes, forbid, forbidden, known }: StructureInput): Violation[] {
  const out: Violation[] = [];
  const configured = forbid.symbols.map(splitRef);
  for (const file of Object.keys(notes).sort()) {
    for (const declaration of notes[file]?.declarations ?? []) {
      const here = `${file}#${declaration.name}`;
      // A deleted symbol comes back when it is declared again in its old file, or in a new place;
      // not when its replacement or an already baselined namesake is declared.
      const deleted = forbidden?.symbols.find(
        (symbol) => symbol.name === declaration.name && (symbol.file === file || (symbol.replacement !== here && !known?.has(here))),
      );
      const rule = configured.find((ref) => ref.name === declaration.name && (ref.path === null || matchesAny(file, [ref.path])));
      if (!deleted && !rule) continue;
      out.push({
        rule: 'forbidden-symbol',
        file,
        line: declaration.line,
        message: deleted
          ? `declares ${declaration.name}, a symbol deleted by a migration${deleted.file ? ` (was in ${deleted.file})` : ''}`
          : `declares ${declaration.name}, forbidden by forbid.symbols`,
        instead: deleted?.replacement ?? null,
        key: `forbidden-symbol:${file}:${declaration.name}`,
      });
    }
  }
  return out;
}

/** `path#Symbol` or `Symbol`. */
function splitRef(ref: string): { path: string | null; name: string } {
  const hash = ref.lastIndexOf('#');
  return hash < 0 ? { path: null, name: ref.trim() } : { path: ref.slice(0, hash).trim(), name: ref.slice(hash + 1).trim() };
}

const EXTENSION = /\.(?:d\.)?[cm]?[jt]sx?$/;

/**
 * Whether an unresolved specifier would reach a (deleted) path: relative specifiers are resolved the
 * way TypeScript does (extension swaps, `/index`); aliases (`@/services/x`) match when their last two
 * or more segments end the deleted path.
 */
export function mayResolveTo(from: string, specifier: string, path: string): boolean {
  const target = path.replace(EXTENSION, '');
  if (specifier.startsWith('.')) {
    const base = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(EXTENSION, '');
    return base === target || `${base}/index` === target;
  }
  const segments = specifier.replace(EXTENSION, '').split('/').filter((s) => s !== '' && !s.startsWith('@') && s !== '~');
  if (segments.length < 2) return false;
  const tail = segments.join('/');
  return target === tail || target.endsWith(`/${tail}`) || `${target}`.endsWith(`/${tail}/index`);
}
