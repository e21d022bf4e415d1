import { describe, expect, it } from 'vitest';
import { noteFile, suppressionsOf } from './file-note.js';
import { shapeSimilarity } from './shape.js';
import { finding } from './test-utils/data.js';

const none = { findings: [] };

describe('noteFile', () => {
  it('reads the canonical ref of each shimmed export from its TSDoc block', () => {
    const text = [
      '/**',
      ' * @deprecated Use the canonical retry.',
      ' * @ssot-shim src/core/retry.ts#retry',
      ' */',
      "export { retry as legacyRetry, retry as oldRetry } from './core/retry.js';",
      "export { backoff, /** @ssot-shim src/core/jitter.ts#jitter */ jitter } from './core/backoff.js';",
      '/** @deprecated\n * @ssot-shim src/core/config.ts#RetryOptions */',
      'export type LegacyRetryConfig = RetryOptions;',
      '/** @ssot-shim src/core/engine.ts#Engine */',
      'export default class OldEngine {}',
      '/** @ssot-shim src/core/retry.ts#retry */',
      'export const withRetry = retry, again = retry;',
      'export function stillFine() {}',
    ].join('\n');
    expect(noteFile('src/legacy.ts', text, none)?.shims).toEqual({
      legacyRetry: 'src/core/retry.ts#retry',
      oldRetry: 'src/core/retry.ts#retry',
      jitter: 'src/core/jitter.ts#jitter',
      LegacyRetryConfig: 'src/core/config.ts#RetryOptions',
      default: 'src/core/engine.ts#Engine',
      withRetry: 'src/core/retry.ts#retry',
      again: 'src/core/retry.ts#retry',
    });
  });

  it('ignores the shim tag inside a string', () => {
    const text = `export const template = "/** @ssot-shim src/a.ts#A */";\n`;
    expect(noteFile('src/codemod.ts', text, none)).toBeNull();
  });

  it('finds suppressions in comments, and not in strings or templates', () => {
    const text = [
      'const marker = "// ssot-ignore retry: not a comment";',
      'const t = `',
      '// ssot-ignore retry: inside a template',
      '`;',
      '// ssot-ignore retry: the vendored client needs its own loop',
      'export async function vendoredRetry() {}',
    ].join('\n');
    const note = noteFile('src/a.ts', text, none);
    expect(note?.suppressions).toEqual([
      { file: 'src/a.ts', line: 5, appliesTo: 6, target: 'retry', reason: 'the vendored client needs its own loop', scope: 'line' },
    ]);
  });

  it('finds declarations of forbidden names, not mentions of them', () => {
    const text = [
      '// WebSocketManagerFactory was removed',
      'import { WebSocketBridgeFactory } from "./bridge.js";',
      'const x = "WebSocketManagerFactory";',
      'export class WebSocketManagerFactory extends WebSocketBridgeFactory {}',
      'export type ExecutionContextFactory = () => void;',
    ].join('\n');
    const note = noteFile('src/ws.ts', text, { findings: [], forbiddenNames: new Set(['WebSocketManagerFactory', 'ExecutionContextFactory']) });
    expect(note?.declarations).toEqual([
      { name: 'WebSocketManagerFactory', line: 4 },
      { name: 'ExecutionContextFactory', line: 5 },
    ]);
  });

  it('does not parse files that mention no marker and no forbidden name', () => {
    const text = 'export const a = ;;; this would not parse cleanly (((';
    expect(noteFile('src/a.ts', text, { findings: [], forbiddenNames: new Set(['Nope']) })).toBeNull();
  });

  it('records a token shape per finding that ignores names and formatting', () => {
    const a = 'export function retry(op: () => void) {\n  for (let i = 0; i < 3; i++) { try { return op(); } catch { } }\n}\n';
    const b = '// header\nexport function again(fn: () => void) {\n  for (let n = 0;\n       n < 5;\n       n++) {\n    try {\n      return fn();\n    } catch {\n    }\n  }\n}\n';
    const sa = noteFile('a.ts', a, { findings: [finding({ file: 'a.ts', symbol: 'retry', startLine: 1, endLine: 3 })] })?.shapes?.['a.ts#retry'];
    const sb = noteFile('b.ts', b, { findings: [finding({ file: 'b.ts', symbol: 'again', startLine: 2, endLine: 11 })] })?.shapes?.['b.ts#again'];
    expect(sa).toMatch(/^[0-9a-f]{64}$/);
    expect(shapeSimilarity(sa, sb)).toBe(1);
  });
});

describe('suppressionsOf', () => {
  const comment = (text: string, line: number, trailing = false, endLine = line) => ({ text, line, endLine, trailing });
  const lines = [
    '// ssot-ignore retry: legacy client', // 1
    '/**', // 2
    ' * Docs.', // 3
    ' */', // 4
    '@decorate()', // 5
    'export class A {}', // 6
    'const b = retry(); // ssot-ignore retry -- trailing', // 7
    '// ssot-ignore retry', // 8
    '', // 9
    'export function c() {}', // 10
    '/* ssot-ignore-file deprecated-import: generated code */', // 11
  ];

  it('applies a comment to the next code line, skipping doc comments, and a trailing one to its own line', () => {
    const result = suppressionsOf('f.ts', [comment(lines[0] as string, 1), comment('// ssot-ignore retry -- trailing', 7, true), comment(lines[7] as string, 8), comment(lines[10] as string, 11)], lines);
    expect(result.map((s) => [s.line, s.appliesTo, s.target, s.reason, s.scope])).toEqual([
      [1, 5, 'retry', 'legacy client', 'line'],
      [7, 7, 'retry', 'trailing', 'line'],
      [8, 10, 'retry', '', 'line'],
      [11, 0, 'deprecated-import', 'generated code', 'file'],
    ]);
  });

  it('keeps a suppression that names nothing, so the gate can report it', () => {
    expect(suppressionsOf('f.ts', [comment('// ssot-ignore', 1)], ['// ssot-ignore', 'x()'])).toMatchObject([{ target: '', reason: '' }]);
  });

  it('ignores words that only start like the marker', () => {
    expect(suppressionsOf('f.ts', [comment('// ssot-ignored things', 1)], ['', ''])).toEqual([]);
  });
});

describe('markers in prose are not directives', () => {
  it('ignores a shim tag that is mentioned mid-sentence or in a line comment', () => {
    const text = [
      '/** Canonical ref from an `@ssot-shim <ref>` tag in a comment. */',
      'export const a = 1;',
      '// @ssot-shim src/a.ts#A',
      'export const b = 2;',
    ].join('\n');
    expect(noteFile('src/types.ts', text, none)).toBeNull();
  });

  it('ignores an ssot-ignore that does not open its comment', () => {
    const text = ['/** An `// ssot-ignore <target>: <reason>` comment. */', 'export interface Suppression {}', '// see ssot-ignore retry: docs', 'export const x = 1;'].join('\n');
    expect(noteFile('src/types.ts', text, none)).toBeNull();
  });

  it('reads a block-comment directive and a one-line doc shim tag', () => {
    const text = ['/** @ssot-shim ssot/resilience#retry */', "export { retry } from 'ssot/resilience';", '/* ssot-ignore-file *: generated */'].join('\n');
    const note = noteFile('src/shim.ts', text, none);
    expect(note?.shims).toEqual({ retry: 'ssot/resilience#retry' });
    expect(note?.suppressions).toMatchObject([{ target: '*', reason: 'generated', scope: 'file' }]);
  });
});
