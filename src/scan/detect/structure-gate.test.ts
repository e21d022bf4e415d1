import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../rules/load-rules.js';
import type { RuleDefinition } from '../../rules/types.js';
import { repoRoot } from '../../test-utils/fixtures.js';
import { compileRules, parseText } from '../analyze/file-facts.js';
import { allowsJsx, tokenize } from '../module-facts/tokenizer.js';
import { activeRuleIndexes, compileKeywordGate, keywordsMatch, type KeywordGate } from './keyword-gate.js';
import { mayGrowADelay } from './gate-utils/backoff.js';
import { mayComposeRetryAndBreaker, mayHoldFailureStateMachine } from './gate-utils/breaker.js';
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
  'a module that only uses an imported retry helper by reference': `
    import { fetchWithRetry } from './http';
    import type { RetryOptions } from './http';
    export const defaults: Partial<RetryOptions> = {};
    export const loaders = [fetchWithRetry];`,
  'a CommonJS module that requires a retry helper': `
    const { withRetry } = require('./retry');
    const legacyRetry = require('../legacy/retry');
    module.exports = { helpers: [withRetry, legacyRetry] };`,
  'generic arrows that share a parameter name': `
    export const groupBy = <T extends { id: string }>(items: readonly T[]): Map<string, T[]> => {
      const groups = new Map<string, T[]>();
      for (const item of items) groups.set(item.id, [...(groups.get(item.id) ?? []), item]);
      return groups;
    };
    export const countBy = <T extends { id: string }>(items: readonly T[]): number => items.length;
    export function log(error: unknown) { console.error(error); }`,
  'an options parameter and object keys named like a request field': `
    export function format(value: unknown, options: { locale?: string } = {}): string {
      const defaults = { config: 'none', request: false };
      try { return String(value) + JSON.stringify(defaults); } catch (error) { return options.locale ?? '-'; }
    }`,
  'an error handed to another call inside a rejection handler': `
    export function load(url: string) {
      return fetch(url).catch((error: unknown) => console.error(String(error)));
    }`,
};

