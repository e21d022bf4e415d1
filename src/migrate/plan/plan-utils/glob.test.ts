import { describe, expect, it } from 'vitest';
import { matchesGlobs } from './glob.js';

describe('recipe file scopes', () => {
  it.each([
    [undefined, 'src/a.ts', true],
    [[], 'src/a.ts', true],
    [['src/**'], 'src/db/a.ts', true],
    [['src/**'], 'test/a.ts', false],
    [['src/**', '!src/legacy/**'], 'src/legacy/a.ts', false],
    [['!**/*.test.ts'], 'src/a.test.ts', false],
    [['!**/*.test.ts'], 'src/a.ts', true],
    [['*.ts'], 'src/a.ts', false],
    [['src/{db,llm}/*.ts'], 'src/llm/x.ts', true],
  ] as const)('%j scopes %s: %s', (globs, path, expected) => {
    expect(matchesGlobs(path, globs as readonly string[] | undefined)).toBe(expected);
  });
});
