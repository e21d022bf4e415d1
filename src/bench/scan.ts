/**
 * Benchmark of `ssot scan`: on a generated tree (5,000 files by default) and on ssot's own `src`,
 * the time TypeScript alone needs to parse the same files in one thread (`ts.createSourceFile`, the
 * floor for a tool that parses everything), then a cold scan without cache, the same without the
 * compiler's code cache either (as a first run after installing), a cold scan filling an empty cache,
 * and a warm scan. Each step runs in a fresh `node` process so its peak memory (VmHWM,
 * worker threads included) is its own, with wall time and CPU time (all threads). Run directly:
 * `node dist/src/bench/scan.js [--files N] [--concurrency N] [--no-self] [--keep] [--tree DIR]...`
 * (`--tree`: also a real codebase, parse and cold scans only).
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { treeArguments } from './tree-args.js';

export interface ScanBenchOptions {
  /** Files in the generated tree. Default 5,000. */
  files?: number;
  seed?: number;
  /** Worker threads; default the config default (one per core, at most 4). */
  concurrency?: number;
  /** Also measure ssot's own sources. Default true. */
  self?: boolean;
  /** Keep the generated tree. */
  keep?: boolean;
  /**
   * Also measure these folders (a real codebase): the parse and the cold scans only, so nothing is
   * written into them (no facts cache).
   */
  trees?: string[];
  log?: (line: string) => void;
}

export interface StepFigures {
  step: string;
  ms: number;
  /**
   * CPU time of the whole process for the step (all threads, user + system): unlike wall time, it
   * hardly moves when other programs compete for the cores, so it is the figure to compare runs by.
   */
  cpuMs: number;
  filesPerSecond: number;
  peakRssMb: number;
  /** Whole process, from start to exit (module loading included). */
  processMs: number;
  /** Scan steps: files fully parsed (the others were lexed for imports and exports, or cached). */
  parsedFiles?: number;
}

export interface TreeFigures {
  tree: string;
  files: number;
  findings: number;
  /** Generated tree: files holding a concept implementation, wrapper or re-export (the concept density). */
  conceptFiles?: number;
  /** Generated tree: files with ordinary error handling (a `catch`). */
  catchFiles?: number;
  steps: StepFigures[];
}

export interface ScanBenchResult {
  cores: number;
  concurrency: number;
  trees: TreeFigures[];
}

type ChildMode = 'parse' | 'scan-nocache' | 'scan-cache';

/** Extra environment for a step's process. */
type ChildEnv = Record<string, string>;

interface ChildReport {
  ms: number;
  cpuMs: number;
  files: number;
  findings: number;
  peakRssKb: number;
  parsed?: number;
}

/**
 * Peak resident memory of this process (worker threads included), as the kernel keeps it: VmHWM on
 * Linux, else the peak the process reports. Nothing samples memory while the scan runs: a sampling
 * timer would take time on the thread being measured.
 */
function peakRssKb(): number {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** One measurement in this process (the child side). */
async function child(mode: ChildMode, root: string, concurrency: number | undefined): Promise<ChildReport> {
  const { resolvedDefaults } = await import('../config/defaults.js');
  const config = resolvedDefaults(root);
  if (concurrency) config.concurrency = concurrency;
  let report: ChildReport;
  if (mode === 'parse') {
    const { discoverFiles } = await import('../scan/discover.js');
    const parser = await import('../parser/ts.js');
    // The compiler loads on first use: load it before the clock starts, as the scan's workers do.
    void parser.ts.SyntaxKind;
    const { ts, scriptKindFor } = parser;
    const { files } = await discoverFiles(config);
    // Read first (one at a time: tens of thousands of open files would exhaust the descriptors).
    const texts = files.map((file) => readFileSync(join(root, file), 'utf8'));
    const started = performance.now();
    const cpu = process.cpuUsage();
    // The compiler's own entry point with parent pointers (as a tool that walks the tree needs them),
    // independent of the options the scanner's parser adapter picks.
    for (let i = 0; i < files.length; i++) ts.createSourceFile(files[i]!, texts[i]!, ts.ScriptTarget.Latest, true, scriptKindFor(files[i]!));
    report = { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), files: files.length, findings: 0, peakRssKb: 0 };
  } else {
    config.cache.enabled = mode === 'scan-cache';
    const { scan } = await import('../scan/scan.js');
    const started = performance.now();
    const cpu = process.cpuUsage();
    let parsed = 0;
    const result = await scan(config, { onStats: (stats) => (parsed = stats.parsed) });
    report = { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), files: result.files, findings: result.findings.length, peakRssKb: 0, parsed };
  }
  return { ...report, peakRssKb: peakRssKb() };
}

function runChild(mode: ChildMode, root: string, concurrency: number | undefined, env: ChildEnv = {}): Promise<ChildReport & { processMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const args = [fileURLToPath(import.meta.url), '--child', mode, root, String(concurrency ?? 0)];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      try {
        resolve({ ...(JSON.parse(out) as ChildReport), processMs: performance.now() - started });
      } catch {
        reject(new Error(`bench step ${mode} failed (exit ${code}): ${out}`));
      }
    });
  });
}

