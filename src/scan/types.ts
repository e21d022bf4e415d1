/**
 * The scan result: the stable JSON contract of `ssot scan --format json` (schemaVersion 1).
 *
 * Other tools rely on these shapes. Adding an optional field is compatible; renaming, removing or
 * changing the meaning of a field requires a new schemaVersion.
 */

/** Ids of the concepts that ship with ssot. Users may declare more (any kebab-case id). */
export const BUILTIN_CONCEPTS = [
  'retry',
  'circuit-breaker',
  'backoff',
  'retry-config',
  'circuit-breaker-config',
  'factory',
  'reliability-manager',
] as const;

export type BuiltinConcept = (typeof BUILTIN_CONCEPTS)[number];

/**
 * - `implementation`: real logic for the concept.
 * - `wrapper`: delegates to another implementation of the same concept and adds no logic of its own.
 * - `re-export`: a module that only re-exports an implementation under its own path.
 * - `config-type`: an interface, type alias or data class whose fields configure the concept.
 */
export type FindingKind = 'implementation' | 'wrapper' | 're-export' | 'config-type';

/**
 * - `canonical`: the member its cluster should converge on (configured or suggested).
 * - `duplicate`: another implementation of the same concept in the same cluster.
 * - `wrapper`: a wrapper or re-export that still has importers.
 * - `dead`: no file imports it and nothing in its own file uses it.
 */
export type FindingStatus = 'canonical' | 'duplicate' | 'wrapper' | 'dead';

/** Why a signal fired, for humans (`ssot scan --explain`, HTML/Markdown reports). */
export interface Evidence {
  /** The signal id, one of the finding's `signals`. */
  signal: string;
  /** 1-based line of the node that fired it. */
  line: number;
  /** Short human description, e.g. "loop re-invokes fetchOrder() after catch". */
  note: string;
}

export interface Finding {
  /** `file#symbol`: unique within a result. */
  id: string;
  concept: string;
  kind: FindingKind;
  /** Posix path relative to the scan root. */
  file: string;
  /** `Name`, or `Class.method` when the logic is inlined in a method of a class that exists for something else. */
  symbol: string;
  /** 1-based; the declaration line including `export`/modifiers/decorators. */
  startLine: number;
  /** 1-based line of the closing brace (or last line of the declaration). */
  endLine: number;
  /**
   * Files (posix, relative to root, sorted, unique) that import it directly or through a barrel or re-export.
   * For `Class.method`, the importers of the class; for a re-export, the files importing that module's symbol.
   */
  importers: string[];
  /** Cluster id, or null when the finding belongs to no cluster (should not happen for implementations). */
  cluster: string | null;
  status: FindingStatus;
  /** 0..1: how sure the detector is that this is the concept. */
  confidence: number;
  /** Ids of the signals that fired, e.g. `retry-loop`, `name`, `sleep-between-attempts`. */
  signals: string[];
  /** Where and why each signal fired. */
  evidence: Evidence[];
  /** For wrappers and re-exports: the id of the finding it delegates to or re-exports, when resolved. */
  target?: string;
  /** Workspace package name the file belongs to, when workspaces are detected. */
  workspace?: string;
  /**
   * Fingerprint of the normalised declaration (identifiers, formatting and comments erased): equal for
   * copies, stable under moves, renames and reformatting. Used by the `ssot check` baseline.
   */
  fingerprint: string;
}

export interface SimilarPair {
  a: string;
  b: string;
  /** 0..1 structural similarity of the two declarations (1 = renamed clone). */
  score: number;
}

export interface Cluster {
  /** `concept`, `concept@workspace` in workspace scope, or `concept:key` for keyed concepts such as factories. */
  id: string;
  concept: string;
  /** Finding ids, sorted. */
  members: string[];
  /** Finding id of the canonical member (configured or suggested), or null when none can be suggested. */
  canonical: string | null;
  /** Why that member is canonical, in a sentence. */
  reason: string;
  /** True when the canonical comes from config rather than from the scanner's suggestion. */
  configured: boolean;
  /** Near-clone similarity between members (pairs at or above the reporting threshold). */
  similar: SimilarPair[];
  /**
   * Present only for clusters too big to list every pair (more than 500 members with a shape): how
   * many pairs at or above the threshold `similar` leaves out. Such a cluster lists each member paired
   * with the first member of identical shape, and the most similar pairs between distinct shapes.
   */
  similarOmitted?: number;
}

export interface DoubleInitialization {
  /** `file#Class` */
  id: string;
  file: string;
  /** The class that holds two instances. */
  class: string;
  cluster: string;
  /** The fields/properties holding instances of two members of the same cluster. */
  holders: Array<{ member: string; finding: string; line: number }>;
  startLine: number;
  endLine: number;
}

export interface ScanError {
  file: string;
  message: string;
  line?: number;
}

/**
 * Something in the configuration the scan could not honour, e.g. a configured canonical that matches
 * no finding. The scan still completes; the CLI prints these as warnings.
 */
export interface ScanWarning {
  /** Dotted config path, e.g. `canonical.retry`. */
  path: string;
  message: string;
}

export interface ScanResult {
  schemaVersion: 1;
  /** Absolute path of the scan root (posix). */
  root: string;
  /** Number of files scanned. */
  files: number;
  findings: Finding[];
  clusters: Cluster[];
  doubleInitializations: DoubleInitialization[];
  /** Files that could not be read or parsed. A broken file never stops a scan. */
  errors: ScanError[];
  /** Configuration the scan could not honour (optional; absent when there is none). */
  warnings?: ScanWarning[];
}
