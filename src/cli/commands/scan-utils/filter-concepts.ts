import type { ScanResult } from '../../../scan/types.js';

/**
 * The part of a result about some concepts (`--concept retry,backoff`): their findings, clusters
 * and double initializations. Unparsable files are kept: they may hide any concept.
 */
export function filterConcepts(result: ScanResult, concepts: readonly string[]): ScanResult {
  const wanted = new Set(concepts);
  const clusters = result.clusters.filter((cluster) => wanted.has(cluster.concept));
  const clusterIds = new Set(clusters.map((cluster) => cluster.id));
  return {
    ...result,
    findings: result.findings.filter((finding) => wanted.has(finding.concept)),
    clusters,
    doubleInitializations: result.doubleInitializations.filter((double) => clusterIds.has(double.cluster)),
  };
}
