/**
 * The migration plan: what `ssot plan` prints and what `ssot migrate --phase N` applies. Built by
 * `buildPlan` from a scan, the module graph and the config; plain JSON (`ssot plan --format json`).
 */
import type { PhaseConfig } from '../../config/types.js';

/** Why something cannot be migrated (yet). */
export type BlockerKind =
  /** An importer uses a member the canonical lacks, and no mapping says where it went. */
  | 'missing-member'
  /** An importer passes an option the canonical does not accept, with no mapping. */
  | 'missing-option'
  /** A field of a superseded config type has no counterpart in the canonical type and no mapping. */
  | 'missing-field'
  /** The canonical requires a field the superseded config type cannot provide. */
  | 'required-field'
  /** A superseded factory has members the canonical lacks; they must be merged (`merge`) first. */
  | 'unmerged-members'
  /** A member listed for merging would not type-check in the canonical class. */
  | 'merge-conflict'
  /** The configured canonical matches no member of the cluster. */
  | 'canonical-not-found'
  /** The cluster has no canonical: configure one. */
  | 'no-canonical'
  /** A recipe matches no call site. */
  | 'recipe-unmatched'
  /** A recipe is invalid (pattern or template does not parse) or would apply again to its own output. */
  | 'recipe-invalid'
  /** An adapter cannot be generated (constructor or signature differs and no mapping/recipe says how). */
  | 'adapter-incomplete'
  /** An import form the codemods cannot rewrite (`export * as ns`, a dynamic import used opaquely...). */
  | 'unsupported-import'
  /** A double initialization whose uses are not compatible with the kept member. */
  | 'double-init-incompatible'
  /** A file still imports a superseded module or shim, so it cannot be deleted. */
  | 'still-imported'
  /** A module to delete may be imported from outside the repository (a publishable package exposes it). */
  | 'public-api'
  /** A module to delete is run directly (a package.json script, bin or main, a worker or child process started by path). */
  | 'entry-point'
  /** A value of a superseded type leaves the importer while the canonical is another type. */
  | 'value-escapes'
  /**
   * A superseded config type is the options type another cluster's canonical takes in its own signature:
   * converting it would change that canonical.
   */
  | 'canonical-signature'
  /** A call passes arguments the canonical's signature does not take, and no recipe rewrites it. */
  | 'signature-mismatch'
  /** The logic sits inside a method of a class that exists for something else: migrate it by hand or by recipe. */
  | 'inline-implementation'
  /** No import specifier for the canonical could be derived in the importer's style. */
  | 'specifier'
  /** A file that must be read to plan could not be read or parsed. */
  | 'unreadable';

/**
 * Something the plan does not do, and why. A blocker never makes a phase unsafe: the blocked item is
 * left out of the phase's changes (the importer keeps its shim, the module is not deleted yet).
 */
export interface Blocker {
  kind: BlockerKind;
  /** `error` blocks the item it is about (it is skipped); `warning` is for information. */
  severity: 'error' | 'warning';
  /** Phase name the blocker concerns. */
  phase: string;
  /** Cluster id, when the blocker belongs to one. */
  cluster?: string;
  /** The superseded symbol (`path#Symbol`) it concerns, when any. */
  symbol?: string;
  /** Posix path relative to the root. */
  file: string;
  /** 1-based line. */
  line: number;
  message: string;
  /** A config change that would resolve it, when one can be suggested. */
  hint?: string;
}

/** The canonical a cluster converges on. */
export interface CanonicalChoice {
  /** `path#Symbol` or `ssot/resilience#Symbol`. */
  ref: string;
  /** Posix path of the declaring file, or null for the shipped core (`ssot/resilience`). */
  file: string | null;
  /** Package specifier when the canonical lives in a package (`ssot/resilience`). */
  package?: string;
  symbol: string;
  /** Finding id of the canonical member, when it is one. */
  finding?: string;
  /** `recorded`: kept from `.ssot/canonicals.json`, which an earlier `ssot migrate --write` wrote. */
  source: 'config' | 'suggestion' | 'recorded';
  reason: string;
}

