/**
 * The fixtures are hand-made codebases with a hand-written expected inventory
 * (`fixtures/<name>/expected-inventory.json`). This suite scans a fresh copy of each with the default
 * config and compares the result with that ground truth, and proves that each fixture is a real,
 * working codebase: its own type check and its own test suite pass.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvedDefaults } from '../config/defaults.js';
import { copyFixture, linkNodeModules, makeTempDir, removeDir, repoRoot } from '../test-utils/fixtures.js';
import { scan } from './scan.js';
import { BUILTIN_CONCEPTS, type Cluster, type Finding, type FindingKind, type FindingStatus, type ScanResult } from './types.js';

interface ExpectedFinding {
  id: string;
  concept: string;
  kind: string;
  status: string;
  cluster: string | null;
  importers?: string[];
  target?: string;
  workspace?: string;
}

interface ExpectedCluster {
  id: string;
  concept: string;
  members: string[];
  canonical: string | null;
  reason?: string;
}

interface ExpectedDoubleInitialization {
  class: string;
  file: string;
  cluster?: string;
  /** The fields holding the two instances. */
  members: string[];
  /** The findings those fields hold instances of. */
  findings?: string[];
}

interface ExpectedInventory {
  findings: ExpectedFinding[];
  clusters: ExpectedCluster[];
  doubleInitializations: ExpectedDoubleInitialization[];
  absent: Array<{ id: string; why: string }>;
  expectedWorkspaceScope?: { clusters: ExpectedCluster[] };
}

const builtinConcepts: ReadonlySet<string> = new Set(BUILTIN_CONCEPTS);
const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

const sorted = (values: readonly string[]): string[] => [...values].sort();
const same = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const list = (values: readonly string[]): string => `[${values.join(', ')}]`;

/** Every difference between the expected findings and the scan's, one line each. */
function findingProblems(expected: ExpectedInventory, result: ScanResult): string[] {
  const problems: string[] = [];
  const actualById = new Map(result.findings.map((finding) => [finding.id, finding]));
  for (const want of expected.findings) {
    const got = actualById.get(want.id);
    if (!got) {
      problems.push(`missing finding ${want.id} (${want.concept} ${want.kind}, ${want.status})`);
      continue;
    }
    for (const field of ['concept', 'kind', 'status', 'cluster'] as const) {
      if (got[field] !== want[field]) problems.push(`${want.id}: ${field} is ${String(got[field])}, expected ${String(want[field])}`);
    }
    if (want.importers && !same(got.importers, want.importers)) {
      problems.push(`${want.id}: importers are ${list(got.importers)}, expected ${list(sorted(want.importers))}`);
    }
    if (want.target !== undefined && got.target !== want.target) {
      problems.push(`${want.id}: target is ${String(got.target)}, expected ${want.target}`);
    }
    if (want.workspace !== undefined && got.workspace !== want.workspace) {
      problems.push(`${want.id}: workspace is ${String(got.workspace)}, expected ${want.workspace}`);
    }
  }
  const expectedIds = new Set(expected.findings.map((finding) => finding.id));
  for (const got of result.findings) {
    if (!builtinConcepts.has(got.concept) || expectedIds.has(got.id)) continue;
    problems.push(
      `unexpected finding ${got.id} (${got.concept} ${got.kind}, ${got.status}, confidence ${got.confidence}, ` +
        `lines ${got.startLine}-${got.endLine}, signals ${list(got.signals)})`,
    );
  }
  return problems;
}

/** Look-alikes must not be a finding of any concept, neither as a symbol nor as one of its methods. */
function absentProblems(expected: ExpectedInventory, result: ScanResult): string[] {
  const problems: string[] = [];
  for (const { id, why } of expected.absent) {
    for (const got of result.findings) {
      if (got.id === id || got.id.startsWith(`${id}.`)) {
        problems.push(`look-alike reported: ${got.id} as ${got.concept} ${got.kind} (signals ${list(got.signals)}); it is ${why}`);
      }
    }
  }
  return problems;
}

