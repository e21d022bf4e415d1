/**
 * What a rule's confidence needs: a declaration is reported only when its signals' weights, combined,
 * reach the rule's cut (`threshold`, or `minConfidence` when higher). When the signals without a
 * token-level precondition cannot reach it together, one of the others must fire, and so one of
 * their preconditions must hold in the file (the factory rule: building a product, 0.45, is not
 * enough without a factory or creator name, or creator members, each of them a declared name).
 *
 * A signal the rule requires (`requires.allOf`) fires in every reported declaration: it counts with
 * the signals without a precondition (its own precondition is the requirements' part of the gate).
 * A signal too weak to matter is left out as well: when the signals without a precondition, together
 * with the weakest ones that have one, still stay under the cut, one of the stronger ones must fire
 * (the factory rule: a product with creator members scores 0.53, so a factory or creator name is needed).
 *
 * Sound by construction: confidence only grows with the positive weights that fire (a noisy-or; a
 * negative weight only scales it down), so if every signal left out firing at once stays under the
 * cut, some signal that is needed fired in any reported declaration.
 */
import type { RuleDefinition, SignalDefinition } from '../../../rules/types.js';
import { combineWeights, DEFAULT_RULE_THRESHOLD, DEFAULT_SIGNAL_WEIGHT } from '../confidence.js';

/**
 * The signals one of which must fire for the rule to report a declaration (see the module comment),
 * or undefined when the signals without a precondition (`hasPrecondition` false) and the required ones
 * can reach the cut alone.
 */
export function signalsNeededForConfidence(
  definition: Pick<RuleDefinition, 'threshold' | 'minConfidence'> & Partial<Pick<RuleDefinition, 'requires'>> & { signals?: readonly SignalDefinition[] },
  hasPrecondition: (signal: SignalDefinition) => boolean,
): SignalDefinition[] | undefined {
  const signals = definition.signals ?? [];
  const cut = Math.max(definition.threshold ?? DEFAULT_RULE_THRESHOLD, definition.minConfidence ?? 0);
  const required = new Set(definition.requires?.allOf ?? []);
  const withPrecondition = signals.filter((signal) => hasPrecondition(signal) && !required.has(signal.id) && (signal.weight ?? DEFAULT_SIGNAL_WEIGHT) > 0);
  const others = signals.filter((signal) => !withPrecondition.includes(signal)).map((signal) => signal.weight ?? DEFAULT_SIGNAL_WEIGHT).filter((weight) => weight > 0);
  if (withPrecondition.length === 0 || combineWeights(others) >= cut) return undefined;
  // Leave out the weakest signals while all that is left out together stays under the cut.
  const weakestFirst = [...withPrecondition].sort((a, b) => (a.weight ?? DEFAULT_SIGNAL_WEIGHT) - (b.weight ?? DEFAULT_SIGNAL_WEIGHT));
  const weak = new Set<SignalDefinition>();
  for (const signal of weakestFirst) {
    const weight = signal.weight ?? DEFAULT_SIGNAL_WEIGHT;
    if (combineWeights([...others, weight]) >= cut) break;
    others.push(weight);
    weak.add(signal);
  }
  return withPrecondition.filter((signal) => !weak.has(signal));
}
