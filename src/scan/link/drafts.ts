/**
 * Draft findings: one per detected candidate above its concept's confidence threshold, with its
 * importers. Clusters, statuses and the canonical are decided later, over all drafts.
 */
import type { Candidate, FileFacts } from '../facts.js';
import type { WorkspacePackage } from '../graph-types.js';
import { workspaceOf } from '../resolve/workspaces.js';
import type { Finding } from '../types.js';
import type { ImporterIndex } from './importers.js';

export interface Draft {
  finding: Finding;
  /** The top-level name importers reach it by (the class for `Class.method`). */
  localName: string;
  /** The detector's candidate; absent for re-export findings. */
  candidate?: Candidate;
}

/** Confidence thresholds: a concept's own `rules.<id>.minConfidence` or the global one; `off` drops it. */
export interface Thresholds {
  minConfidence: number;
  rules: Record<string, 'off' | 'on' | { minConfidence?: number }>;
}

export function thresholdFor(concept: string, thresholds: Thresholds): number {
  const rule = thresholds.rules[concept];
  if (rule === 'off') return Number.POSITIVE_INFINITY;
  if (rule && typeof rule === 'object' && typeof rule.minConfidence === 'number') return rule.minConfidence;
  return thresholds.minConfidence;
}

/** Drafts for every candidate above its threshold, keyed by id (one per `file#symbol`, the most confident). */
export function candidateDrafts(
  facts: readonly FileFacts[],
  importers: ImporterIndex,
  workspaces: readonly WorkspacePackage[],
  thresholds: Thresholds,
): Map<string, Draft> {
  const drafts = new Map<string, Draft>();
  for (const file of facts) {
    if (file.error) continue;
    const workspace = workspaceOf(file.file, workspaces)?.name;
    for (const candidate of file.candidates) {
      if (candidate.confidence < thresholdFor(candidate.concept, thresholds)) continue;
      const id = `${file.file}#${candidate.symbol}`;
      const existing = drafts.get(id);
      if (existing && (existing.candidate?.confidence ?? 0) >= candidate.confidence) continue;
      const finding: Finding = {
        id,
        concept: candidate.concept,
        kind: candidate.kind === 'wrapper' ? 'implementation' : candidate.kind,
        file: file.file,
        symbol: candidate.symbol,
        startLine: candidate.startLine,
        endLine: candidate.endLine,
        importers: importers.of(file.file, candidate.localName),
        cluster: null,
        status: 'duplicate',
        confidence: candidate.confidence,
        signals: [...candidate.signals],
        evidence: candidate.evidence.map((e) => ({ ...e })),
        fingerprint: candidate.fingerprint,
      };
      if (workspace !== undefined) finding.workspace = workspace;
      drafts.set(id, { finding, localName: candidate.localName, candidate });
    }
  }
  return drafts;
}

/** Drafts by the declaration importers reach them by: `file\0localName`. */
export function draftsByDeclaration(drafts: Iterable<Draft>): Map<string, Draft[]> {
  const index = new Map<string, Draft[]>();
  for (const draft of drafts) {
    const k = `${draft.finding.file}\0${draft.localName}`;
    const list = index.get(k);
    if (list) list.push(draft);
    else index.set(k, [draft]);
  }
  return index;
}

/** True when the draft is the whole declaration (`Name`), not logic inlined in a method (`Class.method`). */
export function isWholeDeclaration(draft: Draft): boolean {
  return draft.finding.symbol === draft.localName;
}
