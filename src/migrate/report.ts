/**
 * The `--report FILE` Markdown: what a phase did, in the terms of a consolidation plan's success
 * metrics: implementations per concept before and after, lines of implementation code, files changed,
 * created and deleted, lines removed, importers rewritten, shims generated, and what blocked it.
 * A pure function of the phase result and the scans before and after.
 */
import type { Finding, ScanResult } from '../scan/types.js';
import type { PhaseRun } from './apply/run-phase.js';
import { plural } from '../shared/plural.js';
import { JOURNAL_DIR } from './journal.js';
import { blockerAdvice, blockerLocation, countBlockers, sortBlockers } from './report-blockers.js';

export interface PhaseReportInput {
  run: PhaseRun;
  /** The scan the plan was built from. */
  before: ScanResult;
  /** A rescan after writing, or the projected tree of a dry run; null when it could not be computed. */
  after: ScanResult | null;
  /** How `after` was obtained. */
  afterKind: 'rescan' | 'projected';
  /** ISO date shown in the heading; callers pass it so the function stays pure. */
  generatedAt: string;
}

interface ConceptCounts {
  implementations: number;
  wrappers: number;
  configTypes: number;
  lines: number;
  files: Set<string>;
}

function countByConcept(result: ScanResult | null): Map<string, ConceptCounts> {
  const counts = new Map<string, ConceptCounts>();
  for (const finding of result?.findings ?? []) {
    const entry = counts.get(finding.concept) ?? { implementations: 0, wrappers: 0, configTypes: 0, lines: 0, files: new Set<string>() };
    if (finding.kind === 'implementation') {
      entry.implementations++;
      entry.lines += span(finding);
      entry.files.add(finding.file);
    } else if (finding.kind === 'config-type') {
      entry.configTypes++;
      entry.lines += span(finding);
      entry.files.add(finding.file);
    } else {
      entry.wrappers++;
    }
    counts.set(finding.concept, entry);
  }
  return counts;
}

function span(finding: Finding): number {
  return Math.max(0, finding.endLine - finding.startLine + 1);
}

