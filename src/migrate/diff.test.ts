import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitInit, makeTempDir, removeDir } from '../test-utils/fixtures.js';
import { diffFileChange, diffTexts, renderFileDiff, renderHunk, renderUnifiedDiff } from './diff.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('ssot-diff-');
});
afterAll(async () => {
  await removeDir(dir);
});

// Pin every setting that changes git's output, whatever the machine's git config says.
const GIT_FLAGS = ['-c', 'diff.algorithm=myers', '-c', 'diff.indentHeuristic=true', '-c', 'core.quotepath=false'];
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: '/nonexistent' };

let caseNumber = 0;
/** What `git diff --no-index` prints from the first hunk on. */
async function gitHunks(before: string | null, after: string | null): Promise<string> {
  const caseDir = join(dir, `case-${caseNumber++}`);
  await mkdir(caseDir, { recursive: true });
  if (before !== null) await writeFile(join(caseDir, 'old'), before);
  if (after !== null) await writeFile(join(caseDir, 'new'), after);
  const result = spawnSync(
    'git',
    [...GIT_FLAGS, 'diff', '--no-index', '--no-color', '--no-ext-diff', before === null ? '/dev/null' : 'old', after === null ? '/dev/null' : 'new'],
    { cwd: caseDir, encoding: 'utf8', env: GIT_ENV },
  );
  if (result.status !== 0 && result.status !== 1) throw new Error(result.stderr);
  const start = result.stdout.indexOf('\n@@ ');
  return start === -1 ? '' : result.stdout.slice(start + 1);
}

function ourHunks(before: string | null, after: string | null): string {
  return diffTexts(before, after).map((hunk) => renderHunk(hunk)).join('');
}

const lines = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => `${make(i)}\n`).join('');
const functions = (names: string[]) =>
  names.map((name) => `export function ${name}(value: number): number {\n  const doubled = value * 2;\n  return doubled + 1;\n}\n`).join('\n');

