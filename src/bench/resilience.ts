/**
 * Benchmark of the resilience core against cockatiel and opossum: success-path throughput of retry,
 * breaker, retry+breaker and retry+breaker+timeout, open-circuit rejection, and memory per instance.
 *
 * Method: every (case, library) pair runs in a fresh child process (`node --expose-gc`), several
 * rounds alternating the libraries; each child warms up, then times repetitions of awaited calls in
 * batches of 1,000. Throughput is calls per CPU-second of the child (robust on a shared machine);
 * wall-clock throughput is printed alongside as a cross-check. The figure is the median of all
 * repetitions. Memory: N live instances after forced GC, heapUsed delta / N, median of the rounds.
 *
 * Run: `npm run bench:resilience -- [--json FILE] [--quick]`.
 */
import { createHook } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as cockatiel from 'cockatiel';
import * as ssot from '../resilience/index.js';

/** The cases, as written to the JSON report. */
export type ResilienceBenchCase =
  | 'breaker-success'
  | 'retry-success'
  | 'composite-success'
  | 'composite-timeout-success'
  | 'open-reject'
  | 'breaker-memory'
  | 'retry-memory';

type Library = 'ssot' | 'cockatiel' | 'opossum';
const LIBRARIES: readonly Library[] = ['ssot', 'cockatiel', 'opossum'];

/** One row of the JSON report (null: the library has no equivalent). */
export interface ResilienceBenchRow {
  case: ResilienceBenchCase;
  unit: 'ops/s' | 'bytes';
  ssot: number;
  cockatiel: number;
  opossum: number | null;
}

/** The report `--json FILE` writes. */
export interface ResilienceBenchReport {
  cases: ResilienceBenchRow[];
  meta: { node: string; cpu: string; method: string; baselineOpsPerSec: number; timersPerBreaker: Record<Library, number> | null };
}

/** Options of {@link runResilienceBench}. */
export interface ResilienceBenchOptions {
  /** Write the report here as JSON. */
  json?: string;
  /** Short runs (seconds instead of minutes): checks the harness, not the figures. */
  quick?: boolean;
  /** Only these cases (default: all). */
  cases?: readonly ResilienceBenchCase[];
  /** Where the table goes (default: stdout). */
  log?: (line: string) => void;
}

interface Settings {
  warmupMs: number;
  durationMs: number;
  repetitions: number;
  rounds: number;
  instances: number;
  memoryRounds: number;
}

const FULL: Settings = { warmupMs: 500, durationMs: 1000, repetitions: 2, rounds: 3, instances: 10_000, memoryRounds: 3 };
const QUICK: Settings = { warmupMs: 20, durationMs: 40, repetitions: 1, rounds: 1, instances: 2000, memoryRounds: 1 };

/** opossum ships no types; the little of its API used here. */
interface OpossumBreaker {
  fire(...args: unknown[]): Promise<unknown>;
  open(): void;
}
type OpossumConstructor = new (action: (...args: unknown[]) => unknown, options?: Record<string, unknown>) => OpossumBreaker;
const loadOpossum = (): OpossumConstructor => createRequire(import.meta.url)('opossum') as OpossumConstructor;

const noop = async (): Promise<void> => undefined;
const failing = async (): Promise<never> => {
  throw new Error('down');
};

type Call = () => Promise<unknown>;