function clusterProblems(expectedClusters: readonly ExpectedCluster[], actualClusters: readonly Cluster[]): string[] {
  const problems: string[] = [];
  const actualById = new Map(actualClusters.map((cluster) => [cluster.id, cluster]));
  for (const want of expectedClusters) {
    const got = actualById.get(want.id);
    if (!got) {
      problems.push(`missing cluster ${want.id}`);
      continue;
    }
    if (got.concept !== want.concept) problems.push(`cluster ${want.id}: concept is ${got.concept}, expected ${want.concept}`);
    if (!same(got.members, want.members)) {
      const extra = got.members.filter((member) => !want.members.includes(member));
      const missing = want.members.filter((member) => !got.members.includes(member));
      problems.push(`cluster ${want.id}: members differ (extra ${list(extra)}, missing ${list(missing)})`);
    }
    if (got.canonical !== want.canonical) {
      problems.push(`cluster ${want.id}: canonical is ${String(got.canonical)} (${got.reason}), expected ${String(want.canonical)}`);
    }
  }
  const expectedIds = new Set(expectedClusters.map((cluster) => cluster.id));
  for (const got of actualClusters) {
    if (builtinConcepts.has(got.concept) && !expectedIds.has(got.id)) {
      problems.push(`unexpected cluster ${got.id} with members ${list(got.members)}`);
    }
  }
  return problems;
}

function doubleInitializationProblems(expected: ExpectedInventory, result: ScanResult): string[] {
  const problems: string[] = [];
  const key = (file: string, className: string) => `${file}#${className}`;
  const actualByKey = new Map(result.doubleInitializations.map((found) => [key(found.file, found.class), found]));
  for (const want of expected.doubleInitializations) {
    const got = actualByKey.get(key(want.file, want.class));
    if (!got) {
      problems.push(`missing double initialization of ${want.class} in ${want.file}`);
      continue;
    }
    const members = got.holders.map((holder) => holder.member);
    if (!same(members, want.members)) problems.push(`${want.class}: holders are ${list(members)}, expected ${list(want.members)}`);
    const findings = got.holders.map((holder) => holder.finding);
    if (want.findings && !same(findings, want.findings)) {
      problems.push(`${want.class}: held findings are ${list(findings)}, expected ${list(want.findings)}`);
    }
    if (want.cluster !== undefined && got.cluster !== want.cluster) problems.push(`${want.class}: cluster is ${got.cluster}, expected ${want.cluster}`);
  }
  const expectedKeys = new Set(expected.doubleInitializations.map((want) => key(want.file, want.class)));
  for (const got of result.doubleInitializations) {
    if (!expectedKeys.has(key(got.file, got.class))) {
      problems.push(`unexpected double initialization ${got.id}: ${got.holders.map((holder) => `${holder.member} -> ${holder.finding}`).join(', ')}`);
    }
  }
  return problems;
}

