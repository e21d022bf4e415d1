import { describe, expect, it } from 'vitest';
import { importsOf, reExports } from './verify-imports.js';

describe('importsOf', () => {
  it('finds static, dynamic, re-export and require specifiers with their lines', () => {
    const text = "import a from './a.js';\nexport * from './b.js';\n\nconst c = await import('./c.js');\nconst d = require('./d');\n";
    expect(importsOf(text)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: './b.js', line: 2 },
      { specifier: './c.js', line: 4 },
      { specifier: './d', line: 5 },
    ]);
  });
});

describe('reExports', () => {
  it.each([
    ["export * from './retry.js';", true],
    ["export { retry as default } from './retry.js';", true],
    ["export type { RetryOptions } from './retry.js';", true],
    ["export * as retry from './retry.js';", true],
    ["module.exports = require('./retry');", true],
    ["module.exports = { ...require('./retry'), other };", true],
    ["exports.retry = require('./retry').retry;", true],
    ["import { retry } from './retry.js';\nexport const run = () => retry();", false],
    ["const retry = require('./retry');\nmodule.exports = { run: () => retry() };", false],
  ])('%s -> %s', (text, expected) => {
    expect(reExports(text)).toBe(expected);
  });
});
