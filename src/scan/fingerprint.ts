/**
 * Structural fingerprints of declarations.
 *
 * Both are computed from syntax kind NAMES (`IfStatement`), never from the numeric `ts.SyntaxKind`
 * values, which TypeScript renumbers between versions: a baseline written by `ssot check` must survive
 * a TypeScript upgrade.
 *
 * - `fingerprint`: a hash of the normalised AST (node kinds in order; identifiers declared inside the
 *   declaration, its own name included, alpha-renamed by first occurrence; other identifiers, property
 *   names and literals kept). Comments and formatting are not nodes, so they never matter. Equal for
 *   copies, stable under moves, renames of the symbol and its locals, and reformatting.
 * - `shape`: a MinHash signature over 4-gram shingles of the node-kind sequence; the fraction of equal
 *   slots estimates the Jaccard similarity of two declarations (near-clone detection).
 */
import { createHash } from 'node:crypto';
import { ts } from '../parser/ts.js';

const K = ts.SyntaxKind;
/** Number of MinHash slots in a shape signature. */
export const SHAPE_SIZE = 64;
const SHINGLE = 4;

/** Marker members of `ts.SyntaxKind` (`FirstToken`, `LastStatement`, `Count`...): aliases, never kinds. */
const MARKER = /^(First|Last)[A-Z]|^Count$/;

/**
 * Numeric kind → canonical name. A numeric value can carry several names (`EqualsToken` and the marker
 * `FirstAssignment`; `JSDoc` and its deprecated alias `JSDocComment`), and `ts.SyntaxKind[kind]`
 * returns the last one declared, which moves when markers are added. The canonical name is the first
 * declared non-marker name: the real kind, declared before any alias of it.
 */
const KIND_NAMES: ReadonlyMap<number, string> = (() => {
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(ts.SyntaxKind)) {
    if (typeof value !== 'number' || MARKER.test(name) || names.has(value)) continue;
    names.set(value, name);
  }
  return names;
})();

/** The stable name of a syntax kind (`IfStatement`, `EqualsToken`). */
export function kindName(kind: ts.SyntaxKind): string {
  return KIND_NAMES.get(kind) ?? `Kind${kind}`;
}

/** 32-bit FNV-1a of a string: kind names become the integers the MinHash shingles are built from. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const kindCodes = new Map<number, number>();
/** A stable integer for a syntax kind: the hash of its name (numeric kinds change between TypeScript versions). */
function kindCode(kind: ts.SyntaxKind): number {
  let code = kindCodes.get(kind);
  if (code === undefined) {
    code = hashString(kindName(kind));
    kindCodes.set(kind, code);
  }
  return code;
}

/** Names a declaration introduces: its own name, parameters, locals, nested functions/classes, members. */
function declaredNames(nodes: readonly ts.Node[]): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.Node | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) names.add(name.text);
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const element of name.elements) if (ts.isBindingElement(element)) addBinding(element.name);
    }
  };
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case K.VariableDeclaration:
      case K.Parameter:
      case K.BindingElement:
      case K.FunctionDeclaration:
      case K.FunctionExpression:
      case K.ClassDeclaration:
      case K.ClassExpression:
      case K.InterfaceDeclaration:
      case K.TypeAliasDeclaration:
      case K.EnumDeclaration:
      case K.TypeParameter:
        addBinding((node as ts.NamedDeclaration).name);
        break;
      case K.ExpressionStatement: {
        // `F.prototype.m = ...`: the constructor name is the declaration's own name.
        const expression = (node as ts.ExpressionStatement).expression;
        if (ts.isBinaryExpression(expression)) {
          let target: ts.Expression = expression.left;
          while (ts.isPropertyAccessExpression(target)) target = target.expression;
          if (ts.isIdentifier(target)) names.add(target.text);
        }
        break;
      }
      default:
        break;
    }
    ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return names;
}

/**
 * The normalised token stream of a declaration (kind names, alpha-renamed locals, literals), and its
 * node-kind sequence as stable integer codes.
 */
export function normalise(nodes: readonly ts.Node[]): { tokens: string[]; kinds: number[] } {
  const declared = declaredNames(nodes);
  const renamed = new Map<string, string>();
  const tokens: string[] = [];
  const kinds: number[] = [];
  const visit = (node: ts.Node): void => {
    kinds.push(kindCode(node.kind));
    switch (node.kind) {
      case K.Identifier:
      case K.PrivateIdentifier: {
        const text = (node as ts.Identifier).text;
        if (declared.has(text)) {
          let alias = renamed.get(text);
          if (!alias) {
            alias = `$${renamed.size}`;
            renamed.set(text, alias);
          }
          tokens.push(alias);
        } else {
          tokens.push(`#${text}`);
        }
        return;
      }
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.TemplateHead:
      case K.TemplateMiddle:
      case K.TemplateTail:
      case K.NumericLiteral:
      case K.BigIntLiteral:
      case K.RegularExpressionLiteral:
        tokens.push(`${kindName(node.kind)}:${JSON.stringify((node as ts.LiteralLikeNode).text)}`);
        return;
      default:
        tokens.push(kindName(node.kind));
    }
    ts.forEachChild(node, visit);
    tokens.push(')');
  };
  for (const node of nodes) visit(node);
  return { tokens, kinds };
}

/** 32-bit FNV-1a over a few 32-bit integers, byte by byte. */
function fnv(values: readonly number[], start: number, count: number, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < start + count; i++) {
    const value = values[i]!;
    for (let shift = 0; shift < 32; shift += 8) hash = Math.imul(hash ^ ((value >>> shift) & 0xff), 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's finaliser: spreads the bits so derived hashes behave like independent ones. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MinHash signature of the shingles of a kind-code sequence (see `normalise`). */
export function minHash(kinds: readonly number[]): number[] {
  const signature = new Array<number>(SHAPE_SIZE).fill(0xffffffff);
  const count = Math.max(1, kinds.length - SHINGLE + 1);
  const width = Math.min(SHINGLE, kinds.length);
  for (let start = 0; start < count; start++) {
    const h1 = fnv(kinds, start, width, 0);
    const h2 = fnv(kinds, start, width, 0x9e3779b9) | 1;
    for (let i = 0; i < SHAPE_SIZE; i++) {
      const value = mix((h1 + Math.imul(i, h2)) >>> 0);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

export { similarity } from './shape-similarity.js';

/** Fingerprint and shape of a declaration made of one or more nodes (a prototype class has several). */
export function fingerprintNodes(nodes: readonly ts.Node[]): { fingerprint: string; shape: number[] } {
  const { tokens, kinds } = normalise(nodes);
  const fingerprint = createHash('sha1').update(tokens.join(' ')).digest('hex').slice(0, 16);
  return { fingerprint, shape: minHash(kinds) };
}
