/**
 * The text stage of a file's facts: read, hash and, when the text cannot hold a finding, the fast
 * lexer pass for imports and exports only (see `file-facts.ts` for the parse stage, which gets the
 * rest). This module does not load the TypeScript compiler, so the thread that reads and lexes every
 * file loads it only if it also parses.
 */
import * as crypto from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RuleDefinition } from '../../rules/types.js';
import { knownBracketsBalance } from '../detect/gate-utils/token-utils.js';
import { mayHoldInstance } from '../detect/instance-gate.js';
import { activeRuleIndexes, compileKeywordGate, type KeywordGate } from '../detect/keyword-gate.js';
import type { FileFacts } from '../facts.js';
import { lexModuleFacts } from '../module-facts/lex-module-facts.js';
import { allowsJsx, TokenKind, tokenize, type Tokens } from '../module-facts/tokenizer.js';

/** What the text stage needs of the rules: their keywords (compiled rules have them too). */
export interface TextRules {
  readonly gate: KeywordGate;
}

/** The text stage's rules, without compiling (or loading the compiler for) the rest of the rules. */
export function compileTextRules(definitions: readonly RuleDefinition[]): TextRules {
  return { gate: compileKeywordGate(definitions) };
}

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

/** Facts with nothing found (the base of lexed, unreadable and failed files). */
export function emptyFacts(file: string, hash: string, parsed: boolean): FileFacts {
  return { file, hash, parsed, imports: [], exports: [], candidates: [], holders: [], producers: [], localUses: [] };
}

/** Open brackets while `bracketsBalance` reads, innermost last (reused file after file). */
let openBrackets = new Uint8Array(256);

/** Whether the brackets of `text` pair up, by its tokens (so strings, comments and regexes do not count). */
export function bracketsBalance(tokens: Tokens): boolean {
  // The gates may have paired the brackets of this text already (see `bracketsOf`).
  const known = knownBracketsBalance(tokens);
  if (known !== undefined) return known;
  const text = tokens.text;
  const kinds = tokens.kind;
  const starts = tokens.start;
  let depth = 0;
  for (let i = 0; i < tokens.count; i++) {
    if (kinds[i] !== TokenKind.Punctuator) continue;
    const c = text.charCodeAt(starts[i]!);
    if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) {
      if (depth === openBrackets.length) {
        const larger = new Uint8Array(depth * 2);
        larger.set(openBrackets);
        openBrackets = larger;
      }
      openBrackets[depth++] = c;
    } else if (c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */) {
      // `)` closes `(` (one code below it); `]` and `}` close `[` and `{` (two below).
      if (depth === 0 || openBrackets[--depth] !== (c === 41 ? 40 : c - 2)) return false;
    }
  }
  return depth === 0;
}

/** What the text stage makes of a text: facts from the lexer pass, or the rules a full parse must run. */
type LexResult = { facts: FileFacts; activeRules?: undefined } | { facts?: undefined; activeRules: number[] };

/**
 * The keyword and structure gates, then (when no rule runs on the text) the lexer pass, on one
 * tokenization of the text shared by the structure tests, the import/export lexer and the bracket check.
 */
function lexOrGate(file: string, text: string, hash: string, rules: TextRules): LexResult {
  let tokens: Tokens | undefined;
  const tokenizeOnce = (): Tokens => (tokens ??= tokenize(text, false, allowsJsx(file)));
  // Most files need only their imports and exports: the lexer reads them, and a full parse follows
  // only when a rule may match or the file instantiates something it imports (see `mayHoldFinding`).
  const activeRules = rules.gate.ruleCount > 0 ? activeRuleIndexes(text, rules.gate, tokenizeOnce) : [];
  if (activeRules.length > 0) return { activeRules };
  const t = tokenizeOnce();
  const module = lexModuleFacts(text, t);
  // Unbalanced brackets hint at a broken file: parse it, so a syntax error is reported, not hidden.
  if (rules.gate.ruleCount === 0 || (!mayHoldInstance(text, module.imports, t) && bracketsBalance(t))) {
    return { facts: { ...emptyFacts(file, hash, false), imports: module.imports, exports: module.exports } };
  }
  return { activeRules };
}

/**
 * The text stage: facts of `text` from the lexer pass when it cannot hold a finding, or undefined when
 * it needs the full parse (`parseText`).
 */
export function lexText(file: string, text: string, hash: string, rules: TextRules): FileFacts | undefined {
  return lexOrGate(file, text, hash, rules).facts;
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

/** The facts of a file whose analysis threw. */
export function failed(file: string, hash: string, error: unknown): FileFacts {
  const message = error instanceof Error ? error.message : String(error);
  return { ...emptyFacts(file, hash, true), error: { message: `analysis failed: ${message}` } };
}

export function outcomeOf(file: string, facts: FileFacts, stat: FileStat | undefined): FileOutcome {
  return stat ? { file, hit: false, facts, stat } : { file, hit: false, facts };
}

/** The largest read buffer kept for the next file. */
const MAX_KEPT_BUFFER = 4 << 20;

/** The read buffer, reused file after file (grown for a larger file): no buffer is allocated per file. */
let readBuffer = Buffer.allocUnsafe(1 << 16);

/** The whole content of the open file `fd`, as a view of the read buffer, valid until the next call. */
function readWhole(fd: number): Buffer {
  let length = 0;
  for (;;) {
    if (length === readBuffer.length) {
      const larger = Buffer.allocUnsafe(readBuffer.length * 2);
      readBuffer.copy(larger, 0, 0, length);
      readBuffer = larger;
    }
    const read = readSync(fd, readBuffer, length, readBuffer.length - length, null);
    if (read === 0) {
      const content = readBuffer.subarray(0, length);
      // An unusually large file does not keep its buffer alive for the rest of the scan.
      if (readBuffer.length > MAX_KEPT_BUFFER) readBuffer = Buffer.allocUnsafe(1 << 16);
      return content;
    }
    length += read;
  }
}

/**
 * Reads, hashes and (unless the cached facts still hold) lexes one file: the text stage. A read failure
 * or a crash becomes an error fact, never a throw.
 */
export function readAndLex(task: FileTask, rules: TextRules): TextStageResult {
  let stat: FileStat | undefined;
  let content: Buffer;
  try {
    const fd = openSync(task.path, 'r');
    try {
      if (task.wantStat) {
        const s = fstatSync(fd);
        stat = { size: s.size, mtimeMs: s.mtimeMs };
      }
      content = readWhole(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { outcome: { file: task.file, hit: false, facts: { ...emptyFacts(task.file, '', false), error: { message: `cannot read: ${code ?? String(error)}` } } } };
  }
  const hash = contentHash(content);
  if (task.knownHash === hash) return { outcome: stat ? { file: task.file, hit: true, hash, stat } : { file: task.file, hit: true, hash } };
  let text = content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let result: LexResult;
  try {
    result = lexOrGate(task.file, text, hash, rules);
  } catch (error) {
    result = { facts: failed(task.file, hash, error) };
  }
  if (result.facts) return { outcome: outcomeOf(task.file, result.facts, stat) };
  const activeRules = result.activeRules;
  return { parse: stat ? { file: task.file, text, hash, stat, activeRules } : { file: task.file, text, hash, activeRules } };
}