function cell(text: string | number): string {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function delta(before: number, after: number | null): string {
  if (after === null) return 'n/a';
  const change = after - before;
  return change === 0 ? '0' : change > 0 ? `+${change}` : `${change}`;
}

export function renderPhaseReport(input: PhaseReportInput): string {
  const { run, before, after } = input;
  const out: string[] = [];
  const mode = run.written ? 'written' : run.mode === 'write' ? 'refused, nothing written' : 'dry run, nothing written';
  out.push(`# Migration report: phase \`${run.phase}\``, '');
  out.push(`- Status: **${mode}**`);
  out.push(`- Generated: ${input.generatedAt}`);
  const afterLabel = after === null ? 'not available' : input.afterKind === 'rescan' ? 'a scan of the tree after writing' : 'a scan of the projected tree (the changes applied to a temporary copy)';
  out.push(`- "After" figures: ${afterLabel}`);
  if (run.journal) out.push(`- Journal: \`${JOURNAL_DIR}/${run.journal.id}\` (\`ssot migrate --undo\` restores every file)`);
  out.push('');

  out.push('## Summary', '', '| | |', '|---|---:|');
  const s = run.summary;
  const rows: Array<[string, number]> = [
    ['Files changed', s.filesChanged],
    ['Files created', s.filesCreated],
    ['Files deleted', s.filesDeleted],
    ['Importers rewritten', s.importersRewritten],
    ['Call sites rewritten', s.callSitesRewritten],
    ['Shims generated', s.shimsGenerated],
    ['Lines removed', s.linesRemoved],
    ['Lines added', run.linesAdded],
    ['Net lines', run.linesAdded - s.linesRemoved],
  ];
  for (const [label, value] of rows) out.push(`| ${label} | ${value} |`);
  for (const record of s.records ?? []) out.push(`| ssot record \`${record.path}\` | ${record.status === 'modified' ? 'updated' : record.status} |`);
  out.push('');

  const countsBefore = countByConcept(before);
  const countsAfter = after ? countByConcept(after) : null;
  const concepts = [...new Set([...countsBefore.keys(), ...(countsAfter?.keys() ?? [])])].sort();
  out.push('## Implementations per concept', '');
  if (concepts.length === 0) {
    out.push('No concept was found in the scan.', '');
  } else {
    out.push('| Concept | Implementations before | After | Change | Config types before | After | Wrappers and re-exports before | After | Lines before | Lines after |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const concept of concepts) {
      const b = countsBefore.get(concept);
      const a = countsAfter ? (countsAfter.get(concept) ?? { implementations: 0, wrappers: 0, configTypes: 0, lines: 0, files: new Set() }) : null;
      const vb = b ?? { implementations: 0, wrappers: 0, configTypes: 0, lines: 0, files: new Set() };
      out.push(
        `| ${cell(concept)} | ${vb.implementations} | ${a ? a.implementations : 'n/a'} | ${delta(vb.implementations, a ? a.implementations : null)} | ${vb.configTypes} | ${a ? a.configTypes : 'n/a'} | ${vb.wrappers} | ${a ? a.wrappers : 'n/a'} | ${vb.lines} | ${a ? a.lines : 'n/a'} |`,
      );
    }
    out.push('', 'Lines count the declarations of implementations and config types.', '');
  }

  if (before.clusters.length > 0) {
    out.push('## Clusters', '', '| Cluster | Members before | Members after | Canonical |', '|---|---:|---:|---|');
    const afterClusters = new Map((after?.clusters ?? []).map((cluster) => [cluster.id, cluster]));
    for (const cluster of [...before.clusters].sort((x, y) => x.id.localeCompare(y.id))) {
      const next = afterClusters.get(cluster.id);
      const membersAfter = after ? (next ? next.members.length : 0) : 'n/a';
      out.push(`| ${cell(cluster.id)} | ${cluster.members.length} | ${membersAfter} | ${cell(cluster.canonical ?? '(none)')} |`);
    }
    out.push('');
  }

  out.push('## Files', '');
  if (run.diffs.length === 0) {
    out.push('Nothing to change.', '');
  } else {
    out.push('| File | Change | Lines removed | Lines added | Codemods |', '|---|---|---:|---:|---|');
    run.diffs.forEach((diff, i) => {
      const codemods = run.changes[i]?.codemods.join(', ') ?? '';
      out.push(`| \`${cell(diff.path)}\` | ${diff.status} | ${diff.linesRemoved} | ${diff.linesAdded} | ${cell(codemods)} |`);
    });
    out.push('');
  }

  if (run.blockers.length > 0) {
    const { blocked, waiting } = countBlockers(run.blockers);
    out.push('## Left as they are', '', `${blocked} blocked, ${waiting} waiting for another phase; the rest of the phase does not wait for them.`, '');
    for (const blocker of sortBlockers(run.blockers)) {
      const where = blockerLocation(blocker);
      const advice = blockerAdvice(blocker);
      out.push(`- ${where ? `\`${cell(where)}\`: ` : ''}${cell(blocker.message)}${advice ? ` — to do: ${cell(advice)}` : ''}`);
    }
    out.push('');
  }

  out.push('## Verification', '');
  if (!run.verification) {
    out.push(run.changes.length === 0 ? 'Nothing to verify.' : 'Skipped.', '');
  } else {
    const v = run.verification;
    out.push(`${v.ok ? 'Passed' : 'Failed'}: ${plural(v.checkedFiles.length, 'file')} type-checked before and after (${v.configs.join(', ')}); ${plural(v.fixedDiagnostics, 'existing diagnostic')} went away.`, '');
    for (const d of v.newDiagnostics) out.push(`- \`${cell(d.file)}:${d.line}:${d.column}\` TS${d.code}: ${cell(d.message)}`);
    for (const b of v.brokenImports) out.push(`- \`${cell(b.file)}:${b.line}\` import \`${cell(b.specifier)}\` no longer resolves`);
    if (v.newDiagnostics.length + v.brokenImports.length > 0) out.push('');
  }

  if (run.refusals.length > 0) {
    out.push('## Refusals', '');
    for (const refusal of run.refusals) out.push(`- ${cell(refusal.message)}`);
    out.push('');
  }
  return out.join('\n');
}
