/**
 * `ssot check` end to end, the built binary on real temporary git repositories: shims as `ssot migrate`
 * writes them, the deleted-module list its delete phase writes, config `forbid`, unused suppressions,
 * every report format, and the baseline file's layout.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { afterEach, describe, expect, it } from 'vitest';
import { formatForbidden, mergeForbidden, parseForbidden } from '../../migrate/plan/forbidden.js';
import { git, gitInit, makeTempDir, removeDir, repoRoot, runSsot, writeTree } from '../../test-utils/fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const SHIM_FIXTURES = join(repoRoot, 'fixtures/codemods/shim-modules');

const NEW_RETRY = `export async function pollJob(id: string, retries = 4): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await loadJob(id);
    } catch (e) {
      if (i >= retries) throw e;
      await new Promise((done) => setTimeout(done, 1000 * (i + 1)));
    }
  }
}

async function loadJob(id: string): Promise<string> {
  return id;
}
`;

/** A git repository with the files, baselined and committed. */
async function repo(files: Record<string, string>): Promise<string> {
  const dir = await writeTree({ 'package.json': '{ "name": "app", "private": true, "type": "module" }\n', ...files });
  dirs.push(dir);
  gitInit(dir);
  const baseline = await runSsot(['baseline'], { cwd: dir });
  expect(baseline.code, baseline.stderr).toBe(0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'baseline');
  return dir;
}

async function put(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
}

type JsonViolation = { rule: string; file: string; line: number; message: string; instead: string | null };

async function violations(dir: string, args: string[] = []): Promise<{ code: number; list: JsonViolation[] }> {
  const run = await runSsot(['check', '--format', 'json', ...args], { cwd: dir });
  expect(run.stderr).not.toMatch(/internal error/i);
  return { code: run.code, list: JSON.parse(run.stdout).violations };
}

describe('ssot check on what ssot migrate leaves behind', () => {
  it('fails imports of a shim the shim-modules codemod wrote, directly and through a barrel; other names pass', async () => {
    const shim = (await readFile(join(SHIM_FIXTURES, 'adapter-function.output.ts'), 'utf8')).replace("'./_support/retry.js'", "'../core/retry.js'");
    const dir = await repo({
      'ssot.config.json': JSON.stringify({ canonical: { retry: 'src/core/retry.ts#retry' } }),
      'src/core/retry.ts': await readFile(join(SHIM_FIXTURES, '_support/retry.ts'), 'utf8'),
      'src/legacy/with-retry.ts': shim,
      'src/legacy/index.ts': "export * from './with-retry.js';\n",
    });
    expect((await runSsot(['check'], { cwd: dir })).code).toBe(0);

    await put(dir, {
      'src/jobs/a.ts': "import { DEFAULT_RETRIES } from '../legacy/with-retry.js';\nimport { withRetry } from '../legacy/with-retry.js';\n\nexport const a = () => withRetry(async () => DEFAULT_RETRIES);\n",
      'src/jobs/b.ts': "import { withRetry as again } from '../legacy/index.js';\n\nexport const b = () => again(async () => 2);\n",
      'src/jobs/c.ts': "import { DEFAULT_RETRIES } from '../legacy/index.js';\n\nexport const c = DEFAULT_RETRIES;\n",
    });
    const { code, list } = await violations(dir);
    expect(code).toBe(1);
    expect(list.map((v) => [v.rule, `${v.file}:${v.line}`, v.message, v.instead])).toEqual([
      ['deprecated-import', 'src/jobs/a.ts:2', 'imports `withRetry` from the deprecated module src/legacy/with-retry.ts', 'src/core/retry.ts#retry'],
      ['deprecated-import', 'src/jobs/b.ts:1', 'imports `withRetry` from the deprecated module src/legacy/with-retry.ts (through src/legacy/index.ts)', 'src/core/retry.ts#retry'],
    ]);
  });

  it('keeps what the delete phase recorded in .ssot/forbidden.json deleted, and enforces config forbid on imports', async () => {
    const replacement = 'src/core/breaker.ts#CircuitBreaker';
    const forbidden = formatForbidden(
      mergeForbidden(
        parseForbidden(null),
        [{ path: 'src/services/old-breaker.ts', replacement }],
        [
          { name: 'LegacyBreaker', file: 'src/services/old-breaker.ts', replacement },
          { name: 'breakerFor', file: 'src/services/client.ts', replacement },
        ],
      ),
    );
    const dir = await repo({
      'ssot.config.json': JSON.stringify({ forbid: { imports: ['@legacy/*'], symbols: ['WebSocketManagerFactory'], files: ['**/websocket_factory.ts'] } }),
      '.ssot/forbidden.json': forbidden,
      'src/core/breaker.ts': 'export class CircuitBreaker {\n  open = false;\n}\n',
      'src/services/client.ts': "import { CircuitBreaker } from '../core/breaker.js';\n\nexport const client = new CircuitBreaker();\n",
    });
    expect((await runSsot(['check'], { cwd: dir })).code).toBe(0);

    await put(dir, {
      'src/a.ts': "import { LegacyBreaker } from './services/old-breaker.js';\n\nexport const a = LegacyBreaker;\n",
      'src/b.ts': "import { client } from './services/client.js';\nimport { breakerFor } from './services/client.js';\n\nexport const b = [client, breakerFor];\n",
      'src/c.ts': "import { get } from '@legacy/http';\n\nexport const c = get;\n",
      'src/d.ts': "import { WebSocketManagerFactory } from 'ws-kit';\n\nexport const d = WebSocketManagerFactory;\n",
      'src/services/old-breaker.ts': 'export const back = true;\n',
      'src/ws/websocket_factory.ts': 'export const factory = {};\n',
    });
    const { code, list } = await violations(dir);
    expect(code).toBe(1);
    expect(list.map((v) => [v.rule, `${v.file}:${v.line}`, v.instead])).toEqual([
      ['deleted-import', 'src/a.ts:1', replacement],
      ['deleted-import', 'src/b.ts:2', replacement],
      ['forbidden-import', 'src/c.ts:1', null],
      ['forbidden-import', 'src/d.ts:1', null],
      ['deleted-file', 'src/services/old-breaker.ts:1', replacement],
      ['forbidden-file', 'src/ws/websocket_factory.ts:1', null],
    ]);
    expect(list[1]?.message).toBe('imports `breakerFor`, a symbol deleted by a migration (was in src/services/client.ts)');
    expect(list[3]?.message).toBe('imports `WebSocketManagerFactory`, forbidden by forbid.symbols (WebSocketManagerFactory)');
  });
});

