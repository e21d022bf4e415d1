/**
 * The wrapper precondition against the full analysis: every way a tentative wrapper is reported keeps
 * the file for its rule, and look-alikes named like the concept (constants, members, locals, types,
 * error classes, values passed on) drop it. The full analysis decides each case, so a case that stops
 * saying what it claims fails too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePattern } from '../../../rules/pattern.js';
import { loadBuiltinRules } from '../../../rules/load-rules.js';
import type { RuleDefinition } from '../../../rules/types.js';
import { allowsJsx, tokenize } from '../../module-facts/tokenizer.js';
import { activeRuleIndexes, compileKeywordGate, type KeywordGate } from '../keyword-gate.js';
import { compileStructureTest, type StructureTest } from '../structure-gate.js';
import { type FullAnalysis, loadFullAnalysis } from '../test-utils/full-analysis.js';
import { mayHoldWrapperNamed } from './wrappers.js';

let full: FullAnalysis;
let gate: KeywordGate;
const byId = new Map<string, { index: number; wrapper: (tokens: ReturnType<typeof tokenize>) => boolean; structure: StructureTest }>();

beforeAll(async () => {
  full = await loadFullAnalysis();
  const definitions = await loadBuiltinRules();
  gate = compileKeywordGate(definitions);
  definitions.forEach((definition: RuleDefinition, index) => {
    const names = (definition.signals ?? []).flatMap((signal) => (signal.name !== undefined ? [compilePattern(signal.name)] : []));
    const excluded = (definition.exclude ?? []).flatMap((signal) => (signal.name !== undefined ? [compilePattern(signal.name)] : []));
    byId.set(definition.id, { index, wrapper: mayHoldWrapperNamed(names, excluded), structure: compileStructureTest(definition)! });
  });
});

const fileOf = (text: string): string => (/\b(require|exports)\b/.test(text) ? 'w.js' : 'w.ts');

/** Tentative retry wrappers the full analysis reports, one per way a unit delegates and is named. */
const WRAPPERS: Record<string, string> = {
  'a function whose body calls an imported helper': `import { withRetry } from './retry';
    export function fetchWithRetry(url: string) { return withRetry(() => fetch(url)); }`,
  "an arrow's body": `import { retry } from './core';
    export const retryFetch = (url: string) => retry(() => fetch(url), 3);`,
  'a variable holding the call': `import { withRetry } from './retry';
    export const retryingFetch = withRetry(fetch);`,
  'a call with type arguments, awaited': `import { retry } from './core';
    export async function retryLoad<T>(url: string) { return await retry<T>(() => load(url)); }`,
  'a method of a namespace import': `import retrying from './retrying';
    export const retryGet = (url: string) => retrying.get(url);`,
  'an instance whose method is called': `import { Retrier } from './retrier';
    export function retryRun(op: () => void) { return new Retrier({ tries: 3 }).run(op); }`,
  'a single call statement in parentheses, awaited': `import { withRetry } from './retry';
    export async function retryAll(ops: Array<() => void>) { await (withRetry(() => Promise.all(ops.map((op) => op())))); }`,
  'a variable after a type assertion': `import { withRetry } from './retry';
    export const retryingFetch = <typeof fetch>withRetry(fetch);`,
  'a class expression extending the target': `import { Retrier } from './retrier';
    export const ApiRetrier = class extends Retrier {};`,
  'a CommonJS module called through a member': `const retrying = require('./retrying');
    exports.retryGet = function (url) { return retrying.get(url); };`,
  'a typed variable holding the call': `import { withRetry } from './retry';
    export const retryingFetch: typeof fetch = withRetry(fetch);`,
  'a target destructured at the top level': `import * as lib from './lib';
    const { withRetry } = lib;
    export const retryFetch = (url: string) => withRetry(() => fetch(url));`,
  'a class extending an imported one': `import { RetryClient } from './client';
    export class ResilientApi extends RetryClient {}`,
  'a class extending a namespaced one': `import * as lib from './lib';
    import { Retrier } from './lib';
    export class ApiRetrier extends lib.Retrier {}`,
  'a class forwarding to the instance it holds': `import { Retrier } from './retrier';
    export class RetryingQueue { private inner = new Retrier(); run(op: () => void) { return this.inner.run(op); } }`,
  'a class whose decorator names the target': `import { Retryable } from './retryable';
    @Retryable({ tries: 3 })
    export class RetryingJobs {
      private inner!: Retryable;
      run(job: () => void) { return this.inner.run(job); }
    }`,
  'a CommonJS export': `const { retry } = require('./retry');
    exports.retryAll = function (ops) { return retry(() => Promise.all(ops.map((op) => op()))); };`,
  'a key of module.exports': `const backoffRetry = require('./backoff-retry');
    module.exports = { retryFetch(url) { return backoffRetry(() => fetch(url)); } };`,
  'a key of module.exports written with escapes': `const { retry } = require('./retry');
    module.exports = { 'r\\x65tryAll'(ops) { return retry(() => Promise.all(ops)); } };`,
  'a prototype class method forwarding to the same-named method': `var retry = require('./retry');
    function RetryQueue() {}
    RetryQueue.prototype.push = function (job) { return retry.push(job); };
    module.exports = RetryQueue;`,
  'a function in an immediately invoked function': `import { retry } from './core';
    (function () {
      function retryLater(op) { return retry(op); }
      window.retryLater = retryLater;
    })();`,
  'a function of a namespace named like its target': `import { retry } from './core';
    export namespace Net { export function retry(op: () => void) { return retry(op); } }`,
};