/** One binding an importer will import from the canonical instead. */
export interface BindingRewrite {
  /** Export name at the old specifier (`default`, or the name). */
  imported: string;
  /** For `ns.Name` uses of a namespace import or module object: the namespace. */
  namespace?: string;
  /** Local name in the importer (kept). */
  local: string;
  /** Export name at the new specifier. */
  newImported: string;
}

export interface ImporterRewrite {
  file: string;
  line: number;
  kind: 'static' | 'dynamic' | 'require' | 're-export' | 'namespace';
  specifier: string;
  newSpecifier: string;
  bindings: BindingRewrite[];
  /** Set when the import reaches the symbol through a barrel or re-export module. */
  via?: string;
  /** Uses renamed in this file (members, options, fields). */
  usageEdits: number;
  /** `blocked` importers keep importing the superseded module (a blocker says why). */
  status: 'rewrite' | 'blocked';
}

export interface ShimPlan {
  /** `re-export` when compatible, `adapter` when generated from the mapping, `alias`/`converter` for config types. */
  kind: 're-export' | 'adapter' | 'alias' | 'converter';
  /** Phase name that writes the shim. */
  phase: string;
  /** Member/field/option mapping used (config, then suggestions that were adopted). */
  mapping: Record<string, string | null>;
  /** Names the scanner's comparison suggests for unmapped members/fields: `{ maxRetries: "maxAttempts" }`. */
  suggestions: Record<string, string>;
}

export interface SupersededMember {
  /** Finding id (`file#symbol`), or the shim's `file#name` when found by its `@ssot-shim` tag. */
  id: string;
  file: string;
  symbol: string;
  /** Export name importers use. */
  exportName: string;
  kind: 'implementation' | 'wrapper' | 're-export' | 'config-type' | 'shim';
  line: number;
  importers: ImporterRewrite[];
  /** null when the member cannot be shimmed (a blocker says why) or needs none. */
  shim: ShimPlan | null;
  /** Unique members merged into the canonical first (`merge-factory`). */
  merge?: string[];
  /** What the delete phase removes: the whole file, or only this symbol from a module that keeps other code. */
  deletion: 'file' | 'symbol';
}

export interface DoubleInitCollapse {
  id: string;
  file: string;
  class: string;
  keep: string;
  remove: string;
  line: number;
  status: 'collapse' | 'blocked';
}

export interface ClusterPlan {
  id: string;
  concept: string;
  canonical: CanonicalChoice | null;
  superseded: SupersededMember[];
  collapses: DoubleInitCollapse[];
}

export interface RecipePlan {
  id: string;
  match: string;
  replace: string;
  /** Call sites matched: `file:line`. */
  sites: Array<{ file: string; line: number }>;
}

export interface DeletionPlan {
  file: string;
  /** Whole file, or only the listed symbols. */
  mode: 'file' | 'symbols';
  symbols: string[];
  /** Canonical reference recorded in `.ssot/forbidden.json` for the file (each distinct one, comma-separated, when its symbols have different canonicals). */
  replacement: string;
  /** Each deleted symbol's own canonical reference (a module may hold symbols of several clusters). */
  replacements?: Record<string, string>;
  /** Files that will still import it after the planned rewrites: non-empty means the delete phase refuses. */
  remainingImporters: string[];
  /** Files that import it now but that the imports phase moves onto the canonical first. */
  pendingImporters?: string[];
}

/** One codemod run on one file with its options. */
export interface CodemodTask {
  codemod: string;
  file: string;
  options: unknown;
}

export interface MigrationPlan {
  version: 1;
  /** Absolute scan root (posix). */
  root: string;
  phases: PhaseConfig[];
  clusters: ClusterPlan[];
  recipes: RecipePlan[];
  deletions: DeletionPlan[];
  blockers: Blocker[];
  /** Per codemod and file, the options the planner computed; `phaseChanges` runs them. */
  tasks: CodemodTask[];
}

/** jscodeshift's four outcomes, per codemod and file. */
export interface CodemodOutcome {
  codemod: string;
  file: string;
  status: 'changed' | 'unchanged' | 'skipped' | 'error';
  message?: string;
}
