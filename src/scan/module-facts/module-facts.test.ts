import { describe, expect, it } from 'vitest';
import { parseSource } from '../../parser/ts.js';
import type { ExportFact, ImportFact } from '../facts.js';
import { astModuleFacts } from './ast-module-facts.js';
import { lexModuleFacts, lineIndex } from './lex-module-facts.js';

interface Case {
  name: string;
  text: string;
  file?: string;
  imports?: ImportFact[];
  exports?: ExportFact[];
}

const imp = (line: number, specifier: string, kind: ImportFact['kind'], bindings: ImportFact['bindings'], extra: Partial<ImportFact> = {}): ImportFact => ({
  specifier,
  line,
  kind,
  typeOnly: false,
  bindings,
  ...extra,
});

/** Each case must come out the same from the parser pass and from the lexer pass. */
const cases: Case[] = [
  {
    name: 'default, named with alias and inline type',
    text: `import d, { a as b, type T, c } from './m';\n`,
    imports: [imp(1, './m', 'static', [{ imported: 'default', local: 'd' }, { imported: 'a', local: 'b' }, { imported: 'T', local: 'T', typeOnly: true }, { imported: 'c', local: 'c' }])],
  },
  {
    name: 'namespace import with the members it uses',
    text: `import * as ns from "./ns";\nns.alpha();\nconst x = new ns.Beta();\nns?.gamma;\n`,
    imports: [imp(1, './ns', 'static', [{ imported: '*', local: 'ns' }], { namespaceMembers: ['Beta', 'alpha', 'gamma'] })],
  },
  {
    name: 'namespace passed around: members unknown',
    text: `import * as ns from './ns';\nregister(ns);\nns.alpha();\n`,
    imports: [imp(1, './ns', 'static', [{ imported: '*', local: 'ns' }])],
  },
  {
    name: 'namespace used in a type position',
    text: `import type * as cfg from './cfg';\nlet c: cfg.RetryConfig;\n`,
    imports: [imp(1, './cfg', 'static', [{ imported: '*', local: 'cfg' }], { typeOnly: true, namespaceMembers: ['RetryConfig'] })],
  },
  {
    name: 'import type and side-effect import',
    text: `import type { RetryConfig } from '@app/types';\nimport './polyfill';\n`,
    imports: [imp(1, '@app/types', 'static', [{ imported: 'RetryConfig', local: 'RetryConfig' }], { typeOnly: true }), imp(2, './polyfill', 'side-effect', [])],
  },
  {
    name: 'a default import named type',
    text: `import type from './t';\nimport type, { x } from './u';\n`,
    imports: [imp(1, './t', 'static', [{ imported: 'default', local: 'type' }]), imp(2, './u', 'static', [{ imported: 'default', local: 'type' }, { imported: 'x', local: 'x' }])],
  },
  {
    name: 'import equals require',
    text: `import fs = require('fs');\nfs.readFileSync('x');\nexport import util = require('./util');\n`,
    imports: [
      imp(1, 'fs', 'static', [{ imported: '*', local: 'fs' }], { namespaceMembers: ['readFileSync'] }),
      imp(3, './util', 'static', [{ imported: '*', local: 'util' }], { namespaceMembers: [] }),
    ],
    exports: [{ name: 'util', local: 'util', line: 3 }],
  },
  {
    name: 'multi-line import with trailing comma and comments',
    text: `import {\n  // the breaker\n  CircuitBreaker, /* options */ BreakerOptions,\n} from '../core/breaker.js';\n`,
    imports: [imp(1, '../core/breaker.js', 'static', [{ imported: 'CircuitBreaker', local: 'CircuitBreaker' }, { imported: 'BreakerOptions', local: 'BreakerOptions' }])],
  },
  {
    name: 're-exports of every shape',
    text: [
      `export { a as b, c } from './x';`,
      `export * from './all';`,
      `export * as ns from './ns';`,
      `export type { T } from './types';`,
      `export { type U, V as W } from './mixed';`,
    ].join('\n'),
    exports: [
      { name: 'b', from: './x', imported: 'a', line: 1 },
      { name: 'c', from: './x', imported: 'c', line: 1 },
      { name: '*', from: './all', imported: '*', line: 2 },
      { name: 'ns', from: './ns', imported: '*', line: 3 },
      { name: 'T', from: './types', imported: 'T', line: 4, typeOnly: true },
      { name: 'U', from: './mixed', imported: 'U', line: 5, typeOnly: true },
      { name: 'W', from: './mixed', imported: 'V', line: 5 },
    ],
  },
  {
    name: 'local exports and declarations',
    text: [
      `const local = 1;`,
      `export { local as renamed, local };`,
      `export const a = 1, b = { x: [1, 2] }, { c, d: e } = obj;`,
      `export function f() {}`,
      `export async function g() {}`,
      `export class K extends Base {}`,
      `export abstract class A {}`,
      `export interface I { x: number }`,
      `export type Alias = string;`,
      `export enum E { A }`,
      `export const enum CE { A }`,
      `export declare const declared: number;`,
      `export function* gen() {}`,
    ].join('\n'),
    exports: [
      { name: 'renamed', local: 'local', line: 2 },
      { name: 'local', local: 'local', line: 2 },
      { name: 'a', local: 'a', line: 3 },
      { name: 'b', local: 'b', line: 3 },
      { name: 'c', local: 'c', line: 3 },
      { name: 'e', local: 'e', line: 3 },
      { name: 'f', local: 'f', line: 4 },
      { name: 'g', local: 'g', line: 5 },
      { name: 'K', local: 'K', line: 6 },
      { name: 'A', local: 'A', line: 7 },
      { name: 'I', local: 'I', line: 8, typeOnly: true },
      { name: 'Alias', local: 'Alias', line: 9, typeOnly: true },
      { name: 'E', local: 'E', line: 10 },
      { name: 'CE', local: 'CE', line: 11 },
      { name: 'declared', local: 'declared', line: 12 },
      { name: 'gen', local: 'gen', line: 13 },
    ],
  },
  {
    name: 'imports inside exported initializers',
    text: `export const load = () => import('./page');\nexport const dep = require('./dep'), other = 2;\n`,
    imports: [imp(1, './page', 'dynamic', [{ imported: '*', local: '' }]), imp(2, './dep', 'require', [{ imported: '*', local: 'dep' }], { namespaceMembers: [] })],
    exports: [
      { name: 'load', local: 'load', line: 1 },
      { name: 'dep', local: 'dep', line: 2 },
      { name: 'other', local: 'other', line: 2 },
    ],
  },
  {
    name: 'export default forms',
    text: `export default class Breaker {}\n`,
    exports: [{ name: 'default', local: 'Breaker', line: 1 }],
  },
  {
    name: 'export default of an identifier',
    text: `import { UnifiedRetry } from './unified';\nexport default UnifiedRetry;\n`,
    imports: [imp(1, './unified', 'static', [{ imported: 'UnifiedRetry', local: 'UnifiedRetry' }])],
    exports: [{ name: 'default', local: 'UnifiedRetry', line: 2 }],
  },
  {
    name: 'export default expression and anonymous function',
    text: `export default createRetry({ attempts: 3 });\n`,
    exports: [{ name: 'default', line: 1 }],
  },
  {
    name: 'export default anonymous function',
    text: `export default async function () {}\n`,
    exports: [{ name: 'default', line: 1 }],
  },
  {
    name: 'typescript export assignment',
    text: `class Retry {}\nexport = Retry;\n`,
    exports: [{ name: 'default', local: 'Retry', line: 2 }],
  },
  {
    name: 'typescript export assignment of an object',
    file: 'backoff.cts',
    text: `function expDelay() {}\nclass RetryingQueue {}\nexport = { expDelay, Queue: RetryingQueue, version: 2 };\n`,
    exports: [
      { name: 'expDelay', local: 'expDelay', line: 3 },
      { name: 'Queue', local: 'RetryingQueue', line: 3 },
      { name: 'version', line: 3 },
    ],
  },
  {
    name: 'commonjs require shapes',
    file: 'a.js',
    text: [
      `const Breaker = require('./breaker');`,
      `const { retry, backoff: delay } = require('./retry');`,
      `const Member = require('./member').Member;`,
      `require('./side-effect');`,
      `app.use(require('./routes'));`,
      `new Breaker.Inner();`,
    ].join('\n'),
    imports: [
      imp(1, './breaker', 'require', [{ imported: '*', local: 'Breaker' }], { namespaceMembers: ['Inner'] }),
      imp(2, './retry', 'require', [{ imported: 'retry', local: 'retry' }, { imported: 'backoff', local: 'delay' }]),
      imp(3, './member', 'require', [{ imported: 'Member', local: 'Member' }]),
      imp(4, './side-effect', 'require', []),
      imp(5, './routes', 'require', [{ imported: '*', local: '' }]),
    ],
  },
  {
    name: 'module.exports of a name, an object and a require',
    file: 'a.cjs',
    text: [
      `class RetryHandler {}`,
      `module.exports = RetryHandler;`,
      `module.exports = { RetryHandler, Alias: RetryHandler, make() {}, other: 1 + 2 };`,
      `exports.helper = function helper() {};`,
      `module.exports.Breaker = require('./breaker');`,
      `module.exports = require('./impl');`,
    ].join('\n'),
    exports: [
      { name: 'default', local: 'RetryHandler', line: 2 },
      { name: 'RetryHandler', local: 'RetryHandler', line: 3 },
      { name: 'Alias', local: 'RetryHandler', line: 3 },
      { name: 'make', line: 3 },
      { name: 'other', line: 3 },
      { name: 'helper', local: 'helper', line: 4 },
      { name: 'Breaker', from: './breaker', imported: 'default', line: 5 },
      { name: '*', from: './impl', imported: '*', line: 6 },
      { name: 'default', from: './impl', imported: 'default', line: 6 },
    ],
  },
  {
    name: 'commonjs edge shapes: call results, late member binds, object values',
    file: 'b.js',
    text: [
      `const queue = require('./queue')(worker);`,
      `let glob; glob = require('glob').sync;`,
      `module.exports = {`,
      `  SemVer: require('./semver'),`,
      `  kind: require('./symbols').kConstruct,`,
      `  10: 'ten',`,
      `  table() { return require('./table.json'); },`,
      `};`,
      `exports.Diff = Diff, exports.flag = true;`,
      `module.exports[key] = class Computed {};`,
    ].join('\n'),
    imports: [
      imp(1, './queue', 'require', [{ imported: '*', local: '' }]),
      imp(2, 'glob', 'require', [{ imported: 'sync', local: 'glob' }]),
      imp(7, './table.json', 'require', [{ imported: '*', local: '' }]),
    ],
    exports: [
      { name: 'SemVer', from: './semver', imported: 'default', line: 3 },
      { name: 'kind', from: './symbols', imported: 'kConstruct', line: 3 },
      { name: '10', line: 3 },
      { name: 'table', line: 3 },
      { name: 'Diff', local: 'Diff', line: 9 },
      { name: 'flag', line: 9 },
    ],
  },
  {
    name: 'dynamic imports: awaited, destructured, then(), unknown',
    text: [
      `async function load() {`,
      `  const m = await import('./lazy');`,
      `  m.Retry.run();`,
      `  const { Breaker, Config: C } = await import('./breaker');`,
      `  import('./then').then((mod) => mod.Factory);`,
      `  import('./then2').then(({ Thing }) => Thing);`,
      `  const page = lazy(() => import('./Page'));`,
      `  const x = (await import('./member')).Member;`,
      `}`,
    ].join('\n'),
    imports: [
      imp(2, './lazy', 'dynamic', [{ imported: '*', local: 'm' }], { namespaceMembers: ['Retry'] }),
      imp(4, './breaker', 'dynamic', [{ imported: 'Breaker', local: 'Breaker' }, { imported: 'Config', local: 'C' }]),
      imp(5, './then', 'dynamic', [{ imported: '*', local: 'mod' }], { namespaceMembers: ['Factory'] }),
      imp(6, './then2', 'dynamic', [{ imported: 'Thing', local: 'Thing' }]),
      imp(7, './Page', 'dynamic', [{ imported: '*', local: '' }]),
      imp(8, './member', 'dynamic', [{ imported: 'Member', local: 'Member' }]),
    ],
  },
  {
    name: 'keywords inside strings, comments, templates and regexes are not imports',
    text: [
      `const s = "import x from './no'";`,
      `// import y from './no2'`,
      `/* export * from './no3' */`,
      "const t = `${a ? `import z from './no4'` : ''} ${ {b: 1}.b }`;",
      `const r = /import\\('.\\/no5'\\)/g;`,
      `const q = a / b / c; import { real } from './yes';`,
      "const u = `} export const nope = 1; ${'{'}`;",
      `export const afterAll = 1;`,
    ].join('\n'),
    imports: [imp(6, './yes', 'static', [{ imported: 'real', local: 'real' }])],
    exports: [{ name: 'afterAll', local: 'afterAll', line: 8 }],
  },
  {
    name: 'JSX text with apostrophes and closing tags',
    file: 'view.tsx',
    text: [
      `import { Button } from './button';`,
      `export function View() {`,
      `  return <div className="a">Don't <b>panic</b> / it's fine</div>;`,
      `}`,
      `export const later = 1;`,
    ].join('\n'),
    imports: [imp(1, './button', 'static', [{ imported: 'Button', local: 'Button' }])],
    exports: [
      { name: 'View', local: 'View', line: 2 },
      { name: 'later', local: 'later', line: 5 },
    ],
  },
  {
    name: 'nested module declarations are not module exports',
    text: `declare module 'x' {\n  export const inner: number;\n}\nnamespace N { export const y = 1; }\nexport { N };\n`,
    exports: [{ name: 'N', local: 'N', line: 5 }],
  },
  {
    name: 'property named import or require is not a keyword',
    text: `loader.import('./x');\nobj.require('./y');\nconst o = { import: 1, export: 2 };\n`,
  },
];

