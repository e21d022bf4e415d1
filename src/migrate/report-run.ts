/**
 * What `ssot migrate` prints: the unified diff, then a summary, the verification outcome and every
 * reason the phase was (or would be) refused; as JSON for tools; or the bare patch for `git apply`.
 * Pure functions from a result to a string.
 */
import { blockerAdvice, countBlockers, renderBlockerLines, sortBlockers } from './report-blockers.js';
import { renderFileDiff } from './diff.js';
import { describeDirty } from './git.js';
import { JOURNAL_DIR } from './journal.js';
import type { PhaseRun, Refusal } from './apply/run-phase.js';
import type { UndoResult } from './apply/undo.js';

export type RunFormat = 'text' | 'json' | 'diff';

export interface RenderRunOptions {
  format: RunFormat;
  color?: boolean;
}

const STYLE = { bold: '\x1b[1m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', dim: '\x1b[2m', reset: '\x1b[m' };

function paint(color: boolean, style: keyof typeof STYLE, text: string): string {
  return color ? `${STYLE[style]}${text}${STYLE.reset}` : text;
}

export function renderPhaseRun(run: PhaseRun, options: RenderRunOptions): string {
  if (options.format === 'json') return `${JSON.stringify(phaseRunJson(run), null, 2)}\n`;
  const color = options.color ?? false;
  const patch = run.diffs.map((diff) => renderFileDiff(diff, color)).join('');
  if (options.format === 'diff') return patch;
  return `${patch}${patch ? '\n' : ''}${renderSummary(run, color)}`;
}

/** The JSON shape of `ssot migrate --format json` (diffs as patch text per file). */
export function phaseRunJson(run: PhaseRun) {
  return {
    phase: run.phase,
    mode: run.mode,
    written: run.written,
    summary: { ...run.summary, linesAdded: run.linesAdded },
    files: run.diffs.map((diff, i) => ({
      path: diff.path,
      status: diff.status,
      codemods: run.changes[i]?.codemods ?? [],
      linesAdded: diff.linesAdded,
      linesRemoved: diff.linesRemoved,
      diff: renderFileDiff(diff),
    })),
    blockers: sortBlockers(run.blockers).map((blocker) => ({ ...blocker, advice: blockerAdvice(blocker) })),
    verification: run.verification,
    git: run.workTree,
    refusals: run.refusals,
    journal: run.journal ? { id: run.journal.id, path: `${JOURNAL_DIR}/${run.journal.id}` } : null,
  };
}

function renderSummary(run: PhaseRun, color: boolean): string {
  const lines: string[] = [];
  const mode = run.written ? 'written' : run.changes.length === 0 && run.refusals.length === 0 ? 'nothing to write' : run.mode === 'write' ? 'not written' : 'dry run';
  lines.push(paint(color, 'bold', `Phase ${run.phase}: ${mode}`));
  if (run.changes.length === 0) {
    lines.push(
      run.blockers.length > 0
        ? '  nothing to change that is not blocked (see the blockers below)'
        : '  nothing to change: the phase is already applied, or has nothing to do',
    );
  } else {
    const s = run.summary;
    const rows: Array<[string, number | string]> = [
      ['files changed', s.filesChanged],
      ['files created', s.filesCreated],
      ['files deleted', s.filesDeleted],
      ['importers rewritten', s.importersRewritten],
      ['call sites rewritten', s.callSitesRewritten],
      ['shims generated', s.shimsGenerated],
      ['lines removed / added', `${s.linesRemoved} / ${run.linesAdded}`],
      ...(s.records ?? []).map((r): [string, string] => ['ssot record', `${r.path} (${r.status === 'modified' ? 'updated' : r.status})`]),
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)}  ${value}`);
  }
  if (run.verification) {
    const v = run.verification;
    const checked = `${v.checkedFiles.length} file${v.checkedFiles.length === 1 ? '' : 's'} checked with ${v.configs.join(', ') || '(no config)'}`;
    const fixed = v.fixedDiagnostics > 0 ? `, ${v.fixedDiagnostics} existing diagnostic${v.fixedDiagnostics === 1 ? '' : 's'} gone` : '';
    lines.push(`  verification  ${v.ok ? paint(color, 'green', 'passed') : paint(color, 'red', 'failed')} (${checked}${fixed})`);
    for (const note of v.notes) lines.push(`    note: ${note}`);
  } else if (run.changes.length > 0) {
    lines.push('  verification  skipped');
  }
  if (run.workTree && !run.workTree.repository) lines.push(`  git           ${run.workTree.reason ?? 'not a git work tree'}`);
  const blockerLines = renderBlockerLines(run.blockers);
  if (blockerLines.length > 0) {
    lines.push('');
    lines.push(paint(color, 'yellow', blockerLines[0]!), ...blockerLines.slice(1));
  }
  if (run.refusals.length > 0) {
    lines.push('');
    lines.push(paint(color, 'red', run.mode === 'write' ? 'Refused, nothing was written:' : 'Writing would be refused:'));
    for (const refusal of run.refusals) lines.push(...renderRefusal(refusal));
  } else if (run.written && run.journal) {
    lines.push('');
    const { blocked } = countBlockers(run.blockers);
    const rest = blocked > 0 ? ` (${blocked} blocked item${blocked === 1 ? '' : 's'} left as listed above)` : '';
    lines.push(`Written${rest}. Originals saved in ${JOURNAL_DIR}/${run.journal.id}; \`ssot migrate --undo\` restores them.`);
  } else if (run.changes.length > 0) {
    lines.push('');
    lines.push('Dry run: nothing was written. Run again with --write to apply.');
  }
  return `${lines.join('\n')}\n`;
}

