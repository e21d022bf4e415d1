/**
 * Renders a migration plan: `table` for terminals, `json` (the plan itself, stable), `markdown` for
 * pull requests. Pure; `phase` narrows the plan to one phase (name or 1-based number).
 */
import { palette } from '../../reporters/reporter-utils/palette.js';
import { viewOf } from './render-utils/filter.js';
import { renderMarkdown } from './render-utils/markdown.js';
import { renderTable } from './render-utils/table.js';
import type { MigrationPlan } from './types.js';

export interface RenderPlanOptions {
  format: 'table' | 'json' | 'markdown';
  color: boolean;
  phase?: string | number;
}

export function renderPlan(plan: MigrationPlan, options: RenderPlanOptions): string {
  const view = viewOf(plan, options.phase);
  if (options.format === 'json') {
    const { tasks, ...rest } = plan;
    const narrowed = view.phase ? { ...rest, phase: view.phase, clusters: view.clusters, blockers: view.blockers } : { ...rest };
    return `${JSON.stringify({ ...narrowed, tasks: view.phase ? tasks.filter((t) => plan.phases.find((p) => p.name === view.phase)!.codemods.includes(t.codemod)) : tasks }, null, 2)}\n`;
  }
  if (options.format === 'markdown') return renderMarkdown(view);
  return renderTable(view, palette(options.color));
}
