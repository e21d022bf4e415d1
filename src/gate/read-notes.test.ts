import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, writeTree } from '../test-utils/fixtures.js';
import { readNotes } from './read-notes.js';
import { finding } from './test-utils/data.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('readNotes', () => {
  it('reads shims, suppressions, forbidden declarations and finding shapes from real files, skipping missing ones', async () => {
    const dir = await writeTree({
      'src/legacy.ts': '/** @deprecated\n * @ssot-shim src/core.ts#retry */\nexport { retry } from "./core.js";\n',
      'src/core.ts': 'export function retry() {\n  return 1;\n}\n',
      'src/x.ts': '// ssot-ignore retry: kept for the vendored SDK\nexport function again() {}\nclass Forbidden {}\n',
      'src/plain.ts': 'export const plain = 1;\n',
    });
    dirs.push(dir);
    const notes = await readNotes(
      dir,
      ['src/plain.ts', 'src/x.ts', 'src/legacy.ts', 'src/core.ts', 'src/missing.ts'],
      [finding({ file: 'src/core.ts', symbol: 'retry', startLine: 1, endLine: 3 })],
      new Set(['Forbidden']),
    );
    expect(Object.keys(notes)).toEqual(['src/core.ts', 'src/legacy.ts', 'src/x.ts']);
    expect(notes['src/legacy.ts']?.shims).toEqual({ retry: 'src/core.ts#retry' });
    expect(notes['src/core.ts']?.shapes?.['src/core.ts#retry']).toMatch(/^[0-9a-f]{64}$/);
    expect(notes['src/x.ts']?.suppressions).toMatchObject([{ target: 'retry', appliesTo: 2, reason: 'kept for the vendored SDK' }]);
    expect(notes['src/x.ts']?.declarations).toEqual([{ name: 'Forbidden', line: 3 }]);
  });
});
