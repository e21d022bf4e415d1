/**
 * The opening of a child-process script that runs the built analysis pool: it generates a tree of
 * `files` files in `dir/tree`, discovers them, loads the rules, and computes the in-process outcomes
 * the worker runs are compared with. Defines `config`, `files`, `definitions`, `tasks` and `expected`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './fixtures.js';

/** URL of a built module under `dist/src`. */
export const distModule = (path: string): string => pathToFileURL(join(repoRoot, 'dist', 'src', path)).href;

export function poolScriptSetup(dir: string, options: { files: number; seed: number }): string {
  return `
    const { generateTree } = await import(${JSON.stringify(distModule('bench/generate-tree.js'))});
    const { resolvedDefaults } = await import(${JSON.stringify(distModule('config/defaults.js'))});
    const { discoverFiles } = await import(${JSON.stringify(distModule('scan/discover.js'))});
    const { loadRuleSet } = await import(${JSON.stringify(distModule('rules/load-rules.js'))});
    const { analyzeFiles } = await import(${JSON.stringify(distModule('scan/analyze/pool.js'))});
    const dir = ${JSON.stringify(dir)};
    await generateTree(dir + '/tree', { files: ${options.files}, seed: ${options.seed} });
    const config = resolvedDefaults(dir + '/tree');
    const { files } = await discoverFiles(config);
    const { definitions } = await loadRuleSet(config);
    const tasks = files.map((file) => ({ file, path: dir + '/tree/' + file }));
    const expected = JSON.stringify((await analyzeFiles(tasks, { definitions, concurrency: 1, mode: 'in-process' })).outcomes);
`;
}
