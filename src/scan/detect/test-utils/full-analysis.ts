/**
 * The full analysis of a text for gate tests: every built-in rule runs, whatever its keywords and
 * structure tests say. A gate's table checked against it cannot hold a case the matchers do not fire
 * on, nor miss one they do.
 */
import { loadBuiltinRules } from '../../../rules/load-rules.js';
import { compileRules, parseText } from '../../analyze/file-facts.js';
import type { Candidate } from '../../facts.js';

/** The candidates of `text` (analysed as `file`) with every built-in rule active. */
export type FullAnalysis = (text: string, file?: string) => Candidate[];

export async function loadFullAnalysis(): Promise<FullAnalysis> {
  const definitions = await loadBuiltinRules();
  const rules = compileRules(definitions);
  const everyRule = definitions.map((_, index) => index);
  return (text, file = 'gate.ts') => parseText(file, text, 'hash', rules, everyRule).candidates;
}
