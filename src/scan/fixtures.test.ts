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
import {
  absentProblems,
  clusterProblems,
  consistencyProblems,
  doubleInitializationProblems,
  findingProblems,
  list,
  loadExpectedInventory,
  perfectResult,
  type ExpectedInventory,
} from '../test-utils/expected-inventory.js';
import { copyFixture, linkNodeModules, makeTempDir, removeDir, repoRoot } from '../test-utils/fixtures.js';
import { scan } from './scan.js';
import type { ScanResult } from './types.js';

const FIXTURES = ['agent-backend', 'js-monorepo', 'lookalikes'] as const;
const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

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

describe('the expected inventories', () => {
  it.each(FIXTURES)('%s is consistent in itself', async (name) => {
    const expected = await loadExpectedInventory(name);
    expect(consistencyProblems(expected)).toEqual([]);
  });

  it.each(FIXTURES)('%s accepts the result of a perfect scanner', async (name) => {
    const expected = await loadExpectedInventory(name);
    const result = perfectResult(expected);
    expect([
      ...findingProblems(expected, result),
      ...absentProblems(expected, result),
      ...clusterProblems(expected.clusters, result.clusters),
      ...doubleInitializationProblems(expected, result),
    ]).toEqual([]);
  });

  it('rejects a scan that differs from agent-backend in any way, naming each difference', async () => {
    const expected = await loadExpectedInventory('agent-backend');
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
    expected = await loadExpectedInventory(name);
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
    const expected = await loadExpectedInventory('js-monorepo');
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
