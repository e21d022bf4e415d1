/**
 * `ssot scan --explain <finding-id>`: why one finding was reported, with the evidence behind each
 * signal, its cluster, the canonical and its near clones.
 */
import type { Finding, ScanResult } from '../scan/types.js';
import { findingIndex, lineCount, location, percent, plural } from './reporter-utils/inventory.js';
import { paintStatus, palette } from './reporter-utils/palette.js';
import type { ReporterOptions } from './types.js';

/** Finds a finding by id (`file#symbol`), accepting `file:line` of its declaration as well. */
export function findFinding(result: ScanResult, reference: string): Finding | undefined {
  const exact = result.findings.find((finding) => finding.id === reference);
  if (exact) return exact;
  const match = /^(.*):(\d+)$/.exec(reference);
  if (!match) return undefined;
  const line = Number(match[2]);
  return result.findings.find((finding) => finding.file === match[1] && finding.startLine <= line && line <= finding.endLine);
}

/** The explanation of one finding, or undefined when no finding has that id. */
export function explainFinding(result: ScanResult, reference: string, options: ReporterOptions): string | undefined {
  const finding = findFinding(result, reference);
  if (!finding) return undefined;
  const chalk = palette(options.color);
  const byId = findingIndex(result);
  const cluster = result.clusters.find((candidate) => candidate.id === finding.cluster);
  const lines = [
    `${chalk.bold(finding.id)}  ${paintStatus(chalk, finding.status)}`,
    `  concept     ${finding.concept}`,
    `  kind        ${finding.kind}`,
    `  location    ${location(finding)} (${lineCount(finding)} lines)`,
    `  confidence  ${finding.confidence.toFixed(2)}`,
    `  fingerprint ${finding.fingerprint}`,
  ];
  if (finding.workspace) lines.push(`  workspace   ${finding.workspace}`);
  if (finding.target) lines.push(`  forwards to ${finding.target}`);
  lines.push('', chalk.bold(`Signals (${finding.signals.length})`));
  for (const signal of finding.signals) {
    const evidence = finding.evidence.filter((item) => item.signal === signal);
    if (evidence.length === 0) lines.push(`  ${signal}`);
    for (const item of evidence) lines.push(`  ${signal}  ${finding.file}:${item.line}  ${item.note}`);
  }
  lines.push('', chalk.bold(`Importers (${finding.importers.length})`), ...finding.importers.map((file) => `  ${file}`));
  if (finding.importers.length === 0) lines.push('  none');
  if (cluster) {
    const canonical = cluster.canonical ? byId.get(cluster.canonical) : undefined;
    lines.push('', chalk.bold(`Cluster ${cluster.id}`), `  ${plural(cluster.members.length, 'member')}`);
    lines.push(`  canonical ${canonical ? canonical.id : cluster.canonical ?? 'none suggested'} (${cluster.configured ? 'configured' : 'suggested'}): ${cluster.reason}`);
    for (const pair of cluster.similar.filter((candidate) => candidate.a === finding.id || candidate.b === finding.id)) {
      lines.push(`  near clone: ${pair.a === finding.id ? pair.b : pair.a} ${percent(pair.score)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
