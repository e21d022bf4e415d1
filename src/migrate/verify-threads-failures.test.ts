/**
 * Verification workers that fail, with real worker threads: the built project work runs in a child
 * `node` process with a stand-in worker module that fails in one way. Every question must reject with
 * the reason, and the child must exit by itself once the work is closed (a worker left running would
 * keep it alive, and the test's timeout would fail it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, repoRoot, writeTree } from '../test-utils/fixtures.js';

const dist = (path: string) => pathToFileURL(join(repoRoot, 'dist', 'src', path)).href;

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

/** Stand-ins for the verification worker, each failing in one way. */
const workers: Record<string, string> = {
  'throws-at-load.mjs': "throw new Error('broken verification module');\n",
  'bad-import.mjs': "import { noSuchExport } from 'node:path';\nnoSuchExport();\n",
  'exits-at-load.mjs': 'process.exit(3);\n',
  'garbage.mjs': "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => parentPort.postMessage(42));\n",
  'exits-on-question.mjs': "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(4));\n",
  'throws-on-question.mjs': "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('checker crashed'); });\n",
};

describe('verification workers that fail', () => {
  it('reject every question with the reason, then and later, and stop every worker on close', async () => {
    expect(existsSync(join(repoRoot, 'dist', 'src', 'migrate', 'verify-projects.js')), 'run `npm run build` first (npm test does)').toBe(true);
    const config = JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', types: [] }, include: ['src'] });
    const dir = await writeTree({
      'package.json': JSON.stringify({ type: 'module' }),
      'core/tsconfig.json': config,
      'core/src/a.ts': 'export const a = 1;\n',
      'app/tsconfig.json': config,
      'app/src/b.ts': 'export const b = 2;\n',
    });
    dirs.push(dir);
    for (const [name, text] of Object.entries(workers)) await writeFile(join(dir, name), text);
    const script = `
      const { pathToFileURL } = await import('node:url');
      const { projectWork } = await import(${JSON.stringify(dist('migrate/verify-projects.js'))});
      const { ConfigResolver } = await import(${JSON.stringify(dist('migrate/verify-config.js'))});
      const dir = ${JSON.stringify(dir)};
      const files = [dir + '/core/src/a.ts', dir + '/app/src/b.ts'];
      const results = {};
      for (const name of ${JSON.stringify(Object.keys(workers))}) {
        const configs = new ConfigResolver(dir);
        const projects = new Map(files.map((file) => [configs.configFor(file), [file]]));
        const work = projectWork({ projects, overlay: new Map(), configs, threads: 2, workerUrl: pathToFileURL(dir + '/' + name) });
        const settle = (promise) => promise.then(() => 'resolved', (error) => error.message);
        const first = await settle(work.reshaped(files));
        const later = await settle(work.compare(files));
        await work.close();
        results[name] = { first, later };
      }
      process.stdout.write(JSON.stringify({ results }));
    `;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], (error, out, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(out)));
    });
    const { results } = JSON.parse(stdout) as { results: Record<string, { first: string; later: string }> };
    const expected: Record<string, string> = {
      'throws-at-load.mjs': 'a verification worker failed: broken verification module',
      'bad-import.mjs': "does not provide an export named 'noSuchExport'",
      'exits-at-load.mjs': 'a verification worker stopped (exit code 3) before it finished',
      'garbage.mjs': 'a verification worker answered something that is not a reply: 42',
      'exits-on-question.mjs': 'a verification worker stopped (exit code 4) before it finished',
      'throws-on-question.mjs': 'a verification worker failed: checker crashed',
    };
    for (const [name, message] of Object.entries(expected)) {
      expect(results[name]!.first, name).toContain(message);
      // Asked again after the failure: rejected at once, not sent to a stopped worker.
      expect(results[name]!.later, name).toContain(message);
    }
  }, 180_000);
});
