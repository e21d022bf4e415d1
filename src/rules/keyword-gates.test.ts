/**
 * The keyword prefilters of the backoff and factory rules: every way the rule can reach its threshold
 * leaves a word in the text, so files that are still found must pass the prefilter (they are analysed
 * through it, as a scan does), and look-alikes without those words are not analysed for the rule.
 */
import { describe, expect, it } from 'vitest';
import { activeRuleIndexes } from '../scan/detect/analyze-file.js';
import { builtinRules, dedent, runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

async function activeRuleIds(code: string): Promise<string[]> {
  const { compiled } = await builtinRules();
  return activeRuleIndexes(dedent(code), compiled).map((index) => compiled.compiled[index]!.id);
}

function skippedFor(concept: string, cases: Array<{ name: string; code: string }>): void {
  for (const testCase of cases) {
    it(`does not run on: ${testCase.name}`, async () => {
      expect(await activeRuleIds(testCase.code)).not.toContain(concept);
    });
  }
}

describe('backoff prefilter: a growth needs a name word, jitter, or a cap with a backoff member', () => {
  const stillFound: DetectCase[] = [
    {
      name: 'exponential growth with jitter and no name word (random is the booster)',
      code: `
        export function nextWait(attempt: number) {
          const base = 100 * 2 ** attempt;
          return base + Math.random() * base;
        }
      `,
      expect: [{ symbol: 'nextWait', startLine: 1, endLine: 4 }],
    },
    {
      name: 'a capped growth in a class with next/reset members and no name word',
      code: `
        export class Schedule {
          private attempt = 0;
          next(): number { return Math.min(100 * 2 ** this.attempt++, 10_000); }
          reset(): void { this.attempt = 0; }
        }
      `,
      expect: [{ symbol: 'Schedule', startLine: 1, endLine: 5 }],
    },
    {
      name: 'a shifted growth named like a delay',
      code: `
        export function retryDelay(n: number) {
          return 50 << n;
        }
      `,
      expect: [{ symbol: 'retryDelay', startLine: 1, endLine: 3 }],
    },
    {
      name: 'a fibonacci sequence named so',
      code: `
        export function* fibonacciWaits(unit: number) {
          let a = unit, b = unit;
          for (;;) { yield a; [a, b] = [b, a + b]; }
        }
      `,
      expect: [{ symbol: 'fibonacciWaits' }],
    },
  ];
  runDetectTable('backoff', stillFound);

  skippedFor('backoff', [
    { name: 'a power without a delay word', code: 'export const power = (x: number, n: number) => x ** n;\n' },
    { name: 'a product with a "base" in geometry', code: 'export function area(width: number, base: number) { return (base * width) / 2; }\n' },
    { name: 'Math.min over a product, without backoff members', code: 'export function clampTotal(price: number, attempts: number) { return Math.min(price * attempts, 100); }\n' },
    { name: 'bit shifts in a hash', code: 'export function hash(s: string) { let h = 0; for (const c of s) h = (h << 5) - h + c.charCodeAt(0); return h; }\n' },
  ]);
});

describe('factory prefilter: a product built with new, and a factory or creator name (case-sensitive)', () => {
  const stillFound: DetectCase[] = [
    {
      name: 'a class named ...Factory',
      code: `
        import { ExecutionEngine } from './engine';
        export class EngineFactory { create(id: string) { return new ExecutionEngine(id); } }
      `,
      expect: [{ symbol: 'EngineFactory' }],
    },
    {
      name: 'a newX function',
      code: `
        import { Client } from './client';
        export function newClient(url: string) { return new Client(url); }
      `,
      expect: [{ symbol: 'newClient' }],
    },
    {
      name: 'a produceX function',
      code: `
        import { Report } from './report';
        export const produceReport = (rows: string[]) => new Report(rows);
      `,
      expect: [{ symbol: 'produceReport' }],
    },
    {
      name: 'a lowercase factory object',
      file: 'engines.js',
      code: `
        const { Engine } = require('./engine');
        const enginefactory = { make(id) { return new Engine(id); } };
        module.exports = { enginefactory };
      `,
      expect: [{ symbol: 'enginefactory' }],
    },
  ];
  runDetectTable('factory', stillFound);

  skippedFor('factory', [
    { name: 'Object.create next to a new', code: "import { User } from './user';\nexport function clone(u: User) { return Object.assign(Object.create(null), new User(u.id)); }\n" },
    { name: 'a mapper whose comment says it builds', code: "import { ViewModel } from './vm';\n// builds the view model\nexport function toViewModel(row: { id: string }) { return new ViewModel(row.id); }\n" },
    { name: 'a provider word with a new', code: "import { Store } from './store';\nexport const storeProvider = { value: new Store() };\n" },
  ]);
});

describe('circuit-breaker prefilter without breaker words: a failure count and a clock', () => {
  skippedFor('circuit-breaker', [
    { name: 'a cache reading the clock, counting nothing', code: 'export function fresh(at: number, ttl: number) { if (Date.now() - at > ttl) throw new Error("stale"); return true; }\n' },
    { name: 'a failure counter without a clock', code: 'export class Stats { failures = 0; record(ok: boolean) { if (!ok) this.failures++; } }\n' },
    { name: 'a request counter and a clock', code: 'export class Meter { hits = 0; since = Date.now(); hit() { this.hits++; } }\n' },
  ]);
});

describe('retry and retry-config prefilters for limits and checks named in other terms', () => {
  skippedFor('retry', [{ name: 'a while loop over a stream, no ok check', code: 'export async function drain(r: { read(): Promise<{ done: boolean }> }) { let c = await r.read(); while (!c.done) c = await r.read(); }\n' }]);
  skippedFor('retry-config', [{ name: 'recursive walk settings', code: 'export interface WalkOptions { recursive: boolean; maxDepth: number }\n' }]);
  skippedFor('backoff', [{ name: 'a capped product of a count that is not a try count', code: 'export function pages(total: number, size: number) { return Math.min(total * size, 1000); }\n' }]);
});
