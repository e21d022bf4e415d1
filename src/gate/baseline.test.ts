import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSsotError, type SsotError } from '../shared/errors.js';
import { git, gitInit, removeDir, writeTree } from '../test-utils/fixtures.js';
import { entryFromFinding, parseBaseline, serializeBaseline } from './baseline.js';
import { entry, finding } from './test-utils/data.js';
import type { Baseline } from './types.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

function baselineOf(ids: string[]): Baseline {
  return { version: 1, tool: 'ssot 0.1.0', entries: ids.map((id) => entry({ id, file: `src/${id}.ts`, symbol: `s${id}` })) };
}

function thrown(fn: () => unknown): SsotError {
  try {
    fn();
  } catch (error) {
    if (isSsotError(error)) return error;
    throw error;
  }
  throw new Error('expected an SsotError');
}

describe('baseline format', () => {
  it('writes one entry per line, sorted by identity, with a fixed key order', () => {
    const text = serializeBaseline(baselineOf(['c3', 'a1', 'b2']));
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual(['{', '  "version": 1,', '  "tool": "ssot 0.1.0",', '  "entries": [']);
    expect(lines[4]).toBe('    {"id":"a1","concept":"retry","kind":"implementation","file":"src/a1.ts","symbol":"sa1","line":1},');
    expect(lines.slice(4, 7).map((l) => JSON.parse(l.replace(/,$/, '')).id)).toEqual(['a1', 'b2', 'c3']);
    expect(text.endsWith('  ]\n}\n')).toBe(true);
  });

  it('is deterministic and round-trips through the parser', () => {
    const a = serializeBaseline(baselineOf(['b', 'a', 'c']));
    const b = serializeBaseline(baselineOf(['c', 'b', 'a']));
    expect(a).toBe(b);
    expect(serializeBaseline(parseBaseline(a, 'baseline.json'))).toBe(a);
  });

  it('writes an empty baseline that parses back', () => {
    const text = serializeBaseline({ version: 1, tool: 'ssot 0.1.0', entries: [] });
    expect(parseBaseline(text, 'b.json').entries).toEqual([]);
  });

  it('records identity, concept, kind and location of a finding', () => {
    const e = entryFromFinding(finding({ file: 'src/a.ts', symbol: 'retry', startLine: 7, fingerprint: 'abc', kind: 'wrapper' }), 'ff');
    expect(e).toEqual({ id: 'abc', concept: 'retry', kind: 'wrapper', file: 'src/a.ts', symbol: 'retry', line: 7, shape: 'ff' });
  });

  it('rejects text that is not JSON, such as a file left with merge conflict markers', () => {
    const text = serializeBaseline(baselineOf(['a'])).replace('  "entries": [', '<<<<<<< HEAD\n  "entries": [');
    const error = thrown(() => parseBaseline(text, '.ssot/baseline.json'));
    expect(error.code).toBe('baseline');
    expect(error.message).toContain('.ssot/baseline.json is not valid JSON');
  });

  it('lists every malformed entry with its line', () => {
    const text = [
      '{',
      '  "version": 1,',
      '  "tool": "ssot",',
      '  "entries": [',
      '    {"id":"a","concept":"retry","kind":"implementation","file":"src/a.ts","symbol":"a","line":1},',
      '    {"id":"","concept":"retry","kind":"gadget","file":"src/b.ts","symbol":"b","line":0},',
      '    "oops"',
      '  ]',
      '}',
    ].join('\n');
    const error = thrown(() => parseBaseline(text, 'b.json'));
    const paths = error.issues.map((i) => i.path);
    expect(paths).toContain('b.json:6 (entries[1]).id');
    expect(paths).toContain('b.json:6 (entries[1]).kind');
    expect(paths).toContain('b.json:6 (entries[1]).line');
    expect(paths).toContain('b.json:7 (entries[2])');
  });

  it('rejects an unknown version and a missing entries array', () => {
    const error = thrown(() => parseBaseline('{"version": 2}', 'b.json'));
    expect(error.issues.map((i) => i.path)).toEqual(['b.json: version', 'b.json: entries']);
  });

  it('lets git merge two branches that each add entries without a conflict', async () => {
    const base = baselineOf(['10', '30', '50', '70', '90']);
    const dir = await writeTree({ '.ssot/baseline.json': serializeBaseline(base) });
    dirs.push(dir);
    gitInit(dir);
    const file = join(dir, '.ssot/baseline.json');
    git(dir, 'checkout', '-q', '-b', 'one');
    await writeFile(file, serializeBaseline(baselineOf(['10', '30', '40', '50', '70', '90'])));
    git(dir, 'commit', '-q', '-am', 'one');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'checkout', '-q', '-b', 'two');
    await writeFile(file, serializeBaseline(baselineOf(['10', '20', '30', '50', '70', '80', '90'])));
    git(dir, 'commit', '-q', '-am', 'two');
    git(dir, 'merge', '-q', '--no-edit', 'one');
    const merged = parseBaseline(await readFile(file, 'utf8'), 'merged');
    expect(merged.entries.map((e) => e.id)).toEqual(['10', '20', '30', '40', '50', '70', '80', '90']);
  });
});
