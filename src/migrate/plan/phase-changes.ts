/**
 * Runs one phase of a plan in memory: the phase's codemods in order over the current texts (each sees
 * the previous one's output), merged into one `FileChange` per file, outcomes counted like jscodeshift,
 * and — in the delete phase — the `.ssot/forbidden.json` update. Writes nothing: the apply step does.
 */
import type { PhaseConfig } from '../../config/types.js';
import type { ChangeSummary, FileChange } from '../types.js';
import { createCodemodApi, type CodemodStat } from './codemod.js';
import { FORBIDDEN_FILE, formatForbidden, mergeForbidden, parseForbidden, type ForbiddenFile, type ForbiddenSymbol } from './forbidden.js';
import { codemodById } from './registry.js';
import { mergeModuleStatements } from './codemod-utils/module-statements.js';
import { parseSource } from '../../parser/ts.js';

const SCRIPT = /\.[cm]?[jt]sx?$/;
import type { Blocker, CodemodOutcome, MigrationPlan } from './types.js';

export interface PhaseResult {
  changes: FileChange[];
  outcomes: CodemodOutcome[];
  summary: ChangeSummary;
  /**
   * The plan's blockers for this phase, plus what the codemods reported while running. They describe
   * what the phase skipped (an importer that keeps its shim, a module that is not deleted yet); the
   * `changes` never include a blocked item and are safe to apply without it.
   */
  blockers: Blocker[];
}

/** Lines of `before` that `after` no longer has (a multiset difference, so moved lines do not count). */
function removedLines(before: string | null, after: string | null): number {
  if (before === null) return 0;
  const lines = before.split('\n');
  if (after === null) return lines.length - (before.endsWith('\n') ? 1 : 0);
  const remaining = new Map<string, number>();
  for (const line of after.split('\n')) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let removed = 0;
  for (const line of lines) {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else removed++;
  }
  return removed;
}

export function phaseChanges(plan: MigrationPlan, phase: PhaseConfig, readFile: (path: string) => string | null): PhaseResult {
  const original = new Map<string, string | null>();
  const current = new Map<string, string | null>();
  const contributors = new Map<string, string[]>();
  const outcomes: CodemodOutcome[] = [];
  const blockers: Blocker[] = plan.blockers.filter((b) => b.phase === phase.name || b.phase === '*');
  const counters: Record<CodemodStat, number> = { importersRewritten: 0, shimsGenerated: 0, callSitesRewritten: 0 };
  const textOf = (file: string): string | null => {
    if (!original.has(file)) {
      const text = readFile(file);
      original.set(file, text);
      current.set(file, text);
    }
    return current.get(file)!;
  };
  for (const id of phase.codemods) {
    const codemod = codemodById(id);
    if (!codemod) {
      outcomes.push({ codemod: id, file: '', status: 'error', message: `unknown codemod ${id}` });
      continue;
    }
    for (const task of plan.tasks.filter((t) => t.codemod === id)) {
      const text = textOf(task.file);
      if (text === null) {
        outcomes.push({ codemod: id, file: task.file, status: 'skipped', message: original.get(task.file) === null ? 'cannot be read' : 'deleted by an earlier codemod' });
        continue;
      }
      const api = createCodemodApi();
      let result;
      try {
        result = codemod.transform({ path: task.file, text }, task.options, api);
      } catch (error) {
        outcomes.push({ codemod: id, file: task.file, status: 'error', message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      for (const issue of api.issues) {
        blockers.push({
          kind: issue.kind ?? 'unsupported-import',
          severity: issue.severity ?? 'error',
          phase: phase.name,
          file: task.file,
          line: issue.line,
          message: `${id}: ${issue.message}`,
        });
      }
      if (result === undefined || result === text) {
        outcomes.push({ codemod: id, file: task.file, status: 'unchanged' });
        continue;
      }
      for (const key of Object.keys(counters) as CodemodStat[]) counters[key] += api.counters[key];
      current.set(task.file, typeof result === 'string' ? result : null);
      contributors.set(task.file, [...new Set([...(contributors.get(task.file) ?? []), id])]);
      outcomes.push({ codemod: id, file: task.file, status: 'changed' });
    }
  }
  const changes: FileChange[] = [];
  for (const [path, written] of current) {
    const before = original.get(path)!;
    // Codemods of one phase can each add a statement for the same module: merged once, over all of them.
    const after = written !== null && SCRIPT.test(path) ? mergeModuleStatements(before, written, (text) => parseSource(path, text)) : written;
    if (after === before) continue;
    changes.push({ path, before, after, codemods: contributors.get(path) ?? [] });
  }
  const forbidden = forbiddenChange(plan, changes, readFile);
  if (forbidden) changes.push(forbidden);
  changes.sort((a, b) => a.path.localeCompare(b.path));
  const summary: ChangeSummary = {
    filesChanged: changes.filter((c) => c.before !== null && c.after !== null).length,
    filesCreated: changes.filter((c) => c.before === null).length,
    filesDeleted: changes.filter((c) => c.after === null).length,
    importersRewritten: counters.importersRewritten,
    shimsGenerated: counters.shimsGenerated,
    callSitesRewritten: counters.callSitesRewritten,
    linesRemoved: changes.reduce((sum, c) => sum + removedLines(c.before, c.after), 0),
  };
  return { changes, outcomes, summary, blockers };
}

/** The forbidden-list update for what the delete codemod removed in this run. */
function forbiddenChange(plan: MigrationPlan, changes: FileChange[], readFile: (path: string) => string | null): FileChange | undefined {
  const files: ForbiddenFile[] = [];
  const symbols: ForbiddenSymbol[] = [];
  const replacementOf = (file: string, name: string, fallback: string): string => {
    const own = plan.deletions.find((d) => d.file === file)?.replacements?.[name];
    if (own !== undefined) return own;
    for (const cluster of plan.clusters) {
      if (cluster.superseded.some((m) => m.file === file && m.exportName === name) && cluster.canonical) return cluster.canonical.ref;
    }
    return fallback;
  };
  for (const change of changes) {
    if (!change.codemods.includes('delete-superseded')) continue;
    const deletion = plan.deletions.find((d) => d.file === change.path);
    if (!deletion) continue;
    if (change.after === null) files.push({ path: change.path, replacement: deletion.replacement });
    for (const name of deletion.symbols) symbols.push({ name, file: change.path, replacement: replacementOf(change.path, name, deletion.replacement) });
  }
  if (files.length === 0 && symbols.length === 0) return undefined;
  const before = readFile(FORBIDDEN_FILE);
  const after = formatForbidden(mergeForbidden(parseForbidden(before), files, symbols));
  if (after === before) return undefined;
  return { path: FORBIDDEN_FILE, before, after, codemods: ['delete-superseded'] };
}