/** A seeded generator, so the random cases are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function scatteredEdits(seed: number, size: number, edits: number): { before: string; after: string } {
  const random = seeded(seed);
  const pool = ['{', '}', '', '  return x;', 'if (a) {', '  // note', 'const x = 1;', 'export {};'];
  const original = Array.from({ length: size }, () => pool[Math.floor(random() * pool.length)]!);
  const changed = [...original];
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * changed.length);
    const op = random();
    if (op < 0.4) changed.splice(at, 1);
    else if (op < 0.8) changed.splice(at, 0, `line ${i}`);
    else changed[at] = `changed ${i}`;
  }
  return { before: `${original.join('\n')}\n`, after: `${changed.join('\n')}\n` };
}

const base = lines(40, (i) => `const value${i} = ${i};`);

const cases: Array<{ name: string; before: string | null; after: string | null }> = [
  { name: 'one line changed in the middle', before: base, after: base.replace('value20 = 20', 'value20 = 2000') },
  { name: 'first line changed', before: base, after: base.replace('value0 = 0', 'value0 = -1') },
  { name: 'last line changed', before: base, after: base.replace('value39 = 39', 'value39 = 0') },
  { name: 'two changes 6 lines apart share a hunk', before: base, after: base.replace('= 10;', '= 1;').replace('= 17;', '= 7;') },
  { name: 'two changes 7 lines apart get two hunks', before: base, after: base.replace('= 10;', '= 1;').replace('= 18;', '= 8;') },
  {
    name: 'a function inserted between functions',
    before: functions(['alpha', 'beta', 'gamma']),
    after: functions(['alpha', 'beta', 'inserted', 'gamma']),
  },
  {
    name: 'a function with the same body appended (slides to whole declarations)',
    before: 'function a() {\n  return 1;\n}\n',
    after: 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 1;\n}\n',
  },
  {
    name: 'a nested block inserted before a similar one',
    before: 'function run() {\n  if (ready) {\n    go();\n  }\n\n  done();\n}\n',
    after: 'function run() {\n  if (warm) {\n    go();\n  }\n\n  if (ready) {\n    go();\n  }\n\n  done();\n}\n',
  },
  {
    name: 'a block inserted next to an equal statement (the indent heuristic decides)',
    before: 'function f() {\n  // c\n\n  x();\n}\n}\n',
    after: 'function f() {\n  // c\n\n  x();\nif (a) {\n  x();\n}\n  x();\n}\n}\n',
  },
  { name: 'a function deleted', before: functions(['alpha', 'beta', 'gamma', 'delta']), after: functions(['alpha', 'gamma', 'delta']) },
  {
    name: 'imports rewritten at the top of a file',
    before: `import { retry } from './utils/retry.js';\nimport { sleep } from './utils/sleep.js';\n\n${functions(['a', 'b'])}`,
    after: `import { retry } from './core/retry-manager.js';\nimport { sleep } from './utils/sleep.js';\n\n${functions(['a', 'b'])}`,
  },
  {
    name: 'changes deep inside functions name the enclosing declaration',
    before: functions(['alpha', 'beta', 'gamma', 'delta', 'epsilon']),
    after: functions(['alpha', 'beta', 'gamma', 'delta', 'epsilon']).replace(/value \* 2/g, (m, offset: number) => (offset > 100 ? 'value * 3' : m)),
  },
  { name: 'no newline at end, last line changed', before: 'a\nb\nc', after: 'a\nb\nC' },
  { name: 'newline added at the end', before: 'a\nb\nc', after: 'a\nb\nc\n' },
  { name: 'newline removed at the end', before: 'a\nb\nc\n', after: 'a\nb\nc' },
  { name: 'no newline at end, change far above', before: `${base}tail`, after: `${base.replace('= 3;', '= 33;')}tail` },
  { name: 'created file', before: null, after: 'export const a = 1;\nexport const b = 2;\n' },
  { name: 'deleted file', before: 'export const a = 1;\nexport const b = 2;\n', after: null },
  { name: 'created file without trailing newline', before: null, after: 'x\ny' },
  { name: 'CRLF line endings', before: 'a\r\nb\r\nc\r\nd\r\n', after: 'a\r\nB\r\nc\r\nd\r\n' },
  { name: 'whole file replaced', before: lines(10, (i) => `old ${i}`), after: lines(7, (i) => `new ${i}`) },
  {
    name: 'duplicate closing braces removed (ambiguous slide)',
    before: 'if (a) {\n  if (b) {\n    f();\n  }\n  }\n}\nend();\n',
    after: 'if (a) {\n  if (b) {\n    f();\n  }\n}\nend();\n',
  },
  {
    name: 'tab indentation and blank lines',
    before: 'function f() {\n\tone();\n\n\ttwo();\n}\n',
    after: 'function f() {\n\tone();\n\n\tinserted();\n\n\ttwo();\n}\n',
  },
  {
    name: 'a long declaration line is cut to 80 bytes',
    before: `export function ${'x'.repeat(100)}(value: number) {\n${lines(10, (i) => `  step${i}();`)}}\n`,
    after: `export function ${'x'.repeat(100)}(value: number) {\n${lines(10, (i) => `  step${i === 8 ? 'X' : i}();`)}}\n`,
  },
  { name: 'file emptied', before: 'a\nb\n', after: '' },
  { name: 'scattered random edits (small)', ...scatteredEdits(7, 200, 30) },
  { name: 'scattered random edits (large, past the cost heuristics)', ...scatteredEdits(11, 3000, 900) },
];

describe('unified diff hunks match git diff --no-index', () => {
  it.each(cases)('$name', async ({ before, after }) => {
    const expected = await gitHunks(before, after);
    expect(expected).not.toBe('');
    expect(ourHunks(before, after)).toBe(expected);
  });
});

describe('file diffs', () => {
  it('writes git-style headers, /dev/null for created and deleted files', () => {
    expect(renderFileDiff(diffFileChange({ path: 'src/a.ts', before: null, after: 'x\n', codemods: [] }))).toBe(
      '--- /dev/null\n+++ b/src/a.ts\n@@ -0,0 +1 @@\n+x\n',
    );
    expect(renderFileDiff(diffFileChange({ path: 'src/a.ts', before: 'x\n', after: null, codemods: [] }))).toBe(
      '--- a/src/a.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n',
    );
    expect(renderFileDiff(diffFileChange({ path: 'src/a.ts', before: 'x\n', after: 'x\n', codemods: [] }))).toBe('');
  });

  it('counts added and removed lines and classifies the change', () => {
    const diff = diffFileChange({ path: 'a.ts', before: 'a\nb\nc\n', after: 'a\nB\nc\nd\n', codemods: [] });
    expect(diff).toMatchObject({ status: 'modified', linesAdded: 2, linesRemoved: 1 });
    expect(diffFileChange({ path: 'a.ts', before: 'a\nb\n', after: null, codemods: [] })).toMatchObject({ status: 'deleted', linesRemoved: 2 });
  });

  it('colours only when asked', () => {
    const change = { path: 'a.ts', before: 'a\n', after: 'b\n', codemods: [] };
    expect(renderUnifiedDiff([change])).not.toContain('\x1b[');
    const coloured = renderUnifiedDiff([change], { color: true });
    expect(coloured).toContain('\x1b[31m-a\x1b[m');
    expect(coloured).toContain('\x1b[32m+b\x1b[m');
  });

  it('produces a patch that git apply turns into the new tree, creations and deletions included', async () => {
    const repo = join(dir, 'apply-repo');
    await mkdir(join(repo, 'src'), { recursive: true });
    const modified = functions(['alpha', 'beta', 'gamma']);
    await writeFile(join(repo, 'src/modified.ts'), modified);
    await writeFile(join(repo, 'src/deleted.ts'), 'export const gone = true;\n');
    await writeFile(join(repo, 'src/no-eol.ts'), 'a\nb');
    gitInit(repo);
    const changes = [
      { path: 'src/modified.ts', before: modified, after: functions(['alpha', 'inserted', 'gamma']), codemods: [] },
      { path: 'src/deleted.ts', before: 'export const gone = true;\n', after: null, codemods: [] },
      { path: 'src/created/new.ts', before: null, after: 'export const fresh = 1;\n', codemods: [] },
      { path: 'src/no-eol.ts', before: 'a\nb', after: 'a\nB', codemods: [] },
    ];
    const patch = renderUnifiedDiff(changes);
    const applied = spawnSync('git', ['apply', '--verbose', '-'], { cwd: repo, input: patch, encoding: 'utf8', env: GIT_ENV });
    expect(applied.stderr).not.toContain('error');
    expect(applied.status).toBe(0);
    for (const change of changes) {
      const target = join(repo, change.path);
      if (change.after === null) await expect(readFile(target)).rejects.toThrow();
      else expect(await readFile(target, 'utf8')).toBe(change.after);
    }
  });
});
