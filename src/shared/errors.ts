/**
 * Errors the tool expects and explains (bad config, bad rule file, bad baseline, refused migration).
 * The CLI prints them as short messages and exits 2 (or 1 for a refused gate); anything else is an
 * internal error. Detected by a brand, not instanceof, so duplicated package copies still agree.
 */
export type SsotErrorCode =
  | 'usage'
  | 'config'
  | 'rule'
  | 'baseline'
  | 'git'
  | 'migration'
  | 'input';

export interface ErrorIssue {
  /** Where: a file path, optionally with `:line`, or a dotted config path such as `canonical.retry`. */
  path: string;
  message: string;
}

export class SsotError extends Error {
  readonly isSsotError = true;
  readonly code: SsotErrorCode;
  /** Every problem found, each with its location (config validation lists all of them). */
  readonly issues: readonly ErrorIssue[];

  constructor(code: SsotErrorCode, message: string, issues: readonly ErrorIssue[] = []) {
    super(message);
    this.name = 'SsotError';
    this.code = code;
    this.issues = issues;
  }
}

export function isSsotError(value: unknown): value is SsotError {
  return typeof value === 'object' && value !== null && (value as { isSsotError?: unknown }).isSsotError === true;
}