/** The expected inventory must be consistent in itself before it can judge a scan. */
function consistencyProblems(expected: ExpectedInventory): string[] {
  const problems: string[] = [];
  const findingIds = new Set(expected.findings.map((finding) => finding.id));
  if (findingIds.size !== expected.findings.length) problems.push('duplicate finding ids');
  for (const finding of expected.findings) {
    if (!builtinConcepts.has(finding.concept)) problems.push(`${finding.id}: unknown concept ${finding.concept}`);
    if (!/^[^#]+#[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(finding.id)) problems.push(`${finding.id}: not a file#Symbol id`);
    if (finding.importers && JSON.stringify(finding.importers) !== JSON.stringify(sorted(finding.importers))) problems.push(`${finding.id}: importers not sorted`);
    if (finding.status === 'dead' && finding.importers && finding.importers.length > 0) problems.push(`${finding.id}: dead but imported`);
    const wraps = finding.kind === 'wrapper' || finding.kind === 're-export';
    if (wraps !== (finding.status === 'wrapper' || (wraps && finding.status === 'dead'))) problems.push(`${finding.id}: kind ${finding.kind} with status ${finding.status}`);
    if (finding.target !== undefined) {
      const target = expected.findings.find((candidate) => candidate.id === finding.target);
      if (!target || target.cluster !== finding.cluster) problems.push(`${finding.id}: target ${finding.target} is not a finding of its cluster`);
    }
  }
  for (const cluster of [...expected.clusters, ...(expected.expectedWorkspaceScope?.clusters ?? [])]) {
    if (JSON.stringify(cluster.members) !== JSON.stringify(sorted(cluster.members))) problems.push(`cluster ${cluster.id}: members not sorted`);
    if (cluster.canonical !== null && !cluster.members.includes(cluster.canonical)) problems.push(`cluster ${cluster.id}: canonical is not a member`);
    for (const member of cluster.members) if (!findingIds.has(member)) problems.push(`cluster ${cluster.id}: member ${member} is not a finding`);
  }
  for (const cluster of expected.clusters) {
    const members = expected.findings.filter((finding) => finding.cluster === cluster.id);
    if (!same(members.map((finding) => finding.id), cluster.members)) problems.push(`cluster ${cluster.id}: members differ from the findings' cluster fields`);
    const canonical = members.filter((finding) => finding.status === 'canonical').map((finding) => finding.id);
    if (!same(canonical, cluster.canonical === null ? [] : [cluster.canonical])) problems.push(`cluster ${cluster.id}: canonical status on ${list(canonical)}`);
  }
  for (const finding of expected.findings) {
    if (!expected.clusters.some((cluster) => cluster.id === finding.cluster)) problems.push(`${finding.id}: cluster ${String(finding.cluster)} is not listed`);
  }
  for (const double of expected.doubleInitializations) {
    for (const id of double.findings ?? []) {
      const held = expected.findings.find((finding) => finding.id === id);
      if (!held || (double.cluster !== undefined && held.cluster !== double.cluster)) problems.push(`${double.class}: holds ${id}, not a finding of ${String(double.cluster)}`);
    }
  }
  for (const { id } of expected.absent) {
    if (expected.findings.some((finding) => finding.id === id || finding.id.startsWith(`${id}.`))) problems.push(`${id} is both expected and absent`);
  }
  return problems;
}

/** The result a perfect scanner would return for an expected inventory (data for testing the comparison). */
function perfectResult(expected: ExpectedInventory): ScanResult {
  const findings: Finding[] = expected.findings.map((want) => {
    const [file = '', symbol = ''] = want.id.split('#');
    return {
      id: want.id,
      concept: want.concept,
      kind: want.kind as FindingKind,
      file,
      symbol,
      startLine: 1,
      endLine: 10,
      importers: sorted(want.importers ?? []),
      cluster: want.cluster,
      status: want.status as FindingStatus,
      confidence: 0.9,
      signals: ['name'],
      evidence: [],
      ...(want.target === undefined ? {} : { target: want.target }),
      ...(want.workspace === undefined ? {} : { workspace: want.workspace }),
      fingerprint: want.id,
    };
  });
  return {
    schemaVersion: 1,
    root: '/fixture',
    files: 1,
    findings,
    clusters: expected.clusters.map((cluster) => ({ ...cluster, reason: cluster.reason ?? '', configured: false, similar: [] })),
    doubleInitializations: expected.doubleInitializations.map((double) => ({
      id: `${double.file}#${double.class}`,
      file: double.file,
      class: double.class,
      cluster: double.cluster ?? '',
      holders: double.members.map((member, index) => ({ member, finding: double.findings?.[index] ?? '', line: 1 })),
      startLine: 1,
      endLine: 10,
    })),
    errors: [],
  };
}

/** TS/JS source files of a tree (what the default include globs cover), node_modules left out. */
async function countSourceFiles(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.ssot') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) count += await countSourceFiles(full);
    else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) count++;
  }
  return count;
}

