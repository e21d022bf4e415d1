import { describe, expect, it } from 'vitest';
import type { RuleDefinition } from '../../rules/types.js';
import { activeRuleIndexes, analyzeFile, compileRules, mayHoldFinding } from './analyze-file.js';
import { analyzeSnippet, builtinRules, dedent } from './test-utils/detect.js';
import { parseSource } from '../../parser/ts.js';

const baseAgent = dedent(`
  import { ReliabilityManager } from '../base/reliability-manager';
  import { getReliabilityWrapper } from '../../core/reliability';

  export class BaseAgent {
    private helper = createHelper();
    private cache = new Map<string, string>();
    private _reliabilityManager: ReliabilityManager;
    private _legacyReliability;

    constructor(readonly name: string) {
      this._reliabilityManager = new ReliabilityManager({ threshold: 5 }, { retries: 3 });
    }

    init() {
      this._legacyReliability = getReliabilityWrapper(this.name, {}, {});
    }
  }

  function createHelper() {
    return { ok: true };
  }
`);

describe('analyzeFile: linker facts', () => {
  it('records holders from constructor assignments, other methods and property initialisers', async () => {
    const { compiled } = await builtinRules();
    const { holders } = analyzeSnippet(baseAgent, compiled, 'agents/base-agent.ts');
    expect(holders).toEqual([
      { class: 'BaseAgent', classStartLine: 4, classEndLine: 17, member: 'helper', line: 5, target: 'createHelper', via: 'call' },
      { class: 'BaseAgent', classStartLine: 4, classEndLine: 17, member: '_reliabilityManager', line: 11, target: 'ReliabilityManager', via: 'new' },
      { class: 'BaseAgent', classStartLine: 4, classEndLine: 17, member: '_legacyReliability', line: 15, target: 'getReliabilityWrapper', via: 'call' },
    ]);
  });

  it('records producers: direct new, local variable, get-or-create registry, exported arrow consts', async () => {
    const { compiled } = await builtinRules();
    const code = dedent(`
      import { AgentReliabilityWrapper } from './wrapper';
      import * as engines from './engines';
      const registry = new Map<string, AgentReliabilityWrapper>();
      class Local {}
      export function getReliabilityWrapper(name: string) {
        if (!registry.has(name)) registry.set(name, new AgentReliabilityWrapper(name));
        return registry.get(name)!;
      }
      export const makeLocal = () => new Local();
      export function viaVariable() { const l = new Local(); return l; }
      export function cached() { let w = cache; if (!w) { w = new AgentReliabilityWrapper('x'); cache = w; } return w; }
      let cache: AgentReliabilityWrapper | undefined;
      export function builtins() { return new Map(); }
      export function namespaced() { return new engines.Engine(); }
    `);
    const { producers } = analyzeSnippet(code, compiled);
    expect(producers).toEqual([
      { name: 'getReliabilityWrapper', returns: 'AgentReliabilityWrapper' },
      { name: 'makeLocal', returns: 'Local' },
      { name: 'viaVariable', returns: 'Local' },
      { name: 'cached', returns: 'AgentReliabilityWrapper' },
    ]);
  });

  it('records holders of prototype-based classes and producers exported the CommonJS way', async () => {
    const { compiled } = await builtinRules();
    const code = dedent(`
      const { Breaker } = require('./breaker');
      const { getRetrier } = require('./retrier');
      function Agent(name) {
        this.name = name;
        this.breaker = new Breaker(name);
      }
      Agent.prototype.init = function () {
        this.retrier = getRetrier(this.name);
      };
      exports.createBreaker = function (name) { return new Breaker(name); };
      module.exports.Agent = Agent;
    `);
    expect(mayHoldFinding(code, compiled)).toBe(true);
    const { holders, producers } = analyzeSnippet(code, compiled, 'agent.js');
    expect(holders.map((h) => [h.class, h.member, h.target, h.via, h.classStartLine, h.classEndLine])).toEqual([
      ['Agent', 'breaker', 'Breaker', 'new', 3, 9],
      ['Agent', 'retrier', 'getRetrier', 'call', 3, 9],
    ]);
    expect(producers).toEqual([{ name: 'createBreaker', returns: 'Breaker' }]);
  });

  it('lists top-level names used elsewhere in the file, not by their own declaration or exports', async () => {
    const { compiled } = await builtinRules();
    const code = dedent(`
      function helper() { return 1; }
      function recursive(n: number): number { return n ? recursive(n - 1) : 0; }
      function onlyExported() {}
      interface Shape { a: number }
      const value: Shape = { a: helper() };
      export { onlyExported, value };
      module.exports.value = value;
    `);
    expect(analyzeSnippet(code, compiled).localUses).toEqual(['Shape', 'helper']);
  });
});

