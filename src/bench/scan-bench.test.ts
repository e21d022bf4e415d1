import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The bench runs each step in a child process of the built module.
const BUILT = new URL('../../dist/src/bench/scan.js', import.meta.url);
const FIXTURE = fileURLToPath(new URL('../../fixtures/agent-backend', import.meta.url));

describe('scan bench on a folder of real code (--tree)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('measures the folder with the parse and the cold scans only, and writes nothing into it', { timeout: 120_000 }, async () => {
    expect(existsSync(fileURLToPath(BUILT)), 'run `npm run build` first').toBe(true);
    const { runScanBench } = (await import(BUILT.href)) as typeof import('./scan.js');
    const dir = await mkdtemp(join(tmpdir(), 'ssot-bench-tree-'));
    dirs.push(dir);
    const tree = join(dir, 'backend');
    await cp(FIXTURE, tree, { recursive: true });
    const before = await readdir(tree, { recursive: true });
    const result = await runScanBench({ files: 40, self: false, concurrency: 1, trees: [tree] });
    expect(result.trees.map((figures) => figures.tree)).toEqual(['generated', 'backend']);
    const measured = result.trees[1]!;
    expect(measured.steps.map((step) => step.step)).toEqual(['TypeScript parse only', 'scan cold, no cache', 'scan cold, no code cache']);
    expect(measured.files).toBeGreaterThan(before.filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts')).length - 1);
    expect(measured.findings).toBeGreaterThan(0);
    expect(measured.steps[1]!.parsedFiles).toBeGreaterThan(0);
    expect(measured.steps[1]!.parsedFiles).toBeLessThanOrEqual(measured.files);
    expect(await readdir(tree, { recursive: true })).toEqual(before);
  });

  it('rejects a folder that does not exist before measuring anything', async () => {
    const { runScanBench } = (await import(BUILT.href)) as typeof import('./scan.js');
    const lines: string[] = [];
    await expect(runScanBench({ files: 40, self: false, trees: [join(tmpdir(), 'no-such-ssot-tree')], log: (line) => lines.push(line) })).rejects.toThrow(/--tree .*no-such-ssot-tree: not a folder/);
    expect(lines).toEqual([]);
  });
});
