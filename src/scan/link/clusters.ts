/**
 * Clusters: findings of one concept grouped per scope (the whole repository, or each workspace
 * package), or per `clusterKey` for keyed concepts such as factories. Clusters smaller than the
 * rule's `minSize` are dropped with their members (a factory nobody duplicates is not a finding).
 */
import type { RuleDefinition } from '../../rules/types.js';
import type { Draft } from './drafts.js';

export interface ClusterRule {
  by: 'concept' | 'key';
  minSize: number;
}

export function clusterRuleFor(concept: string, definitions: readonly RuleDefinition[]): ClusterRule {
  const rule = definitions.find((d) => d.id === concept)?.cluster;
  return { by: rule?.by === 'key' ? 'key' : 'concept', minSize: typeof rule?.minSize === 'number' ? rule.minSize : 1 };
}

/**
 * Cluster id of a draft: `concept`, `concept:key` for keyed concepts, with `@package` (or `@.` outside
 * any package) appended in workspace scope.
 */
export function clusterIdFor(draft: Draft, rule: ClusterRule, scope: 'repo' | 'workspace'): string {
  const { concept, workspace } = draft.finding;
  const key = draft.candidate?.clusterKey ?? draft.localName;
  const base = rule.by === 'key' ? `${concept}:${key}` : concept;
  return scope === 'workspace' ? `${base}@${workspace ?? '.'}` : base;
}

/**
 * Assigns `finding.cluster` to every draft and returns the members per cluster id (sorted). Re-export
 * findings join their target's cluster. Drafts of clusters below `minSize` (re-exports not counted)
 * are removed from `drafts`.
 */
export function assignClusters(
  drafts: Map<string, Draft>,
  definitions: readonly RuleDefinition[],
  scope: 'repo' | 'workspace',
): Map<string, Draft[]> {
  const clusters = new Map<string, Draft[]>();
  const add = (id: string, draft: Draft) => {
    draft.finding.cluster = id;
    const members = clusters.get(id);
    if (members) members.push(draft);
    else clusters.set(id, [draft]);
  };
  const reExports: Draft[] = [];
  for (const draft of drafts.values()) {
    if (draft.finding.kind === 're-export') reExports.push(draft);
    else add(clusterIdFor(draft, clusterRuleFor(draft.finding.concept, definitions), scope), draft);
  }
  for (const draft of reExports) {
    const target = draft.finding.target ? drafts.get(draft.finding.target) : undefined;
    if (target?.finding.cluster) add(target.finding.cluster, draft);
    else drafts.delete(draft.finding.id);
  }
  for (const [id, members] of clusters) {
    const rule = clusterRuleFor(members[0]!.finding.concept, definitions);
    const counted = members.filter((m) => m.finding.kind !== 're-export').length;
    if (counted >= rule.minSize) {
      members.sort((a, b) => (a.finding.id < b.finding.id ? -1 : a.finding.id > b.finding.id ? 1 : 0));
      continue;
    }
    for (const member of members) drafts.delete(member.finding.id);
    clusters.delete(id);
  }
  return clusters;
}
