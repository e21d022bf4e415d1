import type { ResolvedConfig } from '../config/types.js';
import type { RuleDefinition } from './types.js';

/** The concepts a scan looks for: plain data, so it can be sent to worker threads and hashed. */
export interface RuleSet {
  /** Built-in rules, rule folders and inline concepts, with the config's overrides applied. */
  definitions: RuleDefinition[];
  /** Stable hash of the definitions: part of the per-file cache key. */
  hash: string;
}

/**
 * Loads and validates every rule the config enables. Throws `SsotError('rule', issues)` listing every
 * problem with its file and path. Placeholder until the detection engine lands.
 */
export async function loadRuleSet(config: ResolvedConfig): Promise<RuleSet> {
  void config;
  return { definitions: [], hash: 'none' };
}