/** Files named like the concept where no wrapper can be: the full analysis reports no retry, the gate drops the rule. */
const LOOK_ALIKES: Record<string, string> = {
  'constants named like the concept': `exports.ER_LOCK_RETRY = 1213;
    exports.ER_XA_RETRY = 1614;
    exports.messages = { 1213: 'ER_LOCK_RETRY' };`,
  'a module-level value named like the concept': `export const maxRetries = 3;
    export const retryDelay = maxRetries * 100;`,
  'locals named like the concept inside a function': `export function load(items: string[]) {
      const attempt = (x: string) => run(x);
      const retries = items.map((x) => attempt(x));
      return retries;
    }`,
  'members named like the concept': `import { Retrier } from './retrier';
    export class Client { private retrier = new Retrier(); retryCount = 0; retryLater() { return this.retrier.retryLater(); } }`,
  'a type named like the concept in annotations': `import type { RetryPolicy } from './policy';
    export function validateRetryPolicy(obj: unknown): RetryPolicy { return obj as RetryPolicy; }`,
  'a unit that uses only its own name': `export function retryDelay(n: number): number { return n > 3 ? retryDelay(3) : n * 100; }`,
  'a value named like the concept passed on, not called': `import { retryPolicy } from './policy';
    export function retryWith(run: (p: unknown) => void) { return run(retryPolicy); }`,
  'an error class named like the concept': `import { retryable } from './policy';
    export class RetryError extends Error { constructor(m: string) { super(m); retryable(this); } }`,
  'an interface implemented': `import { Retrier } from './retrier';
    export class RetryingNothing implements Retrier { run() { return 1; } }`,
  'a function that only instantiates the target': `import { CircuitRetrier } from './retrier';
    export function retrier() { return new CircuitRetrier({ tries: 2 }); }`,
  'a function calling the target as a fallback': `import { withRetry } from './retry';
    export function retryLoad(url: string) { return cached(url) ?? withRetry(() => load(url)); }`,
  'a function that calls the target after another statement': `import { withRetry } from './retry';
    export async function retryLoad(url: string) { warn('deprecated'); return withRetry(() => load(url)); }`,
  'a top-level value called through a member': `const RETRYABLE_STATUSES = new Set([429, 503]);
    export function isRetryableStatus(status: number) { return RETRYABLE_STATUSES.has(status); }`,
  'a parameter named like the concept': `export function RetryBanner({ onRetryNow }: { onRetryNow: () => void }) { return () => onRetryNow(); }`,
  'a name bound inside another function': `export function setup() { const withRetry = make(); return withRetry; }
    export const retryFetch = (url: string) => withRetry(url);`,
  'a variable holding an instance': `import { Retrier } from './retrier';
    export const retrier = new Retrier();`,
  'a variable passing the target on': `import { withRetry } from './retry';
    export const retrying = wrap(withRetry);`,
  'an object literal passed to a call': `import { retry } from './core';
    configure({ retryLater() { return retry(); } });`,
};

