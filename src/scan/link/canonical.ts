/**
 * The canonical member of a cluster: the configured one when the config names it (by cluster id or
 * concept), otherwise a suggestion with its reasons: others already wrap or re-export it, richest
 * feature set, most importers, use by the canonical of another cluster (the backoff the canonical
 * retry calls, the config type the canonical breaker reads), name hints (`unified`, `core`,
 * `shared`...) against anti-hints (`legacy`, `deprecated`, `v1`, test/mock/fixture paths). Ties
 * break on the id, so it is stable.
 */
import type { ScanWarning } from '../types.js';
import type { Draft } from './drafts.js';

export interface CanonicalDecision {
  canonical: string | null;
  reason: string;
  configured: boolean;
  warning?: ScanWarning;
}

const HINTS = new Set(['unified', 'canonical', 'core', 'shared', 'common', 'main']);
/** Hints that state intent when they are part of the symbol's own name (`UnifiedRetryHandler`). */
const STRONG_HINTS = new Set(['unified', 'canonical']);
const ANTI_HINTS = new Set(['legacy', 'old', 'deprecated', 'compat', 'v1', 'obsolete', 'backup']);
const TEST_WORDS = new Set(['test', 'tests', 'spec', 'specs', 'mock', 'mocks', 'fixture', 'fixtures', 'fake', 'fakes', 'stub', 'stubs', 'e2e']);
/** The resilience core that migrations can target even though a scan never finds it in the code. */
const RESILIENCE_PREFIX = 'ssot/resilience#';

/** Lower-case words of a path and symbol: `core/UnifiedRetry_v1.ts` → core, unified, retry, v1, ts. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** +1 for a name hint, -1 for an anti-hint, -2 for a test/mock/fixture location (they never win). */
export function nameHint(file: string, symbol: string): { score: number; words: string[] } {
  const words = [...wordsOf(file), ...wordsOf(symbol)];
  if (words.some((w) => TEST_WORDS.has(w))) return { score: -2, words: words.filter((w) => TEST_WORDS.has(w)) };
  const anti = words.filter((w) => ANTI_HINTS.has(w));
  if (anti.length > 0) return { score: -1, words: anti };
  const hints = [...new Set(words.filter((w) => HINTS.has(w)))];
  const strong = wordsOf(symbol).some((w) => STRONG_HINTS.has(w));
  return { score: hints.length === 0 ? 0 : strong ? 1.5 : 1, words: hints };
}

function featureCount(draft: Draft): number {
  const f = draft.candidate?.features;
  if (!f) return 0;
  return new Set([...f.members, ...f.fields, ...f.options, ...f.events]).size;
}

interface Ranked {
  draft: Draft;
  wrapped: number;
  features: number;
  importers: number;
  hint: { score: number; words: string[] };
  /** The canonical of another cluster that uses this member (imports it or declares it beside itself). */
  usedBy?: string;
  score: number;
}

/** For each finding id, the canonical of another cluster that uses it, if any. */
export type CanonicalUsers = ReadonlyMap<string, string>;

function rank(members: readonly Draft[], usedBy: CanonicalUsers = new Map()): Ranked[] {
  const eligible = members.filter((m) => m.finding.kind === 'implementation' || m.finding.kind === 'config-type');
  // Reduce rather than spread: a generated cluster can have more members than a call has arguments.
  const maxFeatures = eligible.reduce((max, m) => Math.max(max, featureCount(m)), 1);
  const maxImporters = eligible.reduce((max, m) => Math.max(max, m.finding.importers.length), 1);
  // Counted once per cluster, not once per member (a cluster of n members would cost n²).
  const wrappers = new Map<string, number>();
  for (const m of members) if (m.finding.target !== undefined) wrappers.set(m.finding.target, (wrappers.get(m.finding.target) ?? 0) + 1);
  const ranked = eligible.map((draft) => {
    const wrapped = wrappers.get(draft.finding.id) ?? 0;
    const features = featureCount(draft);
    const importers = draft.finding.importers.length;
    const hint = nameHint(draft.finding.file, draft.finding.symbol);
    const user = usedBy.get(draft.finding.id);
    const score = 3 * Math.min(wrapped, 3) + 4 * hint.score + 3 * (features / maxFeatures) + 3 * (importers / maxImporters) + (user ? 2 : 0);
    return user ? { draft, wrapped, features, importers, hint, usedBy: user, score } : { draft, wrapped, features, importers, hint, score };
  });
  return ranked.sort(
    (a, b) => b.score - a.score || b.importers - a.importers || b.features - a.features || (a.draft.finding.id < b.draft.finding.id ? -1 : 1),
  );
}

