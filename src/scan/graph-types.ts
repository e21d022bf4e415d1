/**
 * The resolved module graph a scan builds on the way to the ScanResult. The gate uses it for forbidden
 * and deprecated imports, the migration planner for the importers it rewrites.
 */
import type { ImportBinding, ImportFact } from './facts.js';

export interface ResolvedImport {
  /** Importing file, posix relative to the root. */
  from: string;
  specifier: string;
  /** Resolved target file (posix, relative to the root), or null for packages and unresolved specifiers. */
  resolved: string | null;
  /** Package name when the specifier names a package that is not a workspace of this repo. */
  external?: string;
  line: number;
  kind: ImportFact['kind'];
  typeOnly: boolean;
  bindings: ImportBinding[];
  /** For namespace-style imports: member names used as `ns.Name`, when known. */
  namespaceMembers?: string[];
  /**
   * True for a re-export edge (`export ... from`, `module.exports = require()`): the file forwards the
   * module's names rather than using them, so it is not an importer of what it forwards. Bindings
   * then map the source name (`imported`) to the exported name (`local`).
   */
  reExport?: boolean;
}

export interface WorkspacePackage {
  /** Package name from its package.json. */
  name: string;
  /** Folder, posix relative to the root. */
  dir: string;
}

export interface ModuleGraph {
  /** Every scanned file, posix relative to the root, sorted. */
  files: string[];
  /** Every import of every scanned file, in file then line order. */
  imports: ResolvedImport[];
  workspaces: WorkspacePackage[];
  /**
   * Where each exported name of a file really comes from, after following re-exports and barrels:
   * `exportOrigins[file][name] = { file, name }`. Only filled for files that re-export.
   */
  exportOrigins: Record<string, Record<string, { file: string; name: string }>>;
}
