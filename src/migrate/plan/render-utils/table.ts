/**
 * The plan for a terminal: per cluster the canonical, each superseded member with its shim, merges and
 * importer rewrites, then recipes, deletions and blockers with file:line.
 */
import type { ChalkInstance } from 'chalk';
import type { ImporterRewrite, SupersededMember } from '../types.js';
import { plural } from '../../../shared/plural.js';
import { bindingText, type PlanView } from './filter.js';

function importerLine(rewrite: ImporterRewrite, chalk: ChalkInstance): string {
  const from = rewrite.bindings.map((b) => (b.namespace ? `${b.namespace}.${b.imported}` : bindingText(b.imported, b.local))).join(', ');
  const to = rewrite.bindings.map((b) => bindingText(b.newImported, b.local)).join(', ');
  const via = rewrite.via ? chalk.dim(` via ${rewrite.via}`) : '';
  const uses = rewrite.usageEdits > 0 ? chalk.dim(` (+${rewrite.usageEdits} uses renamed)`) : '';
  const status = rewrite.status === 'blocked' ? chalk.red(' blocked') : '';
  return `      ${rewrite.file}:${rewrite.line}  '${rewrite.specifier}' { ${from} } → '${rewrite.newSpecifier}' { ${to} }${via}${uses}${status}`;
}

function shimText(member: SupersededMember): string {
  if (!member.shim) return 'none (see blockers)';
  const mapping = Object.entries(member.shim.mapping).map(([from, to]) => `${from} → ${to ?? 'dropped'}`);
  const suggestions = Object.entries(member.shim.suggestions).map(([from, to]) => `${from} ~ ${to}?`);
  const detail = [...mapping, ...suggestions.length > 0 ? [`suggested: ${suggestions.join(', ')}`] : []].join('; ');
  return `${member.shim.kind} (${member.shim.phase})${detail ? `: ${detail}` : ''}`;
}

export function renderTable(view: PlanView, chalk: ChalkInstance): string {
  const { plan, has } = view;
  const lines: string[] = [];
  const superseded = view.clusters.reduce((n, c) => n + c.superseded.length, 0);
  const errors = view.blockers.filter((b) => b.severity === 'error').length;
  const title = view.phase ? `phase ${view.phase}` : `phases ${plan.phases.map((p) => p.name).join(' → ')}`;
  lines.push(chalk.bold(`Migration plan (${title})`), '');
  for (const cluster of view.clusters) {
    if (cluster.superseded.length === 0 && cluster.collapses.length === 0 && cluster.canonical) continue;
    const canonical = cluster.canonical ? chalk.green(cluster.canonical.ref) : chalk.red('none');
    const source = cluster.canonical ? chalk.dim(` (${cluster.canonical.source === 'recorded' ? cluster.canonical.reason : cluster.canonical.source})`) : '';
    lines.push(`${chalk.bold(cluster.id)}  canonical ${canonical}${source}`);
    for (const member of cluster.superseded) {
      lines.push(`  ${chalk.yellow('superseded')} ${member.id} ${chalk.dim(`(${member.kind}, line ${member.line})`)}`);
      if (has.shims || has.config) lines.push(`    shim      ${shimText(member)}`);
      if (has.merges && member.merge && member.merge.length > 0) lines.push(`    merge     ${member.merge.join(', ')} into the canonical first`);
      if (has.imports && member.importers.length > 0) {
        const blocked = member.importers.filter((i) => i.status === 'blocked').length;
        lines.push(`    importers ${member.importers.length - blocked} rewritten${blocked > 0 ? chalk.red(`, ${blocked} blocked`) : ''}`);
        for (const rewrite of member.importers) lines.push(importerLine(rewrite, chalk));
      }
      if (has.deletions) {
        // A member the planner could not take on (inline logic, not exported) has no deletion planned.
        const planned = plan.deletions.some((d) => d.file === member.file && d.symbols.includes(member.exportName));
        lines.push(`    delete    ${!planned ? 'nothing planned (see blockers)' : member.deletion === 'file' ? 'the whole file' : 'the symbol; the module keeps its other code'}`);
      }
    }
    if (has.collapses) {
      for (const collapse of cluster.collapses) {
        const status = collapse.status === 'blocked' ? chalk.red(' blocked') : '';
        lines.push(`  ${chalk.cyan('collapse')}   ${collapse.file}:${collapse.line} ${collapse.class}: this.${collapse.remove} → this.${collapse.keep}${status}`);
      }
    }
    lines.push('');
  }
  if (has.recipes && plan.recipes.length > 0) {
    lines.push(chalk.bold('Recipes'));
    for (const recipe of plan.recipes) {
      lines.push(`  ${recipe.id}  ${recipe.match} → ${recipe.replace}`);
      lines.push(`    ${plural(recipe.sites.length, 'site')}${recipe.sites.length > 0 ? `: ${recipe.sites.map((s) => `${s.file}:${s.line}`).join(', ')}` : ''}`);
    }
    lines.push('');
  }
  if (has.deletions && plan.deletions.length > 0) {
    lines.push(chalk.bold('Deletions'));
    for (const deletion of plan.deletions) {
      const what = deletion.mode === 'file' ? 'whole file' : deletion.symbols.join(', ');
      const refused =
        deletion.remainingImporters.length > 0
          ? chalk.red(`  still imported by ${deletion.remainingImporters.join(', ')}`)
          : deletion.pendingImporters
            ? chalk.dim(`  after the imports phase moves ${deletion.pendingImporters.join(', ')}`)
            : '';
      lines.push(`  ${deletion.file}  ${what} → forbidden, replaced by ${deletion.replacement}${refused}`);
    }
    lines.push('');
  }
  if (view.blockers.length > 0) {
    lines.push(chalk.bold(`Blockers (${view.blockers.length})`));
    for (const blocker of view.blockers) {
      const severity = blocker.severity === 'error' ? chalk.red('error  ') : chalk.yellow('warning');
      lines.push(`  ${severity} ${blocker.file}:${blocker.line}  ${blocker.message} ${chalk.dim(`[${blocker.kind}]`)}`);
      if (blocker.hint) lines.push(`          ${chalk.dim(`hint: ${blocker.hint}`)}`);
    }
    lines.push('');
  }
  const rewrites = view.clusters.reduce((n, c) => n + c.superseded.reduce((m, s) => m + s.importers.filter((i) => i.status === 'rewrite').length, 0), 0);
  const clusters = view.clusters.filter((c) => c.superseded.length > 0).length;
  lines.push(chalk.bold([plural(clusters, 'cluster'), plural(superseded, 'superseded member'), plural(rewrites, 'importer rewrite'), plural(errors, 'blocking problem')].join(', ')));
  return `${lines.join('\n')}\n`;
}
