/**
 * The rule (concept) definition format: one concept per file in `rules/<id>.yaml`, in a user's rules
 * folder, or inline under `concepts` in the config. Data only: no TypeScript needed to add a concept.
 *
 * Placeholder: the detection engine defines the full shape.
 */
export interface RuleDefinition {
  /** Kebab-case concept id, equal to the file name. */
  id: string;
  description?: string;
  /**
   * How findings of this concept cluster: all together per scope (`concept`, the default), or by the
   * candidate's `clusterKey` (`key`, e.g. factories grouped by product or name). Clusters smaller than
   * `minSize` (default 1) are not reported, nor are their members (a factory nobody duplicates).
   */
  cluster?: { by: 'concept' | 'key'; minSize?: number };
  [key: string]: unknown;
}
