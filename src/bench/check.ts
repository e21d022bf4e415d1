/**
 * Benchmark of `ssot check` on a generated tree (5,000 files by default): cold (no cache), warm (the
 * per-file cache in `.ssot/cache` filled), and `--changed-since` with 10 files changed on a branch.
 * Each run is a fresh `node` process running the built CLI, as CI would run it; each reports its own
 * peak memory. Run directly: `node dist/src/bench/check.js [--files N] [--seed N] [--keep]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateTree } from './generate-tree.js';
import { timeCli } from './time-cli.js';

export interface CheckBenchOptions {
  /** Files in the generated tree. Default 5,000. */
  files?: number;
  seed?: number;
  /** Files changed on the branch for the `--changed-since` run. Default 10. */
  changed?: number;
  /** Keep the generated tree (its path is in the result). */
  keep?: boolean;
  /** Called with a line per finished step. */
  log?: (line: string) => void;
}

export interface TimedRun {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
}

export interface CheckBenchResult {
  files: number;
  dir: string;
  baseline: TimedRun;
  cold: TimedRun;
  warm: TimedRun;
  changedSince: TimedRun & { changedFiles: number };
  /** warm / cold; the target is under 0.2. */
  warmRatio: number;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'pipe' });
}

export async function runCheckBench(options: CheckBenchOptions = {}): Promise<CheckBenchResult> {
  const files = options.files ?? 5000;
  const seed = options.seed ?? 1;
  const changed = options.changed ?? 10;
  const log = options.log ?? (() => {});
  const dir = await mkdtemp(join(tmpdir(), 'ssot-bench-check-'));
  try {
    await generateTree(dir, { files, seed });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.email', 'bench@example.com');
    git(dir, 'config', 'user.name', 'ssot bench');
    git(dir, 'config', 'commit.gpgsign', 'false');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'generated tree');

    // The check's own report can be long on a large tree; the bench keeps figures only.
    const timed = async (args: string[]): Promise<TimedRun> => {
      const { ms, cpuMs, peakRssMb, exitCode } = await timeCli(args, dir);
      return { ms, cpuMs, peakRssMb, exitCode };
    };
    const baseline = await timed(['baseline', '.']);
    log(`baseline: ${baseline.ms} ms, ${baseline.peakRssMb} MB`);
    await rm(join(dir, '.ssot', 'cache'), { recursive: true, force: true });
    const cold = await timed(['check', '.']);
    log(`check cold: ${cold.ms} ms, ${cold.peakRssMb} MB (exit ${cold.exitCode})`);
    const warm = await timed(['check', '.']);
    log(`check warm: ${warm.ms} ms, ${warm.peakRssMb} MB (exit ${warm.exitCode})`);

    git(dir, 'checkout', '-q', '-b', 'change');
    const tracked = execFileSync('git', ['ls-files', '*.ts'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
    const step = Math.max(1, Math.floor(tracked.length / changed));
    const touched = tracked.filter((_, i) => i % step === 0).slice(0, changed);
    for (const file of touched) {
      const path = join(dir, file);
      await writeFile(path, `${await readFile(path, 'utf8')}\nexport const benchTouched${touched.indexOf(file)} = ${Date.now()};\n`);
    }
    git(dir, 'commit', '-qam', 'touch files');
    const since = await timed(['check', '.', '--changed-since', 'main']);
    log(`check --changed-since (${touched.length} files): ${since.ms} ms, ${since.peakRssMb} MB (exit ${since.exitCode})`);

    return { files, dir, baseline, cold, warm, changedSince: { ...since, changedFiles: touched.length }, warmRatio: warm.ms / cold.ms };
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}

/** A Markdown table of the figures, for the bench output. */
export function formatCheckBench(result: CheckBenchResult): string {
  const row = (name: string, run: TimedRun) => `| ${name} | ${run.ms} | ${run.cpuMs} | ${run.peakRssMb} | ${run.exitCode} |`;
  return [
    `ssot check on ${result.files} generated files`,
    '',
    '| run | wall ms | CPU ms | peak RSS (MB) | exit |',
    '|---|---|---|---|---|',
    row('baseline (cold)', result.baseline),
    row('check, cold', result.cold),
    row('check, warm cache', result.warm),
    row(`check --changed-since, ${result.changedSince.changedFiles} changed`, result.changedSince),
    '',
    `warm / cold = ${(result.warmRatio * 100).toFixed(1)} % (target < 20 %)`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? Number(args[at + 1]) : undefined;
  };
  const result = await runCheckBench({
    ...(value('--files') !== undefined ? { files: value('--files') as number } : {}),
    ...(value('--seed') !== undefined ? { seed: value('--seed') as number } : {}),
    keep: args.includes('--keep'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatCheckBench(result)}\n`);
}
