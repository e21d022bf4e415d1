/**
 * Views of a scan result shared by every reporter: findings grouped per concept in a stable order,
 * and the counts of the summary line.
 */
import { BUILTIN_CONCEPTS, type Finding, type FindingStatus, type ScanResult } from '../../scan/types.js';

const STATUS_ORDER: Record<FindingStatus, number> = { canonical: 0, duplicate: 1, wrapper: 2, dead: 3 };

/** Built-in concepts in their documented order, then declared ones alphabetically. */
function conceptRank(concept: string): [number, string] {
  const index = (BUILTIN_CONCEPTS as readonly string[]).indexOf(concept);
  return [index === -1 ? BUILTIN_CONCEPTS.length : index, concept];
}

export function compareConcepts(a: string, b: string): number {
  const [rankA, nameA] = conceptRank(a);
  const [rankB, nameB] = conceptRank(b);
  return rankA - rankB || nameA.localeCompare(nameB);
}

/** Canonical first, then duplicates, wrappers, dead code; within a status by file and line. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.startLine - b.startLine ||
    a.symbol.localeCompare(b.symbol)
  );
}

export interface ConceptGroup {
  concept: string;
  findings: Finding[];
}

/** The inventory: one group per concept, each sorted canonical-first. */
export function groupByConcept(result: ScanResult): ConceptGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const list = groups.get(finding.concept) ?? [];
    list.push(finding);
    groups.set(finding.concept, list);
  }
  return [...groups.keys()].sort(compareConcepts).map((concept) => ({ concept, findings: groups.get(concept)!.sort(compareFindings) }));
}

/** Lines a declaration spans, both ends included. */
export function lineCount(finding: { startLine: number; endLine: number }): number {
  return finding.endLine - finding.startLine + 1;
}

/** `file:start-end` (or `file:line` for one line). */
export function location(item: { file: string; startLine: number; endLine: number }): string {
  return item.startLine === item.endLine ? `${item.file}:${item.startLine}` : `${item.file}:${item.startLine}-${item.endLine}`;
}

export interface Summary {
  files: number;
  findings: number;
  concepts: number;
  clusters: number;
  byStatus: Record<FindingStatus, number>;
  doubleInitializations: number;
  errors: number;
}

export function summarize(result: ScanResult): Summary {
  const byStatus: Record<FindingStatus, number> = { canonical: 0, duplicate: 0, wrapper: 0, dead: 0 };
  for (const finding of result.findings) byStatus[finding.status]++;
  return {
    files: result.files,
    findings: result.findings.length,
    concepts: new Set(result.findings.map((finding) => finding.concept)).size,
    clusters: result.clusters.length,
    byStatus,
    doubleInitializations: result.doubleInitializations.length,
    errors: result.errors.length,
  };
}

/** `1 member`, `2 members`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** One sentence: `42 files scanned: 12 findings in 4 concepts, 4 duplicates, ...`. */
export function summaryLine(result: ScanResult): string {
  const s = summarize(result);
  const parts = [
    `${plural(s.findings, 'finding')} in ${plural(s.concepts, 'concept')}`,
    plural(s.byStatus.duplicate, 'duplicate'),
    plural(s.byStatus.wrapper, 'wrapper'),
    `${s.byStatus.dead} dead`,
    plural(s.doubleInitializations, 'double initialization'),
    plural(s.errors, 'unparsable file'),
  ];
  return `${plural(s.files, 'file')} scanned: ${parts.join(', ')}`;
}

/** `1 canonical, 2 duplicates, ...` for the statuses present in a group. */
export function statusCounts(findings: readonly Finding[]): string {
  const counts = new Map<FindingStatus, number>();
  for (const finding of findings) counts.set(finding.status, (counts.get(finding.status) ?? 0) + 1);
  return (Object.keys(STATUS_ORDER) as FindingStatus[])
    .filter((status) => counts.has(status))
    .map((status) => {
      const count = counts.get(status)!;
      return status === 'canonical' || status === 'dead' ? `${count} ${status}` : plural(count, status);
    })
    .join(', ');
}

/** Finding ids to findings, for resolving cluster members and targets. */
export function findingIndex(result: ScanResult): Map<string, Finding> {
  return new Map(result.findings.map((finding) => [finding.id, finding]));
}

/** Similarity as a whole percentage. */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}