describe('module facts: parser and lexer passes agree', () => {
  for (const c of cases) {
    const file = c.file ?? 'file.ts';
    const expected = { imports: c.imports ?? [], exports: c.exports ?? [] };
    it(`lexer: ${c.name}`, () => {
      expect(lexModuleFacts(c.text)).toEqual(expected);
    });
    it(`parser: ${c.name}`, () => {
      expect(astModuleFacts(parseSource(file, c.text))).toEqual(expected);
    });
  }
});

describe('lexer robustness', () => {
  it('survives unterminated strings, templates, comments and regexes', () => {
    for (const text of [`import a from './a'\nconst s = 'oops\nexport const b = 1;`, 'const t = `never closed ${', '/* open', 'x = /unclosed', `import {`]) {
      expect(() => lexModuleFacts(text)).not.toThrow();
    }
    const facts = lexModuleFacts(`import a from './a'\nconst s = 'oops\nexport const b = 1;`);
    expect(facts.imports.map((i) => i.specifier)).toEqual(['./a']);
    expect(facts.exports.map((e) => e.name)).toEqual(['b']);
  });

  it('returns nothing for text without module syntax', () => {
    expect(lexModuleFacts('const a = 1;\nfunction f() { return a / 2; }\n')).toEqual({ imports: [], exports: [] });
  });
});

describe('lineIndex', () => {
  const naive = (text: string, pos: number): number => text.slice(0, pos).split('\n').length;
  const texts = ['', 'one line', 'a\nb\n\nc\n', '\n\n\nx', 'import a from "a";\r\nexport const b = 1;\r\n// end'];
  for (const text of texts) {
    it(`gives every position its line, asked in any order: ${JSON.stringify(text)}`, () => {
      const positions = Array.from({ length: text.length + 1 }, (_, i) => i);
      // Forwards, backwards and leaping: the line starts are found lazily, so the order must not matter.
      for (const order of [positions, [...positions].reverse(), positions.map((_, i) => (i * 7) % positions.length)]) {
        const lines = lineIndex(text);
        expect(order.map((pos) => lines(pos))).toEqual(order.map((pos) => naive(text, pos)));
      }
    });
  }
});
