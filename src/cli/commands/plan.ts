/**
 * `ssot plan [path]`: what each migration phase would do (canonical per cluster, importers to rewrite,
 * shims, deletions, blockers), without touching a file. Exit 1 when the plan has blockers (for the
 * chosen phase with --phase): items `ssot migrate` leaves as they are until the config resolves them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Option } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { planReader, resolvePhase } from '../../migrate/apply/phase-select.js';
import { ExitCode } from '../exit-codes.js';
import { useColor, useProgress } from '../io.js';
import type { RegisterCommand } from '../program.js';
import { ownExitCodes } from '../help-exit-codes.js';

interface PlanFlags {
  phase?: string;
  format: 'table' | 'json' | 'markdown';
  output?: string;
  config?: string | false;
  color?: boolean;
  progress: boolean;
  deletePublic?: boolean;
}

const HELP_AFTER = `
Exit codes:
  0  the plan has no blocker (for the chosen phase with --phase)
  1  the plan has blockers: items \`ssot migrate\` leaves as they are (it applies the rest)
  2  usage or config error, or a damaged .ssot/canonicals.json

Examples:
  ssot plan                          every phase, as tables
  ssot plan --phase 2                only phase 2 (number or name)
  ssot plan --format json -o plan.json`;

export const registerPlan: RegisterCommand = (program, context) => {
  ownExitCodes('plan');
  program
    .command('plan')
    .description('Show the migration plan phase by phase (canonical per cluster, rewrites, shims, deletions, blockers); writes nothing.')
    .argument('[path]', 'project folder (default: the config root, else the current folder)')
    .option('-p, --phase <n|name>', 'only this phase: its number (1-based) or name')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option('-o, --output <file>', 'write the plan to a file (folders are created) instead of stdout')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--no-config', 'use no config file, only defaults')
    .option('--color', 'force colours')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--delete-public', 'plan the delete phase as `ssot migrate --delete-public` runs it: modules a publishable package may expose are deleted too')
    .option('--no-progress', 'no progress line on stderr (it only shows on a terminal, never in CI)')
    .addHelpText('after', HELP_AFTER)
    .action(async (path: string | undefined, flags: PlanFlags) => {
      const { io } = context;
      const config = await loadConfig({
        cwd: io.cwd,
        ...(path !== undefined ? { path } : {}),
        ...(flags.config !== undefined ? { configFile: flags.config } : {}),
      });
      const chosen = flags.phase === undefined ? null : resolvePhase(config.phases, flags.phase);
      const progress = useProgress(io, flags.progress);
      if (progress) io.stderr.write('ssot: scanning and planning');
      // Loaded here, not at startup, so `--help` and usage errors stay fast.
      const { scanWithGraph } = await import('../../scan/scan.js');
      const { buildPlan } = await import('../../migrate/plan/build-plan.js');
      const { renderPlan } = await import('../../migrate/plan/render-plan.js');
      let plan;
      let unanalyzed: Array<{ file: string; message: string }> = [];
      try {
        const { result, graph } = await scanWithGraph(config);
        unanalyzed = result.errors;
        plan = buildPlan({
          result,
          graph,
          config,
          readFile: planReader(config.root),
          ...(flags.deletePublic ? { deletePublic: true } : {}),
        });
      } finally {
        if (progress) io.stderr.write('\r\u001b[2K');
      }
      // Their imports are unknown to the plan: say so rather than plan as if they had none.
      for (const error of unanalyzed) {
        io.stderr.write(`ssot: warning: ${error.file} was not analyzed (${error.message}); the plan cannot see its imports, so it is not migrated\n`);
      }
      // A plan written to a file is read later, elsewhere: colour only when asked for explicitly.
      const color = flags.output === undefined ? useColor(io, flags.color) : flags.color === true;
      const text = renderPlan(plan, { format: flags.format, color, ...(chosen ? { phase: chosen.phase.name } : {}) });
      if (flags.output === undefined) {
        io.stdout.write(text);
      } else {
        const target = resolve(io.cwd, flags.output);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
      }
      const blocking = plan.blockers.filter((b) => b.severity === 'error' && (!chosen || b.phase === chosen.phase.name));
      if (blocking.length > 0) context.setExitCode(ExitCode.Findings);
    });
};
