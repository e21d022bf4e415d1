/**
 * `evaluateGate`: the whole verdict of `ssot check` as a pure function of the scan, the module graph,
 * the baseline, the notes read from file texts and the config. The CLI prints it; tests feed it tables.
 */
import { referenceMatches } from '../config/canonical-check.js';
import type { ForbidConfig, SymbolRef } from '../config/types.js';
import type { ModuleGraph } from '../scan/graph-types.js';
import type { Cluster, Finding, ScanResult } from '../scan/types.js';
import { matchBaseline, type NewFinding } from './match.js';
import { structureViolations } from './structure-rules.js';
import type { Baseline, FileNotes, ForbiddenList, GateVerdict, Suppression, Violation } from './types.js';

export interface GateInput {
  result: ScanResult;
  graph: ModuleGraph;
  /** Null when there is no baseline file: every finding is new. */
  baseline: Baseline | null;
  notes: FileNotes;
  forbid: Required<ForbidConfig>;
  forbidden: ForbiddenList | null;
  /** Maximum implementations per concept id or cluster id. */
  max: Readonly<Record<string, number>>;
  /** Configured canonical per cluster id or concept id. */
  canonical: Readonly<Record<string, SymbolRef>>;
  /** Only report and fail on violations in these files (`--changed-since`). */
  changed?: { ref: string; files: readonly string[] } | null;
  /** Also fail on stale baseline entries and unused suppressions. */
  strict?: boolean;
}

/**
 * The findings the gate ratchets: everything but re-exports (a barrel adds no implementation) and
 * deprecation shims and adapters (they are on their way out; importing them is what fails).
 */
export function gatedFindings(result: ScanResult, notes: FileNotes): Finding[] {
  return result.findings.filter((finding) => {
    if (finding.kind === 're-export') return false;
    const shims = notes[finding.file]?.shims;
    return !(shims && (finding.symbol.split('.')[0] as string) in shims);
  });
}

/** Shape signatures of findings, gathered from the notes of their files. */
export function shapesOf(notes: FileNotes): Record<string, string> {
  const shapes: Record<string, string> = {};
  for (const note of Object.values(notes)) Object.assign(shapes, note.shapes ?? {});
  return shapes;
}