describe('the retry rule on tentative wrappers', () => {
  for (const [what, text] of Object.entries(WRAPPERS)) {
    it(`keeps ${what}`, () => {
      const file = fileOf(text);
      const wrappers = full(text, file).filter((candidate) => candidate.concept === 'retry' && candidate.kind === 'wrapper');
      expect(wrappers.length, 'the full analysis reports a retry wrapper').toBeGreaterThan(0);
      const tokens = tokenize(text, false, allowsJsx(file));
      expect(byId.get('retry')!.wrapper(tokens)).toBe(true);
      expect(activeRuleIndexes(text, gate, tokens)).toContain(byId.get('retry')!.index);
    });
  }
});

describe('the retry rule on names that make no wrapper', () => {
  for (const [what, text] of Object.entries(LOOK_ALIKES)) {
    it(`drops ${what}`, () => {
      const file = fileOf(text);
      expect(full(text, file).filter((candidate) => candidate.concept === 'retry')).toEqual([]);
      const tokens = tokenize(text, false, allowsJsx(file));
      expect(byId.get('retry')!.wrapper(tokens)).toBe(false);
      expect(byId.get('retry')!.structure(tokens)).toBe(false);
    });
  }
});

describe('the wrapper precondition of the other rules', () => {
  // Backoff and breaker wrappers the full analysis reports, and look-alikes: their gates agree.
  const cases: Array<{ rule: string; text: string; kept: boolean }> = [
    { rule: 'backoff', text: `import { exponentialDelay } from './delays';\nexport const backoffFor = (n: number) => exponentialDelay(n);`, kept: true },
    { rule: 'backoff', text: `export function delay(ms: number) { return new Promise((r) => setTimeout(r, ms)); }\nexport const pause = () => delay(100);`, kept: false },
    { rule: 'circuit-breaker', text: `import { CircuitBreaker } from './breaker';\nexport class ApiBreaker extends CircuitBreaker {}`, kept: true },
    { rule: 'circuit-breaker', text: `import { AgentBreaker } from './breakers';\nexport const breakers: AgentBreaker[] = [new AgentBreaker('a')];`, kept: false },
    { rule: 'circuit-breaker', text: `export const breakerOptions = { timeout: 100 };\nexport const circuitName = 'api';`, kept: false },
  ];
  it.each(cases)('$rule: kept $kept for $text', ({ rule, text, kept }) => {
    const reported = full(text).some((candidate) => candidate.concept === rule && candidate.kind === 'wrapper');
    expect(reported).toBe(kept);
    expect(byId.get(rule)!.wrapper(tokenize(text, false, false))).toBe(kept);
  });
});

describe('text the wrapper precondition cannot read', () => {
  it('keeps the rule when a name is written with escapes, or a parent is given by util.inherits', () => {
    const wrapper = byId.get('retry')!.wrapper;
    expect(wrapper(tokenize("import { r\\u0065try } from './core';\nexport const retryFetch = (u) => retry(u);"))).toBe(true);
    expect(wrapper(tokenize("const util = require('util');\nconst Retrier = require('./retrier');\nfunction RetryQueue() {}\nutil.inherits(RetryQueue, Retrier);"))).toBe(true);
    expect(wrapper(tokenize("import { retry } from './core';\nexport const retryFetch = (u) => retry(u);\nconst broken = 'unterminated\n"))).toBe(true);
  });
});
