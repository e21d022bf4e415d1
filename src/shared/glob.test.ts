import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesAny } from './glob.js';

describe('glob matching', () => {
  it.each([
    ['src/**', 'src/a.ts', true],
    ['src/**', 'src/resilience/retry.ts', true],
    ['src/**', 'lib/a.ts', false],
    ['src/resilience/**', 'src/resilience/core/a.ts', true],
    ['src/resilience/**', 'src/resilience.ts', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/x/a.ts', false],
    ['**/*.test.ts', 'src/gate/a.test.ts', true],
    ['**/*.test.ts', 'a.test.ts', true],
    ['*.test.ts', 'src/deep/a.test.ts', true],
    ['execution_factory.ts', 'app/services/execution_factory.ts', true],
    ['execution_factory.ts', 'app/services/execution_factory.tsx', false],
    ['src/{a,b}/*.ts', 'src/b/x.ts', true],
    ['src/{a,b}/*.ts', 'src/c/x.ts', false],
    ['src/?.ts', 'src/a.ts', true],
    ['src/[ab].ts', 'src/b.ts', true],
    ['src/[!ab].ts', 'src/b.ts', false],
    ['./src/a.ts', 'src/a.ts', true],
    ['@legacy/*', '@legacy/retry', true],
    ['src/a+b.ts', 'src/a+b.ts', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(globToRegExp(pattern).test(path)).toBe(expected);
  });

  it('matches any of several patterns', () => {
    expect(matchesAny('src/x.ts', ['lib/**', 'src/**'])).toBe(true);
    expect(matchesAny('src/x.ts', [])).toBe(false);
  });

  it('matches base names in any folder only when asked to', () => {
    expect(globToRegExp('*.ts').test('src/deep/a.ts')).toBe(true);
    expect(globToRegExp('*.ts', { matchBase: false }).test('src/deep/a.ts')).toBe(false);
    expect(globToRegExp('*.ts', { matchBase: false }).test('a.ts')).toBe(true);
    expect(matchesAny('src/deep/a.ts', ['*.ts'], { matchBase: false })).toBe(false);
  });
});
