import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTree } from '../../bench/generate-tree.js';
import { scriptKindFor, ts } from '../../parser/ts.js';
import { tokenList } from './test-utils/token-kinds.js';
import { compareWithCompiler, withTrickyJsxText } from './test-utils/token-oracle.js';
import { allowsJsx, TokenKind, tokenize } from './tokenizer.js';

/** Kinds and texts of every token of a JSX text: `I:div`, `P:<`, `X:text` for JSX text. */
function jsxTokens(text: string): string[] {
  return tokenList(tokenize(text, true, true));
}

/** Valid TSX/JSX/TS texts the tokenizer must read exactly as the compiler does (name: [file, text]). */
const VALID: Record<string, [string, string]> = {
  'apostrophes, // and /* in JSX text': ['a.tsx', "const a = <p>Don't retry // here, it's /* fine</p>;\nconst b = 'after';"],
  'braces and comments in containers': ['a.tsx', "const a = <p>{'}'}{\"{\"}{/* comment */}{// line\n}{`}${'{'}`}</p>;"],
  'nested ternaries of JSX': ['a.tsx', 'const a = x ? <A /> : y ? <B>b</B> : <>{z ? <C c={1} /> : null}</>;'],
  'arrow functions in attributes': [
    'a.tsx',
    'const a = <button onClick={() => setCount((c) => c + 1)} render={(item: Item) => <li key={item.id}>{item.label}</li>}>Retry</button>;',
  ],
  'JSX in a map callback and a template literal': ['a.tsx', 'const a = <ul>{items.map((i) => <li className={`item-${i.kind}`}>{i.name}</li>)}</ul>;'],
  'generic arrows and type arguments in .tsx': [
    'a.tsx',
    [
      'const id = <T,>(x: T) => x;',
      'const keep = <T extends unknown>(x: T): T => x;',
      'const fixed = <const T,>(x: T) => x;',
      'const [s, setS] = useState<string | null>(null);',
      'const m = new Map<string, Array<number>>();',
      'type F = <T>(x: T) => T;',
      'function f<T>(x: T): Array<T> { return [x]; }',
    ].join('\n'),
  ],
  'comparisons, shifts and postfix operators': [
    'a.tsx',
    'if (a < b && c > d) x = y < z > w;\nfor (let i = 0; i++ < n;) {}\nconst k = (h << 5) + h, j = a! < b;\nm <<= 1;\nif (options.default < limit || x.in! < y) {}',
  ],
  'regexes in containers': ['a.tsx', "const a = <p title={/a<b>/.test(s) ? 'y' : 'n'}>{s.replace(/<\\/?b>/g, '')}</p>;"],
  'attribute strings without escapes': ['a.tsx', 'const a = <a title="C:\\dir\\" alt=\'say "hi"\' data-x="multi\nline" />;'],
  'fragments, self-closing, namespaced and member names, entities, spreads': [
    'a.tsx',
    'const a = <><svg:rect xlink:href="#a" /><Foo.Bar.Baz {...props} {...{ a: 1 }}>&nbsp;&amp; x</Foo.Bar.Baz><br/></>;',
  ],
  'type arguments on a tag': ['a.tsx', 'const a = <Select<Option> value={v} onChange={(o: Option) => set(o)} />;'],
  'comments inside tags': ['a.tsx', 'const a = <div /* c */ a="1" // line\n b>{x}</div>;'],
  'JSX after keywords, colons and commas': [
    'a.tsx',
    'export default function A() {\n  switch (k) { case 1: return <a />; default: return <b />; }\n}\nconst icons = { retry: <Icon name="retry" />, list: [<i key="1" />, <i key="2" />] };',
  ],
  'JSX in a .jsx file': ['a.jsx', "export const A = ({ items }) => (\n  <ul>\n    {items.map((i) => <li key={i}>Don't {i}</li>)}\n  </ul>\n);"],
  'JSX in a .js file': ['a.js', "export function A() { return <p className='x'>it's {1 < 2 ? 'yes' : 'no'}</p>; }"],
  'type assertions in a .ts file': ['a.ts', 'const a = <string>x;\nconst b = <Array<number>>(<unknown>y);\nif (a < b) {}'],
};

