import { describe, expect, it } from 'vitest';
import { parseSource, parseSourceForScan, ts } from '../../parser/ts.js';
import { isFunctionLike, kindSet, useTree, walk, walkKinds, walkSelfKinds } from './ast-utils.js';

const SOURCE = `
import { a } from 'm';
export class Breaker {
  private state = 'closed';
  async run(op: () => Promise<number>, n = 3) {
    for (let i = 0; i < n; i++) {
      try { return await op(); } catch (e) { if (e && i > 1) throw e; await new Promise((r) => setTimeout(r, 10 * 2 ** i)); }
    }
    const inner = function named() { return [1, 2].map((x) => x + a); };
    return inner();
  }
}
`;

/** What the compiler's own recursion visits, with `skip` deciding whose children are passed over. */
function reference(root: ts.Node, skip: (node: ts.Node) => boolean): ts.Node[] {
  const seen: ts.Node[] = [];
  const recurse = (child: ts.Node): void => {
    seen.push(child);
    if (!skip(child)) ts.forEachChild(child, recurse);
  };
  ts.forEachChild(root, recurse);
  return seen;
}

function walked(root: ts.Node, skip: (node: ts.Node) => boolean): ts.Node[] {
  const seen: ts.Node[] = [];
  walk(root, (node) => {
    seen.push(node);
    return skip(node) ? false : undefined;
  });
  return seen;
}

describe('walk over the depth-first order', () => {
  const sf = parseSourceForScan('breaker.ts', SOURCE);
  useTree(sf);
  const method = (sf.statements[1] as ts.ClassDeclaration).members[1]!;

  it('visits what the recursive walk visits, in the same order, from any node', () => {
    const none = (): boolean => false;
    expect(walked(sf, none)).toEqual(reference(sf, none));
    expect(walked(method, none)).toEqual(reference(method, none));
    expect(walked(method, none).length).toBeGreaterThan(50);
  });

  it('passes over the children of nodes the visitor returns false for', () => {
    const skip = (node: ts.Node): boolean => isFunctionLike(node) || ts.isCatchClause(node);
    const seen = walked(method, skip);
    expect(seen).toEqual(reference(method, skip));
    // The named function expression is visited, the arrow inside it and the catch clause's throw are not.
    expect(seen.some((node) => ts.isFunctionExpression(node))).toBe(true);
    expect(seen.some((node) => ts.isArrowFunction(node))).toBe(false);
    expect(seen.some((node) => ts.isThrowStatement(node))).toBe(false);
  });

  it('walks only the kinds asked for, as a filtering visitor of walk would', () => {
    const kinds = kindSet(ts.SyntaxKind.CallExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.Identifier);
    const expected = reference(method, (node) => ts.isArrowFunction(node)).filter((node) => kinds[node.kind] === 1);
    const seen: ts.Node[] = [];
    walkKinds(method, kinds, (node) => {
      seen.push(node);
      return ts.isArrowFunction(node) ? false : undefined;
    });
    expect(seen).toEqual(expected);
    const self: ts.Node[] = [];
    walkSelfKinds(method, kindSet(ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.ForStatement), (node) => void self.push(node));
    expect(self.map((node) => node.kind)).toEqual([ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.ForStatement]);
  });

  it('walks nodes of a tree parsed since, or parsed another way, the same as the compiler does', () => {
    const other = parseSource('other.ts', SOURCE);
    const none = (): boolean => false;
    expect(walked(other, none)).toEqual(reference(other, none));
    const later = parseSourceForScan('later.ts', 'const x = [1, 2].map((y) => y * 2);');
    expect(walked(later, none)).toEqual(reference(later, none));
    // The first file is no longer the current order: its nodes are still all reached.
    expect(walked(method, none)).toEqual(reference(method, none));
  });
});