interface ProcessResult {
  code: number;
  output: string;
}

/** Runs a node script with the environment of a plain shell (no variables of the vitest running this suite). */
function runNode(args: string[], cwd: string): Promise<ProcessResult> {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', CI: '1' };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

const tscBin = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const vitestBin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');

async function loadExpected(name: string): Promise<ExpectedInventory> {
  return JSON.parse(await readFile(join(repoRoot, 'fixtures', name, 'expected-inventory.json'), 'utf8')) as ExpectedInventory;
}

/** Scans a pristine copy of the fixture once per describe block, on first use. */
function scanOnce(name: string, scope: 'repo' | 'workspace' = 'repo') {
  let dir: string | undefined;
  let pending: Promise<ScanResult> | undefined;
  return {
    result(): Promise<ScanResult> {
      pending ??= (async () => {
        dir = await copyFixture(name);
        return scan({ ...resolvedDefaults(dir), scope });
      })();
      return pending;
    },
    get dir(): string | undefined {
      return dir;
    },
    async dispose(): Promise<void> {
      if (dir) await removeDir(dir);
    },
  };
}

const FIXTURES = ['agent-backend', 'js-monorepo', 'lookalikes'] as const;

describe('the expected inventories', () => {
  it.each(FIXTURES)('%s is consistent in itself', async (name) => {
    const expected = await loadExpected(name);
    expect(consistencyProblems(expected)).toEqual([]);
  });

  it.each(FIXTURES)('%s accepts the result of a perfect scanner', async (name) => {
    const expected = await loadExpected(name);
    const result = perfectResult(expected);
    expect([
      ...findingProblems(expected, result),
      ...absentProblems(expected, result),
      ...clusterProblems(expected.clusters, result.clusters),
      ...doubleInitializationProblems(expected, result),
    ]).toEqual([]);
  });

  it('rejects a scan that differs from agent-backend in any way, naming each difference', async () => {
    const expected = await loadExpected('agent-backend');
    const result = perfectResult(expected);
    const lookalike = expected.absent[0]!.id;
    const [first, second] = result.findings;
    result.findings = [
      { ...first!, status: 'duplicate', importers: [] },
      ...result.findings.slice(2),
      { ...second!, id: `${lookalike}.onClick`, concept: 'retry' },
    ];
    result.clusters = result.clusters.map((cluster) => (cluster.id === 'retry' ? { ...cluster, canonical: cluster.members[0]! } : cluster));
    result.doubleInitializations = [];
    expect(findingProblems(expected, result)).toEqual([
      `${first!.id}: status is duplicate, expected canonical`,
      `${first!.id}: importers are [], expected ${list(first!.importers)}`,
      `missing finding ${second!.id} (${second!.concept} ${second!.kind}, ${second!.status})`,
      expect.stringMatching(new RegExp(`^unexpected finding ${lookalike.replace(/[.#/]/g, '\\$&')}\\.onClick \\(retry `)),
    ]);
    expect(absentProblems(expected, result)).toEqual([expect.stringContaining(`look-alike reported: ${lookalike}.onClick`)]);
    expect(clusterProblems(expected.clusters, result.clusters)).toEqual([expect.stringMatching(/^cluster retry: canonical is /)]);
    expect(doubleInitializationProblems(expected, result)).toEqual(['missing double initialization of BaseAgent in src/agents/base/base-agent.ts']);
  });
});

describe.each(FIXTURES)('fixture %s: scan against the expected inventory', (name) => {
  const scanned = scanOnce(name);
  let expected: ExpectedInventory;

  beforeAll(async () => {
    expected = await loadExpected(name);
  });
  afterAll(() => scanned.dispose());

  it('scans every source file without errors', async () => {
    const result = await scanned.result();
    expect(result.errors).toEqual([]);
    expect(result.files).toBe(await countSourceFiles(scanned.dir!));
  });

  it('reports exactly the expected findings, with concept, kind, status, cluster and importers', async () => {
    expect(findingProblems(expected, await scanned.result())).toEqual([]);
  });

  it('reports none of the look-alikes', async () => {
    expect(expected.absent.length).toBeGreaterThan(0);
    expect(absentProblems(expected, await scanned.result())).toEqual([]);
  });

  it('clusters the findings with the expected members and canonical', async () => {
    expect(clusterProblems(expected.clusters, (await scanned.result()).clusters)).toEqual([]);
  });

  it('finds the double initializations', async () => {
    expect(doubleInitializationProblems(expected, await scanned.result())).toEqual([]);
  });
});

describe('fixture js-monorepo: workspace scope', () => {
  const scanned = scanOnce('js-monorepo', 'workspace');
  afterAll(() => scanned.dispose());

  it('clusters per workspace package', async () => {
    const expected = await loadExpected('js-monorepo');
    const wanted = expected.expectedWorkspaceScope?.clusters ?? [];
    expect(wanted.length).toBeGreaterThan(0);
    expect(clusterProblems(wanted, (await scanned.result()).clusters)).toEqual([]);
  });
});

describe('the fixtures are working codebases', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  async function linkedCopy(name: string): Promise<string> {
    const dir = await copyFixture(name);
    dirs.push(dir);
    await linkNodeModules(dir);
    return dir;
  }

  it('agent-backend type-checks', async () => {
    const dir = await linkedCopy('agent-backend');
    const run = await runNode([tscBin, '-p', dir, '--noEmit'], dir);
    expect(run.output.trim()).toBe('');
    expect(run.code).toBe(0);
  });

  it('agent-backend passes its own test suite', async () => {
    const dir = await linkedCopy('agent-backend');
    const reportDir = await makeTempDir('ssot-fixture-report-');
    dirs.push(reportDir);
    const report = join(reportDir, 'report.json');
    const run = await runNode([vitestBin, 'run', '--root', dir, '--reporter=json', `--outputFile=${report}`], dir);
    expect(run.code, run.output).toBe(0);
    const summary = JSON.parse(await readFile(report, 'utf8')) as { numTotalTests: number; numPassedTests: number; success: boolean };
    expect(summary.success).toBe(true);
    expect(summary.numTotalTests).toBeGreaterThanOrEqual(50);
    expect(summary.numPassedTests).toBe(summary.numTotalTests);
  });

  it('lookalikes type-checks', async () => {
    const dir = await linkedCopy('lookalikes');
    const run = await runNode([tscBin, '-p', dir, '--noEmit'], dir);
    expect(run.output.trim()).toBe('');
    expect(run.code).toBe(0);
  });

  it('js-monorepo passes its own node:test suites with its workspaces linked', async () => {
    const dir = await copyFixture('js-monorepo');
    dirs.push(dir);
    const packages = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { workspaces: string[] };
    expect(packages.workspaces).toEqual(['packages/*']);
    // What `npm install` does for workspaces: node_modules/@acme/<name> -> packages/<name>.
    await mkdir(join(dir, 'node_modules', '@acme'), { recursive: true });
    for (const entry of await readdir(join(dir, 'packages'))) {
      const { name: packageName } = JSON.parse(await readFile(join(dir, 'packages', entry, 'package.json'), 'utf8')) as { name: string };
      await symlink(join(dir, 'packages', entry), join(dir, 'node_modules', ...packageName.split('/')), 'dir');
    }
    const run = await runNode(['--test'], dir);
    expect(run.code, run.output).toBe(0);
    const passed = Number(/# pass (\d+)/.exec(run.output)?.[1] ?? 0);
    expect(passed).toBeGreaterThanOrEqual(10);
    expect(run.output).toMatch(/# fail 0/);
  });
});