/** Builds the call to time for one case and library; undefined when the library has no equivalent. */
async function speedSubject(name: ResilienceBenchCase | 'baseline', library: Library): Promise<Call | undefined> {
  if (name === 'baseline') return () => noop();
  const C = cockatiel;
  const cockatielRetry = () => C.retry(C.handleAll, { maxAttempts: 3, backoff: new C.ExponentialBackoff() });
  const cockatielBreaker = (threshold = 5) => C.circuitBreaker(C.handleAll, { halfOpenAfter: 10_000, breaker: new C.ConsecutiveBreaker(threshold) });
  // Same shapes in ssot: maxAttempts counts the first call, so 4 here is cockatiel's 3 retries.
  const ssotRetry = () => ssot.retry({ maxAttempts: 4, strategy: 'exponential', baseDelayMs: 128 });
  const ssotBreaker = (threshold = 5) => ssot.circuitBreaker({ failureThreshold: threshold, breakDurationMs: 10_000 });
  const Opossum = library === 'opossum' ? loadOpossum() : undefined;
  switch (`${name}:${library}`) {
    case 'retry-success:ssot': {
      const policy = ssotRetry();
      return () => policy.execute(noop);
    }
    case 'retry-success:cockatiel': {
      const policy = cockatielRetry();
      return () => policy.execute(noop);
    }
    case 'breaker-success:ssot': {
      const breaker = ssotBreaker();
      return () => breaker.execute(noop);
    }
    case 'breaker-success:cockatiel': {
      const breaker = cockatielBreaker();
      return () => breaker.execute(noop);
    }
    // opossum cannot retry: in the composite cases its figure is its breaker alone (with and without its timeout).
    case 'breaker-success:opossum':
    case 'composite-success:opossum': {
      const breaker = new Opossum!(noop, { timeout: false, resetTimeout: 10_000 });
      return () => breaker.fire();
    }
    case 'composite-timeout-success:opossum': {
      const breaker = new Opossum!(noop, { timeout: 10_000, resetTimeout: 10_000 });
      return () => breaker.fire();
    }
    case 'composite-success:ssot': {
      const policy = ssot.wrap(ssotRetry(), ssotBreaker());
      return () => policy.execute(noop);
    }
    case 'composite-success:cockatiel': {
      const policy = C.wrap(cockatielRetry(), cockatielBreaker());
      return () => policy.execute(noop);
    }
    case 'composite-timeout-success:ssot': {
      const policy = ssot.wrap(ssotRetry(), ssotBreaker(), ssot.timeout(10_000));
      return () => policy.execute(noop);
    }
    case 'composite-timeout-success:cockatiel': {
      const policy = C.wrap(cockatielRetry(), cockatielBreaker(), C.timeout(10_000, C.TimeoutStrategy.Aggressive));
      return () => policy.execute(noop);
    }
    case 'open-reject:ssot': {
      const breaker = ssot.circuitBreaker({ failureThreshold: 1, breakDurationMs: 1e9 });
      await breaker.execute(failing).catch(() => undefined);
      return () => breaker.execute(noop).catch(() => undefined);
    }
    case 'open-reject:cockatiel': {
      const breaker = C.circuitBreaker(C.handleAll, { halfOpenAfter: 1e9, breaker: new C.ConsecutiveBreaker(1) });
      await breaker.execute(failing).catch(() => undefined);
      return () => breaker.execute(noop).catch(() => undefined);
    }
    case 'open-reject:opossum': {
      const breaker = new Opossum!(noop, { timeout: false, resetTimeout: 1e9 });
      breaker.open();
      return () => breaker.fire().catch(() => undefined);
    }
    default:
      return undefined;
  }
}

/** Builds one instance for a memory case; undefined when the library has no equivalent. */
function memorySubject(name: ResilienceBenchCase, library: Library): (() => unknown) | undefined {
  const C = cockatiel;
  switch (`${name}:${library}`) {
    case 'breaker-memory:ssot':
      return () => ssot.circuitBreaker({ failureThreshold: 5, breakDurationMs: 10_000 });
    case 'breaker-memory:cockatiel':
      return () => C.circuitBreaker(C.handleAll, { halfOpenAfter: 10_000, breaker: new C.ConsecutiveBreaker(5) });
    case 'breaker-memory:opossum': {
      const Opossum = loadOpossum();
      return () => new Opossum(noop, { resetTimeout: 10_000 });
    }
    case 'retry-memory:ssot':
      return () => ssot.retry({ maxAttempts: 4, strategy: 'exponential', baseDelayMs: 128 });
    case 'retry-memory:cockatiel':
      return () => C.retry(C.handleAll, { maxAttempts: 3, backoff: new C.ExponentialBackoff() });
    default:
      return undefined;
  }
}

interface SpeedSample {
  cpuOps: number;
  wallOps: number;
}

async function measureSpeed(call: Call, settings: Settings): Promise<SpeedSample[]> {
  const warmUntil = performance.now() + settings.warmupMs;
  while (performance.now() < warmUntil) for (let i = 0; i < 1000; i++) await call();
  const samples: SpeedSample[] = [];
  for (let rep = 0; rep < settings.repetitions; rep++) {
    const cpuStart = process.cpuUsage();
    const wallStart = process.hrtime.bigint();
    let calls = 0;
    let wallNs = 0;
    do {
      for (let i = 0; i < 1000; i++) await call();
      calls += 1000;
      wallNs = Number(process.hrtime.bigint() - wallStart);
    } while (wallNs < settings.durationMs * 1e6);
    const cpu = process.cpuUsage(cpuStart);
    samples.push({ cpuOps: calls / ((cpu.user + cpu.system) / 1e6), wallOps: calls / (wallNs / 1e9) });
  }
  return samples;
}

