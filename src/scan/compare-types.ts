/**
 * The result types of `ssot compare` (see `compare.ts`), apart from the comparison itself, which needs
 * the compiler: reporters import these without loading it.
 */
import type { DeclarationKind } from '../rules/types.js';
import type { CandidateFeatures } from './facts.js';

/** The feature categories of the comparison matrix, in display order. */
export const FEATURE_CATEGORIES = ['members', 'fields', 'options', 'events'] as const;
/** One feature category. */
export type FeatureCategory = (typeof FEATURE_CATEGORIES)[number];

/** One compared declaration: where it is and what it has. */
export interface CompareSide {
  /** The reference as given: `path#Symbol`. */
  ref: string;
  /** Posix path relative to the root. */
  file: string;
  symbol: string;
  declaration: DeclarationKind;
  startLine: number;
  endLine: number;
  features: CandidateFeatures;
  fingerprint: string;
}

/** One feature name and which side has it. */
export interface CompareRow {
  category: FeatureCategory;
  /** The name as A spells it, else as B does. */
  name: string;
  /** A's spelling, when A has it. */
  a?: string;
  /** B's spelling, when B has it (may differ in case or underscores: `maxRetries` / `max_retries`). */
  b?: string;
}

/** The comparison matrix of two declarations (the JSON output of `ssot compare`). */
export interface CompareResult {
  a: CompareSide;
  b: CompareSide;
  /** One row per feature name, grouped by category, in A's order then B's. */
  rows: CompareRow[];
  summary: Record<FeatureCategory, { both: number; onlyA: number; onlyB: number }>;
  /** 0..1 structural similarity (MinHash estimate). */
  similarity: number;
  /** True when the two declarations are copies (equal normalised fingerprints). */
  identical: boolean;
}
