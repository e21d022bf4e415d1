/**
 * `npm run bench`: every registered benchmark in turn, a summary table, and `--json FILE` with all
 * figures. Benchmarks are separate modules loaded at run time; one that is not built (yet) is
 * reported as missing instead of failing the run.
 *
 * Options: `--json FILE`, `--only name[,name]`, `--files N` (generated-tree size for the benches
 * that take one), `--tree DIR` (repeatable: a real codebase the scan bench measures too).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { treeArguments } from './tree-args.js';

/** A benchmark module: `run` (and optionally `format`) are names of its exports. */
export interface BenchEntry {
  name: string;
  /** Module path relative to this file, in `dist/src/bench`. */
  module: string;
  run: string;
  /** Export that turns the result into printable text; without it the bench is expected to log its own. */
  format?: string;
  /** Whether the bench accepts `{ files }` (a generated-tree size). */
  takesFiles?: boolean;
  /** Whether the bench accepts `{ trees }` (folders of real code to measure as well). */
  takesTrees?: boolean;
}

/**
 * The registered benchmarks. Each team adds its own with one line:
 * - scan:       src/bench/scan.ts       (runScanBench)
 * - resilience: src/bench/resilience.ts (runResilienceBench)
 * - check:      src/bench/check.ts      (runCheckBench)
 * - migrate:    src/bench/migrate.ts    (runMigrateBench)
 */
export const BENCHES: BenchEntry[] = [
  { name: 'scan', module: './scan.js', run: 'runScanBench', format: 'formatScanBench', takesFiles: true, takesTrees: true },
  { name: 'resilience', module: './resilience.js', run: 'runResilienceBench' },
  { name: 'check', module: './check.js', run: 'runCheckBench', format: 'formatCheckBench', takesFiles: true },
  { name: 'migrate', module: './migrate.js', run: 'runMigrateBench', format: 'formatMigrateBench', takesFiles: true },
];

export interface BenchOutcome {
  name: string;
  status: 'ok' | 'missing' | 'failed';
  ms: number;
  result?: unknown;
  error?: string;
}

type RunFn = (options: Record<string, unknown>) => Promise<unknown>;
type FormatFn = (result: unknown) => string;

async function loadEntry(entry: BenchEntry): Promise<{ run: RunFn; format?: FormatFn } | null> {
  const url = new URL(entry.module, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  const module = (await import(url.href)) as Record<string, unknown>;
  const run = module[entry.run];
  if (typeof run !== 'function') return null;
  const format = entry.format ? module[entry.format] : undefined;
  return typeof format === 'function' ? { run: run as RunFn, format: format as FormatFn } : { run: run as RunFn };
}

/** Runs the selected benches one after the other (they measure time: never in parallel). */
export async function runBenches(options: { only?: string[]; files?: number; trees?: string[]; log?: (line: string) => void } = {}): Promise<BenchOutcome[]> {
  const log = options.log ?? (() => {});
  const outcomes: BenchOutcome[] = [];
  for (const entry of BENCHES) {
    if (options.only && !options.only.includes(entry.name)) continue;
    const started = performance.now();
    try {
      const loaded = await loadEntry(entry);
      if (!loaded) {
        log(`${entry.name}: not available (module ${entry.module} is not built yet)`);
        outcomes.push({ name: entry.name, status: 'missing', ms: 0 });
        continue;
      }
      log(`${entry.name}: running`);
      const benchOptions: Record<string, unknown> = { log };
      if (entry.takesFiles && options.files) benchOptions['files'] = options.files;
      if (entry.takesTrees && options.trees && options.trees.length > 0) benchOptions['trees'] = options.trees;
      const result = await loaded.run(benchOptions);
      const ms = Math.round(performance.now() - started);
      outcomes.push({ name: entry.name, status: 'ok', ms, result });
      if (loaded.format) log(loaded.format(result).trimEnd());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${entry.name}: failed: ${message}`);
      outcomes.push({ name: entry.name, status: 'failed', ms: Math.round(performance.now() - started), error: message });
    }
  }
  return outcomes;
}

/** The summary table printed at the end of `npm run bench`. */
export function formatSummary(outcomes: readonly BenchOutcome[]): string {
  const lines = ['', 'bench summary', `  ${'bench'.padEnd(12)} ${'status'.padEnd(8)} ${'time'.padStart(9)}`];
  for (const outcome of outcomes) {
    const time = outcome.status === 'missing' ? '-' : `${(outcome.ms / 1000).toFixed(1)} s`;
    lines.push(`  ${outcome.name.padEnd(12)} ${outcome.status.padEnd(8)} ${time.padStart(9)}${outcome.error ? `  ${outcome.error}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

async function main(argv: string[]): Promise<number> {
  const only = flag(argv, '--only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const files = flag(argv, '--files');
  const json = flag(argv, '--json');
  const { trees, problems } = treeArguments(argv);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`bench: ${problem}\n`);
    return 2;
  }
  const outcomes = await runBenches({
    ...(only ? { only } : {}),
    ...(trees.length > 0 ? { trees } : {}),
    ...(files ? { files: Number(files) } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(formatSummary(outcomes));
  if (json) {
    const path = resolve(json);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, benches: outcomes }, null, 2)}\n`);
    process.stdout.write(`figures written to ${path}\n`);
  }
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

const entryUrl = process.argv[1] ? pathToFileURL(resolve(process.argv[1])).href : '';
if (import.meta.url === entryUrl) {
  process.exitCode = await main(process.argv.slice(2));
}
