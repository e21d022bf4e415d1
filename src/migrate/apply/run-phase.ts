/**
 * One migration phase, safely: diff and summary always; then every reason not to write (an
 * interrupted earlier run, uncommitted work in the files it touches, files changed since
 * the plan read them, diagnostics or broken imports the change would add); then, only with `write`
 * and no reason against it, the all-or-nothing write behind a journal entry. Returns data; never prints.
 *
 * Planner blockers are not a reason to refuse: the planner leaves every blocked item out of the
 * changes, so the rest of the phase is applied and the blockers are reported with what to do. Only
 * what would break the build (verification) or lose work (git, journal, stale files) refuses.
 */
import { SsotError } from '../../shared/errors.js';
import { diffFileChange, type FileDiff } from '../diff.js';
import { checkWorkTree, workTreeRefusal, type DirtyFile, type WorkTreeState } from '../git.js';
import { topOfJournal, type JournalManifest } from '../journal.js';
import type { ChangeSummary, FileChange } from '../types.js';
import { verifyChanges, type BrokenImport, type NewDiagnostic, type VerificationResult, type VerifyInput } from '../verify.js';
import { applyChangeSet, effectiveChanges, findStaleFiles, invalidPaths, type StaleFile } from './apply-changes.js';
import type { WriteHooks } from './write-files.js';
import { CANONICALS_FILE } from '../plan/canonicals-record.js';
import { isRecordFile } from '../records.js';

/**
 * An item the planner left out of the phase, and why (e.g. a file to delete that still has importers,
 * a call the canonical's signature does not take). Reported, never applied, never a refusal.
 */
export interface PhaseBlocker {
  message: string;
  /** Posix path relative to the root, when known. */
  file?: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** The planner's blocker kind (`still-imported`, `signature-mismatch`...). */
  kind?: string;
  /** `error`: the item is skipped; `warning`: it waits for another phase. Default error. */
  severity?: 'error' | 'warning';
  /** A config change or step that would resolve it. */
  hint?: string;
}

export type Refusal =
  | { kind: 'interrupted'; message: string }
  | { kind: 'not-git'; message: string }
  | { kind: 'dirty'; message: string; files: DirtyFile[] }
  | { kind: 'stale'; message: string; files: StaleFile[] }
  | { kind: 'verification'; message: string; diagnostics: NewDiagnostic[]; brokenImports: BrokenImport[] };

export interface RunPhaseInput {
  /** Absolute path of the migration root (where `.ssot/` lives). */
  root: string;
  phase: string;
  changes: readonly FileChange[];
  /** The planner's counts (importers rewritten, shims, call sites); file and line counts are recomputed. */
  summary?: Partial<ChangeSummary>;
  /** What the planner left out of `changes`: reported with the run, never a reason to refuse. */
  blockers?: readonly PhaseBlocker[];
  /** Write to disk; otherwise a dry run. */
  write: boolean;
  allowDirty?: boolean;
  /** Type-check before and after in memory. Default true. */
  verify?: boolean;
  /** The scan's module graph: importers, the names they use, workspaces. Without it, importers are read from the files. */
  graph?: VerifyInput['graph'];
  /** Tool name and version, recorded in the journal. */
  tool: string;
  onStep?: (step: 'git' | 'verify' | 'write') => void;
  hooks?: WriteHooks;
}

export interface PhaseRun {
  phase: string;
  mode: 'dry-run' | 'write';
  /** True when the files were written. */
  written: boolean;
  /** The changes that change something, in plan order. */
  changes: FileChange[];
  diffs: FileDiff[];
  summary: ChangeSummary;
  linesAdded: number;
  blockers: PhaseBlocker[];
  /** Null when there was nothing to change. */
  workTree: WorkTreeState | null;
  /** Null when skipped (`verify: false`, nothing to change, or already refused before writing). */
  verification: VerificationResult | null;
  /** Every reason the phase was (or, in a dry run, would be) refused. Empty means it can be written. */
  refusals: Refusal[];
  journal: JournalManifest | null;
}