export function evaluateGate(input: GateInput): GateVerdict {
  const { result, notes } = input;
  const strict = input.strict ?? false;
  const findings = gatedFindings(result, notes);
  const clusters = new Map(result.clusters.map((cluster) => [cluster.id, cluster]));
  const insteadOf = (finding: Finding) => canonicalFor(finding, clusters, input.canonical);
  const match = matchBaseline(findings, input.baseline?.entries ?? [], shapesOf(notes));

  const suppressions = Object.keys(notes)
    .sort()
    .flatMap((file) => notes[file]?.suppressions ?? []);
  const valid = suppressions.filter((s) => s.target !== '' && s.reason !== '');
  const used = new Set<Suppression>();

  const raw: Violation[] = [
    ...match.unmatched.map((item) => newFindingViolation(item, insteadOf(item.finding), isConfiguredCanonical(item.finding, clusters, input.canonical))),
    ...structureViolations({ ...input, known: baselinedDeclarations(findings, match.matched) }),
    ...maxViolations(findings, match.unmatched, input, valid, used, insteadOf),
  ];

  const suppressed: GateVerdict['suppressed'] = [];
  let violations: Violation[] = [];
  for (const violation of raw) {
    const suppression = valid.find((s) => covers(s, violation));
    if (suppression) {
      used.add(suppression);
      suppressed.push({ violation, suppression });
    } else violations.push(violation);
  }
  for (const s of suppressions) {
    if (s.target !== '' && s.reason !== '') continue;
    violations.push({
      rule: 'invalid-suppression',
      file: s.file,
      line: s.line,
      message: s.target === '' ? 'ssot-ignore names no concept or rule' : `ssot-ignore ${s.target} gives no reason (write \`// ssot-ignore ${s.target}: <why>\`)`,
      instead: null,
      key: `invalid-suppression:${s.file}:${s.line}`,
    });
  }
  let unusedSuppressions = valid.filter((s) => !used.has(s));
  // A file the scanner could not parse has no findings this time: its entries are unknown, not fixed.
  const unparsed = new Set(result.errors.map((error) => error.file));
  let fixed = match.fixed.filter((entry) => !unparsed.has(entry.file));
  let moved = match.matched.filter((m) => m.how === 'moved');
  let changedMatches = match.matched.filter((m) => m.how === 'changed');

  let outsideChanged = 0;
  if (input.changed) {
    const inScope = new Set(input.changed.files);
    const before = violations.length;
    violations = violations.filter((v) => inScope.has(v.file));
    outsideChanged = before - violations.length;
    fixed = fixed.filter((entry) => inScope.has(entry.file));
    moved = moved.filter((m) => inScope.has(m.file) || inScope.has(m.entry.file));
    changedMatches = changedMatches.filter((m) => inScope.has(m.file));
    unusedSuppressions = unusedSuppressions.filter((s) => inScope.has(s.file));
  }
  if (strict) {
    for (const entry of fixed) {
      violations.push({
        rule: 'stale-baseline',
        file: entry.file,
        line: entry.line,
        message: `baseline entry for ${entry.concept} ${entry.kind} \`${entry.symbol}\` matches nothing any more (fixed): run \`ssot check --update-baseline\``,
        instead: null,
        concept: entry.concept,
        key: `stale-baseline:${entry.concept}:${entry.id}`,
      });
    }
    for (const s of unusedSuppressions) {
      violations.push({
        rule: 'unused-suppression',
        file: s.file,
        line: s.line,
        message: `ssot-ignore ${s.target} suppresses nothing: remove it`,
        instead: null,
        key: `unused-suppression:${s.file}:${s.line}`,
      });
    }
  }
  violations.sort(compareViolations);
  suppressed.sort((a, b) => compareViolations(a.violation, b.violation));

  return {
    schemaVersion: 1,
    passed: violations.length === 0,
    root: result.root,
    strict,
    changedSince: input.changed ? { ref: input.changed.ref, files: relevantChanged(input) } : null,
    baselineMissing: input.baseline === null,
    violations,
    fixed,
    moved,
    changed: changedMatches,
    suppressed,
    unusedSuppressions,
    scanErrors: result.errors.map((e) => ({ ...e })),
    summary: {
      findings: findings.length,
      baselined: match.matched.length,
      violations: violations.length,
      fixed: fixed.length,
      moved: moved.length,
      changed: changedMatches.length,
      suppressed: suppressed.length,
      unusedSuppressions: unusedSuppressions.length,
      outsideChanged,
    },
  };
}

/** The changed files worth listing: scanned ones, and those a baseline entry points at (deleted files). */
function relevantChanged(input: GateInput): string[] {
  const known = new Set([...input.graph.files, ...(input.baseline?.entries ?? []).map((entry) => entry.file)]);
  return [...(input.changed?.files ?? [])].filter((file) => known.has(file)).sort();
}

/** `file#Name` of the top-level declarations of baselined findings. */
function baselinedDeclarations(findings: Finding[], matched: ReadonlyArray<{ finding: string }>): Set<string> {
  const ids = new Set(matched.map((m) => m.finding));
  return new Set(findings.filter((f) => ids.has(f.id)).map((f) => `${f.file}#${f.symbol.split('.')[0]}`));
}

