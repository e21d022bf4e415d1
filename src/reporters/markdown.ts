/**
 * `--format markdown`: the inventory as GitHub-flavoured Markdown, for a pull-request comment or a
 * CI job summary. Every name is escaped: a file called `a|b.ts` cannot break a table.
 */
import type { ScanResult } from '../scan/types.js';
import { markdownCode as code, markdownText as text } from './reporter-utils/escape.js';
import { hiddenNearClones, nearClonesToShow } from './reporter-utils/near-clones.js';
import { findingIndex, groupByConcept, lineCount, location, percent, statusCounts, summaryLine } from './reporter-utils/inventory.js';

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function inventory(result: ScanResult): string[] {
  const lines: string[] = [];
  for (const group of groupByConcept(result)) {
    lines.push(`## ${text(group.concept)}`, '', text(statusCounts(group.findings)), '');
    lines.push(row(['location', 'symbol', 'kind', 'lines', 'importers', 'status']), '|---|---|---|---:|---:|---|');
    for (const finding of group.findings) {
      const status = finding.status === 'canonical' ? '**canonical**' : finding.status;
      lines.push(row([code(location(finding)), code(finding.symbol), finding.kind, String(lineCount(finding)), String(finding.importers.length), status]));
    }
    lines.push('');
  }
  return lines;
}

function clusters(result: ScanResult): string[] {
  if (result.clusters.length === 0) return [];
  const byId = findingIndex(result);
  const lines = ['## Clusters', '', row(['cluster', 'members', 'canonical', 'reason']), '|---|---:|---|---|'];
  const pairs: string[] = [];
  for (const cluster of result.clusters) {
    const canonical = cluster.canonical ? byId.get(cluster.canonical) : undefined;
    const where = canonical ? code(`${canonical.file}#${canonical.symbol}`) : cluster.canonical ? code(cluster.canonical) : 'none suggested';
    const how = cluster.configured ? ' (configured)' : ' (suggested)';
    lines.push(row([code(cluster.id), String(cluster.members.length), where + how, text(cluster.reason)]));
    const { shown, hidden } = nearClonesToShow(cluster);
    for (const pair of shown) pairs.push(row([code(cluster.id), code(pair.a), code(pair.b), percent(pair.score)]));
    if (hidden > 0) pairs.push(row([code(cluster.id), text(hiddenNearClones(hidden, cluster.similarOmitted ? cluster.similar.length : undefined)), '', '']));
  }
  lines.push('');
  if (pairs.length > 0) lines.push('### Near clones', '', row(['cluster', 'a', 'b', 'similarity']), '|---|---|---|---:|', ...pairs, '');
  return lines;
}

function doubleInitializations(result: ScanResult): string[] {
  if (result.doubleInitializations.length === 0) return [];
  const lines = ['## Double initializations', '', row(['location', 'class', 'cluster', 'holders']), '|---|---|---|---|'];
  for (const double of result.doubleInitializations) {
    const holders = double.holders.map((holder) => `${code(holder.member)} (line ${holder.line}) → ${code(holder.finding)}`).join('<br>');
    lines.push(row([code(location(double)), code(double.class), code(double.cluster), holders]));
  }
  return [...lines, ''];
}

function errors(result: ScanResult): string[] {
  if (result.errors.length === 0) return [];
  const lines = ['## Files that could not be parsed', '', row(['file', 'line', 'error']), '|---|---:|---|'];
  for (const error of result.errors) lines.push(row([code(error.file), error.line === undefined ? '' : String(error.line), text(error.message)]));
  return [...lines, ''];
}

/** The Markdown report. */
export function markdownReporter(result: ScanResult): string {
  const lines = ['# ssot scan', '', `${text(summaryLine(result))}.`, ''];
  if (result.findings.length === 0) lines.push('No implementation of any concept found.', '');
  lines.push(...inventory(result), ...clusters(result), ...doubleInitializations(result), ...errors(result));
  return `${lines.join('\n').trimEnd()}\n`;
}
