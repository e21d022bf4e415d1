/**
 * The codemod contract (after jscodeshift): a pure, per-file `transform(file, options, api)` that returns
 * the new text, `{ delete: true }`, or `undefined` when it has nothing to change. Codemods edit text
 * ranges found on the AST, so code they do not touch keeps its formatting and comments.
 */
import { parseSource, type ts } from '../../parser/ts.js';
import type { BlockerKind } from './types.js';

export interface CodemodFile {
  /** Posix path relative to the root. */
  path: string;
  text: string;
}

/** New text, a request to delete the file, or `undefined` for "nothing to change". */
export type TransformResult = string | { delete: true } | undefined;

/** Something a codemod could not do in this file; becomes a blocker of the phase. */
export interface CodemodIssue {
  line: number;
  message: string;
  kind?: BlockerKind;
  severity?: 'error' | 'warning';
}

/** Counters a codemod can bump for the phase summary. */
export type CodemodStat = 'importersRewritten' | 'shimsGenerated' | 'callSitesRewritten';

export interface CodemodApi {
  /** Parses with the project's parser (TS, TSX, JS by extension); parent pointers are set. */
  parse(path: string, text: string): ts.SourceFile;
  /** Adds to a summary counter (jscodeshift's `api.stats`). */
  stats(name: CodemodStat, by?: number): void;
  /** Reports what could not be done; the file keeps the rest of the codemod's edits. */
  report(issue: CodemodIssue): void;
}

export interface Codemod<Options = unknown> {
  /** Equal to the folder name under `codemods/`. */
  id: string;
  description: string;
  transform(file: CodemodFile, options: Options, api: CodemodApi): TransformResult;
}

/** Declares a codemod; the identity function that gives `transform` its types. */
export function defineCodemod<Options>(codemod: Codemod<Options>): Codemod<Options> {
  if (!/^[a-z][a-z0-9-]*$/.test(codemod.id)) throw new Error(`codemod id must be kebab-case: ${codemod.id}`);
  return codemod;
}

/** An api that collects stats and issues, for `phaseChanges` and tests. */
export function createCodemodApi(): CodemodApi & { issues: CodemodIssue[]; counters: Record<CodemodStat, number> } {
  const issues: CodemodIssue[] = [];
  const counters: Record<CodemodStat, number> = { importersRewritten: 0, shimsGenerated: 0, callSitesRewritten: 0 };
  return {
    issues,
    counters,
    parse: (path, text) => parseSource(path, text),
    stats: (name, by = 1) => {
      counters[name] += by;
    },
    report: (issue) => {
      issues.push(issue);
    },
  };
}
