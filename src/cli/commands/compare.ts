import { resolve } from 'node:path';
import { Option } from 'commander';
import { renderCompareJson, renderCompareMarkdown, renderCompareTable } from '../../reporters/compare.js';
import { ExitCode } from '../exit-codes.js';
import { useColor } from '../io.js';
import type { RegisterCommand } from '../program.js';

interface CompareOptions {
  root?: string;
  format: 'table' | 'json' | 'markdown';
  color?: boolean;
}

/** `ssot compare A B`: the feature matrix of two declarations given as `file#Symbol`. */
export const registerCompare: RegisterCommand = (program, { io, setExitCode }) => {
  program
    .command('compare')
    .description('Compare two declarations (file#Symbol or file#Class.method): members, config fields, options and events each has and the other lacks.')
    .argument('<a>', 'first declaration, e.g. src/core/retry.ts#RetryHandler')
    .argument('<b>', 'second declaration, e.g. src/db/retry.ts#withDbRetry')
    .option('--root <dir>', 'folder the paths are relative to (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .action(async (a: string, b: string, options: CompareOptions) => {
      const root = options.root ? resolve(io.cwd, options.root) : io.cwd;
      // Loaded on use: comparing parses with the compiler, which other commands' cached runs never load.
      const { compareSymbols } = await import('../../scan/compare.js');
      const result = await compareSymbols(root, a, b);
      const text =
        options.format === 'json'
          ? renderCompareJson(result)
          : options.format === 'markdown'
            ? renderCompareMarkdown(result)
            : renderCompareTable(result, { color: useColor(io, options.color) });
      io.stdout.write(text);
      setExitCode(ExitCode.Ok);
    });
};
