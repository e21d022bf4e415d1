import type { GateVerdict } from '../types.js';

/** The verdict as JSON (`schemaVersion` 1), documented in the README. */
export function reportJson(verdict: GateVerdict): string {
  return `${JSON.stringify(verdict, null, 2)}\n`;
}