/** Timers (setTimeout/setInterval, ref'd or not) that `make` arms per instance, counted with async_hooks. */
function timersPerInstance(make: () => unknown, instances: number): number {
  let timers = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'Timeout') timers++;
    },
  }).enable();
  const keep: unknown[] = [];
  for (let i = 0; i < instances; i++) keep.push(make());
  hook.disable();
  return keep.length === 0 ? 0 : timers / keep.length;
}

async function measureMemory(make: () => unknown, instances: number): Promise<{ bytes: number; timers: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the memory child with --expose-gc');
  const keep: unknown[] = new Array<unknown>(instances);
  make();
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < instances; i++) keep[i] = make();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (keep.length !== instances) throw new Error('unreachable');
  // Counted in a separate pass: async hooks allocate, which would distort the memory figure.
  return { bytes: (after - before) / instances, timers: timersPerInstance(make, 100) };
}

/** The child process: measures one case for one library, prints JSON, exits. */
async function child(name: ResilienceBenchCase | 'baseline', library: Library, settings: Settings): Promise<void> {
  let result: unknown = null;
  if (name.endsWith('-memory')) {
    const make = memorySubject(name as ResilienceBenchCase, library);
    if (make !== undefined) result = await measureMemory(make, settings.instances);
  } else {
    const call = await speedSubject(name, library);
    if (call !== undefined) result = await measureSpeed(call, settings);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // opossum keeps interval timers per breaker; the parent has its figures, so end here.
  process.exit(0);
}

function runChild(name: string, library: Library, settings: Settings): Promise<unknown> {
  const file = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', file, '--child', name, library, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`benchmark child ${name}/${library} exited with ${code}: ${err.trim()}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const SPEED_CASES: readonly ResilienceBenchCase[] = ['retry-success', 'breaker-success', 'composite-success', 'composite-timeout-success', 'open-reject'];
const MEMORY_CASES: readonly ResilienceBenchCase[] = ['breaker-memory', 'retry-memory'];

function formatOps(value: number | null): string {
  if (value === null) return '—';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}

function ratio(ours: number, theirs: number | null, higherIsBetter: boolean): string {
  if (theirs === null || theirs === 0) return '—';
  return `${(higherIsBetter ? ours / theirs : theirs / ours).toFixed(1)}x`;
}

/** Runs the whole benchmark; prints a table, writes JSON when asked, returns the report. */
export async function runResilienceBench(options: ResilienceBenchOptions = {}): Promise<ResilienceBenchReport> {
  const settings = options.quick === true ? QUICK : FULL;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const rows: ResilienceBenchRow[] = [];
  const wall: Record<string, Partial<Record<Library, number>>> = {};

  const baselineSamples: SpeedSample[] = [];
  for (let round = 0; round < settings.rounds; round++) baselineSamples.push(...((await runChild('baseline', 'ssot', settings)) as SpeedSample[]));
  const baseline = median(baselineSamples.map((sample) => sample.cpuOps));

  const wanted = (name: ResilienceBenchCase): boolean => options.cases === undefined || options.cases.includes(name);
  for (const name of SPEED_CASES.filter(wanted)) {
    const samples: Record<Library, SpeedSample[] | null> = { ssot: [], cockatiel: [], opossum: [] };
    for (let round = 0; round < settings.rounds; round++) {
      for (const library of LIBRARIES) {
        const result = (await runChild(name, library, settings)) as SpeedSample[] | null;
        if (result === null) samples[library] = null;
        else samples[library]?.push(...result);
      }
    }
    const figure = (library: Library): number | null => (samples[library] === null ? null : Math.round(median(samples[library]!.map((s) => s.cpuOps))));
    wall[name] = Object.fromEntries(LIBRARIES.filter((l) => samples[l] !== null).map((l) => [l, Math.round(median(samples[l]!.map((s) => s.wallOps)))]));
    rows.push({ case: name, unit: 'ops/s', ssot: figure('ssot')!, cockatiel: figure('cockatiel')!, opossum: figure('opossum') });
  }

  let timersPerBreaker: Record<Library, number> | null = null;
  for (const name of MEMORY_CASES.filter(wanted)) {
    const samples: Record<Library, { bytes: number; timers: number }[] | null> = { ssot: [], cockatiel: [], opossum: [] };
    for (let round = 0; round < settings.memoryRounds; round++) {
      for (const library of LIBRARIES) {
        const result = (await runChild(name, library, settings)) as { bytes: number; timers: number } | null;
        if (result === null) samples[library] = null;
        else samples[library]?.push(result);
      }
    }
    const figure = (library: Library): number | null => (samples[library] === null ? null : Math.round(median(samples[library]!.map((s) => s.bytes))));
    if (name === 'breaker-memory') {
      const timers = (library: Library): number => median(samples[library]!.map((s) => s.timers));
      timersPerBreaker = { ssot: timers('ssot'), cockatiel: timers('cockatiel'), opossum: timers('opossum') };
    }
    rows.push({ case: name, unit: 'bytes', ssot: figure('ssot')!, cockatiel: figure('cockatiel')!, opossum: figure('opossum') });
  }

  const report: ResilienceBenchReport = {
    cases: rows,
    meta: {
      node: process.version,
      cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      method: `fresh child process per case and library, ${settings.rounds} round(s) x ${settings.repetitions} repetition(s) of ${settings.durationMs} ms after ${settings.warmupMs} ms warm-up; ops per CPU-second, median; memory: ${settings.instances} live instances after forced GC`,
      baselineOpsPerSec: Math.round(baseline),
      timersPerBreaker,
    },
  };

  log(`Resilience core benchmark (${report.meta.node}, ${report.meta.cpu})`);
  log(`baseline \`await noop()\`: ${formatOps(baseline)} ops/s`);
  log('');
  log('| case | unit | ssot | cockatiel | opossum | ssot vs cockatiel | ssot vs opossum | wall-clock ssot / cockatiel / opossum |');
  log('|---|---|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const speed = row.unit === 'ops/s';
    const cells = speed ? [row.ssot, row.cockatiel, row.opossum].map(formatOps) : [row.ssot, row.cockatiel, row.opossum].map((v) => (v === null ? '—' : `${v}`));
    const w = wall[row.case];
    const wallCell = speed && w !== undefined ? LIBRARIES.map((l) => formatOps(w[l] ?? null)).join(' / ') : '';
    log(`| ${row.case} | ${row.unit} | ${cells.join(' | ')} | ${ratio(row.ssot, row.cockatiel, speed)} | ${ratio(row.ssot, row.opossum, speed)} | ${wallCell} |`);
  }
  log('');
  const timers = report.meta.timersPerBreaker;
  if (timers !== null) log(`timers per breaker: ssot ${timers.ssot}, cockatiel ${timers.cockatiel}, opossum ${timers.opossum}`);
  log('opossum has no retry: in composite cases its figure is its breaker alone (composite-timeout: with its 10 s call timeout).');
  if (options.json !== undefined) {
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${options.json}`);
  }
  return report;
}

const ALL_CASES: readonly ResilienceBenchCase[] = [...SPEED_CASES, ...MEMORY_CASES];
const USAGE = `usage: bench:resilience [--json FILE] [--quick] [--cases ${ALL_CASES.join(',')}]\n`;

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') {
    await child(argv[1] as ResilienceBenchCase, argv[2] as Library, JSON.parse(argv[3]!) as Settings);
    return;
  }
  const options: ResilienceBenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json' && argv[i + 1] !== undefined) options.json = argv[++i];
    else if (arg === '--cases' && argv[i + 1] !== undefined) {
      const cases = argv[++i]!.split(',');
      const unknown = cases.filter((name) => !(ALL_CASES as readonly string[]).includes(name));
      if (unknown.length > 0) return usage(`unknown case(s): ${unknown.join(', ')}`);
      options.cases = cases as ResilienceBenchCase[];
    } else return usage(`unexpected argument: ${arg}`);
  }
  await runResilienceBench(options);
}

function usage(problem: string): void {
  process.stderr.write(`${problem}\n${USAGE}`);
  process.exitCode = 2;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
