import type { ts } from '../../parser/ts.js';
import type { RuleDefinition } from '../../rules/types.js';
import type { FileFacts } from '../facts.js';

/** What detection contributes to a file's facts. */
export type FileAnalysis = Pick<FileFacts, 'candidates' | 'holders' | 'producers' | 'localUses'>;

/** Rules prepared for matching (regexes compiled once per worker). Opaque to callers. */
export interface CompiledRules {
  readonly definitions: readonly RuleDefinition[];
}

/** Compiles rule definitions once per worker thread. Placeholder until the detection engine lands. */
export function compileRules(definitions: RuleDefinition[]): CompiledRules {
  return { definitions };
}

/**
 * Cheap test on the raw text: false only when no rule could possibly match, so the file needs only
 * the import/export lexer pass, not a full parse. Placeholder.
 */
export function mayHoldFinding(text: string, rules: CompiledRules): boolean {
  void text;
  return rules.definitions.length > 0;
}

/** Runs every rule over one parsed file. Placeholder until the detection engine lands. */
export function analyzeFile(sourceFile: ts.SourceFile, file: string, rules: CompiledRules): FileAnalysis {
  void sourceFile;
  void file;
  void rules;
  return { candidates: [], holders: [], producers: [], localUses: [] };
}
