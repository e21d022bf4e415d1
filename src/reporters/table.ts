/**
 * The default, human report: one table per concept (location, symbol, kind, lines, importers,
 * status), then the clusters with their canonical, double initializations, unparsable files and a
 * summary line.
 */
import type { ChalkInstance } from 'chalk';
import type { ScanResult } from '../scan/types.js';
import { hiddenNearClones, nearClonesToShow } from './reporter-utils/near-clones.js';
import { findingIndex, groupByConcept, lineCount, location, percent, plural, statusCounts, summaryLine } from './reporter-utils/inventory.js';
import { paintStatus, palette } from './reporter-utils/palette.js';
import { layoutTable } from './reporter-utils/text-table.js';
import type { ReporterOptions } from './types.js';

function inventory(result: ScanResult, chalk: ChalkInstance): string[] {
  const lines: string[] = [];
  for (const group of groupByConcept(result)) {
    lines.push(`${chalk.bold(group.concept)}  ${chalk.dim(`(${statusCounts(group.findings)})`)}`);
    const rows = group.findings.map((finding) => [
      location(finding),
      finding.symbol,
      finding.kind,
      String(lineCount(finding)),
      String(finding.importers.length),
      paintStatus(chalk, finding.status),
    ]);
    const header = ['location', 'symbol', 'kind', 'lines', 'importers', 'status'].map((cell) => chalk.dim(cell));
    lines.push(...layoutTable(header, rows, ['left', 'left', 'left', 'right', 'right', 'left']), '');
  }
  return lines;
}

function clusters(result: ScanResult, chalk: ChalkInstance): string[] {
  if (result.clusters.length === 0) return [];
  const byId = findingIndex(result);
  const lines = [chalk.bold('Clusters')];
  for (const cluster of result.clusters) {
    const canonical = cluster.canonical ? byId.get(cluster.canonical) : undefined;
    const where = canonical ? `${canonical.file}#${canonical.symbol}` : cluster.canonical ?? 'none suggested';
    const how = cluster.configured ? 'configured' : 'suggested';
    lines.push(`  ${chalk.bold(cluster.id)}  ${plural(cluster.members.length, 'member')}, canonical ${chalk.green(where)} ${chalk.dim(`(${how})`)}`);
    if (cluster.reason) lines.push(`    reason: ${cluster.reason}`);
    const { shown, hidden } = nearClonesToShow(cluster);
    for (const pair of shown) lines.push(`    near clones: ${pair.a} ~ ${pair.b} ${chalk.yellow(percent(pair.score))}`);
    if (hidden > 0) lines.push(chalk.dim(`    ${hiddenNearClones(hidden, cluster.similarOmitted ? cluster.similar.length : undefined)}`));
  }
  return [...lines, ''];
}

function doubleInitializations(result: ScanResult, chalk: ChalkInstance): string[] {
  if (result.doubleInitializations.length === 0) return [];
  const lines = [chalk.bold('Double initializations')];
  for (const double of result.doubleInitializations) {
    lines.push(`  ${location(double)}  ${chalk.yellow(double.class)} holds ${double.holders.length} members of cluster ${double.cluster}:`);
    for (const holder of double.holders) lines.push(`    ${holder.member} (line ${holder.line}) → ${holder.finding}`);
  }
  return [...lines, ''];
}

function errors(result: ScanResult, chalk: ChalkInstance): string[] {
  if (result.errors.length === 0) return [];
  const lines = [chalk.bold.red('Files that could not be parsed')];
  for (const error of result.errors) lines.push(`  ${error.line === undefined ? error.file : `${error.file}:${error.line}`}  ${error.message}`);
  return [...lines, ''];
}

/** The terminal table report. */
export function tableReporter(result: ScanResult, options: ReporterOptions): string {
  const chalk = palette(options.color);
  const lines = [
    ...inventory(result, chalk),
    ...clusters(result, chalk),
    ...doubleInitializations(result, chalk),
    ...errors(result, chalk),
  ];
  if (result.findings.length === 0) lines.push('No implementation of any concept found.', '');
  lines.push(chalk.bold(summaryLine(result)));
  return `${lines.join('\n')}\n`;
}
