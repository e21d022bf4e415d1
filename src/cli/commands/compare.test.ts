import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, runSsot, writeTree } from '../../test-utils/fixtures.js';

const dir = await writeTree({
  'project/src/retry.ts': `export async function withRetry<T>(fn: () => Promise<T>, maxRetries = 3): Promise<T> {
  for (let i = 0; ; i++) {
    try { return await fn(); } catch (e) { if (i >= maxRetries) throw e; }
  }
}
`,
  'project/src/db/retry.js': `async function retryQuery(fn, { retries = 5, onRetry } = {}) {
  let n = 0;
  while (true) {
    try { return await fn(); } catch (e) { if (++n > retries) throw e; onRetry && onRetry(e); }
  }
}
module.exports = { retryQuery };
`,
});
afterAll(() => removeDir(dir));

describe('ssot compare (built binary)', () => {
  it('prints the table for paths relative to the cwd', async () => {
    const run = await runSsot(['compare', 'src/retry.ts#withRetry', 'src/db/retry.js#retryQuery'], { cwd: `${dir}/project` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('A  src/retry.ts#withRetry (function, lines 1-5)');
    expect(run.stdout).toContain('B  src/db/retry.js#retryQuery (function, lines 1-6)');
    expect(run.stdout).toMatch(/maxRetries\s+✓ {2}✗/);
    expect(run.stdout).toMatch(/retries\s+✗ {2}✓/);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('resolves paths against --root and prints JSON or Markdown', async () => {
    const json = await runSsot(['compare', 'src/retry.ts#withRetry', 'src/db/retry.js#retryQuery', '--root', 'project', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { a: { symbol: string }; summary: { options: { onlyB: number } } };
    expect(parsed.a.symbol).toBe('withRetry');
    expect(parsed.summary.options.onlyB).toBe(2);
    const markdown = await runSsot(['compare', 'src/retry.ts#withRetry', 'src/db/retry.js#retryQuery', '--root', 'project', '-f', 'markdown'], { cwd: dir });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('| Feature | `withRetry` | `retryQuery` |');
  });

  it('exits 2 with a clear message when a symbol or file does not exist', async () => {
    const missingSymbol = await runSsot(['compare', 'src/retry.ts#nope', 'src/db/retry.js#retryQuery'], { cwd: `${dir}/project` });
    expect(missingSymbol.code).toBe(2);
    expect(missingSymbol.stdout).toBe('');
    expect(missingSymbol.stderr).toContain('ssot: cannot compare: no declaration "nope" in src/retry.ts');
    expect(missingSymbol.stderr).toContain('src/retry.ts#nope: declared there: withRetry');
    const missingFile = await runSsot(['compare', 'src/none.ts#A', 'src/retry.ts#withRetry'], { cwd: `${dir}/project` });
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain('cannot compare: src/none.ts does not exist');
  });

  it('exits 2 on usage errors (missing #Symbol, unknown format)', async () => {
    const noHash = await runSsot(['compare', 'src/retry.ts', 'src/db/retry.js#retryQuery'], { cwd: `${dir}/project` });
    expect(noHash.code).toBe(2);
    expect(noHash.stderr).toContain('expected file#Symbol');
    const badFormat = await runSsot(['compare', 'src/retry.ts#withRetry', 'src/retry.ts#withRetry', '--format', 'xml'], { cwd: `${dir}/project` });
    expect(badFormat.code).toBe(2);
  });
});
