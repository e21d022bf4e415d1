/**
 * The boundary between planning a migration (which codemods change which files, and how) and applying
 * it safely (diff, git checks, type-check verification, journal and undo).
 */

/** One file's change. `before: null` creates the file; `after: null` deletes it. */
export interface FileChange {
  /** Posix path relative to the root. */
  path: string;
  before: string | null;
  after: string | null;
  /** Codemod ids that produced this change, in order. */
  codemods: string[];
}

/** What a phase did, counted for the summary and the `--report` file. */
export interface ChangeSummary {
  filesChanged: number;
  filesCreated: number;
  filesDeleted: number;
  importersRewritten: number;
  shimsGenerated: number;
  callSitesRewritten: number;
  linesRemoved: number;
  /**
   * ssot's own records the phase writes (`.ssot/canonicals.json`, `.ssot/forbidden.json`), counted
   * apart from the files above (which, like the line counts, leave them out).
   */
  records?: Array<{ path: string; status: 'created' | 'modified' | 'deleted' }>;
}
