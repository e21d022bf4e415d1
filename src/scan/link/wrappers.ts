/**
 * Wrappers: a candidate that delegates to another finding of the same concept (through an import, a
 * local declaration, or a producer function returning one) and adds no logic of its own.
 */
import type { FileFacts } from '../facts.js';
import { type Draft, isWholeDeclaration } from './drafts.js';
import type { ExportResolver } from './export-resolver.js';

/** How deep producer chains (`getX()` returning `new X()`, imported from elsewhere) are followed. */
const MAX_PRODUCER_DEPTH = 4;

/**
 * The finding an identifier used in `file` designates, for `concept`: a declaration reached through
 * imports, or what a producer function returns. Null when it designates no finding of the concept.
 */
export function findingForIdentifier(
  file: string,
  identifier: string,
  concept: string | null,
  exports: ExportResolver,
  byDeclaration: ReadonlyMap<string, Draft[]>,
  facts: ReadonlyMap<string, FileFacts>,
  depth = 0,
): Draft | null {
  if (depth > MAX_PRODUCER_DEPTH) return null;
  const trace = exports.resolveLocal(file, identifier);
  if (!trace || trace.origin.name === '*') return null;
  const { file: originFile, name } = trace.origin;
  const drafts = (byDeclaration.get(`${originFile}\0${name}`) ?? []).filter((d) => concept === null || d.finding.concept === concept);
  const whole = drafts.find(isWholeDeclaration) ?? null;
  if (whole) return whole;
  if (concept !== null && drafts.length > 0) return drafts[0]!;
  const producer = facts.get(originFile)?.producers.find((p) => p.name === name);
  if (producer) return findingForIdentifier(originFile, producer.returns, concept, exports, byDeclaration, facts, depth + 1);
  return null;
}

/**
 * Turns delegating candidates into wrappers with a target. A tentative wrapper (a candidate that only
 * forwards, found by its name and shape) whose delegate is not another finding of the same concept is
 * dropped: forwarding to a registry or an accessor is not an implementation of the concept.
 */
export function resolveWrappers(
  drafts: Map<string, Draft>,
  byDeclaration: ReadonlyMap<string, Draft[]>,
  exports: ExportResolver,
  facts: ReadonlyMap<string, FileFacts>,
): void {
  const unconfirmed: string[] = [];
  for (const draft of drafts.values()) {
    const candidate = draft.candidate;
    if (!candidate) continue;
    if (candidate.delegatesTo.length === 0) {
      if (candidate.kind === 'wrapper') unconfirmed.push(draft.finding.id);
      continue;
    }
    const tentative = candidate.kind === 'wrapper';
    if (candidate.ownLogic && !tentative) continue;
    if (candidate.kind === 'config-type' && !tentative) continue;
    let resolved = false;
    for (const identifier of candidate.delegatesTo) {
      const target = findingForIdentifier(draft.finding.file, identifier, candidate.concept, exports, byDeclaration, facts);
      if (!target || target === draft) continue;
      draft.finding.kind = 'wrapper';
      draft.finding.target = target.finding.id;
      resolved = true;
      break;
    }
    if (tentative && !resolved) unconfirmed.push(draft.finding.id);
  }
  for (const id of unconfirmed) drafts.delete(id);
}
