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
  [key: string]: unknown;
}