function renderRefusal(refusal: Refusal): string[] {
  const lines = [`  - ${refusal.message}`];
  switch (refusal.kind) {
    case 'dirty':
      for (const f of refusal.files) lines.push(`      ${f.path}: ${describeDirty(f.reason)}`);
      break;
    case 'stale':
      for (const f of refusal.files) lines.push(`      ${f.path}: ${f.reason}`);
      break;
    case 'verification':
      for (const d of refusal.diagnostics) {
        const [first, ...rest] = d.message.split('\n');
        lines.push(`      ${d.file}:${d.line}:${d.column} ${d.category} TS${d.code}: ${first}`);
        for (const more of rest) lines.push(`        ${more}`);
      }
      for (const b of refusal.brokenImports) {
        const was = b.before ? `resolved to ${b.before} before` : 'new import';
        lines.push(`      ${b.file}:${b.line} import '${b.specifier}' no longer resolves (${was})`);
      }
      break;
    default:
      break;
  }
  return lines;
}

/** What `ssot migrate --undo` prints. */
export function renderUndo(result: UndoResult, format: 'text' | 'json' = 'text'): string {
  if (format === 'json') {
    if (result.status === 'nothing') return `${JSON.stringify({ status: 'nothing' }, null, 2)}\n`;
    const { entry, ...rest } = result;
    return `${JSON.stringify({ ...rest, phase: entry.phase, journal: entry.id }, null, 2)}\n`;
  }
  if (result.status === 'nothing') return `Nothing to undo: ${JOURNAL_DIR} holds no applied phase.\n`;
  if (result.status === 'refused') {
    const lines = [
      `Refused to undo phase ${result.entry.phase}: ${result.changed.length} file${result.changed.length === 1 ? '' : 's'} changed after it was applied, and undo would lose those edits.`,
      ...result.changed.map((file) => `  ${file.path}: ${file.reason}`),
      'Commit or move those edits away, or pass --force to restore the originals anyway.',
    ];
    return `${lines.join('\n')}\n`;
  }
  const what = result.interrupted ? `the interrupted run of phase ${result.entry.phase}` : `phase ${result.entry.phase}`;
  const lines = [`Undid ${what}: ${result.restored.length} file${result.restored.length === 1 ? '' : 's'} restored, ${result.removed.length} created file${result.removed.length === 1 ? '' : 's'} removed.`];
  for (const path of result.restored) lines.push(`  restored  ${path}`);
  for (const path of result.removed) lines.push(`  removed   ${path}`);
  return `${lines.join('\n')}\n`;
}