describe('analyzeFile: candidates', () => {
  it('fills delegatesTo, ownLogic, features, fingerprint and shape', async () => {
    const { compiled } = await builtinRules();
    const code = dedent(`
      import { EventEmitter } from 'node:events';
      import { sleep } from './sleep';
      export interface Opts { maxRetries: number; baseDelay: number }
      export class RetryManager extends EventEmitter {
        constructor(private readonly config: Opts) { super(); }
        async execute<T>(fn: () => Promise<T>): Promise<T> {
          for (let i = 0; ; i++) {
            try {
              return await fn();
            } catch (e) {
              if (i >= this.config.maxRetries) throw e;
              this.emit('retry', i);
              this.options?.onRetry?.(e);
              await sleep(this.config.baseDelay);
            }
          }
        }
        private options?: { onRetry?(e: unknown): void };
      }
    `);
    const [candidate] = analyzeSnippet(code, compiled).candidates.filter((c) => c.concept === 'retry');
    expect(candidate).toMatchObject({
      kind: 'implementation',
      symbol: 'RetryManager',
      localName: 'RetryManager',
      startLine: 4,
      endLine: 19,
      ownLogic: true,
      delegatesTo: ['EventEmitter', 'sleep'],
      features: { members: ['execute'], fields: ['maxRetries', 'onRetry', 'baseDelay'], options: ['maxRetries', 'baseDelay'], events: ['retry', 'onRetry'] },
    });
    expect(candidate!.signals).toEqual(expect.arrayContaining(['re-invokes-after-failure', 'delay-between-attempts', 'attempt-counter-bound', 'name']));
    expect(candidate!.evidence.find((e) => e.signal === 're-invokes-after-failure')).toMatchObject({ line: 7 });
    expect(candidate!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(candidate!.shape).toHaveLength(64);
  });

  it('reports one concept per symbol: a reliability manager supersedes its own retry loop and breaker', async () => {
    const { compiled } = await builtinRules();
    const code = dedent(`
      export class ResilienceExecutor {
        private state: 'closed' | 'open' = 'closed';
        private failures = 0;
        async execute<T>(operation: () => Promise<T>): Promise<T> {
          if (this.state === 'open') throw new Error('open');
          for (let attempt = 0; attempt < 3; attempt++) {
            try { const v = await operation(); this.state = 'closed'; return v; }
            catch { if (++this.failures >= 5) this.state = 'open'; }
          }
          throw new Error('failed');
        }
      }
    `);
    const candidates = analyzeSnippet(code, compiled).candidates;
    expect(candidates.map((c) => `${c.concept}:${c.symbol}`)).toEqual(['reliability-manager:ResilienceExecutor']);
  });

  it('a retry loop through a breaker component is a retry', async () => {
    const { compiled } = await builtinRules();
    const code = dedent(`
      import { CircuitBreaker } from './cb';
      export class ResilienceExecutor {
        private breaker = new CircuitBreaker();
        async execute<T>(operation: () => Promise<T>): Promise<T> {
          for (let attempt = 0; attempt < 3; attempt++) {
            try { return await this.breaker.call(operation); } catch { /* next */ }
          }
          throw new Error('failed');
        }
      }
    `);
    expect(analyzeSnippet(code, compiled).candidates.map((c) => `${c.concept}:${c.symbol}`)).toEqual(['retry:ResilienceExecutor']);
  });

  it('applies the minimum confidence of each rule', async () => {
    const { definitions } = await builtinRules();
    const strict = compileRules(definitions.map((d) => (d.id === 'retry' ? { ...d, minConfidence: 0.95 } : d)));
    const code = dedent(`
      export async function again(fn: () => Promise<void>) {
        while (true) { try { return await fn(); } catch { /* again */ } }
      }
    `);
    expect(analyzeSnippet(code, (await builtinRules()).compiled).candidates.map((c) => c.symbol)).toEqual(['again']);
    expect(analyzeSnippet(code, strict).candidates).toEqual([]);
  });

  it('understands export default, module.exports = function, class expressions and TSX', async () => {
    const { compiled } = await builtinRules();
    const loop = 'for (let i = 0; i < 3; i++) { try { return await fn(); } catch (e) { last = e; } }';
    expect(analyzeSnippet(`let last;\nexport default async function (fn) {\n  ${loop}\n}\n`, compiled).candidates.map((c) => c.symbol)).toEqual(['default']);
    expect(analyzeSnippet(`let last;\nmodule.exports = async function retryAll(fn) {\n  ${loop}\n};\n`, compiled, 'x.cjs').candidates.map((c) => [c.symbol, c.startLine, c.endLine])).toEqual([['retryAll', 2, 4]]);
    expect(analyzeSnippet(`let last;\nexport const Retrier = class {\n  async run(fn) {\n    ${loop}\n  }\n};\n`, compiled, 'x.js').candidates.map((c) => c.symbol)).toEqual(['Retrier']);
    const tsx = `export function RetryButton({ onRetry }: { onRetry: () => void }) {\n  return <button onClick={() => onRetry()}>Retry</button>;\n}\n`;
    expect(analyzeSnippet(tsx, compiled, 'button.tsx').candidates).toEqual([]);
  });
});

describe('mayHoldFinding', () => {
  const ruleWithKeywords: RuleDefinition = { id: 'queue-consumer', keywords: ['consume'], signals: [{ id: 'c', calls: 'consume', weight: 0.9 }] };

  it('is false only when no rule keyword occurs and nothing imported is instantiated', () => {
    const rules = compileRules([ruleWithKeywords]);
    expect(mayHoldFinding('export const add = (a: number, b: number) => a + b;', rules)).toBe(false);
    expect(mayHoldFinding('queue.consume(handler)', rules)).toBe(true);
    expect(mayHoldFinding('export class A { items = new Map(); }', rules)).toBe(false);
    expect(mayHoldFinding("import { B } from './b';\nexport class A { b = new B(); }", rules)).toBe(true);
    expect(mayHoldFinding('anything', compileRules([]))).toBe(false);
  });

  it('never hides a finding: a rule only runs on files matching its keywords', () => {
    const rules = compileRules([ruleWithKeywords]);
    const text = 'export function handle(q) { return q.consume(); }\n';
    const hidden = 'export function handle(q) { return q.take(); }\n';
    expect(analyzeFile(parseSource('a.ts', text), 'a.ts', rules).candidates.map((c) => c.symbol)).toEqual(['handle']);
    expect(mayHoldFinding(hidden, rules)).toBe(false);
    expect(analyzeFile(parseSource('b.ts', hidden), 'b.ts', rules).candidates).toEqual([]);
  });

  it('names the rules whose keywords match, and analyzeFile given those indexes runs exactly those rules', () => {
    const consumer = compileRules([{ id: 'producer', keywords: ['produce'], signals: [{ id: 'p', calls: 'produce', weight: 0.9 }] }, ruleWithKeywords]);
    const text = 'export function handle(q) { return q.consume(); }\nexport function make(q) { return q.produce(); }\n';
    expect(activeRuleIndexes(text, consumer)).toEqual([0, 1]);
    expect(activeRuleIndexes('q.consume()', consumer)).toEqual([1]);
    expect(activeRuleIndexes('nothing here', consumer)).toEqual([]);
    const sourceFile = parseSource('a.ts', text);
    const symbols = (indexes?: number[]): string[] => analyzeFile(sourceFile, 'a.ts', consumer, indexes).candidates.map((c) => `${c.concept}:${c.symbol}`);
    expect(symbols()).toEqual(['queue-consumer:handle', 'producer:make']);
    expect(symbols(activeRuleIndexes(text, consumer))).toEqual(symbols());
    // The indexes are trusted: the text stage computed them on this very text.
    expect(symbols([1])).toEqual(['queue-consumer:handle']);
  });

  it('treats a rule without keywords as matching every file', () => {
    const rules = compileRules([{ id: 'anything', signals: [{ id: 'n', name: 'x' }] }]);
    expect(mayHoldFinding('const y = 1;', rules)).toBe(true);
  });
});

describe('analyzeFile: robustness', () => {
  it('never throws on broken or unusual code', async () => {
    const { compiled } = await builtinRules();
    const snippets = [
      '',
      'export function broken( {',
      'class { retry() { for (;;) { try { return x() } catch {} } }',
      'export abstract class A { abstract run(): void; overload(a: string): void; overload(a: unknown) {} [Symbol.iterator]() {} }',
      'declare module "x" { export function retry(): void; }',
      'namespace N { export function withRetry(fn) { while (true) { try { return fn() } catch {} } } }',
      'export default class extends Base { @dec() static async *gen() { yield* other(); } }',
      'module.exports = require("./other");',
      'exports.a = exports.b = function () {};',
      'const { a, b: [c] } = obj; export = a;',
      '@decorator class Weird { #priv = new Map(); get [key]() { return 1 } }',
      'for await (const x of y) { try { await x() } catch { continue } }',
    ];
    for (const [index, code] of snippets.entries()) {
      for (const file of [`s${index}.ts`, `s${index}.js`, `s${index}.tsx`]) {
        expect(() => analyzeSnippet(code, compiled, file)).not.toThrow();
      }
    }
  });
});
