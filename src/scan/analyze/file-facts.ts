/**
 * The facts of one file in two stages: the text stage reads, hashes and, when the text cannot hold a
 * finding, runs the fast lexer pass for imports and exports only; the parse stage parses the rest and
 * runs detection. The stages may run on different threads (see `pool.ts`); nothing here keeps an AST
 * beyond one file.
 */
import * as crypto from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parseSourceForScan, syntaxErrors } from '../../parser/ts.js';
import type { RuleDefinition } from '../../rules/types.js';
import { activeRuleIndexes, analyzeFile, compileRules, type CompiledRules, rulesMayMatch } from '../detect/analyze-file.js';
import { mayHoldInstance } from '../detect/instance-gate.js';
import type { FileFacts } from '../facts.js';
import { astModuleFacts } from '../module-facts/ast-module-facts.js';
import { lexModuleFacts } from '../module-facts/lex-module-facts.js';
import { TokenKind, tokenize, type Tokens } from '../module-facts/tokenizer.js';

/** Re-exported for the pool and the workers, which load this module lazily. */
export { compileRules, type CompiledRules };

/** One file to analyze. */
export interface FileTask {
  /** Posix path relative to the root. */
  file: string;
  /** Absolute path to read. */
  path: string;
  /** Content hash of the cached facts, if any: an equal hash means the cached facts still hold. */
  knownHash?: string;
  /** Also report size and mtime (for the cache's quick check). */
  wantStat?: boolean;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** What analyzing a task gives back: fresh facts, or confirmation that the cached facts still hold. */
export type FileOutcome =
  | { file: string; hit: true; hash: string; stat?: FileStat }
  | { file: string; hit: false; facts: FileFacts; stat?: FileStat };

/** One-shot hashing (Node 20.12 and later): no Hash object per file, which costs more than hashing a small file. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer | string, encoding: 'hex') => string }).hash;

/** Hash of file contents (the cache key together with the rules hash and the tool version). */
export function contentHash(content: Buffer | string): string {
  return oneShot ? oneShot('sha1', content, 'hex') : crypto.createHash('sha1').update(content).digest('hex');
}

/**
 * Strict-mode grammar checks TypeScript reports while parsing (octal literals and escapes, `with`,
 * reserved words as names, functions in blocks): valid sloppy-mode JavaScript, and the tree is whole,
 * so they never make a file unparsable for the scan.
 */
const STRICT_MODE_ONLY = new Set([1100, 1101, 1102, 1121, 1210, 1212, 1213, 1214, 1215, 1250, 1251, 1252, 1487, 1536]);

function emptyFacts(file: string, hash: string, parsed: boolean): FileFacts {
  return { file, hash, parsed, imports: [], exports: [], candidates: [], holders: [], producers: [], localUses: [] };
}

/** Whether the brackets of `text` pair up, by its tokens (so strings, comments and regexes do not count). */
export function bracketsBalance(tokens: Tokens): boolean {
  const text = tokens.text;
  const open: number[] = [];
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] !== TokenKind.Punctuator) continue;
    const c = text.charCodeAt(tokens.start[i]!);
    if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) open.push(c);
    else if (c === 41 /* ) */ ? open.pop() !== 40 : c === 93 /* ] */ ? open.pop() !== 91 : c === 125 /* } */ && open.pop() !== 123) return false;
  }
  return open.length === 0;
}

/**
 * The text stage: facts of `text` from the lexer pass when it cannot hold a finding, or undefined when
 * it needs the full parse (`parseText`).
 */
export function lexText(file: string, text: string, hash: string, rules: CompiledRules): FileFacts | undefined {
  // Most files need only their imports and exports: the lexer reads them, and a full parse follows
  // only when a rule may match or the file instantiates something it imports (see `mayHoldFinding`).
  if (rulesMayMatch(text, rules)) return undefined;
  // One tokenization serves both the import/export pass and the bracket check.
  const tokens = tokenize(text);
  const module = lexModuleFacts(text, tokens);
  // Unbalanced brackets hint at a broken file: parse it, so a syntax error is reported, not hidden.
  if (rules.compiled.length === 0 || (!mayHoldInstance(text, module.imports) && bracketsBalance(tokens))) {
    return { ...emptyFacts(file, hash, false), imports: module.imports, exports: module.exports };
  }
  return undefined;
}

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

/** A file read and found to need the full parse: the parse stage's input, which may run on another thread. */
export interface ParseTask {
  file: string;
  text: string;
  hash: string;
  stat?: FileStat;
  /** The rules whose keywords the text matched (indexes into the compiled rules), so the parse stage need not test them again. */
  activeRules?: number[];
}

/** What the text stage gives for a task: a finished outcome, or a parse task. */
export type TextStageResult = { outcome: FileOutcome; parse?: undefined } | { outcome?: undefined; parse: ParseTask };

function failed(file: string, hash: string, error: unknown): FileFacts {
  const message = error instanceof Error ? error.message : String(error);
  return { ...emptyFacts(file, hash, true), error: { message: `analysis failed: ${message}` } };
}

function outcomeOf(file: string, facts: FileFacts, stat: FileStat | undefined): FileOutcome {
  return stat ? { file, hit: false, facts, stat } : { file, hit: false, facts };
}

/**
 * Reads, hashes and (unless the cached facts still hold) lexes one file: the text stage. A read failure
 * or a crash becomes an error fact, never a throw.
 */
export function readAndLex(task: FileTask, rules: CompiledRules): TextStageResult {
  let stat: FileStat | undefined;
  let content: Buffer;
  try {
    if (task.wantStat) {
      const s = statSync(task.path);
      stat = { size: s.size, mtimeMs: s.mtimeMs };
    }
    content = readFileSync(task.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { outcome: { file: task.file, hit: false, facts: { ...emptyFacts(task.file, '', false), error: { message: `cannot read: ${code ?? String(error)}` } } } };
  }
  const hash = contentHash(content);
  if (task.knownHash === hash) return { outcome: stat ? { file: task.file, hit: true, hash, stat } : { file: task.file, hit: true, hash } };
  let text = content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let facts: FileFacts | undefined;
  try {
    facts = lexText(task.file, text, hash, rules);
  } catch (error) {
    facts = failed(task.file, hash, error);
  }
  if (facts) return { outcome: outcomeOf(task.file, facts, stat) };
  const activeRules = activeRuleIndexes(text, rules);
  return { parse: stat ? { file: task.file, text, hash, stat, activeRules } : { file: task.file, text, hash, activeRules } };
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
