/**
 * The plan as Markdown, for pull requests and issues.
 */
import type { ImporterRewrite, SupersededMember } from '../types.js';
import { bindingText, type PlanView } from './filter.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function shim(member: SupersededMember): string {
  if (!member.shim) return 'none (blocked)';
  const mapping = Object.entries(member.shim.mapping).map(([from, to]) => `${from} → ${to ?? 'dropped'}`);
  return [member.shim.kind, ...mapping].join('; ');
}

function rewriteRow(rewrite: ImporterRewrite): string {
  const to = rewrite.bindings.map((b) => bindingText(b.newImported, b.local)).join(', ');
  return `| ${code(`${rewrite.file}:${rewrite.line}`)} | ${code(rewrite.specifier)} | ${code(rewrite.newSpecifier)} | ${cell(to)} | ${rewrite.status} |`;
}

export function renderMarkdown(view: PlanView): string {
  const { plan, has } = view;
  const out: string[] = [`# Migration plan${view.phase ? ` — phase ${view.phase}` : ''}`, ''];
  out.push(`Phases: ${plan.phases.map((p, i) => `${i + 1}. ${code(p.name)} (${p.codemods.join(', ')})`).join(' ')}`, '');
  for (const cluster of view.clusters) {
    if (cluster.superseded.length === 0 && cluster.collapses.length === 0 && cluster.canonical) continue;
    out.push(`## ${cluster.id}`, '');
    out.push(cluster.canonical ? `Canonical: ${code(cluster.canonical.ref)} (${cluster.canonical.source}: ${cell(cluster.canonical.reason)})` : 'Canonical: **none** (see blockers)', '');
    if (cluster.superseded.length > 0) {
      out.push('| superseded | kind | shim | merge | importers | deletion |', '|---|---|---|---|---|---|');
      for (const member of cluster.superseded) {
        const blocked = member.importers.filter((i) => i.status === 'blocked').length;
        out.push(`| ${code(member.id)} | ${member.kind} | ${cell(shim(member))} | ${cell(member.merge?.join(', ') ?? '')} | ${member.importers.length}${blocked ? ` (${blocked} blocked)` : ''} | ${member.deletion} |`);
      }
      out.push('');
    }
    const rewrites = cluster.superseded.flatMap((m) => m.importers);
    if (has.imports && rewrites.length > 0) {
      out.push('| importer | from | to | bindings | status |', '|---|---|---|---|---|', ...rewrites.map(rewriteRow), '');
    }
    if (has.collapses) for (const c of cluster.collapses) out.push(`- Collapse ${code(`${c.file}:${c.line}`)} ${c.class}: \`this.${c.remove}\` → \`this.${c.keep}\` (${c.status})`);
    if (has.collapses && cluster.collapses.length > 0) out.push('');
  }
  if (has.recipes && plan.recipes.length > 0) {
    out.push('## Recipes', '', '| id | match | replace | sites |', '|---|---|---|---|');
    for (const r of plan.recipes) out.push(`| ${r.id} | ${code(r.match)} | ${code(r.replace)} | ${r.sites.map((s) => code(`${s.file}:${s.line}`)).join(' ')} |`);
    out.push('');
  }
  if (has.deletions && plan.deletions.length > 0) {
    out.push('## Deletions', '', '| file | removes | replacement | still imported by |', '|---|---|---|---|');
    for (const d of plan.deletions) out.push(`| ${code(d.file)} | ${d.mode === 'file' ? 'whole file' : cell(d.symbols.join(', '))} | ${code(d.replacement)} | ${cell(d.remainingImporters.join(', '))} |`);
    out.push('');
  }
  out.push(`## Blockers (${view.blockers.length})`, '');
  if (view.blockers.length === 0) out.push('None.');
  else {
    out.push('| severity | location | kind | problem | hint |', '|---|---|---|---|---|');
    for (const b of view.blockers) out.push(`| ${b.severity} | ${code(`${b.file}:${b.line}`)} | ${b.kind} | ${cell(b.message)} | ${cell(b.hint ?? '')} |`);
  }
  return `${out.join('\n')}\n`;
}
