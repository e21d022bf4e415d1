/**
 * `ssot baseline [path]`: record every current finding in the baseline (accepting them), or with
 * `--prune` only drop the fixed ones and refresh moved ones (never add).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { EmptyScanError, runBaseline } from '../../gate/run-check.js';
import { useProgress } from '../io.js';
import type { CommandContext, RegisterCommand } from '../program.js';
import { warnIfNoFiles } from '../no-files-warning.js';
import { createProgress } from '../progress.js';
import { displayPath } from './check.js';

interface BaselineFlags {
  config?: string | false;
  baseline?: string;
  prune?: boolean;
  cache: boolean;
  progress: boolean;
  debug?: boolean;
}

async function runBaselineCommand(path: string | undefined, flags: BaselineFlags, command: Command, context: CommandContext): Promise<void> {
  const { io } = context;
  const overrides = command.getOptionValueSource('cache') === 'cli' ? { cache: flags.cache } : {};
  const loaded = await loadConfig({ cwd: io.cwd, ...(path !== undefined ? { path } : {}), ...(flags.config !== undefined ? { configFile: flags.config } : {}), overrides });
  const config = flags.baseline ? { ...loaded, baseline: resolve(io.cwd, flags.baseline) } : loaded;
  const progress = createProgress(io.stderr, useProgress(io, flags.progress));
  let run: Awaited<ReturnType<typeof runBaseline>>;
  try {
    run = await runBaseline(config, { prune: flags.prune ?? false, onProgress: (update) => progress.update(update) });
  } catch (error) {
    progress.done();
    if (error instanceof EmptyScanError) await warnIfNoFiles(io, config, 0, 'baseline');
    throw error;
  } finally {
    progress.done();
  }
  await warnIfNoFiles(io, config, run.files, 'baseline');
  const shown = displayPath(io.cwd, config.baseline);
  const count = run.baseline.entries.length;
  if (!run.existed && flags.prune) {
    io.stderr.write(`ssot: no baseline at ${shown} to prune: record one with \`ssot baseline\`\n`);
    return;
  }
  if (!run.written) {
    io.stdout.write(`${shown} is up to date (${count} entr${count === 1 ? 'y' : 'ies'})\n`);
    return;
  }
  io.stdout.write(`wrote ${shown}: ${count} entr${count === 1 ? 'y' : 'ies'} (+${run.added.length} -${run.removed.length})\n`);
}

export const registerBaseline: RegisterCommand = (program, context) => {
  program
    .command('baseline')
    .description('Record the current findings in the baseline (.ssot/baseline.json) that `ssot check` compares with.')
    .argument('[path]', 'folder to scan (default: the config root, else the current folder)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--no-config', 'use no config file, only defaults and flags')
    .option('--baseline <file>', 'baseline file (default: the config\'s baseline, .ssot/baseline.json)')
    .option('--prune', 'only drop entries whose finding is gone and refresh moved ones; never add')
    .option('--no-cache', 'ignore and do not write the per-file cache')
    .option('--no-progress', 'no progress line on stderr')
    .option('--debug', 'print stack traces on stderr')
    .action((path: string | undefined, flags: BaselineFlags, command: Command) => runBaselineCommand(path, flags, command, context));
};
