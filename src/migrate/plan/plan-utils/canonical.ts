/**
 * The canonical of a cluster: the config's choice (by cluster id, then concept), else the scanner's
 * suggestion. A configured reference may name a member, another finding of the same concept, or the
 * shipped core (`ssot/resilience#CircuitBreaker`); one that names nothing is a blocker. Without a
 * configured choice, the member `.ssot/canonicals.json` records (written by every `ssot migrate --write`)
 * stays the canonical, else a member an earlier delete phase or shim recorded as a replacement.
 */
import { relative } from 'node:path';
import type { Cluster, Finding } from '../../../scan/types.js';
import type { Blocker, CanonicalChoice } from '../types.js';
import { FORBIDDEN_FILE, parseForbidden } from '../forbidden.js';
import { CANONICALS_FILE, parseCanonicals } from '../canonicals-record.js';
import type { PlanContext } from './context.js';
import { parseRef, refMatchesFinding } from './refs.js';

/** Where a configured key is written, for blockers: the config file and the line of the key. */
export function configLocation(context: PlanContext, key: string): { file: string; line: number } {
  const configFile = context.input.config.configFile;
  if (!configFile) return { file: 'ssot.config.json', line: 1 };
  const file = relative(context.input.config.root, configFile).split('\\').join('/');
  const text = context.text(file);
  if (text === null) return { file, line: 1 };
  const index = text.indexOf(JSON.stringify(key));
  const at = index >= 0 ? index : text.indexOf(key);
  return { file, line: at < 0 ? 1 : text.slice(0, at).split('\n').length };
}

/** `shimRefs`: the canonicals named by `@ssot-shim` tags an earlier run wrote. */
export function resolveCanonical(context: PlanContext, cluster: Cluster, shimRefs: readonly string[] = []): { choice: CanonicalChoice | null; blockers: Blocker[] } {
  const { config } = context.input;
  const key = config.canonical[cluster.id] !== undefined ? cluster.id : config.canonical[cluster.concept] !== undefined ? cluster.concept : undefined;
  const blockers: Blocker[] = [];
  const block = (kind: Blocker['kind'], message: string, where: { file: string; line: number }, hint?: string): void => {
    blockers.push({ kind, severity: 'error', phase: '*', cluster: cluster.id, file: where.file, line: where.line, message, ...(hint ? { hint } : {}) });
  };
  if (key !== undefined) {
    const reference = config.canonical[key]!;
    const parsed = parseRef(reference);
    if (parsed?.package) {
      return {
        choice: { ref: reference, file: null, package: parsed.package, symbol: parsed.symbol, source: 'config', reason: `configured: canonical.${key} = ${reference}` },
        blockers,
      };
    }
    const members = cluster.members.map((id) => context.findings.get(id)).filter((f): f is Finding => f !== undefined);
    const match =
      members.find((f) => refMatchesFinding(reference, f)) ??
      [...context.findings.values()].find((f) => f.concept === cluster.concept && refMatchesFinding(reference, f));
    if (match) return { choice: choiceOf(match, 'config', `configured: canonical.${key} = ${reference}`), blockers };
    block('canonical-not-found', `canonical.${key} = ${reference} matches no ${cluster.concept} implementation of the scan`, configLocation(context, key), `pick one of: ${members.map((m) => m.id).join(', ')}`);
    return { choice: null, blockers };
  }
  const written = cluster.configured ? undefined : writtenCanonical(context, cluster);
  if (written) return { choice: choiceOf(written, 'recorded', `recorded by an earlier \`ssot migrate --write\` (${CANONICALS_FILE})`), blockers };
  const suggested = cluster.canonical ? context.findings.get(cluster.canonical) : undefined;
  if (!suggested) {
    const first = context.findings.get(cluster.members[0] ?? '');
    block('no-canonical', `cluster ${cluster.id} has no canonical: the scan could not suggest one`, { file: first?.file ?? 'ssot.config.json', line: first?.startLine ?? 1 }, `set canonical.${cluster.id} to one of: ${cluster.members.join(', ')}`);
    return { choice: null, blockers };
  }
  const recorded = cluster.configured ? undefined : recordedCanonical(context, cluster, suggested, shimRefs);
  if (recorded) return { choice: choiceOf(recorded, 'suggestion', `kept: the canonical an earlier run chose (named by its shims or ${FORBIDDEN_FILE})`), blockers };
  return { choice: choiceOf(suggested, cluster.configured ? 'config' : 'suggestion', cluster.reason), blockers };
}

/** The member `.ssot/canonicals.json` records for the cluster, when it is still one of its members. */
function writtenCanonical(context: PlanContext, cluster: Cluster): Finding | undefined {
  const entry = parseCanonicals(context.text(CANONICALS_FILE)).clusters[cluster.id];
  if (!entry) return undefined;
  return cluster.members.map((id) => context.findings.get(id)).find((f): f is Finding => f !== undefined && refMatchesFinding(entry.ref, f));
}

/**
 * A member that an earlier run chose as the canonical (the `@ssot-shim` tags of its shims, or the
 * replacement of deleted code in `.ssot/forbidden.json`), when the scanner now suggests another one. The
 * scanner's ranking moves as the migration goes (shims and deletions change importer counts); without
 * this, a later run would supersede, then delete, the canonical an earlier run chose.
 */
function recordedCanonical(context: PlanContext, cluster: Cluster, suggested: Finding, shimRefs: readonly string[]): Finding | undefined {
  const list = parseForbidden(context.text(FORBIDDEN_FILE));
  const replacements = [...shimRefs, ...[...list.files, ...list.symbols].flatMap((entry) => entry.replacement.split(',').map((r) => r.trim()))];
  if (replacements.length === 0) return undefined;
  const recorded = cluster.members
    .map((id) => context.findings.get(id))
    .filter((f): f is Finding => f !== undefined && replacements.some((r) => refMatchesFinding(r, f)))
    .sort((a, b) => a.id.localeCompare(b.id));
  if (recorded.length === 0 || recorded.includes(suggested)) return undefined;
  return recorded[0];
}

/** A canonical must be importable: not logic inlined in a method of another class. */
export function importableCanonical(choice: CanonicalChoice, clusterId: string): Blocker | null {
  if (!choice.symbol.includes('.') || choice.package) return null;
  return {
    kind: 'no-canonical',
    severity: 'error',
    phase: '*',
    cluster: clusterId,
    file: choice.file ?? '',
    line: 1,
    message: `the canonical ${choice.ref} is a method, which importers cannot import`,
    hint: `set canonical.${clusterId} to an exported class or function`,
  };
}

function choiceOf(finding: Finding, source: CanonicalChoice['source'], reason: string): CanonicalChoice {
  return { ref: finding.id, file: finding.file, symbol: finding.symbol, finding: finding.id, source, reason };
}
