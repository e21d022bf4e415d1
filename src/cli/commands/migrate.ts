/**
 * `ssot migrate [path] --phase <N|name>`: dry run by default (unified diff and summary), `--write` to
 * apply, `--undo` to restore the last applied phase from the journal. Refusals exit 1 with every
 * reason; usage, config and write errors exit 2.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { findJournalRoot } from '../../migrate/apply/find-journal-root.js';
import { undoLastPhase } from '../../migrate/apply/undo.js';
import { JOURNAL_DIR } from '../../migrate/journal.js';
import { renderPhaseReport } from '../../migrate/report.js';
import { renderPhaseRun, renderUndo, type RunFormat } from '../../migrate/report-run.js';
import { SsotError } from '../../shared/errors.js';
import { packageInfo } from '../../shared/package-root.js';
import { ExitCode } from '../exit-codes.js';
import { useColor, useProgress } from '../io.js';
import type { CommandContext, RegisterCommand } from '../program.js';
import { createProgress } from '../progress.js';
import { ownExitCodes } from '../help-exit-codes.js';

interface MigrateFlags {
  phase?: string;
  write?: boolean;
  allowDirty?: boolean;
  deletePublic?: boolean;
  verify: boolean;
  report?: string;
  format: RunFormat;
  config?: string | false;
  undo?: boolean;
  force?: boolean;
  color?: boolean;
  progress: boolean;
  debug?: boolean;
}

const HELP_AFTER = `
Safety:
  Without --write nothing is written: the unified diff and a summary are printed.
  Items the plan blocks are left out; the rest of the phase is applied, and every blocker is listed
  with file:line and what to do (a config mapping, a merge, a recipe, an earlier phase).
  --write refuses (exit 1, nothing written) when files it would touch have uncommitted changes in git
  (or the folder is not in a git work tree), or when the change would add a type-check diagnostic or
  break an import. Files are written all or nothing; the originals go to ${JOURNAL_DIR}/ first, and
  --undo restores them byte for byte.

Exit codes:
  0  dry run that can be written, phase written (blocked items left and listed), nothing to change,
     or undo done
  1  refused (or, in a dry run, writing would be refused); nothing to undo
  2  usage or config error, a damaged .ssot/canonicals.json, or a write that failed (every file was
     put back)

Examples:
  ssot plan                                  see every phase first
  ssot migrate --phase 1                     dry run of phase 1: diff and summary
  ssot migrate --phase config --write        apply it
  ssot migrate --phase 2 --report phase-2.md --write
  ssot migrate --undo                        restore the last applied phase`;

function usage(message: string): SsotError {
  return new SsotError('usage', message);
}

function checkFlags(flags: MigrateFlags, command: Command): void {
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  if (flags.undo) {
    const clashing = ['phase', 'write', 'allowDirty', 'deletePublic', 'report', 'verify'].filter(given);
    if (clashing.length > 0) throw usage(`--undo restores the last applied phase and takes no ${clashing.map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
    if (flags.format === 'diff') throw usage('--undo prints text or json, not a diff');
    return;
  }
  if (flags.force) throw usage('--force only applies to --undo');
  if (flags.phase === undefined) throw usage('which phase? pass --phase <number|name> (see `ssot plan`), or --undo');
}

async function writeReportFile(cwd: string, file: string, text: string): Promise<void> {
  const target = resolve(cwd, file);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text);
}

async function runUndo(path: string | undefined, flags: MigrateFlags, context: CommandContext): Promise<void> {
  const start = resolve(context.io.cwd, path ?? '.');
  const root = findJournalRoot(start);
  const result = root ? await undoLastPhase(root, { force: flags.force ?? false }) : ({ status: 'nothing' } as const);
  context.io.stdout.write(renderUndo(result, flags.format === 'json' ? 'json' : 'text'));
  if (result.status !== 'undone') context.setExitCode(ExitCode.Findings);
}

async function runMigrate(path: string | undefined, flags: MigrateFlags, context: CommandContext): Promise<void> {
  const { io } = context;
  const progress = useProgress(io, flags.progress);
  const scanProgress = createProgress(io.stderr, progress);
  const step = (text: string) => {
    scanProgress.done();
    if (progress) io.stderr.write(`\r\u001b[2Kssot: ${text}`);
  };
  // Loaded here, not at startup, so `--help`, usage errors and --undo stay fast.
  const { graphForVerification, preparePhase, reportScans } = await import('../../migrate/apply/prepare-phase.js');
  const { runPhase } = await import('../../migrate/apply/run-phase.js');
  try {
    const prepared = await preparePhase({
      cwd: io.cwd,
      ...(path !== undefined ? { path } : {}),
      ...(flags.config !== undefined ? { configFile: flags.config } : {}),
      phase: flags.phase!,
      onStep: step,
      onScanProgress: (update) => scanProgress.update(update),
      ...(flags.deletePublic ? { deletePublic: true } : {}),
    });
    if (flags.debug) io.stderr.write(`\nssot: config ${prepared.config.configFile ?? '(none)'}\nssot: root ${prepared.root}\n`);
    const run = await runPhase({
      root: prepared.root,
      phase: prepared.phaseName,
      changes: prepared.changes,
      summary: prepared.summary,
      blockers: prepared.blockers,
      write: flags.write ?? false,
      allowDirty: flags.allowDirty ?? false,
      verify: flags.verify,
      graph: graphForVerification(prepared),
      tool: `ssot@${packageInfo().version}`,
      onStep: (name) => step(name === 'git' ? 'checking git' : name === 'verify' ? 'type-checking before and after' : 'writing'),
    });
    if (progress) io.stderr.write('\r\u001b[2K');
    io.stdout.write(renderPhaseRun(run, { format: flags.format, color: useColor(io, flags.color) }));
    if (flags.report !== undefined) {
      step('scanning for the report');
      const scans = await reportScans(prepared, run);
      if (progress) io.stderr.write('\r\u001b[2K');
      await writeReportFile(io.cwd, flags.report, renderPhaseReport({ run, ...scans, generatedAt: new Date().toISOString() }));
    }
    if (run.refusals.length > 0) context.setExitCode(ExitCode.Findings);
  } finally {
    if (progress) io.stderr.write('\r\u001b[2K');
  }
}

export const registerMigrate: RegisterCommand = (program, context) => {
  ownExitCodes('migrate');
  program
    .command('migrate')
    .description('Apply one phase of the migration plan: a dry-run diff by default, --write to apply, --undo to restore.')
    .argument('[path]', 'project folder (default: the config root, else the current folder)')
    .option('-p, --phase <n|name>', 'the phase to run: its number (1-based) or name, as `ssot plan` lists them')
    .option('-w, --write', 'apply the changes (default: dry run)')
    .option('--allow-dirty', 'write even when files it touches have uncommitted changes, or outside git')
    .option('--no-verify', 'skip the in-memory type-check and import check before writing')
    .option('--delete-public', 'let the delete phase remove modules a publishable package may expose to outside consumers (a breaking change)')
    .option('--report <file>', 'write a Markdown report of the phase (implementations per concept before and after)')
    .addOption(new Option('-f, --format <name>', 'output: text (diff + summary), diff (patch only), json').choices(['text', 'diff', 'json']).default('text'))
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--no-config', 'use no config file, only defaults')
    .option('--undo', 'restore the most recent applied phase from the journal, byte for byte')
    .option('--force', 'with --undo: restore even files edited after the phase was applied')
    .option('--color', 'force colours')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--no-progress', 'no progress line on stderr (it only shows on a terminal, never in CI)')
    .option('--debug', 'print the config used and stack traces on stderr')
    .addHelpText('after', HELP_AFTER)
    .action(async (path: string | undefined, flags: MigrateFlags, command: Command) => {
      checkFlags(flags, command);
      if (flags.undo) await runUndo(path, flags, context);
      else await runMigrate(path, flags, context);
    });
};
