import { describe, expect, it } from 'vitest';
import { isSsotError } from '../shared/errors.js';
import { parseForbiddenList } from './forbidden-list.js';

describe('parseForbiddenList', () => {
  it('reads deleted files and symbols', () => {
    const text = JSON.stringify({
      version: 1,
      files: [{ path: 'src/x.ts', replacement: 'src/y.ts#Y' }],
      symbols: [{ name: 'X', file: 'src/x.ts', replacement: 'src/y.ts#Y' }],
    });
    expect(parseForbiddenList(text, '.ssot/forbidden.json')).toEqual({
      version: 1,
      files: [{ path: 'src/x.ts', replacement: 'src/y.ts#Y' }],
      symbols: [{ name: 'X', file: 'src/x.ts', replacement: 'src/y.ts#Y' }],
    });
  });

  it('lists every problem with its location', () => {
    const text = JSON.stringify({ version: 2, files: [{ replacement: 'a' }, 'b'], symbols: {}, extra: true });
    try {
      parseForbiddenList(text, '.ssot/forbidden.json');
      expect.unreachable();
    } catch (error) {
      expect(isSsotError(error) && error.code).toBe('config');
      expect(isSsotError(error) && error.issues.map((i) => i.path)).toEqual([
        '.ssot/forbidden.json: version',
        '.ssot/forbidden.json: extra',
        '.ssot/forbidden.json: files[0].path',
        '.ssot/forbidden.json: files[1]',
        '.ssot/forbidden.json: symbols',
      ]);
    }
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseForbiddenList('{', 'f.json')).toThrow(/f\.json is not valid JSON/);
  });
});
