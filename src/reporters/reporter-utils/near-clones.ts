/**
 * How many near-clone pairs a report meant for people lists per cluster. A cluster of n copies has
 * n(n-1)/2 pairs (a generated or vendored tree easily has hundreds of copies): the most similar
 * pairs say what there is to say, the rest stays in the JSON report.
 */
import type { Cluster, SimilarPair } from '../../scan/types.js';

/** Near-clone pairs listed per cluster in the table, Markdown and HTML reports. */
export const NEAR_CLONES_SHOWN = 10;

/** The pairs to list (the most similar first, as the scan sorts them) and how many are left out. */
export function nearClonesToShow(cluster: Cluster, limit = NEAR_CLONES_SHOWN): { shown: SimilarPair[]; hidden: number } {
  return { shown: cluster.similar.slice(0, limit), hidden: Math.max(0, cluster.similar.length - limit) + (cluster.similarOmitted ?? 0) };
}

/**
 * The line that stands for the pairs left out; `listedInJson` is the number of pairs the JSON report
 * lists when the scan itself listed only some (`cluster.similarOmitted`).
 */
export function hiddenNearClones(hidden: number, listedInJson?: number): string {
  const where = listedInJson === undefined ? 'lists them all' : `lists the ${listedInJson} most similar`;
  return `… and ${hidden} more near-clone pair${hidden === 1 ? '' : 's'} (--format json ${where})`;
}
