/**
 * `--fail-on`: which findings make `ssot scan` exit 1. The reporters never decide this; the scan
 * command evaluates it on the (filtered) result after writing the report.
 */
import { InvalidArgumentError } from 'commander';
import type { ScanResult } from '../../../scan/types.js';
import { didYouMean } from '../../../config/did-you-mean.js';

export const FAIL_ON_LEVELS = {
  none: 'never fail because of findings (the default)',
  duplicate: 'a concept has a second implementation in a cluster (a finding with status duplicate)',
  'double-init': 'a class holds instances of two members of one cluster',
  wrapper: 'a wrapper or re-export still has importers',
  dead: 'an implementation nothing imports',
  error: 'a file could not be read or parsed',
  any: 'any of duplicate, double-init, wrapper or dead',
} as const;

export type FailOnLevel = keyof typeof FAIL_ON_LEVELS;

/** Accepted spellings that mean the same as a level. */
const ALIASES: Record<string, FailOnLevel> = { never: 'none', duplicates: 'duplicate', errors: 'error', 'double-initialization': 'double-init' };

/** Commander parser for `--fail-on duplicate,error` (repeatable; comma-separated). */
export function parseFailOn(value: string, previous: FailOnLevel[] | undefined): FailOnLevel[] {
  const levels = new Set(previous ?? []);
  for (const raw of value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean)) {
    const level = (Object.hasOwn(FAIL_ON_LEVELS, raw) ? raw : ALIASES[raw]) as FailOnLevel | undefined;
    if (!level) throw new InvalidArgumentError(`unknown level "${raw}"${didYouMean(raw, Object.keys(FAIL_ON_LEVELS))}; expected ${Object.keys(FAIL_ON_LEVELS).join(', ')}`);
    levels.add(level);
  }
  // `none` is the default; naming any real level replaces it.
  if (levels.size > 1) levels.delete('none');
  return [...levels];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Whether the result fails the chosen levels, and the counts that made it fail. */
export function evaluateFailOn(result: ScanResult, levels: readonly FailOnLevel[]): { failed: boolean; reasons: string[] } {
  const chosen = new Set<FailOnLevel>(levels.includes('any') ? ['duplicate', 'double-init', 'wrapper', 'dead', ...levels] : levels);
  const count = (status: string) => result.findings.filter((finding) => finding.status === status).length;
  const checks: Array<[FailOnLevel, number, string]> = [
    ['duplicate', count('duplicate'), 'duplicate'],
    ['double-init', result.doubleInitializations.length, 'double initialization'],
    ['wrapper', count('wrapper'), 'wrapper'],
    ['dead', count('dead'), 'dead implementation'],
    ['error', result.errors.length, 'unparsable file'],
  ];
  const reasons = checks.filter(([level, n]) => chosen.has(level) && n > 0).map(([, n, word]) => plural(n, word));
  return { failed: reasons.length > 0, reasons };
}
