import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { readNotes } from './read-notes.js';
import { finding } from './test-utils/data.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const files = ['src/core.ts', 'src/x.ts', 'src/plain.ts'];
const findings = [finding({ file: 'src/core.ts', symbol: 'retry', startLine: 1, endLine: 3 })];

async function project(): Promise<{ dir: string; cache: { file: string; tool: string } }> {
  const dir = await writeTree({
    'src/core.ts': 'export function retry() {\n  return 1;\n}\n',
    'src/x.ts': '// ssot-ignore retry: vendored\nexport function again() {}\nclass Forbidden {}\n',
    'src/plain.ts': 'export const plain = 1;\n',
  });
  dirs.push(dir);
  return { dir, cache: { file: join(dir, '.ssot/cache/gate-notes.json'), tool: 'ssot 1.0.0' } };
}

/** Replaces the cached note of one file, keeping its key: only a run that reads the cache sees it. */
async function tamper(cacheFile: string, file: string): Promise<void> {
  const data = JSON.parse(await readFile(cacheFile, 'utf8')) as { entries: Record<string, { note: unknown }> };
  data.entries[file]!.note = { shims: { marker: 'from-the-cache' } };
  await writeFile(cacheFile, JSON.stringify(data));
}

describe('readNotes with a notes cache', () => {
  it('gives the same notes as without a cache, and writes the cache', async () => {
    const { dir, cache } = await project();
    const forbidden = new Set(['Forbidden']);
    const plain = await readNotes(dir, files, findings, forbidden);
    expect(await readNotes(dir, files, findings, forbidden, cache)).toEqual(plain);
    expect(Object.keys(JSON.parse(await readFile(cache.file, 'utf8')).entries).sort()).toEqual([...files].sort());
    expect(await readNotes(dir, files, findings, forbidden, cache)).toEqual(plain);
  });

  it('serves an unchanged file from the cache and reads a changed one again', async () => {
    const { dir, cache } = await project();
    const forbidden = new Set<string>();
    await readNotes(dir, files, findings, forbidden, cache);
    await tamper(cache.file, 'src/plain.ts');
    await tamper(cache.file, 'src/x.ts');
    await writeFile(join(dir, 'src/x.ts'), '// ssot-ignore backoff: changed\nexport function again() {}\n');
    const notes = await readNotes(dir, files, findings, forbidden, cache);
    expect(notes['src/plain.ts']?.shims).toEqual({ marker: 'from-the-cache' });
    expect(notes['src/x.ts']?.shims).toBeUndefined();
    expect(notes['src/x.ts']?.suppressions).toMatchObject([{ target: 'backoff', reason: 'changed' }]);
  });

  it('reads a file again when its findings moved, the forbidden names or the tool changed', async () => {
    const { dir, cache } = await project();
    await readNotes(dir, files, findings, new Set(), cache);
    await tamper(cache.file, 'src/core.ts');
    const moved = [finding({ file: 'src/core.ts', symbol: 'retry', startLine: 1, endLine: 2 })];
    expect((await readNotes(dir, files, moved, new Set(), cache))['src/core.ts']?.shims).toBeUndefined();

    await tamper(cache.file, 'src/x.ts');
    const forbidden = await readNotes(dir, files, moved, new Set(['Forbidden']), cache);
    expect(forbidden['src/x.ts']?.declarations).toEqual([{ name: 'Forbidden', line: 3 }]);

    await tamper(cache.file, 'src/plain.ts');
    expect((await readNotes(dir, files, moved, new Set(['Forbidden']), { ...cache, tool: 'ssot 2.0.0' }))['src/plain.ts']).toBeUndefined();
  });

  it('treats a corrupt cache file as empty and replaces it', async () => {
    const { dir, cache } = await project();
    const plain = await readNotes(dir, files, findings, new Set());
    await readNotes(dir, files, findings, new Set(), cache);
    await writeFile(cache.file, '{ not json');
    expect(await readNotes(dir, files, findings, new Set(), cache)).toEqual(plain);
    expect(JSON.parse(await readFile(cache.file, 'utf8')).format).toBe('ssot-gate-notes/1');
  });
});
