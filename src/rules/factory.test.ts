import { describe, expect, it } from 'vitest';
import { analyzeSnippet, builtinRules, dedent, runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const mustFind: DetectCase[] = [
  {
    name: 'a factory class with create and a get-or-create registry',
    code: `
      import { ExecutionEngine } from './execution-engine';
      export class ExecutionEngineFactory {
        private readonly engines = new Map<string, ExecutionEngine>();
        create(userId: string): ExecutionEngine {
          return new ExecutionEngine(userId);
        }
        getOrCreate(userId: string): ExecutionEngine {
          if (!this.engines.has(userId)) this.engines.set(userId, new ExecutionEngine(userId));
          return this.engines.get(userId)!;
        }
      }
    `,
    expect: [{ symbol: 'ExecutionEngineFactory', kind: 'implementation', startLine: 2, endLine: 11 }],
  },
  {
    name: 'a create function returning through a local variable',
    code: `
      import { ExecutionEngine } from './execution-engine';
      export function createExecutionEngine(userId: string) {
        const engine = new ExecutionEngine(userId);
        engine.start();
        return engine;
      }
    `,
    expect: [{ symbol: 'createExecutionEngine', startLine: 2, endLine: 6 }],
  },
  {
    name: 'a CommonJS factory object',
    file: 'factory.js',
    code: `
      const { Emitter } = require('./emitter');
      const emitterFactory = {
        create(user) { return new Emitter(user); },
      };
      module.exports = { emitterFactory };
    `,
    expect: [{ symbol: 'emitterFactory', startLine: 2, endLine: 4 }],
  },
];

const mustNotFind: DetectCase[] = [
  {
    name: 'a "Factory" that builds nothing',
    code: `
      export class ConfigFactory {
        defaults() { return { retries: 3 }; }
      }
    `,
    expect: [],
  },
  {
    name: 'a mapper that returns a new entity (not named as a factory)',
    code: `
      class User { constructor(readonly id: string) {} }
      export function toUser(row: { id: string }) { return new User(row.id); }
    `,
    expect: [],
  },
  {
    name: 'a create function that builds only built-ins',
    code: `
      export function createIndex(items: string[]) { return new Map(items.map((i) => [i, true])); }
      export function createError(message: string) { return new TypeError(message); }
    `,
    expect: [],
  },
];

describe('factory: must find', () => runDetectTable('factory', mustFind));
describe('factory: must not find', () => runDetectTable('factory', mustNotFind));

describe('factory cluster keys', () => {
  async function keyOf(code: string): Promise<string | undefined> {
    const { compiled } = await builtinRules();
    return analyzeSnippet(dedent(code), compiled).candidates.find((c) => c.concept === 'factory')?.clusterKey;
  }

  it('gives two same-named factories in different modules the same key, whatever they build', async () => {
    const a = await keyOf(`
      import { ExecutionEngine } from './engine';
      export class ExecutionEngineFactory { create() { return new ExecutionEngine(); } }
    `);
    const b = await keyOf(`
      import { UserExecutionEngine } from './user-engine';
      export class ExecutionEngineFactory { forUser(id: string) { return new UserExecutionEngine(id); } }
    `);
    expect(a).toBe('ExecutionEngine');
    expect(b).toBe(a);
  });

  it('keys a create function by the product in its name, so it joins the factory class', async () => {
    expect(await keyOf(`
      import { ExecutionEngine } from './engine';
      export const createExecutionEngine = () => new ExecutionEngine();
    `)).toBe('ExecutionEngine');
  });

  it('keys a factory without a product in its name by what it builds', async () => {
    expect(await keyOf(`
      import { UserWebSocketEmitter } from './emitter';
      export class Factory { build(user: string) { return new UserWebSocketEmitter(user); } }
    `)).toBe('UserWebSocketEmitter');
  });

  it('gives a factory of something else a different key (a lone factory clusters alone)', async () => {
    expect(await keyOf(`
      import { WebSocketBridge } from './bridge';
      export class WebSocketBridgeFactory { create() { return new WebSocketBridge(); } }
    `)).toBe('WebSocketBridge');
  });
});