describe('structure gate', () => {
  it('is compiled for the retry rule, whose requirements all have a token-level precondition', () => {
    expect(gate.structure[retry]).toBeDefined();
    // A requirement without a precondition (here a `calls` signal) leaves the keywords alone to decide.
    expect(compileStructureTest({ keywords: ['x'], requires: { anyOf: ['c'] }, signals: [{ id: 'c', calls: 'fetch' }] })).toBeUndefined();
    // Name patterns are tested on the names a file declares (a wrapper's and its target's): any pattern works, anchored ones too.
    const anchored = compileStructureTest({ keywords: ['x'], requires: { anyOf: ['m'] }, signals: [{ id: 'm', matcher: 're-invokes-after-failure' }, { id: 'n', name: '/^Retry/' }] })!;
    const plain = 'export function f() { try { g() } catch (e) { log(e) } }';
    expect(anchored(tokenize(`import { RetryCore } from './core';\n${plain}\nexport class Retry extends RetryCore {}`))).toBe(true);
    expect(anchored(tokenize(`import { RetryCore } from './core';\n${plain}\nexport class Queue extends RetryCore {}`))).toBe(false);
    expect(anchored(tokenize(`import { Retry } from './retry';\n${plain}\nexport const r = Retry;`))).toBe(false);
  });

  it('needs what each re-invocation form needs, not just its words', () => {
    const reinvokes = (code: string): boolean => mayReinvokeAfterFailure(tokenize(code, false, false));
    // The next attempt number is a field plus one; a bare name plus one moves on.
    expect(reinvokes('export function f(job) { try { run(job); } catch (e) { queue.add(job.data, { n: job.attempts + 1 }); } }')).toBe(true);
    expect(reinvokes('export function f(items) { let count = 0; for (const item of items) count = count + 1; return count; }')).toBe(false);
    // An rxjs operator name counts in a file that loads rxjs only.
    expect(reinvokes("import { retry } from 'rxjs';\nexport const r = (s) => s.pipe(retry({ delay: () => timer(1) }));")).toBe(true);
    expect(reinvokes('export const options = { retry: 3 };\nexport function f() { try { g(); } catch (e) { log(e); } }')).toBe(false);
    // A request field of a possible handler parameter, not of `this`.
    expect(reinvokes('export function load(client) { const onFailure = (error) => client.request(error.config); return client.get("/").catch(onFailure); }')).toBe(true);
    // ... read in a failure handler: not in a function of its own that no failure hands anything to.
    expect(reinvokes('export const describeFailure = (error) => send(error.config);')).toBe(false);
    expect(reinvokes('export class C { run() { try { return this.send(this.options); } catch (e) { log(e); } } }')).toBe(false);
    // A failure callback declared as a method (not called) that hands itself on with a stored request;
    // one that only reports does not.
    expect(reinvokes('export class H { onError(err) { setTimeout(() => this.dispatch(this.opts, this), 10); } }')).toBe(true);
    expect(reinvokes('export class H { onError(err) { log(err); } }')).toBe(false);
    expect(reinvokes('export class H { run() { this.onError(new Error("x")); } }')).toBe(false);
    // A method runs itself through `this`, not through another object or by a bare name of something else.
    expect(reinvokes('export class C { attempt() { try { return go(); } catch (e) { return this.attempt(); } } }')).toBe(true);
    expect(reinvokes('export class C { spawn() { try { return other.spawn(); } catch (e) { log(e); } } }')).toBe(false);
    expect(reinvokes("import { spawn } from 'node:child_process';\nexport class C { spawn() { try { return spawn('x'); } catch (e) { log(e); } } }")).toBe(false);
    // Neither `new X()`, a `catch (e)` clause, a type annotation nor an optional member read runs anything.
    expect(reinvokes('export function f(e: Err) { try { return new Err(); } catch (e) { log(e?.message); } }')).toBe(false);
    // A parameter runs again only after it ran once: invoked twice.
    expect(reinvokes('export function f(op) { return op().catch(() => op()); }')).toBe(true);
    expect(reinvokes('export function f(op) { try { return op(); } catch (e) { log(e); } }')).toBe(false);
  });

  it('reads a request field as a resending handler does: a member or a destructured key', () => {
    const handler = (body: string) => `export function load(client) { return client.get('/').catch(function (error) { ${body} }); }`;
    expect(mayReinvokeAfterFailure(tokenize(handler('const { config } = error; return send(config);')))).toBe(true);
    expect(mayReinvokeAfterFailure(tokenize(handler('return send(error.config);')))).toBe(true);
    expect(mayReinvokeAfterFailure(tokenize(handler("return send(error['config']);")))).toBe(true);
    expect(mayReinvokeAfterFailure(tokenize('export function format(options) { const settings = { config: 1, request: 2 }; return log(options, settings); }'))).toBe(false);
  });

  it('keeps the breaker rules where a state machine or a composition may be, and only there', () => {
    const named = `export class Gate {
      private state: 'open' | 'closed' = 'closed';
      private failures = 0;
      async call<T>(op: () => Promise<T>) {
        if (this.state === 'open') throw new Error('unavailable');
        try { return await op(); } catch (e) { if (++this.failures > 3) this.state = 'open'; throw e; }
      }
    }`;
    const implicit = `export class Gate {
      private misses = 0; private until = 0;
      async call<T>(op: () => Promise<T>) {
        if (this.misses > 3 && Date.now() < this.until) throw new Error('busy');
        try { const r = await op(); this.misses = 0; return r; } catch { this.misses++; this.until = Date.now() + 1000; throw new Error('failed'); }
      }
    }`;
    const consumer = "import { CircuitBreaker } from './breaker';\nexport const breakers = [CircuitBreaker];\nexport function format(e: Error) { return e.message; }";
    for (const text of [named, implicit]) expect(mayHoldFailureStateMachine(tokenize(text))).toBe(true);
    expect(mayHoldFailureStateMachine(tokenize(consumer), 'export const breakers = [CircuitBreaker]; export function format(e: Error) { return e.message; }')).toBe(false);
    const composing = "import { retry } from './retry';\nimport { CircuitBreaker } from './breaker';\nexport class Manager { run(op) { return retry(() => new CircuitBreaker().fire(op)); } }";
    const library = "import pRetry from 'p-retry';\nimport Brake from 'opossum';\nexport class Manager { run(op) { return pRetry(() => new Brake(op).fire()); } }";
    expect(mayComposeRetryAndBreaker(tokenize(composing))).toBe(true);
    expect(mayComposeRetryAndBreaker(tokenize(library), 'export class Manager { run(op) { return pRetry(() => new Brake(op).fire()); } }')).toBe(true);
    expect(mayComposeRetryAndBreaker(tokenize(consumer), 'export const breakers = [CircuitBreaker];')).toBe(false);
  });

  it('keeps the backoff rule where a delay may grow: products, powers, shifts, pow, fibonacci', () => {
    const growing = [
      'const d = base * 2 ** attempt;',
      'delay *= factor;',
      'const d = 100 << n;',
      'const d = Math.pow(2, attempt);',
      '[this.a, this.b] = [this.b, this.a + this.b];',
      'for (;;) { const next = previous + current; previous = current; current = next; }',
      'const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));',
    ];
    for (const code of growing) expect(mayGrowADelay(tokenize(code)), code).toBe(true);
    const flat = ["import * as backoff from './backoff';", 'export function* delays() { yield* [100, 200]; }', 'const total = a + b; // a * b'];
    for (const code of flat) expect(mayGrowADelay(tokenize(code), code.replace(/\/\/.*$/, '')), code).toBe(false);
  });

  it('keeps the backoff rule where a growth may reach its cut: with jitter, a name, the library, or a capped delay and a backoff member', () => {
    const backoff = definitions.findIndex((definition) => definition.id === 'backoff');
    const test = gate.structure[backoff]!;
    const backoffFindings = (text: string): number => parseText('pause.ts', text, 'hash', compileRules(definitions), [backoff]).candidates.filter((c) => c.concept === 'backoff').length;
    // Each reported: the growth (0.45) with jitter (0.2), or with a cap (0.15) and a backoff member (0.15).
    const reported = [
      'export function pause(attempt: number) { return 100 * 2 ** attempt + Math.random() * 50; }',
      'export class Pacer { private waitMs = 100; reset() { this.waitMs = 100; } next(): number { this.waitMs = Math.min(this.waitMs * 2, 10_000); return this.waitMs; } }',
    ];
    for (const code of reported) {
      expect(backoffFindings(code), code).toBe(1);
      expect(test(tokenize(code)), code).toBe(true);
    }
    // A growth alone stays under the cut: a product of an hour count and an unrelated Math.min, a shift
    // beside a member named next, a power beside a min over no delay.
    const underCut = [
      'export function addHours(date: Date, amount: number) { return add(date, amount * millisecondsInHour); }\nexport function clamp(day: number, daysInMonth: number) { return Math.min(day, daysInMonth); }\nexport const iter = { next() { return 1; } };',
      'export function nextPowerOfTwo(value: number) { return 1 << (31 - Math.clz32(value) + 1); }\nexport class Queue { next() { return this.items.shift(); } }',
      'export function scale(amount: number) { return amount * stepMs; }\nexport const limit = z.number().min(timeoutMs * 2);\nexport const cursor = { reset() { return 0; } };',
    ];
    for (const code of underCut) {
      expect(backoffFindings(code), code).toBe(0);
      expect(mayGrowADelay(tokenize(code)), code).toBe(true);
      expect(test(tokenize(code)), code).toBe(false);
    }
  });

  it('gates config types by their required fields: a declared field must match each required field pattern', () => {
    const test = compileStructureTest({
      keywords: ['retr'],
      kind: 'config-type',
      requires: { allOf: ['shape', 'count'] },
      signals: [
        { id: 'shape', matcher: 'data-shape' },
        { id: 'count', fields: { pattern: '^(max)?(retries|attempts)$' } },
      ],
    })!;
    const declaring = [
      'export interface Options { maxRetries: number; delay: number }',
      'export type Options = { readonly attempts?: number }',
      'export class Options { retries = 3; delay = 10 }',
      'export class Options { constructor(private readonly attempts: number) {} }',
      'export class Options { constructor() { this.retries = 3; } }',
      "export const Options = z.object({ 'maxAttempts': z.number() });",
      'export const Options = { retries };',
      'export class Options { #retries = 3 }',
    ];
    for (const text of declaring) expect(test(tokenize(text)), text).toBe(true);
    const using = [
      "import { maxRetries } from './defaults';\nexport const limit = maxRetries;",
      'export function run(n: number) { return retry(n, defaults.retries); }',
      '// retries: 3\nexport const x = 1;',
    ];
    for (const text of using) expect(test(tokenize(text)), text).toBe(false);
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
    const rule = (libraryWeight: number) => compileStructureTest({
      keywords: ['catch'],
      requires: { anyOf: ['loop', 'lib'] },
      signals: [
        { id: 'loop', matcher: 're-invokes-after-failure' },
        { id: 'lib', imports: { from: '^p-retry$' }, weight: libraryWeight },
        { id: 'name', name: 'retr(y|ies)|backoff' },
      ],
    })!;
    const test = rule(0.6);
    const plain = 'export function f() { try { g() } catch (e) { log(e) } }';
    expect(test(tokenize(plain))).toBe(false);
    expect(test(tokenize(`import pRetry from 'p-retry';\n${plain}`))).toBe(true);
    // A wrapper forwards to another declaration named like the concept; a name given to a value is none.
    expect(test(tokenize(`import { retry } from './retry';\n${plain}\nexport const backoffDelay = () => retry(f);`))).toBe(true);
    expect(test(tokenize(`${plain}\nexport const backoffDelay = f;`))).toBe(false);
    // A string that names no module (`'p-retry'` as a test's title) is no import.
    expect(test(tokenize(`${plain}\ndescribe('p-retry', () => f());`))).toBe(false);
    expect(test(tokenize(`${plain}\nconst pRetry = require('p-retry');`))).toBe(true);
    expect(test(tokenize(`${plain}\nexport const load = async () => (await import('p-retry')).default(f);`))).toBe(true);
    // An import too weak to reach the cut (0.3 against 0.5) needs a re-invocation or a name beside it.
    expect(rule(0.3)(tokenize(`import pRetry from 'p-retry';\n${plain}`))).toBe(false);
  });

  it('keeps a rule for a name only when a wrapper so named could reach its cut', () => {
    const definition = (threshold: number): RuleDefinition =>
      ({
        id: 'manager',
        kind: 'implementation',
        keywords: ['manager'],
        threshold,
        requires: { anyOf: ['loop'] },
        signals: [
          { id: 'loop', matcher: 're-invokes-after-failure', weight: 0.6 },
          { id: 'name', name: 'manager', weight: 0.25 },
          { id: 'members', members: { pattern: '^execute' }, weight: 0.15 },
        ],
      }) as RuleDefinition;
    const rule = (threshold: number) => compileStructureTest(definition(threshold))!;
    const named = "import { JobManager } from './jobs';\nexport class QueueManager extends JobManager { run(job) { try { job() } catch (e) { log(e) } } }";
    // Every identity signal firing: 0.36, so a wrapper scores 1 - 0.64 * 0.6 = 0.62.
    expect(rule(0.6)(tokenize(named))).toBe(true);
    expect(rule(0.75)(tokenize(named))).toBe(false);
    // The full analysis agrees: a wrapper with its name alone (0.25, so 0.55) is reported under a low cut only.
    const wrapper = "import { JobManager } from './jobs';\nexport class QueueManager extends JobManager {}\n";
    const found = (threshold: number) => parseText('q.ts', wrapper, 'h', compileRules([definition(threshold)]), [0]).candidates.map((c) => `${c.symbol}:${c.kind}`);
    expect(found(0.55)).toEqual(['QueueManager:wrapper']);
    expect(rule(0.55)(tokenize(wrapper))).toBe(true);
    expect(found(0.75)).toEqual([]);
    expect(rule(0.75)(tokenize(wrapper))).toBe(false);
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

describe('structure gate on JSX read as JSX', () => {
  const component = `
    export function Panel({ onSelect }: { onSelect: (id: string) => void }) {
      const [error, setError] = useState<string | null>(null);
      useEffect(() => { fetch('/api').catch((e: unknown) => setError(String(e))); }, []);
      return <p onClick={() => onSelect('a')}>Don't retry // here: {error}</p>;
    }`;
  it('reads a component whose text holds quotes and slashes, and drops the retry rule on it', () => {
    const tokens = tokenize(component, false, allowsJsx('panel.tsx'));
    expect(tokens.mayHideCode()).toBe(false);
    expect(mayReinvokeAfterFailure(tokens)).toBe(false);
    // Read without JSX, the same text may hide code: the gate keeps the rule.
    expect(mayReinvokeAfterFailure(tokenize(component))).toBe(true);
  });

  it('keeps the retry rule on a component that retries', () => {
    const retrying = `${component}
    export function useLoad(load: () => Promise<void>) {
      useEffect(() => { load().catch(() => setTimeout(load, 1000)); }, []);
      return <span>loading</span>;
    }`;
    expect(mayReinvokeAfterFailure(tokenize(retrying, false, true))).toBe(true);
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
