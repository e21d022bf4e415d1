/**
 * The gate's data: the committed baseline, the per-file notes the gate reads from source text, and the
 * verdict `evaluateGate` returns. The verdict is the JSON contract of `ssot check --format json`
 * (`schemaVersion` 1): adding an optional field is compatible, changing a field's meaning is not.
 */
import type { FindingKind } from '../scan/types.js';

/** One known finding of `.ssot/baseline.json`. */
export interface BaselineEntry {
  /**
   * The identity: the finding's fingerprint (hash of its normalised declaration AST). Equal for copies,
   * stable under moves, renames and reformatting.
   */
  id: string;
  concept: string;
  kind: FindingKind;
  /** Where it was when recorded, for humans (posix, relative to the scan root). */
  file: string;
  symbol: string;
  line: number;
  /**
   * Token-shape signature (16 b-bit MinHash slots, hex) of the declaration when recorded: lets an edited
   * and renamed implementation still be recognised as the baselined one. Absent when unknown.
   */
  shape?: string;
}

export interface Baseline {
  /** Format version of the file (1). */
  version: 1;
  /** `ssot <version>` that wrote it. */
  tool: string;
  /** Sorted by id, then concept, file, symbol, line: deterministic, so merges rarely conflict. */
  entries: BaselineEntry[];
}

/** Deleted modules and symbols recorded by phase 3 of a migration, in `.ssot/forbidden.json`. */
export interface ForbiddenList {
  version: 1;
  files: Array<{ path: string; replacement?: string }>;
  symbols: Array<{ name: string; file?: string; replacement?: string }>;
}

/** An `// ssot-ignore <target>: <reason>` comment. */
export interface Suppression {
  file: string;
  /** Line of the comment. */
  line: number;
  /** The line it applies to (the next code line, or its own line for a trailing comment); 0 = whole file. */
  appliesTo: number;
  /** Concept id, gate rule id, or `*`. */
  target: string;
  /** Empty when the author gave none (an error: the gate reports it and does not honour it). */
  reason: string;
  scope: 'line' | 'file';
}

/** What the gate learns from reading one file's text (cheap marker search, parse only when a marker is present). */
export interface FileNote {
  /**
   * Deprecation shims of the file: exported name (`default` for the default export) → the canonical
   * ref named by the `@ssot-shim <ref>` tag in its doc comment (as `ssot migrate` writes them).
   */
  shims?: Record<string, string>;
  /** Declarations of forbidden symbol names in this file. */
  declarations?: Array<{ name: string; line: number }>;
  suppressions?: Suppression[];
  /** Token-shape signature per finding id declared in this file. */
  shapes?: Record<string, string>;
}

/** Notes per file (posix, relative to the scan root); files without anything notable are absent. */
export type FileNotes = Record<string, FileNote>;

/** Ids of what the gate fails on. Also accepted as `ssot-ignore` targets. */
export type GateRule =
  | 'new-finding'
  | 'deprecated-import'
  | 'deleted-import'
  | 'forbidden-import'
  | 'boundary'
  | 'forbidden-file'
  | 'deleted-file'
  | 'forbidden-symbol'
  | 'max-exceeded'
  | 'invalid-suppression'
  | 'stale-baseline'
  | 'unused-suppression';

export interface Violation {
  rule: GateRule;
  /** Posix, relative to the scan root. */
  file: string;
  line: number;
  /** What was found, in a sentence. */
  message: string;
  /** The canonical module or symbol to use instead (`path#Symbol`, `ssot/resilience#retry`), when known. */
  instead: string | null;
  concept?: string;
  /** Finding id (`file#symbol`) for finding-based violations. */
  finding?: string;
  /** Stable id for code-scanning deduplication (`partialFingerprints`). */
  key: string;
}

/** A current finding that matched a baseline entry. */
export interface MatchedFinding {
  finding: string;
  concept: string;
  file: string;
  line: number;
  /**
   * - `same`: same identity, same file and symbol.
   * - `moved`: same identity, but the file or symbol differs (moved, renamed, reformatted).
   * - `changed`: the identity changed (edited in place, or moved and edited); matched by file and symbol,
   *   by symbol, or by shape similarity.
   */
  how: 'same' | 'moved' | 'changed';
  entry: BaselineEntry;
}

export interface GateSummary {
  findings: number;
  baselined: number;
  violations: number;
  fixed: number;
  moved: number;
  changed: number;
  suppressed: number;
  unusedSuppressions: number;
  /** Violations left out because their file did not change since `--changed-since`. */
  outsideChanged: number;
}

export interface GateVerdict {
  schemaVersion: 1;
  passed: boolean;
  /** Absolute path of the scan root (posix). */
  root: string;
  strict: boolean;
  /** The ref of `--changed-since`, and the changed files it covers that the scan or baseline knows (posix, relative to the root). */
  changedSince: { ref: string; files: string[] } | null;
  /** True when no baseline file existed (everything is new). */
  baselineMissing: boolean;
  /** Every reason the gate fails, sorted by file and line. */
  violations: Violation[];
  /** Baseline entries whose finding is gone: fixed. Prune them with `--update-baseline`. */
  fixed: BaselineEntry[];
  /** Baselined findings that moved or changed (the baseline still passes; `--update-baseline` refreshes it). */
  moved: MatchedFinding[];
  changed: MatchedFinding[];
  /** Violations silenced by an `ssot-ignore` with a reason. */
  suppressed: Array<{ violation: Violation; suppression: Suppression }>;
  unusedSuppressions: Suppression[];
  /** Files the scanner could not read or parse (never a gate failure, always shown). */
  scanErrors: Array<{ file: string; message: string; line?: number }>;
  summary: GateSummary;
}
