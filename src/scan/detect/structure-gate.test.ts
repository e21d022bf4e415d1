import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../rules/load-rules.js';
import type { RuleDefinition } from '../../rules/types.js';
import { repoRoot } from '../../test-utils/fixtures.js';
import { compileRules, parseText } from '../analyze/file-facts.js';
import { tokenize } from '../module-facts/tokenizer.js';
import { activeRuleIndexes, compileKeywordGate, keywordsMatch, type KeywordGate } from './keyword-gate.js';
import { compileStructureTest, mayReinvokeAfterFailure } from './structure-gate.js';

let definitions: RuleDefinition[];
let gate: KeywordGate;
let retry: number;

beforeAll(async () => {
  definitions = await loadBuiltinRules();
  gate = compileKeywordGate(definitions);
  retry = definitions.findIndex((definition) => definition.id === 'retry');
});

/** The rules whose keywords alone match (what the gate answered before the structure tests). */
function byKeywords(text: string): number[] {
  return gate.perRule.flatMap((keywords, index) => (keywordsMatch(keywords, text) ? [index] : []));
}

/** The retry findings of a text, analysed with every rule its keywords activate. */
function retryFindings(text: string, file = 'example.ts'): string[] {
  const facts = parseText(file, text, 'hash', compileRules(definitions), byKeywords(text));
  return facts.candidates.filter((candidate) => candidate.concept === 'retry').map((candidate) => candidate.symbol);
}

/** Retry structures the matcher accepts, reached only through error words (no retry, attempt or library name). */
const RETRIES: Record<string, string> = {
  'a loop that catches and goes round again': `
    export async function load(url: string) {
      for (let i = 0; i < 3; i++) {
        try { return await fetch(url); } catch (error) { console.log(error); }
      }
      throw new Error('gave up');
    }`,
  'a loop until the result is ok': `
    export async function load(url: string) {
      let res;
      for (let i = 0; i < 5; i++) {
        res = await fetch(url);
        if (res.ok) return res;
      }
      console.error('unavailable', res?.status);
    }`,
  'recursion from a catch block': `
    export async function load(url: string, left = 3): Promise<Response> {
      try {
        return await fetch(url);
      } catch (error) {
        if (left <= 0) throw error;
        return load(url, left - 1);
      }
    }`,
  'a method calling itself from a catch block': `
    export class Client {
      async send(body: string, left = 3): Promise<void> {
        try {
          await post(body);
        } catch (err) {
          if (left > 0) return this.send(body, left - 1);
          throw err;
        }
      }
    }
    declare function post(body: string): Promise<void>;`,
  'promise-chain recursion': `
    export function load(url: string, left: number): Promise<Response> {
      return fetch(url).catch((error) => (left > 0 ? load(url, left - 1) : Promise.reject(error)));
    }`,
  'the function itself as the continuation of a delay in a catch block': `
    export async function poll(left = 3): Promise<void> {
      try {
        await ping();
      } catch (error) {
        if (left > 0) return sleep(100).then(poll);
        throw error;
      }
    }
    declare function ping(): Promise<void>;
    declare function sleep(ms: number): Promise<void>;`,
  'setTimeout re-scheduling from an error callback': `
    export function send(message: string, left: number) {
      post(message, (err) => {
        if (err && left > 0) setTimeout(() => send(message, left - 1), 1000);
      });
    }
    declare function post(message: string, done: (err?: Error) => void): void;`,
  'reconnect from onclose': `
    export class Feed {
      private socket?: WebSocket;
      connect(url: string) {
        this.socket = new WebSocket(url);
        this.socket.onclose = () => setTimeout(() => this.connect(url), 1000);
      }
    }`,
  'reconnect from an error event': `
    export function open(url: string) {
      const socket = new WebSocket(url);
      socket.addEventListener('error', () => setTimeout(open, 500, url));
      return socket;
    }`,
  'a function handed to a close event by reference': `
    import { connect as dial } from 'node:net';
    export function open(port: number) {
      const socket = dial(port);
      socket.on('error', (error) => console.log(error));
      socket.on('close', open);
      return socket;
    }`,
  'the operation parameter run again by the failure handler': `
    export function withFallback<T>(operation: () => Promise<T>, delayMs: number): Promise<T> {
      return operation().catch(() => sleep(delayMs).then(operation));
    }
    declare function sleep(ms: number): Promise<void>;`,
  'an interceptor resending the failed request': `
    import axios from 'axios';
    const api = axios.create();
    api.interceptors.response.use((r) => r, (error) => {
      if (error.response?.status === 503) return api.request(error.config);
      return Promise.reject(error);
    });`,
  'a queue worker re-enqueuing with the next attempt number': `
    export async function work(job: { name: string; data: unknown; made: number; max: number }) {
      try {
        await handle(job.data);
      } catch (error) {
        const made = job.made + 1;
        if (made < job.max) await queue.add(job.name, job.data, { made });
      }
    }
    declare function handle(data: unknown): Promise<void>;
    declare const queue: { add(name: string, data: unknown, opts: object): Promise<void> };`,
  'a static method through its class': `
    export class Loader {
      static async get(url: string, left = 2): Promise<string> {
        try {
          return await (await fetch(url)).text();
        } catch (error) {
          if (left === 0) throw error;
          return Loader.get(url, left - 1);
        }
      }
    }`,
};