function summarize(diffs: FileDiff[], planned: Partial<ChangeSummary> = {}): { summary: ChangeSummary; linesAdded: number } {
  const files = diffs.filter((d) => !isRecordFile(d.path));
  const records = diffs.flatMap((d) => (isRecordFile(d.path) && d.status !== 'unchanged' ? [{ path: d.path, status: d.status }] : []));
  const count = (status: FileDiff['status']) => files.filter((d) => d.status === status).length;
  return {
    summary: {
      filesChanged: count('modified'),
      filesCreated: count('created'),
      filesDeleted: count('deleted'),
      importersRewritten: planned.importersRewritten ?? 0,
      shimsGenerated: planned.shimsGenerated ?? 0,
      callSitesRewritten: planned.callSitesRewritten ?? 0,
      linesRemoved: files.reduce((sum, d) => sum + d.linesRemoved, 0),
      ...(records.length > 0 ? { records } : {}),
    },
    linesAdded: files.reduce((sum, d) => sum + d.linesAdded, 0),
  };
}

export async function runPhase(input: RunPhaseInput): Promise<PhaseRun> {
  const changes = effectiveChanges(input.changes);
  const invalid = invalidPaths(changes);
  if (invalid.length > 0) throw new SsotError('migration', `the planned changes of phase ${input.phase} have invalid paths`, invalid);
  const diffs = changes.map((change) => diffFileChange(change));
  const { summary, linesAdded } = summarize(diffs, input.summary);
  const blockers = [...(input.blockers ?? [])];
  const run: PhaseRun = {
    phase: input.phase,
    mode: input.write ? 'write' : 'dry-run',
    written: false,
    changes,
    diffs,
    summary,
    linesAdded,
    blockers,
    workTree: null,
    verification: null,
    refusals: [],
    journal: null,
  };
  const top = await topOfJournal(input.root);
  if (top && top.state !== 'applied') {
    run.refusals.push({
      kind: 'interrupted',
      message: `an earlier run (${top.phase}) was interrupted and may have left files half written; run \`ssot migrate --undo\` first`,
    });
  }
  if (changes.length === 0) return run;

  input.onStep?.('git');
  // The canonicals record is ssot's own state, journalled like every file: an uncommitted copy from an
  // earlier phase is not the user's work, so it does not make the tree dirty.
  run.workTree = await checkWorkTree(input.root, changes.map((change) => change.path).filter((path) => path !== CANONICALS_FILE));
  const gitRefusal = workTreeRefusal(run.workTree, input.allowDirty ?? false);
  if (gitRefusal) {
    if (run.workTree.repository) run.refusals.push({ kind: 'dirty', message: gitRefusal.message, files: run.workTree.dirty });
    else run.refusals.push({ kind: 'not-git', message: gitRefusal.message });
  }
  if (input.write && run.refusals.length === 0) {
    const stale = await findStaleFiles(input.root, changes);
    if (stale.length > 0) run.refusals.push({ kind: 'stale', message: 'files changed since the plan was computed; run the phase again', files: stale });
  }
  const refusedAlready = input.write && run.refusals.length > 0;
  // Records alone (a phase that only settles canonicals) change no code to type-check.
  const changesCode = changes.some((change) => !isRecordFile(change.path));
  if ((input.verify ?? true) && !refusedAlready && changesCode) {
    input.onStep?.('verify');
    run.verification = await verifyChanges({ root: input.root, changes, graph: input.graph });
    if (!run.verification.ok) {
      const parts = [];
      if (run.verification.newDiagnostics.length > 0) parts.push(plural(run.verification.newDiagnostics.length, 'new diagnostic'));
      if (run.verification.brokenImports.length > 0) parts.push(plural(run.verification.brokenImports.length, 'broken import'));
      run.refusals.push({
        kind: 'verification',
        message: `the change would add ${parts.join(' and ')}`,
        diagnostics: run.verification.newDiagnostics,
        brokenImports: run.verification.brokenImports,
      });
    }
  }
  if (input.write && run.refusals.length === 0) {
    input.onStep?.('write');
    run.journal = await applyChangeSet(input.root, changes, { phase: input.phase, tool: input.tool, hooks: input.hooks });
    run.written = true;
  }
  return run;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
