/**
 * `ssot scan` when its analysis worker cannot load, as when ssot's built files change under a running
 * scan: a copy of the built package whose worker module imports a name that does not exist. The scan
 * must end with a clear error and exit code 2, and the process must exit by itself (a worker left
 * running would keep it alive, and the test's timeout would fail it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTree } from '../../bench/generate-tree.js';
import { linkNodeModules, makeTempDir, removeDir, repoRoot } from '../../test-utils/fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

function run(bin: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: '1' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('ssot scan with a worker that cannot load', () => {
  it('prints the reason and exits 2 instead of waiting forever', async () => {
    expect(existsSync(join(repoRoot, 'dist', 'src', 'scan', 'analyze', 'worker.js')), 'run `npm run build` first (npm test does)').toBe(true);
    const pkg = await makeTempDir('ssot-broken-package-');
    dirs.push(pkg);
    for (const part of ['package.json', 'bin', 'dist', 'rules']) await cp(join(repoRoot, part), join(pkg, part), { recursive: true });
    await linkNodeModules(pkg);
    const worker = join(pkg, 'dist', 'src', 'scan', 'analyze', 'worker.js');
    await writeFile(worker, `import { noSuchExport } from 'node:path';\nnoSuchExport();\n${await readFile(worker, 'utf8')}`);

    const tree = await makeTempDir('ssot-broken-worker-tree-');
    dirs.push(tree);
    // Large enough for worker threads (and without a cache, so they start ahead of the work).
    await generateTree(tree, { files: 300, seed: 9 });
    const broken = await run(join(pkg, 'bin', 'ssot.js'), ['scan', '--no-config', '--no-cache', '--concurrency', '2', '--format', 'json'], tree);
    expect(broken.stderr).toContain('an analysis worker failed to start');
    expect(broken.stderr).toContain("does not provide an export named 'noSuchExport'");
    expect(broken.stdout).toBe('');
    expect(broken.code).toBe(2);

    // The same copy with the worker restored scans the tree: the failure came from the worker alone.
    await cp(join(repoRoot, 'dist', 'src', 'scan', 'analyze', 'worker.js'), worker);
    const whole = await run(join(pkg, 'bin', 'ssot.js'), ['scan', '--no-config', '--no-cache', '--concurrency', '2', '--format', 'json'], tree);
    expect(whole.stderr).toBe('');
    expect(whole.code).toBeLessThanOrEqual(1);
    expect(JSON.parse(whole.stdout)).toHaveProperty('findings');
  }, 180_000);
});