/** Texts with error words and no way to run anything again. */
const LOOK_ALIKES: Record<string, string> = {
  'a catch that logs and rethrows': `
    export async function load(url: string) {
      try { return await fetch(url); } catch (error) { console.error(error); throw error; }
    }`,
  'an interface method declared, then called from another class': `
    interface Store { get(id: string): Promise<string>; }
    export class Reader {
      constructor(private readonly store: Store) {}
      async read(id: string) {
        try { return await this.store.get(id); } catch (err) { return undefined; }
      }
    }`,
  'a call with a type argument and a comparison': `
    export async function check(items: string[]): Promise<boolean> {
      const count = items.length;
      try { return count < limit(); } catch (error) { return false; }
    }
    declare function limit(): number;`,
};

describe('structure gate', () => {
  it('is compiled for the retry rule, whose requirements all have a token-level precondition', () => {
    expect(gate.structure[retry]).toBeDefined();
    // A requirement without a precondition (here a `calls` signal) leaves the keywords alone to decide.
    expect(compileStructureTest({ keywords: ['x'], requires: { anyOf: ['c'] }, signals: [{ id: 'c', calls: 'fetch' }] })).toBeUndefined();
    // As does a name pattern a text test cannot stand for (anchored), in a rule that reports wrappers.
    expect(
      compileStructureTest({ keywords: ['x'], requires: { anyOf: ['m'] }, signals: [{ id: 'm', matcher: 're-invokes-after-failure' }, { id: 'n', name: '/^Retry$/' }] }),
    ).toBeUndefined();
  });

  for (const [what, text] of Object.entries(RETRIES)) {
    it(`keeps the retry rule on ${what}`, () => {
      expect(byKeywords(text)).toContain(retry);
      expect(retryFindings(text).length).toBeGreaterThan(0);
      expect(mayReinvokeAfterFailure(tokenize(text))).toBe(true);
      expect(activeRuleIndexes(text, gate)).toContain(retry);
    });
  }

  for (const [what, text] of Object.entries(LOOK_ALIKES)) {
    it(`drops the retry rule on ${what}`, () => {
      expect(byKeywords(text)).toContain(retry);
      expect(retryFindings(text)).toEqual([]);
      expect(activeRuleIndexes(text, gate)).not.toContain(retry);
    });
  }

  it('keeps a rule when an import signal it requires may hold, or a wrapper may be named like it', () => {
    const test = compileStructureTest({
      keywords: ['catch'],
      requires: { anyOf: ['loop', 'lib'] },
      signals: [
        { id: 'loop', matcher: 're-invokes-after-failure' },
        { id: 'lib', imports: { from: '^p-retry$' } },
        { id: 'name', name: 'retr(y|ies)|backoff' },
      ],
    })!;
    const plain = 'export function f() { try { g() } catch (e) { log(e) } }';
    expect(test(tokenize(plain))).toBe(false);
    expect(test(tokenize(`import pRetry from 'p-retry';\n${plain}`))).toBe(true);
    expect(test(tokenize(`${plain}\nexport const backoffDelay = f;`))).toBe(true);
  });

  it('never drops a rule that finds something: fixture files and rule examples analyse the same with and without the dropped rules', () => {
    const rules = compileRules(definitions);
    const texts: Array<[string, string]> = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules') continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.[cm]?[jt]sx?$/.test(name) && !name.endsWith('.d.ts')) texts.push([name, readFileSync(path, 'utf8')]);
      }
    };
    walk(join(repoRoot, 'fixtures'));
    for (const definition of definitions) {
      for (const example of [...(definition.examples?.invalid ?? []), ...(definition.examples?.valid ?? [])]) {
        texts.push(typeof example === 'string' ? ['example.ts', example] : [example.file ?? 'example.ts', example.code]);
      }
    }
    let dropped = 0;
    for (const [file, text] of texts) {
      const before = byKeywords(text);
      const after = activeRuleIndexes(text, gate);
      if (after.length === before.length) continue;
      dropped++;
      expect({ file, facts: parseText(file, text, 'hash', rules, after) }).toEqual({ file, facts: parseText(file, text, 'hash', rules, before) });
    }
    // Both kinds are in the table: texts the gate spares a rule on, and texts it keeps every rule on.
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(texts.length);
  });
});

describe('structure gate on text the tokenizer cannot read as code', () => {
  it('keeps the rule when JSX text or a stray quote may hide code from the tokens', () => {
    const plain = 'export function f() { try { g() } catch (e) { log(e) } }\n';
    expect(mayReinvokeAfterFailure(tokenize(plain))).toBe(false);
    expect(mayReinvokeAfterFailure(tokenize(`${plain}export const view = () => <p>Can't load</p>;\n`))).toBe(true);
    expect(mayReinvokeAfterFailure(tokenize(`${plain}const note = 'unterminated\n`))).toBe(true);
    expect(mayReinvokeAfterFailure(tokenize(`${plain}export function h() { if (x) { }\n`))).toBe(true);
  });
});