function newFindingViolation({ finding, copyOf }: NewFinding, instead: string | null, canonical: boolean): Violation {
  const what = `new ${finding.concept} ${kindWord(finding.kind)} \`${finding.symbol}\``;
  const copy = copyOf ? `, a copy of baselined \`${copyOf.symbol}\` (${copyOf.file}:${copyOf.line})` : '';
  const hint = canonical
    ? ' (the configured canonical: record it with `ssot baseline`)'
    : instead
      ? ''
      : `; no canonical yet: choose one with \`canonical.${finding.concept}\` in the config`;
  return {
    rule: 'new-finding',
    file: finding.file,
    line: finding.startLine,
    message: `${what}${copy}${hint}`,
    instead,
    concept: finding.concept,
    finding: finding.id,
    key: `new-finding:${finding.concept}:${finding.fingerprint || finding.id}`,
  };
}

function kindWord(kind: Finding['kind']): string {
  return kind === 'config-type' ? 'config type' : kind;
}

/**
 * `max` per concept id or cluster id: wrappers and re-exports are not implementations and do not count,
 * nor do findings silenced by an `ssot-ignore` for their concept. The violation points at a new member
 * when there is one (that is what made the cluster grow), else at the last non-canonical member.
 */
function maxViolations(
  findings: Finding[],
  unmatched: NewFinding[],
  input: GateInput,
  suppressions: Suppression[],
  used: Set<Suppression>,
  insteadOf: (finding: Finding) => string | null,
): Violation[] {
  const out: Violation[] = [];
  const fresh = new Set(unmatched.map((item) => item.finding.id));
  for (const [key, limit] of Object.entries(input.max).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const members: Finding[] = [];
    for (const finding of findings) {
      if (finding.kind === 'wrapper') continue;
      if (finding.concept !== key && finding.cluster !== key) continue;
      const silencer = suppressions.find(
        (s) => s.file === finding.file && (s.scope === 'file' || s.appliesTo === finding.startLine) && (s.target === finding.concept || s.target === '*'),
      );
      if (silencer) {
        used.add(silencer);
        continue;
      }
      members.push(finding);
    }
    if (members.length <= limit) continue;
    const canonicalIds = new Set(input.result.clusters.map((cluster) => cluster.canonical));
    const blame = members.find((f) => fresh.has(f.id)) ?? [...members].reverse().find((f) => !canonicalIds.has(f.id)) ?? (members.at(-1) as Finding);
    out.push({
      rule: 'max-exceeded',
      file: blame.file,
      line: blame.startLine,
      message: `${key} has ${members.length} implementations, the configured max is ${limit}`,
      instead: insteadOf(blame),
      concept: blame.concept,
      finding: blame.id,
      key: `max-exceeded:${key}`,
    });
  }
  return out;
}

function covers(s: Suppression, v: Violation): boolean {
  if (s.file !== v.file) return false;
  if (s.scope === 'line' && s.appliesTo !== v.line) return false;
  return s.target === '*' || s.target === v.rule || (v.concept !== undefined && s.target === v.concept);
}

/** The canonical to use instead of a finding: configured for its cluster or concept, else the cluster's. */
export function canonicalFor(finding: Finding, clusters: ReadonlyMap<string, Cluster>, canonical: Readonly<Record<string, SymbolRef>>): string | null {
  const cluster = finding.cluster ? clusters.get(finding.cluster) : undefined;
  const configured = (cluster && canonical[cluster.id]) ?? canonical[finding.concept];
  if (configured) return referenceMatches(configured, finding) ? null : configured;
  if (cluster?.canonical && cluster.canonical !== finding.id) return cluster.canonical;
  return null;
}

/** Whether the finding is the canonical the config names for its cluster or concept. */
function isConfiguredCanonical(finding: Finding, clusters: ReadonlyMap<string, Cluster>, canonical: Readonly<Record<string, SymbolRef>>): boolean {
  const cluster = finding.cluster ? clusters.get(finding.cluster) : undefined;
  const configured = (cluster && canonical[cluster.id]) ?? canonical[finding.concept];
  return configured !== undefined && referenceMatches(configured, finding);
}

function compareViolations(a: Violation, b: Violation): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
