/**
 * Token-shape signatures: a compact, formatting- and naming-independent summary of a declaration, so
 * the gate can recognise a baselined implementation that was edited *and* renamed or moved. Tokens are
 * read with the TypeScript scanner, identifiers and literals are erased, 4-token shingles are hashed
 * and summarised by 32 MinHash slots of 8 bits each (b-bit MinHash): 64 hex characters per entry.
 */
import { ts } from '../parser/ts.js';

const SLOTS = 32;
/** Bits kept per slot, as hex digits. */
const DIGITS = 2;
const SHINGLE = 4;
/** Slot seeds: fixed, so signatures are comparable across runs and machines. */
const SEEDS = Array.from({ length: SLOTS }, (_, i) => fmix32(0x9e3779b9 * (i + 1)));

/** Signature of a piece of source text (a declaration's lines). */
export function shapeOf(text: string, fileName = 'x.ts'): string {
  const codes = tokenCodes(text, fileName);
  const mins = new Array<number>(SLOTS).fill(0xffffffff);
  const width = Math.min(SHINGLE, codes.length);
  for (let i = 0; i + width <= codes.length && width > 0; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < width; j++) h = Math.imul(h ^ (codes[i + j] as number), 0x01000193) >>> 0;
    for (let s = 0; s < SLOTS; s++) {
      const v = fmix32(h ^ (SEEDS[s] as number));
      if (v < (mins[s] as number)) mins[s] = v;
    }
  }
  return mins.map((v) => (v & 0xff).toString(16).padStart(DIGITS, '0')).join('');
}

/** 0..1: the share of equal slots of two signatures (0 when either is missing or malformed). */
export function shapeSimilarity(a: string | undefined, b: string | undefined): number {
  if (!a || !b || a.length !== SLOTS * DIGITS || b.length !== SLOTS * DIGITS) return 0;
  let equal = 0;
  for (let s = 0; s < SLOTS * DIGITS; s += DIGITS) if (a.slice(s, s + DIGITS) === b.slice(s, s + DIGITS)) equal++;
  // Two different minima agree on 8 bits by chance 1 time in 256: correct for it.
  const chance = 1 / 256;
  return Math.max(0, (equal / SLOTS - chance) / (1 - chance));
}

/** Token kinds with names and literal values erased (identifiers → one code, literals → another). */
function tokenCodes(text: string, fileName: string): number[] {
  const variant = /\.(tsx|jsx)$/i.test(fileName) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, variant, text);
  const codes: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) codes.push(1000);
    else if (
      kind === ts.SyntaxKind.StringLiteral ||
      kind === ts.SyntaxKind.NumericLiteral ||
      kind === ts.SyntaxKind.BigIntLiteral ||
      kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      kind === ts.SyntaxKind.RegularExpressionLiteral
    ) codes.push(1001);
    else codes.push(kind);
  }
  return codes;
}

/** murmur3's 32-bit finaliser: spreads bits so each slot behaves like an independent hash. */
function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