async function measureTree(name: string, root: string, options: ScanBenchOptions, log: (line: string) => void, withCache = true): Promise<TreeFigures> {
  const steps: StepFigures[] = [];
  let files = 0;
  let findings = 0;
  const step = async (label: string, mode: ChildMode, env?: ChildEnv) => {
    const report = await runChild(mode, root, options.concurrency, env);
    files = report.files;
    if (mode !== 'parse') findings = report.findings;
    const figures: StepFigures = {
      step: label,
      ms: Math.round(report.ms),
      cpuMs: Math.round(report.cpuMs),
      filesPerSecond: Math.round(report.files / (report.ms / 1000)),
      peakRssMb: Math.round(report.peakRssKb / 1024),
      processMs: Math.round(report.processMs),
      ...(report.parsed === undefined ? {} : { parsedFiles: report.parsed }),
    };
    steps.push(figures);
    log(`  ${name}: ${label.padEnd(26)} ${formatMs(figures.ms)}  ${formatMs(figures.cpuMs)} cpu  ${String(figures.filesPerSecond).padStart(7)} files/s  ${String(figures.peakRssMb).padStart(5)} MB peak${parsedNote(figures, report.files)}`);
  };
  const cacheDir = join(root, '.ssot', 'cache');
  await step('TypeScript parse only', 'parse');
  await step('scan cold, no cache', 'scan-nocache');
  // The compiler's V8 code cache (see the parser adapter) lives outside the project and survives
  // between runs, so every step above but a first-ever one finds it: this step shows a scan without it.
  await step('scan cold, no code cache', 'scan-nocache', { SSOT_CODE_CACHE: '0' });
  if (!withCache) return { tree: name, files, findings, steps };
  await rm(cacheDir, { recursive: true, force: true });
  await step('scan cold, filling cache', 'scan-cache');
  await step('scan warm', 'scan-cache');
  await rm(join(root, '.ssot'), { recursive: true, force: true });
  return { tree: name, files, findings, steps };
}

function percent(part: number, whole: number): string {
  return `${whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1)} %`;
}

function parsedNote(step: StepFigures, files: number): string {
  return step.parsedFiles === undefined ? '' : `  ${step.parsedFiles} parsed (${percent(step.parsedFiles, files)})`;
}

function formatMs(ms: number): string {
  return `${(ms / 1000).toFixed(2).padStart(7)} s`;
}

/** Runs the scan benchmark and returns its figures (and logs a line per step). */
export async function runScanBench(options: ScanBenchOptions = {}): Promise<ScanBenchResult> {
  const log = options.log ?? (() => {});
  // Checked before the long generated-tree steps, so a mistyped folder fails at once.
  const extraTrees = (options.trees ?? []).map((tree) => {
    const root = resolvePath(tree);
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--tree ${tree}: not a folder`);
    return root;
  });
  const { resolvedDefaults } = await import('../config/defaults.js');
  const concurrency = options.concurrency ?? resolvedDefaults('.').concurrency;
  const trees: TreeFigures[] = [];
  const { generateTree } = await import('./generate-tree.js');
  const dir = await mkdtemp(join(tmpdir(), 'ssot-bench-scan-'));
  try {
    const generated = await generateTree(dir, { files: options.files ?? 5000, seed: options.seed ?? 1 });
    log(
      `scan bench: generated ${generated.files} files: ${generated.conceptFiles} concept files (${percent(generated.conceptFiles, generated.files)}), ` +
        `${generated.catchFiles} with a catch (${percent(generated.catchFiles, generated.files)}); ${availableParallelism()} cores, ${concurrency} workers`,
    );
    trees.push({ ...(await measureTree('generated', dir, options, log)), conceptFiles: generated.conceptFiles, catchFiles: generated.catchFiles });
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
  if (options.self !== false) {
    const { packageInfo } = await import('../shared/package-root.js');
    const src = join(packageInfo().root, 'src');
    trees.push(await measureTree('ssot src', src, options, log));
  }
  for (const root of extraTrees) trees.push(await measureTree(basename(root), root, options, log, false));
  return { cores: availableParallelism(), concurrency, trees };
}

/** The figures as a table, for the bench summary. */
export function formatScanBench(result: ScanBenchResult): string {
  const lines = [`scan (${result.cores} cores, ${result.concurrency} workers)`];
  lines.push(`  ${'tree'.padEnd(10)} ${'step'.padEnd(26)} ${'time'.padStart(9)} ${'cpu'.padStart(9)} ${'files/s'.padStart(8)} ${'peak RSS'.padStart(9)}  parsed`);
  for (const tree of result.trees) {
    for (const s of tree.steps) {
      lines.push(`  ${tree.tree.padEnd(10)} ${s.step.padEnd(26)} ${formatMs(s.ms)} ${formatMs(s.cpuMs)} ${String(s.filesPerSecond).padStart(8)} ${`${s.peakRssMb} MB`.padStart(9)}${parsedNote(s, tree.files)}`);
    }
    const density = tree.conceptFiles === undefined ? '' : `, ${tree.conceptFiles} concept files (${percent(tree.conceptFiles, tree.files)}), ${tree.catchFiles ?? 0} with a catch (${percent(tree.catchFiles ?? 0, tree.files)})`;
    lines.push(`  ${tree.tree.padEnd(10)} ${`${tree.files} files${density}, ${tree.findings} findings`}`);
  }
  return `${lines.join('\n')}\n`;
}

function flag(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const concurrency = Number(argv[3]) || undefined;
    const report = await child(argv[1] as ChildMode, argv[2]!, concurrency);
    process.stdout.write(JSON.stringify(report));
  } else {
    const files = flag(argv, '--files');
    const concurrency = flag(argv, '--concurrency');
    const { trees, problems } = treeArguments(argv);
    if (problems.length > 0) {
      for (const problem of problems) process.stderr.write(`scan bench: ${problem}\n`);
      process.exit(2);
    }
    const result = await runScanBench({
      ...(trees.length > 0 ? { trees } : {}),
      ...(files ? { files: Number(files) } : {}),
      ...(concurrency ? { concurrency: Number(concurrency) } : {}),
      keep: argv.includes('--keep'),
      self: !argv.includes('--no-self'),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(formatScanBench(result));
  }
}
