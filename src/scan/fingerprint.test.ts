import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSource, ts } from '../parser/ts.js';
import { collectUnits } from './detect/units.js';
import { dedent } from './detect/test-utils/detect.js';
import { fingerprintNodes, kindName, minHash, normalise, SHAPE_SIZE, similarity } from './fingerprint.js';

function print(code: string, symbol: string, file = 'a.ts') {
  const units = collectUnits(parseSource(file, dedent(code)));
  const unit = units.find((u) => u.symbol === symbol) ?? units.flatMap((u) => u.methods).find((m) => m.symbol === symbol);
  if (!unit) throw new Error(`no ${symbol}`);
  return fingerprintNodes(unit.nodes);
}

const original = `
  export async function withRetry(fn: () => Promise<unknown>, retries = 3) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (attempt >= retries) throw error;
        await sleep(100 * 2 ** attempt);
      }
    }
  }
`;

describe('fingerprint', () => {
  it('is equal for a copy in another file, further down, after other code (moves)', () => {
    const moved = `
      import { sleep } from './sleep';
      export const unrelated = 1;

      ${original.trim()}
    `;
    expect(print(moved, 'withRetry', 'src/other/place.ts').fingerprint).toBe(print(original, 'withRetry').fingerprint);
  });

  it('is stable when the symbol and its locals are renamed', () => {
    const renamed = original
      .replace('withRetry', 'retryOperation')
      .replace(/\bfn\b/g, 'operation')
      .replace(/\battempt\b/g, 'i')
      .replace(/\berror\b/g, 'e')
      .replace(/\bretries\b/g, 'maxTries');
    expect(print(renamed, 'retryOperation').fingerprint).toBe(print(original, 'withRetry').fingerprint);
  });

  it('ignores comments, whitespace and line breaks', () => {
    const reformatted = `
      /** Retries. */
      export async function withRetry(fn: () => Promise<unknown>, retries = 3) { // go
        for (let attempt = 0; ; attempt++) { try { return await fn(); }
          /* failed */ catch (error) { if (attempt >= retries) throw error; await sleep(100 * 2 ** attempt); } }
      }
    `;
    expect(print(reformatted, 'withRetry').fingerprint).toBe(print(original, 'withRetry').fingerprint);
  });

  it('changes when the logic changes: a literal, an operator, a called function, a statement', () => {
    const base = print(original, 'withRetry').fingerprint;
    expect(print(original.replace('100 *', '200 *'), 'withRetry').fingerprint).not.toBe(base);
    expect(print(original.replace('>=', '>'), 'withRetry').fingerprint).not.toBe(base);
    expect(print(original.replace('await sleep(', 'await delay('), 'withRetry').fingerprint).not.toBe(base);
    expect(print(original.replace('if (attempt >= retries) throw error;', ''), 'withRetry').fingerprint).not.toBe(base);
  });

  it('keeps prototype-based classes stable under renames too', () => {
    const a = `
      function Breaker(opts) { this.opts = opts; }
      Breaker.prototype.fire = function (fn) { return fn(); };
    `;
    const b = a.replace(/Breaker/g, 'Fuse').replace(/opts/g, 'o');
    expect(print(b, 'Fuse', 'b.js').fingerprint).toBe(print(a, 'Breaker', 'a.js').fingerprint);
  });
});

describe('shape (MinHash) and similarity', () => {
  it('has the documented size and is deterministic', () => {
    const shape = print(original, 'withRetry').shape;
    expect(shape).toHaveLength(SHAPE_SIZE);
    expect(print(original, 'withRetry').shape).toEqual(shape);
  });

  it('gives 1 for renamed clones, high for near clones, low for unrelated code', () => {
    const base = print(original, 'withRetry').shape;
    const renamed = print(original.replace(/withRetry/g, 'again').replace(/fn/g, 'op'), 'again').shape;
    const near = print(original.replace('await sleep(100 * 2 ** attempt);', 'console.warn(error); await sleep(100 * 2 ** attempt);'), 'withRetry').shape;
    const unrelated = print(`
      export interface Settings { a: string; b: number; c: boolean; d: string[] }
    `, 'Settings').shape;
    expect(similarity(base, renamed)).toBe(1);
    expect(similarity(base, near)).toBeGreaterThan(0.6);
    expect(similarity(base, near)).toBeLessThan(1);
    expect(similarity(base, unrelated)).toBeLessThan(0.2);
  });

  it('handles tiny and empty sequences', () => {
    expect(minHash([])).toHaveLength(SHAPE_SIZE);
    expect(similarity(minHash([1, 2]), minHash([1, 2]))).toBe(1);
    expect(similarity([], [])).toBe(0);
  });
});

describe('stability across TypeScript versions', () => {
  const tiny = 'function next(n) { return n + 1; }';
  const tinyNodes = () => collectUnits(parseSource('t.js', tiny))[0]!.nodes;
  // The tree of `tiny` in kind names: what a TypeScript upgrade that renumbers kinds cannot change.
  const tinyTokens = [
    'FunctionDeclaration', '$0', 'Parameter', '$1', ')', 'Block', 'ReturnStatement', 'BinaryExpression',
    '$1', 'PlusToken', ')', 'NumericLiteral:"1"', ')', ')', ')', ')',
  ];

  it('normalises to syntax kind names, never to numeric kind values', () => {
    expect(normalise(tinyNodes()).tokens).toEqual(tinyTokens);
  });

  it('hashes that name sequence into a 16-hex fingerprint', () => {
    const { fingerprint } = fingerprintNodes(tinyNodes());
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint).toBe(createHash('sha1').update(tinyTokens.join(' ')).digest('hex').slice(0, 16));
  });

  it('builds shapes from kind names: the same code gives the same shape whatever the numbering', () => {
    const { kinds } = normalise(tinyNodes());
    // Kind codes are name hashes (32-bit), not the small enum values TypeScript assigns.
    expect(kinds.every((code) => code > 0xffff)).toBe(true);
    expect(new Set(kinds).size).toBe(new Set(tinyTokens.filter((t) => /^[A-Z]/.test(t)).map((t) => t.split(':')[0])).size + 1);
  });

  it('names aliased kinds by the real kind, not by First*/Last* markers or deprecated aliases', () => {
    expect(ts.SyntaxKind[ts.SyntaxKind.EqualsToken]).not.toBe('EqualsToken');
    expect(kindName(ts.SyntaxKind.EqualsToken)).toBe('EqualsToken');
    expect(kindName(ts.SyntaxKind.NumericLiteral)).toBe('NumericLiteral');
    expect(kindName(ts.SyntaxKind.VariableStatement)).toBe('VariableStatement');
    expect(kindName(ts.SyntaxKind.BreakKeyword)).toBe('BreakKeyword');
    expect(kindName(ts.SyntaxKind.JSDoc)).toBe('JSDoc');
    expect(kindName(ts.SyntaxKind.ImportAttributes)).toBe('ImportAttributes');
  });

  it('gives every syntax kind one distinct, non-marker name', () => {
    // `Count` is the number of kinds, not a kind.
    const values = [...new Set(Object.values(ts.SyntaxKind).filter((v): v is number => typeof v === 'number' && v !== ts.SyntaxKind.Count))];
    const names = values.map((value) => kindName(value));
    expect(new Set(names).size).toBe(values.length);
    expect(names.filter((name) => /^(First|Last)[A-Z]|^Count$|^Kind\d/.test(name))).toEqual([]);
  });
});
