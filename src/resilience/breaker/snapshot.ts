import type { CircuitState, ConfigIssue } from '../errors.js';
import { isCount, type DetectorSnapshot } from './detector.js';

/**
 * A circuit's state as plain JSON (`JSON.stringify(breaker)`), restorable with `initialState` or
 * `restore()`, so a restarted process keeps an open circuit open. Times are epoch milliseconds.
 */
export interface CircuitSnapshot {
  readonly version: 1;
  readonly name: string;
  readonly state: CircuitState;
  /** When the circuit last opened (null if it never did since it last closed). */
  readonly openedAt: number | null;
  /** When an open circuit lets the next probe through (null unless open). */
  readonly openUntil: number | null;
  /** Consecutive openings without a close (drives a growing break). */
  readonly openCount: number;
  /** Length of the last break, for backoff strategies that use the previous delay. */
  readonly lastBreakMs: number;
  readonly detector: DetectorSnapshot | null;
}

const STATES: readonly CircuitState[] = ['closed', 'open', 'half-open', 'isolated'];

/** Lists what is wrong with a value that should be a {@link CircuitSnapshot}. */
export function validateCircuitSnapshot(value: unknown, path = 'initialState'): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (key: string, message: string): void => {
    issues.push({ path: `${path}.${key}`, message });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path, message: 'expected a circuit snapshot object' }];
  const s = value as Record<string, unknown>;
  if (s.version !== 1) add('version', `unsupported snapshot version ${JSON.stringify(s.version)} (expected 1)`);
  if (!STATES.includes(s.state as CircuitState)) add('state', `expected one of ${STATES.join(', ')}`);
  if (s.openedAt !== null && typeof s.openedAt !== 'number') add('openedAt', 'expected a number or null');
  if (s.openUntil !== null && typeof s.openUntil !== 'number') add('openUntil', 'expected a number or null');
  if (s.state === 'open' && typeof s.openUntil !== 'number') add('openUntil', 'an open circuit needs openUntil');
  if (!isCount(s.openCount)) add('openCount', 'expected a whole number >= 0');
  if (s.lastBreakMs !== undefined && !(typeof s.lastBreakMs === 'number' && s.lastBreakMs >= 0)) add('lastBreakMs', 'expected a number >= 0');
  if (s.detector !== null && s.detector !== undefined && (typeof s.detector !== 'object' || typeof (s.detector as { kind?: unknown }).kind !== 'string')) {
    add('detector', 'expected null or an object with a kind');
  }
  return issues;
}
