/**
 * The `--tree DIR` arguments of the benchmarks (repeatable): folders of real code to measure. Read
 * from the folder the user ran the command in (`npm run` starts scripts in the package root, and
 * keeps the user's folder in `INIT_CWD`), and checked before any bench runs, so a mistyped folder
 * fails at once with a usage error.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** The folders given with `--tree`, absolute, or the problems with them (a missing value, not a folder). */
export function treeArguments(argv: readonly string[], cwd = process.env['INIT_CWD'] ?? process.cwd()): { trees: string[]; problems: string[] } {
  const trees: string[] = [];
  const problems: string[] = [];
  argv.forEach((arg, index) => {
    if (arg !== '--tree') return;
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) {
      problems.push('--tree needs a folder');
      return;
    }
    const path = resolve(cwd, value);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) trees.push(path);
    else problems.push(`--tree ${value}: not a folder`);
  });
  return { trees, problems };
}
