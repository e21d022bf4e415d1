/**
 * Benchmark of `ssot plan` and a dry run of `ssot migrate --phase 2` on a generated tree (5,000 files by
 * default) in a git repository. Each command runs in a fresh `node` process on the built CLI, as a user
 * would run it, and reports wall time and its peak resident memory (RSS high-water mark). Targets: under
 * 60 s and under 2 GB each. Run directly: `node dist/src/bench/migrate.js [--files N] [--seed N] [--keep]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeCli } from './time-cli.js';

export interface MigrateBenchOptions {
  /** Files in the generated tree. Default 5,000. */
  files?: number;
  seed?: number;
  /** The phase to dry-run. Default 2. */
  phase?: string;
  /** Keep the generated tree (its path is in the result). */
  keep?: boolean;
  /** Called with a line per finished step. */
  log?: (line: string) => void;
}

export interface TimedCommand {
  args: string[];
  ms: number;
  /**
   * CPU time of the process (all threads, user + system): unlike wall time it hardly moves when other
   * programs compete for the cores, so it is the figure to compare runs by.
   */
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
  /** Short facts from the command's JSON output (changes planned, files checked). */
  facts: Record<string, number>;
}

export interface MigrateBenchResult {
  files: number;
  dir: string;
  plan: TimedCommand;
  dryRun: TimedCommand;
  targets: { ms: number; peakRssMb: number };
  withinTargets: boolean;
}

type GenerateTree = (dir: string, options: { files: number; seed: number }) => Promise<unknown>;

const TARGET_MS = 60_000;
const TARGET_RSS_MB = 2048;

function facts(output: string, pick: (json: Record<string, unknown>) => Record<string, number>): Record<string, number> {
  try {
    return pick(JSON.parse(output) as Record<string, unknown>);
  } catch {
    return {};
  }
}

export async function runMigrateBench(options: MigrateBenchOptions = {}): Promise<MigrateBenchResult> {
  const files = options.files ?? 5000;
  const seed = options.seed ?? 1;
  const phase = options.phase ?? '2';
  const log = options.log ?? (() => {});
  const { generateTree } = (await import(new URL('./generate-tree.js', import.meta.url).href)) as { generateTree: GenerateTree };
  const dir = await mkdtemp(join(tmpdir(), 'ssot-bench-migrate-'));
  try {
    await generateTree(dir, { files, seed });
    for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-q', '-m', 'generated', '--no-gpg-sign']]) {
      execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    }
    log(`generated ${files} files in a git repository`);
    const planArgs = ['plan', '--format', 'json'];
    const plan = await timeCli(planArgs, dir);
    const planFacts = facts(plan.output, (json) => ({
      clusters: Array.isArray(json.clusters) ? json.clusters.length : 0,
      blockers: Array.isArray(json.blockers) ? json.blockers.length : 0,
    }));
    log(`plan: ${plan.ms} ms, ${plan.cpuMs} ms CPU, peak RSS ${plan.peakRssMb} MB (exit ${plan.exitCode})`);
    const dryArgs = ['migrate', '--phase', phase, '--format', 'json'];
    const dry = await timeCli(dryArgs, dir);
    const dryFacts = facts(dry.output, (json) => {
      const summary = (json.summary ?? {}) as Record<string, number>;
      const verification = (json.verification ?? null) as { checkedFiles?: unknown[] } | null;
      return {
        filesChanged: summary.filesChanged ?? 0,
        filesCreated: summary.filesCreated ?? 0,
        filesDeleted: summary.filesDeleted ?? 0,
        filesTypeChecked: verification?.checkedFiles?.length ?? 0,
      };
    });
    log(`migrate --phase ${phase} (dry run): ${dry.ms} ms, ${dry.cpuMs} ms CPU, peak RSS ${dry.peakRssMb} MB (exit ${dry.exitCode})`);
    const result: MigrateBenchResult = {
      files,
      dir,
      plan: { args: planArgs, ms: plan.ms, cpuMs: plan.cpuMs, peakRssMb: plan.peakRssMb, exitCode: plan.exitCode, facts: planFacts },
      dryRun: { args: dryArgs, ms: dry.ms, cpuMs: dry.cpuMs, peakRssMb: dry.peakRssMb, exitCode: dry.exitCode, facts: dryFacts },
      targets: { ms: TARGET_MS, peakRssMb: TARGET_RSS_MB },
      withinTargets: [plan, dry].every((run) => run.ms < TARGET_MS && run.peakRssMb < TARGET_RSS_MB),
    };
    return result;
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}

/** The figures as a table, for the bench summary. */
export function formatMigrateBench(result: MigrateBenchResult): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const row = (label: string, run: TimedCommand) => {
    const facts = Object.entries(run.facts).map(([name, value]) => `${name} ${value}`).join(', ');
    return `  ${label.padEnd(28)} ${seconds(run.ms).padStart(9)} ${seconds(run.cpuMs).padStart(9)} ${`${run.peakRssMb} MB`.padStart(9)}  exit ${run.exitCode}${facts ? `  (${facts})` : ''}`;
  };
  const lines = [
    `migrate (${result.files} generated files; targets under ${seconds(result.targets.ms)} and ${result.targets.peakRssMb} MB each)`,
    `  ${'command'.padEnd(28)} ${'time'.padStart(9)} ${'cpu'.padStart(9)} ${'peak RSS'.padStart(9)}`,
    row(result.plan.args.slice(0, 1).join(' '), result.plan),
    row(`${result.dryRun.args.slice(0, 3).join(' ')} (dry run)`, result.dryRun),
    `  ${result.withinTargets ? 'within targets' : 'OVER TARGET'}`,
  ];
  return `${lines.join('\n')}\n`;
}

function argValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const result = await runMigrateBench({
    files: Number(argValue(argv, '--files') ?? 5000),
    seed: Number(argValue(argv, '--seed') ?? 1),
    phase: argValue(argv, '--phase') ?? '2',
    keep: argv.includes('--keep'),
    log: (line) => process.stderr.write(`bench migrate: ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!result.withinTargets) process.exitCode = 1;
}
