import type { UnitContext } from '../context.js';

/** Where and why a matcher fired. An empty list means it did not fire. */
export interface MatchEvidence {
  line: number;
  note: string;
}

/** A named structural matcher: a predicate over one declaration unit. */
export type Matcher = (ctx: UnitContext) => MatchEvidence[];