describe('ssot check: suppressions', () => {
  it('reports an unused suppression, and fails on it with --strict', async () => {
    const dir = await repo({ 'src/a.ts': 'export const a = 1;\n' });
    await put(dir, { 'src/b.ts': '// ssot-ignore retry: the vendored client keeps its own loop\nexport const b = 2;\n' });
    const run = await runSsot(['check'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Unused suppressions (1)\n  src/b.ts:1  ssot-ignore retry suppresses nothing');
    const strict = await violations(dir, ['--strict']);
    expect(strict.code).toBe(1);
    expect(strict.list.map((v) => [v.rule, `${v.file}:${v.line}`])).toEqual([['unused-suppression', 'src/b.ts:1']]);
  });
});

describe('ssot check: report formats on a failing tree', () => {
  it('prints stylish, json, sarif (valid SARIF 2.1.0), github and markdown', async () => {
    const dir = await repo({ 'src/a.ts': 'export const a = 1;\n' });
    await put(dir, { 'src/jobs/poll.ts': NEW_RETRY });
    const where = 'src/jobs/poll.ts';

    const stylish = await runSsot(['check'], { cwd: dir });
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain(`${where}:1  error  new retry implementation \`pollJob\``);

    const json = await runSsot(['check', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1, passed: false, violations: [{ rule: 'new-finding', file: where, line: 1 }] });

    const sarif = await runSsot(['check', '--format', 'sarif'], { cwd: dir });
    expect(sarif.code).toBe(1);
    const schemaPath = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const validator = new Validator(JSON.parse(await readFile(schemaPath, 'utf8')), '4', false);
    const log = JSON.parse(sarif.stdout);
    expect(validator.validate(log).errors.map((e) => `${e.instanceLocation}: ${e.error}`)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(1);
    expect(log.runs[0].results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: where }, region: { startLine: 1 } });

    const github = await runSsot(['check', '--format', 'github'], { cwd: dir });
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(new RegExp(`^::error file=${where.replace(/[/.]/g, '\\$&')},line=1,title=ssot new-finding::`, 'm'));

    const markdown = await runSsot(['check', '--format', 'markdown'], { cwd: dir });
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(/^#+ .*ssot check/m);
    expect(markdown.stdout).toContain(`| \`${where}:1\` | new retry implementation \`pollJob\``);
  });
});

describe('ssot baseline: the file', () => {
  it('is sorted by identity, one entry per line, and byte-identical when recorded again from a clone', async () => {
    const dir = await repo({
      'src/a.ts': NEW_RETRY,
      'src/b.ts': NEW_RETRY.replace('pollJob', 'pollOther'),
      'src/c.ts': 'export interface RetryOptions {\n  maxRetries: number;\n  backoffMs: number;\n}\n',
    });
    const text = await readFile(join(dir, '.ssot/baseline.json'), 'utf8');
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual(['{', '  "version": 1,', expect.stringMatching(/^ {2}"tool": "ssot /), '  "entries": [']);
    const entryLines = lines.slice(4, lines.indexOf('  ]'));
    expect(entryLines.length).toBe(JSON.parse(text).entries.length);
    expect(entryLines.length).toBeGreaterThanOrEqual(3);
    for (const line of entryLines) expect(line).toMatch(/^ {4}\{"id":"[^"]+","concept":.*\},?$/);
    const ids = JSON.parse(text).entries.map((e: { id: string }) => e.id);
    expect(ids).toEqual([...ids].sort());

    const clone = await makeTempDir('ssot-clone-');
    dirs.push(clone);
    git(clone, 'clone', '-q', dir, '.');
    await writeFile(join(clone, '.ssot/baseline.json'), '{ "version": 1, "tool": "", "entries": [] }\n');
    const again = await runSsot(['baseline'], { cwd: clone });
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(join(clone, '.ssot/baseline.json'), 'utf8')).toBe(text);
  });
});
