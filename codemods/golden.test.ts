/**
 * Golden files for every built-in codemod: the output matches, a second run changes nothing, and the
 * output type-checks with the real TypeScript checker.
 */
import { describe, expect, it } from 'vitest';
import { builtinCodemods } from '../src/migrate/plan/registry.js';
import { listGoldenCases, runCase, typeCheck } from '../src/migrate/plan/test-utils/golden.js';
import type { Codemod } from '../src/migrate/plan/codemod.js';

for (const [id, codemod] of builtinCodemods) {
  const cases = listGoldenCases(id);
  describe(`codemod ${id}`, () => {
    it('has golden cases', () => {
      expect(cases.length).toBeGreaterThanOrEqual(3);
    });
    for (const golden of cases) {
      describe(golden.name, () => {
        const first = runCase(codemod as Codemod<unknown>, golden);
        it('produces the golden output', () => {
          if (first.error) throw first.error;
          if (golden.output === null) {
            expect(first.result).toEqual({ delete: true });
          } else {
            const text = typeof first.result === 'string' ? first.result : golden.input;
            expect(text).toBe(golden.output);
          }
        });
        it('reports the expected issues', () => {
          const expected = golden.issues ?? [];
          expect(first.issues.map((i) => ({ line: i.line, kind: i.kind }))).toEqual(expected.map((i) => ({ line: i.line, kind: i.kind })));
        });
        if (golden.output !== null) {
          it('is idempotent', () => {
            const second = runCase(codemod as Codemod<unknown>, golden, golden.output!);
            if (second.error) throw second.error;
            expect(second.result === undefined || second.result === golden.output).toBe(true);
          });
          it('type-checks', () => {
            expect(typeCheck(golden, golden.output!)).toEqual([]);
          });
        }
      });
    }
  });
}
