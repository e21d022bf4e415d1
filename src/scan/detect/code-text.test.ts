import { describe, expect, it } from 'vitest';
import { tokenize } from '../module-facts/tokenizer.js';
import { codeText, moduleClauseMarks } from './code-text.js';
import { declaredNames } from './gate-utils/names.js';

/** The words of the code text, for readable expectations. */
function codeWords(text: string, modules: RegExp[] = []): string {
  return codeText(tokenize(text), modules).split(/\s+/).filter(Boolean).join(' ');
}

describe('code text', () => {
  const cases: Array<[string, string, string]> = [
    ['comments go', 'const a = 1; // retry\n/* breaker */ const b = 2; /** doc */', 'const a = 1; const b = 2;'],
    ['import lists go, a library module name stays', "import Def, { a, type C } from 'opossum';", "import , { , type } from 'opossum';"],
    // A rule may know a renamed binding by the library's name for it (rxjs' `retryWhen`, used as `again`).
    ['a name a library exports under another name stays', "import { retryWhen as again } from 'rxjs';\nconst { retry: r } = require('async');", "import { retryWhen as } from 'rxjs'; const { retry: } = require('async');"],
    ['a renamed name from a project module goes', "import { retryWhen as again } from './rx';", 'import { as } from ;'],
    ['a project module name goes', "import { retry } from './retry';\nimport * as ns from '~/x/breaker';", 'import { } from ; import * as from ;'],
    ['re-exports go whole', "export * from './retry';\nexport { a, b as c } from 'lib';\nexport type { T } from './t';", 'export * from ; export { , as } from ; export type { } from ;'],
    ['a local export list goes', 'const retry = 1;\nexport { retry as default, retry };\nretry;', 'const retry = 1; export { as default, }; retry;'],
    ['CommonJS imports go', "const { a, b: c } = require('./retry');\nconst d = require('breaker-lib');\nconst e = f(require('./g'));", "const { , : } = require( ); const = require('breaker-lib'); const e = f(require('./g'));"],
    ['import-equals goes', "import legacy = require('./retry');", 'import = require( );'],
    ['code stays: strings, templates, regexes, dynamic imports', "const s = 'retry'; const t = `a${b}`; const r = /retry/g; await import('./retry');", "const s = 'retry'; const t = `a${b}`; const r = /retry/g; await import('./retry');"],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => expect(codeWords(text)).toBe(expected));
  }

  it('leaves out JSX text when the tokens read JSX', () => {
    const text = "export const B = () => <button onClick={retry}>Retry, don't wait</button>;";
    expect(codeText(tokenize(text, false, true)).includes('Retry')).toBe(false);
    expect(codeText(tokenize(text, false, true)).includes('onClick={retry}')).toBe(true);
    // Without JSX the tokens may miss code: the whole text counts.
    expect(codeText(tokenize(text))).toBe(text);
  });

  it('keeps a project module name that a rule recognises', () => {
    expect(codeWords("import { on } from '../lib/feature-flags';", [/feature-flags/])).toBe("import { } from '../lib/feature-flags';");
  });

  it('returns the text itself when nothing is left out, or when the tokens cannot be trusted', () => {
    const plain = 'const a = 1;\nexport function f() { return a; }\n';
    expect(codeText(tokenize(plain))).toBe(plain);
    for (const text of ["const s = 'it's'; // retry", 'const v = <p>a // retry</p>;', 'function f() { // retry\n']) {
      expect(codeText(tokenize(text))).toBe(text);
    }
  });

  it('leaves statements it cannot read plainly unmarked', () => {
    expect(moduleClauseMarks(tokenize('export const a = 1; export default retry; import.meta.url; x.import(a);'))).toBeUndefined();
  });
});

describe('declared names', () => {
  const names = (text: string): string[] => declaredNames(tokenize(text)).names.sort();
  const cases: Array<[string, string, string[]]> = [
    ['declarations', 'function a() {} class B {} interface C {} type D = 1; enum E { F, G = 1 } const h = 1, i = 2; let j; var k;', ['B', 'C', 'D', 'E', 'F', 'G', 'a', 'h', 'i', 'j', 'k']],
    ['members and fields', 'class A { b = 1; c: number; d?: string; e!: number; f() {} get g() { return 1; } #h = 2; i; constructor(private j: number) { this.k = 1; } }', ['#h', 'A', 'b', 'c', 'constructor', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']],
    ['keys and methods of objects', "const o = { a: 1, 'b-c': 2, d() {}, e, ['f']: 3 };", ['a', 'b-c', 'd', 'e', 'f', 'o']],
    ['CommonJS exports and prototypes', 'exports.a = 1; module.exports.b = 2; C.prototype.d = 3;', ['a', 'b', 'd']],
    ['not uses, calls or imports', "import { a } from './a'; const b = c; d(e); f.g(h); i.j; k = [l];", ['b', 'k']],
    // Generous where tokens cannot tell: a ternary's branches and keywords before a block may count.
    ['generous where tokens cannot tell', 'a ? b : c; if (d) {}', ['a', 'b', 'if']],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => expect(names(text)).toEqual(expected));
  }

  it('reads names written with escapes by their value, and tells which names it cannot read', () => {
    expect(names('const r\\u0065try = 1; const o = { \'b\\x61ckoff\': 1, "\\u{62}reaker"() {} };')).toEqual(['backoff', 'breaker', 'o', 'retry']);
    // A case label is a string before a colon: its escapes are no reason to give up.
    expect(declaredNames(tokenize("switch (c) { case '\\r': break; }")).unreadable).toBe(false);
    // A legacy octal escape the tokens do not resolve: any pattern may match.
    expect(declaredNames(tokenize("const o = { '\\162etry': 1 };")).unreadable).toBe(true);
    expect(declaredNames(tokenize('api.interceptors.response.use(ok, onError);')).chainNamed).toBe(true);
    expect(declaredNames(tokenize("api['interceptors'].response.use(ok, onError);")).chainNamed).toBe(true);
    const plain = declaredNames(tokenize('const a = 1; a.interceptorsList = [];'));
    expect([plain.unreadable, plain.chainNamed]).toEqual([false, false]);
  });
});
