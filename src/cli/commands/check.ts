/**
 * `ssot check [path]`: the CI gate. Scans, compares with the baseline, prints the verdict in the chosen
 * format and sets the exit code (0 passed, 1 failed, 2 bad input). Everything else is in src/gate.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { rootInRepository } from '../../gate/changed-files.js';
import { loadConfig } from '../../config/load-config.js';
import { GATE_FORMATS, renderVerdict, type GateFormat } from '../../gate/report/index.js';
import { EmptyScanError, runCheck } from '../../gate/run-check.js';
import { packageInfo } from '../../shared/package-root.js';
import { ExitCode } from '../exit-codes.js';
import { useColor, useProgress } from '../io.js';
import type { CommandContext, RegisterCommand } from '../program.js';
import { warnIfNoFiles } from '../no-files-warning.js';
import { checkOutputFile, parseOutputFile, writeOutputFile } from '../output-file.js';
import { createProgress } from '../progress.js';

interface CheckFlags {
  config?: string | false;
  baseline?: string;
  format: GateFormat | 'console';
  output?: string;
  changedSince?: string;
  updateBaseline?: boolean;
  strict?: boolean;
  cache: boolean;
  color?: boolean;
  progress: boolean;
  debug?: boolean;
}

const HELP_AFTER = `
Fails (exit 1), printing file:line and the canonical to use instead, when:
  - a new implementation, wrapper or config type of a concept appears (a copy of a baselined one too)
  - code imports a deprecated (shimmed) or deleted module, or anything forbid.imports/boundaries forbids
  - a file, or a declaration, matches forbid.files / forbid.symbols or .ssot/forbidden.json
  - a concept has more implementations than its configured max
  - with --strict: a baseline entry matches nothing any more, or an ssot-ignore suppresses nothing

Formats:
  stylish   one line per problem, then fixed/moved/changed findings and a summary (default)
  json      the verdict (stable schema, schemaVersion 1)
  sarif     SARIF 2.1.0, for code-scanning upload
  github    GitHub Actions annotations (::error file=...,line=...::)
  markdown  for a pull-request comment or the job summary

Examples:
  ssot baseline                                   record today's findings once, commit .ssot/baseline.json
  ssot check                                      gate the whole tree
  ssot check --changed-since origin/main          report only files changed on this branch
  ssot check --format sarif --output ssot.sarif
  ssot check --update-baseline                    drop fixed entries from the baseline (never adds)`;

async function runCheckCommand(path: string | undefined, flags: CheckFlags, command: Command, context: CommandContext): Promise<void> {
  const { io } = context;
  const overrides = command.getOptionValueSource('cache') === 'cli' ? { cache: flags.cache } : {};
  const loaded = await loadConfig({ cwd: io.cwd, ...(path !== undefined ? { path } : {}), ...(flags.config !== undefined ? { configFile: flags.config } : {}), overrides });
  const config = flags.baseline ? { ...loaded, baseline: resolve(io.cwd, flags.baseline) } : loaded;
  await checkOutputFile(io.cwd, flags.output);
  if (flags.debug) io.stderr.write(`ssot: config ${config.configFile ?? '(none)'}\nssot: root ${config.root}\nssot: baseline ${config.baseline}\n`);

  const started = Date.now();
  const progress = createProgress(io.stderr, useProgress(io, flags.progress));
  let run: Awaited<ReturnType<typeof runCheck>>;
  try {
    run = await runCheck(config, {
      ...(flags.changedSince !== undefined ? { changedSince: flags.changedSince } : {}),
      strict: flags.strict ?? false,
      updateBaseline: flags.updateBaseline ?? false,
      onProgress: (update) => progress.update(update),
    });
  } catch (error) {
    progress.done();
    if (error instanceof EmptyScanError) await warnIfNoFiles(io, config, 0, 'check');
    throw error;
  } finally {
    progress.done();
  }
  await warnIfNoFiles(io, config, run.files, 'check');
  const { verdict, update } = run;
  if (flags.debug) io.stderr.write(`ssot: checked in ${Date.now() - started} ms\n`);

  const format: GateFormat = flags.format === 'console' ? 'stylish' : flags.format;
  // Code hosts resolve paths against the repository; people click them from the working folder.
  const repoPrefix = format === 'sarif' || format === 'github' ? await rootInRepository(config.root) : null;
  const cwdPrefix = prefixFrom(io.cwd, config.root);
  const options = { toolVersion: packageInfo().version, ...(repoPrefix ? { pathPrefix: repoPrefix } : cwdPrefix ? { pathPrefix: cwdPrefix } : {}) };
  const consoleOptions = { ...(cwdPrefix ? { pathPrefix: cwdPrefix } : {}), color: useColor(io, flags.color) };
  if (flags.output === undefined) {
    io.stdout.write(renderVerdict(verdict, format, format === 'stylish' ? consoleOptions : { ...options, color: useColor(io, flags.color) }));
  } else {
    await writeOutputFile(io.cwd, flags.output, renderVerdict(verdict, format, { ...options, color: flags.color === true }));
    // The file is for the machine; the log still gets the human report.
    io.stdout.write(renderVerdict(verdict, 'stylish', consoleOptions));
  }
  if (flags.updateBaseline && verdict.baselineMissing) {
    io.stderr.write(`ssot: no baseline at ${displayPath(io.cwd, config.baseline)} to update: record one with \`ssot baseline\`\n`);
  }
  if (update) {
    const shown = displayPath(io.cwd, config.baseline);
    const refreshed = update.added.length;
    const pruned = update.removed.length - refreshed;
    io.stderr.write(`ssot: updated ${shown}: ${update.baseline.entries.length} entries left (${pruned} fixed removed, ${refreshed} moved or changed refreshed)\n`);
  }
  if (!verdict.passed) context.setExitCode(ExitCode.Findings);
}

/** The scan root seen from the working folder, when it lies inside it ('' when they are the same). */
function prefixFrom(cwd: string, root: string): string {
  const rel = relative(cwd, root);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? '' : rel.split(sep).join('/');
}

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel.split(sep).join('/');
}

export const registerCheck: RegisterCommand = (program, context) => {
  program
    .command('check')
    .description('CI gate: fail on new duplicates, deprecated or forbidden imports and grown clusters, against a baseline that only shrinks.')
    .argument('[path]', 'folder to check (default: the config root, else the current folder)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--no-config', 'use no config file, only defaults and flags')
    .option('--baseline <file>', 'baseline file (default: the config\'s baseline, .ssot/baseline.json)')
    .addOption(new Option('-f, --format <name>', 'report format').choices([...GATE_FORMATS, 'console']).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file (folders are created); the console report still goes to stdout', parseOutputFile)
    .option('--changed-since <ref>', 'scan everything, but report and fail only on files changed since this git ref')
    .option('--update-baseline', 'write the baseline without its fixed entries (moved ones refreshed; nothing is added)')
    .option('--strict', 'also fail on stale baseline entries and unused ssot-ignore comments')
    .option('--no-cache', 'ignore and do not write the per-file cache')
    .option('--color', 'force colours')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--no-progress', 'no progress line on stderr (it only shows on a terminal, never in CI)')
    .option('--debug', 'print the config used, timings and stack traces on stderr')
    .addHelpText('after', HELP_AFTER)
    .action((path: string | undefined, flags: CheckFlags, command: Command) => runCheckCommand(path, flags, command, context));
};