describe('tokenize with JSX', () => {
  for (const [name, [file, text]] of Object.entries(VALID)) {
    it(`reads what the compiler reads: ${name}`, () => {
      const report = compareWithCompiler(file, text);
      expect(report.syntaxErrors).toBe(0);
      expect(report.mismatches).toEqual([]);
      expect(report.faithful).toBe(true);
      expect(report.identifiers).toBeGreaterThan(0);
    });
  }

  it('gives tag and attribute names as identifiers and the text between tags as one JsxText token', () => {
    expect(jsxTokens('x = <b aria-label="it\'s">Don\'t retry {n}</b>')).toEqual([
      'I:x', 'P:=', 'P:<', 'I:b', 'I:aria-label', 'P:=', 'S:"it\'s"', 'P:>', "X:Don't retry ", 'P:{', 'I:n', 'P:}', 'P:<', 'P:/', 'I:b', 'P:>',
    ]);
    // White space alone between tags gives no token; depth counts the container's brace.
    const t = tokenize('<a>\n  <b>{c}</b>\n</a>', true, true);
    expect(Array.from({ length: t.count }, (_, i) => t.kind[i]).includes(TokenKind.JsxText)).toBe(false);
    const c = Array.from({ length: t.count }, (_, i) => i).find((i) => t.is(i, 'c'))!;
    expect(t.depth[c]).toBe(1);
    expect(t.newlineBefore[t.count - 4]).toBe(1);
  });

  it('does not note JSX names as module words', () => {
    const t = tokenize('<Field module="x" exports={1} require />', true, true);
    expect(t.moduleWordCount).toBe(0);
    expect(t.faithful).toBe(true);
    expect(tokenize('<p>{require("x")}</p>', true, true).moduleWordCount).toBe(1);
  });

  it('reads code without JSX the same with and without JSX enabled', () => {
    const text = 'import { a } from "./a";\nconst x = f<T>(a) < b ? c >> 2 : /re/g.test(s) && `t${u}`;\nexport default x;';
    const plain = tokenize(text, true);
    const jsx = tokenize(text, true, true);
    expect(Array.from(jsx.kind.subarray(0, jsx.count))).toEqual(Array.from(plain.kind.subarray(0, plain.count)));
    expect(Array.from(jsx.start.subarray(0, jsx.count))).toEqual(Array.from(plain.start.subarray(0, plain.count)));
    expect(Array.from(jsx.moduleWords.subarray(0, jsx.moduleWordCount))).toEqual(Array.from(plain.moduleWords.subarray(0, plain.moduleWordCount)));
  });

  it('is not faithful on JSX it cannot read for sure, and reads the rest as code', () => {
    for (const text of [
      'const a = <div>never closed',
      'const a = <div>{open',
      'const a = <a>text</b>;',
      'const a = <a b=c />;',
      'const a = <p>a > b</p>;',
      'if (a) {}\n<div />;',
      'x = a </b/;',
    ]) {
      expect({ text, faithful: tokenize(text, true, true).faithful }).toEqual({ text, faithful: false });
    }
    // A generic function type after a colon reads as an element first; taken back, its tokens are the compiler's.
    const report = compareWithCompiler('a.tsx', 'interface I {\n  f: <T>(x: T) => T;\n  g: string;\n}\nexport const retry = 1;');
    expect(report.syntaxErrors).toBe(0);
    expect(report.faithful).toBe(false);
    expect(report.mismatches).toEqual([]);
  });

  it('starts each text faithful', () => {
    expect(tokenize('<a>', false, true).faithful).toBe(false);
    expect(tokenize('<a />', false, true).faithful).toBe(true);
  });

  it('enables JSX for the files the compiler parses with JSX', () => {
    for (const name of ['a.tsx', 'a.jsx', 'a.js', 'a.mjs', 'a.cjs', 'a.ts', 'a.mts', 'a.cts', 'a.d.ts', 'A.TSX', 'a.json']) {
      const kind = scriptKindFor(name);
      const compilerJsx = kind === ts.ScriptKind.TSX || kind === ts.ScriptKind.JSX || kind === ts.ScriptKind.JS;
      expect({ name, jsx: allowsJsx(name) }).toEqual({ name, jsx: compilerJsx });
    }
  });

  it('reads every component and script of a generated tree as the compiler does, also with quotes and comment openers in its JSX text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssot-tokenizer-jsx-'));
    try {
      await generateTree(dir, { files: 400, seed: 5 });
      const files = (await readdir(dir, { recursive: true })).filter((f) => allowsJsx(f));
      expect(files.some((f) => f.endsWith('.tsx'))).toBe(true);
      let checked = 0;
      let changed = 0;
      for (const file of files) {
        const text = await readFile(join(dir, file), 'utf8');
        // As written, and with its JSX text and attribute strings full of quotes and comment openers.
        const tricky = withTrickyJsxText(file, text);
        if (tricky !== text) changed++;
        for (const variant of [text, tricky]) {
          const report = compareWithCompiler(file, variant);
          expect({ file, syntaxErrors: report.syntaxErrors, faithful: report.faithful, mismatches: report.mismatches }).toEqual({
            file,
            syntaxErrors: 0,
            faithful: true,
            mismatches: [],
          });
        }
        checked++;
      }
      expect(checked).toBe(files.length);
      expect(changed).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
