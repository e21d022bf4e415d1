/**
 * A plan narrowed to one phase: only what that phase's codemods do, and its blockers.
 */
import { SsotError } from '../../../shared/errors.js';
import type { Blocker, ClusterPlan, MigrationPlan, SupersededMember } from '../types.js';

export interface PlanView {
  plan: MigrationPlan;
  /** The phase shown, or undefined for all of them. */
  phase?: string;
  /** Which parts the view includes (by the codemods of the phase). */
  has: { config: boolean; imports: boolean; shims: boolean; recipes: boolean; collapses: boolean; merges: boolean; deletions: boolean };
  clusters: ClusterPlan[];
  blockers: Blocker[];
}

/** `phase`: a phase name, or a 1-based phase number as given to `--phase N`. */
export function viewOf(plan: MigrationPlan, phase?: string | number): PlanView {
  const selected =
    phase === undefined ? undefined : typeof phase === 'number' || /^\d+$/.test(phase) ? plan.phases[Number(phase) - 1] : plan.phases.find((p) => p.name === phase);
  if (phase !== undefined && !selected) throw new SsotError('usage', `no phase ${phase}; the phases are ${plan.phases.map((p, i) => `${i + 1} (${p.name})`).join(', ')}`);
  const codemods = new Set(selected ? selected.codemods : plan.phases.flatMap((p) => p.codemods));
  const has = {
    config: codemods.has('config-types'),
    imports: codemods.has('rewrite-imports'),
    shims: codemods.has('shim-modules'),
    recipes: codemods.has('call-recipes'),
    collapses: codemods.has('collapse-double-init'),
    merges: codemods.has('merge-factory'),
    deletions: codemods.has('delete-superseded'),
  };
  const relevant = (member: SupersededMember): boolean =>
    !selected ||
    (has.config && (member.shim?.kind === 'alias' || member.shim?.kind === 'converter')) ||
    (has.imports && member.importers.length > 0) ||
    (has.shims && (member.shim?.kind === 're-export' || member.shim?.kind === 'adapter')) ||
    (has.merges && (member.merge?.length ?? 0) > 0) ||
    has.deletions;
  const clusters = plan.clusters.map((cluster) => ({ ...cluster, superseded: cluster.superseded.filter(relevant) }));
  const blockers = selected ? plan.blockers.filter((b) => b.phase === selected.name || b.phase === '*') : plan.blockers;
  return { plan, ...(selected ? { phase: selected.name } : {}), has, clusters, blockers };
}

export function bindingText(imported: string, local: string): string {
  return imported === local ? imported : `${imported} as ${local}`;
}