/** The scanner's suggestion and the reason, built from the factors where it leads. */
export function suggestCanonical(members: readonly Draft[], usedBy?: CanonicalUsers): { canonical: string | null; reason: string } {
  const ranked = rank(members, usedBy);
  const best = ranked[0];
  if (!best) return { canonical: null, reason: 'no implementation to suggest: the cluster holds only wrappers and re-exports' };
  if (ranked.length === 1) return { canonical: best.draft.finding.id, reason: 'suggested: the only implementation in this cluster' };
  const others = ranked.slice(1);
  const parts: string[] = [];
  if (best.wrapped > 0) parts.push(`${best.wrapped} other member${best.wrapped === 1 ? '' : 's'} already wrap${best.wrapped === 1 ? 's' : ''} or re-export${best.wrapped === 1 ? 's' : ''} it`);
  if (best.features > 0 && others.every((o) => o.features < best.features)) parts.push(`richest feature set (${best.features} members, fields, options and events)`);
  if (best.importers > 0 && others.every((o) => o.importers < best.importers)) parts.push(`most importers (${best.importers})`);
  if (best.usedBy && others.every((o) => !o.usedBy)) parts.push(`used by the canonical ${best.usedBy}`);
  if (best.hint.score > 0) parts.push(`its name suggests the shared implementation (${best.hint.words.join(', ')})`);
  const flagged = others.filter((o) => o.hint.score < 0);
  if (flagged.length > 0 && best.hint.score >= 0) parts.push(`${flagged.length === others.length ? 'the others look' : 'some others look'} legacy, deprecated or test-only`);
  if (parts.length === 0) parts.push('ranked equal with others; first by id');
  return { canonical: best.draft.finding.id, reason: `suggested: ${parts.join('; ')}` };
}

function normalizeRefPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

function stripExtension(path: string): string {
  return path.replace(/\.(?:d\.)?[cm]?[tj]sx?$/, '');
}

/** Finds the draft a `path#Symbol` reference names, preferring members of the cluster. */
export function findReference(ref: string, concept: string, members: readonly Draft[], all: Iterable<Draft>): Draft | undefined {
  const hash = ref.lastIndexOf('#');
  if (hash <= 0) return undefined;
  const path = normalizeRefPath(ref.slice(0, hash));
  const symbol = ref.slice(hash + 1);
  const matches = (d: Draft) =>
    d.finding.concept === concept &&
    (d.finding.file === path || stripExtension(d.finding.file) === stripExtension(path)) &&
    (d.finding.symbol === symbol || d.localName === symbol);
  return members.find(matches) ?? [...all].find(matches);
}

/** Decides the canonical of one cluster. */
export function decideCanonical(
  clusterId: string,
  concept: string,
  members: readonly Draft[],
  all: Iterable<Draft>,
  configured: Readonly<Record<string, string>>,
  usedBy?: CanonicalUsers,
): CanonicalDecision {
  const configKey = clusterId in configured ? clusterId : concept in configured ? concept : undefined;
  if (configKey === undefined) return { ...suggestCanonical(members, usedBy), configured: false };
  const ref = configured[configKey]!;
  const path = `canonical.${configKey}`;
  if (ref.startsWith(RESILIENCE_PREFIX) && ref.length > RESILIENCE_PREFIX.length) {
    return { canonical: ref, reason: `configured in ${path}: ${ref} (the ssot resilience core)`, configured: true };
  }
  const match = findReference(ref, concept, members, all);
  if (match) {
    const outside = match.finding.cluster !== clusterId ? ' (a member of another cluster)' : '';
    return { canonical: match.finding.id, reason: `configured in ${path}${outside}`, configured: true };
  }
  const suggestion = suggestCanonical(members, usedBy);
  const message = `"${ref}" matches no ${concept} finding (expected path#Symbol of a finding, or ssot/resilience#Name)`;
  return {
    canonical: suggestion.canonical,
    reason: `configured canonical ${path} = "${ref}" matches no finding; ${suggestion.reason}`,
    configured: false,
    warning: { path, message },
  };
}
