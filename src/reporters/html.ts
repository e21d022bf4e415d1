/**
 * `--format html`: one self-contained page (inline CSS, no scripts, nothing fetched) with the
 * inventory per concept, the clusters, double initializations and unparsable files. Every value from
 * the scanned code is escaped.
 */
import type { ScanResult } from '../scan/types.js';
import { escapeHtml as esc } from './reporter-utils/escape.js';
import { hiddenNearClones, nearClonesToShow } from './reporter-utils/near-clones.js';
import { findingIndex, groupByConcept, lineCount, location, percent, statusCounts, summaryLine } from './reporter-utils/inventory.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #eaeef2; vertical-align: top; }
td.num, th.num { text-align: right; }
code { font: 12px ui-monospace, monospace; }
.status { border-radius: 1rem; padding: 0 .5rem; font-size: 12px; }
.canonical { background: #dafbe1; } .duplicate { background: #fff8c5; } .wrapper { background: #ddf4ff; } .dead { background: #eaeef2; }
.muted { color: #59636e; }
`;

function table(header: readonly string[], rows: readonly string[][], numeric: readonly number[] = []): string {
  const th = header.map((cell, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${esc(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const code = (text: string | number) => `<code>${esc(text)}</code>`;

function inventory(result: ScanResult): string[] {
  return groupByConcept(result).map((group) => {
    const rows = group.findings.map((finding) => [
      code(location(finding)),
      code(finding.symbol),
      esc(finding.kind),
      String(lineCount(finding)),
      `<span title="${esc(finding.importers.join('\n'))}">${finding.importers.length}</span>`,
      `<span class="status ${esc(finding.status)}">${esc(finding.status)}</span>`,
      esc(finding.confidence.toFixed(2)),
    ]);
    return `<section><h2 id="concept-${esc(group.concept)}">${esc(group.concept)}</h2>
<p class="muted">${esc(statusCounts(group.findings))}</p>
${table(['location', 'symbol', 'kind', 'lines', 'importers', 'status', 'confidence'], rows, [3, 4, 6])}</section>`;
  });
}

function clusters(result: ScanResult): string[] {
  if (result.clusters.length === 0) return [];
  const byId = findingIndex(result);
  const rows = result.clusters.map((cluster) => {
    const canonical = cluster.canonical ? byId.get(cluster.canonical) : undefined;
    const where = canonical ? code(`${canonical.file}#${canonical.symbol}`) : cluster.canonical ? code(cluster.canonical) : 'none suggested';
    const { shown, hidden } = nearClonesToShow(cluster);
    const similar = [...shown.map((pair) => `${code(pair.a)} ~ ${code(pair.b)} (${percent(pair.score)})`), ...(hidden > 0 ? [`<span class="muted">${esc(hiddenNearClones(hidden, cluster.similarOmitted ? cluster.similar.length : undefined))}</span>`] : [])].join('<br>');
    return [code(cluster.id), String(cluster.members.length), `${where} <span class="muted">(${cluster.configured ? 'configured' : 'suggested'})</span>`, esc(cluster.reason), similar];
  });
  return [`<section><h2>Clusters</h2>\n${table(['cluster', 'members', 'canonical', 'reason', 'near clones'], rows, [1])}</section>`];
}

function doubleInitializations(result: ScanResult): string[] {
  if (result.doubleInitializations.length === 0) return [];
  const rows = result.doubleInitializations.map((double) => [
    code(location(double)),
    code(double.class),
    code(double.cluster),
    double.holders.map((holder) => `${code(holder.member)} (line ${holder.line}) → ${code(holder.finding)}`).join('<br>'),
  ]);
  return [`<section><h2>Double initializations</h2>\n${table(['location', 'class', 'cluster', 'holders'], rows)}</section>`];
}

function errors(result: ScanResult): string[] {
  if (result.errors.length === 0) return [];
  const rows = result.errors.map((error) => [code(error.file), error.line === undefined ? '' : String(error.line), esc(error.message)]);
  return [`<section><h2>Files that could not be parsed</h2>\n${table(['file', 'line', 'error'], rows, [1])}</section>`];
}

/** The HTML report: a complete document. */
export function htmlReporter(result: ScanResult): string {
  const sections = [...inventory(result), ...clusters(result), ...doubleInitializations(result), ...errors(result)];
  if (result.findings.length === 0) sections.unshift('<p>No implementation of any concept found.</p>');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ssot scan: ${esc(result.root)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>ssot scan</h1>
<p>${code(result.root)}</p>
<p><strong>${esc(summaryLine(result))}</strong></p>
${sections.join('\n')}
</body>
</html>
`;
}
