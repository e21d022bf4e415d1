/**
 * How a rule's signals add up to a confidence: shared by the rule compiler, which scores declarations,
 * and the structure gate, which reasons about what a score needs (see `gate-utils/reachability.ts`).
 * Free of the compiler, like the gates.
 */

/** A signal's weight when the rule does not give one. */
export const DEFAULT_SIGNAL_WEIGHT = 0.3;
/** A rule's threshold when it does not give one. */
export const DEFAULT_RULE_THRESHOLD = 0.5;

/** The confidence of the weights of the signals that fired: a noisy-or of the positive ones, scaled down by the negative ones. */
export function combineWeights(weights: readonly number[]): number {
  let miss = 1;
  let scale = 1;
  for (const weight of weights) {
    if (weight > 0) miss *= 1 - Math.min(weight, 0.99);
    else if (weight < 0) scale *= 1 + Math.max(weight, -1);
  }
  return Math.round((1 - miss) * scale * 100) / 100;
}

/**
 * The confidence of a tentative wrapper (a declaration named like the concept that only forwards to
 * another): its identity signals' confidence with 40 % of the remaining doubt taken away, since the
 * linker confirms the target is a finding. The structure gate asks whether this can reach a rule's cut.
 */
export function wrapperConfidence(identityConfidence: number): number {
  return Math.round((1 - (1 - identityConfidence) * 0.6) * 100) / 100;
}
