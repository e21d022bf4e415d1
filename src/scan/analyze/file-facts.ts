/**
 * The facts of one file in two stages: the text stage (`text-stage.ts`) reads, hashes and, when the
 * text cannot hold a finding, runs the fast lexer pass for imports and exports only; the parse stage
 * (here) parses the rest and runs detection. The stages may run on different threads (see `pool.ts`);
 * nothing here keeps an AST beyond one file.
 */
import { parseSourceForScan, syntaxErrors } from '../../parser/ts.js';
import type { RuleDefinition } from '../../rules/types.js';
import { analyzeFile, compileRules, type CompiledRules } from '../detect/analyze-file.js';
import type { FileFacts } from '../facts.js';
import { astModuleFacts } from '../module-facts/ast-module-facts.js';
import { emptyFacts, failed, type FileOutcome, type FileTask, lexText, outcomeOf, type ParseTask, readAndLex } from './text-stage.js';

/** Re-exported for the pool and the workers, which load this module lazily. */
export { compileRules, type CompiledRules };
export {
  bracketsBalance,
  contentHash,
  type FileOutcome,
  type FileStat,
  type FileTask,
  lexText,
  type ParseTask,
  readAndLex,
  type TextStageResult,
} from './text-stage.js';

/**
 * Strict-mode grammar checks TypeScript reports while parsing (octal literals and escapes, `with`,
 * reserved words as names, functions in blocks): valid sloppy-mode JavaScript, and the tree is whole,
 * so they never make a file unparsable for the scan.
 */
const STRICT_MODE_ONLY = new Set([1100, 1101, 1102, 1121, 1210, 1212, 1213, 1214, 1215, 1250, 1251, 1252, 1487, 1536]);

/**
 * The parse stage: facts of `text` from its full parse and the detection rules (`activeRules`: the
 * text stage's `activeRuleIndexes` of this text, when known).
 */
export function parseText(file: string, text: string, hash: string, rules: CompiledRules, activeRules?: readonly number[]): FileFacts {
  const sourceFile = parseSourceForScan(file, text);
  const errors = syntaxErrors(sourceFile).filter((error) => !STRICT_MODE_ONLY.has(error.code));
  if (errors.length > 0) {
    const first = errors[0]!;
    return { ...emptyFacts(file, hash, true), error: { message: `syntax error: ${first.message}`, line: first.line } };
  }
  const module = astModuleFacts(sourceFile);
  const analysis = analyzeFile(sourceFile, file, rules, activeRules);
  return {
    file,
    hash,
    parsed: true,
    imports: module.imports,
    exports: module.exports,
    candidates: analysis.candidates,
    holders: analysis.holders,
    producers: analysis.producers,
    localUses: analysis.localUses,
  };
}

/** Facts of `text`: parsed and analyzed when it may hold a finding, lexed otherwise. */
export function analyzeText(file: string, text: string, hash: string, rules: CompiledRules): FileFacts {
  return lexText(file, text, hash, rules) ?? parseText(file, text, hash, rules);
}

/** Parses and analyzes one file the text stage passed on; a crash of a rule becomes an error fact. */
export function analyzeParseTask(task: ParseTask, rules: CompiledRules): FileOutcome {
  let facts: FileFacts;
  try {
    facts = parseText(task.file, task.text, task.hash, rules, task.activeRules);
  } catch (error) {
    facts = failed(task.file, task.hash, error);
  }
  return outcomeOf(task.file, facts, task.stat);
}

/** Reads and analyzes one file (both stages); a read failure or a crash of a rule becomes an error fact, never a throw. */
export function analyzeTask(task: FileTask, rules: CompiledRules): FileOutcome {
  const result = readAndLex(task, rules);
  return result.outcome ?? analyzeParseTask(result.parse, rules);
}

/** Analyzes a batch with rules compiled once per thread (cached by identity of the definitions). */
export function createBatchAnalyzer(definitions: RuleDefinition[]): (tasks: FileTask[]) => FileOutcome[] {
  const rules = compileRules(definitions);
  return (tasks) => tasks.map((task) => analyzeTask(task, rules));
}
