import { describe, expect, it } from 'vitest';
import { parseSource } from '../../parser/ts.js';
import { lexModuleFacts } from '../module-facts/lex-module-facts.js';
import { allowsJsx, tokenize } from '../module-facts/tokenizer.js';
import { analyzeFile, compileRules } from './analyze-file.js';
import { mayHoldInstance } from './instance-gate.js';

/** A rule that never matches anything, so only the holder and producer facts are collected. */
const rules = compileRules([{ id: 'never', keywords: ['^$never'], signals: [{ id: 'n', name: 'neverEver', weight: 1 }] }]);

/** The gate as the text stage asks it: with the file's tokens. */
function gate(text: string, file = 'a.ts'): boolean {
  return mayHoldInstance(text, lexModuleFacts(text).imports, tokenize(text, false, allowsJsx(file)));
}

/** The gate from the text alone (tokens that cannot be trusted fall back to it). */
function textGate(text: string): boolean {
  return mayHoldInstance(text, lexModuleFacts(text).imports);
}

/** Holder and producer targets that are imported: the facts the gate must never hide. */
function importedTargets(text: string): string[] {
  const imported = new Set(lexModuleFacts(text).imports.flatMap((fact) => fact.bindings.map((binding) => binding.local)));
  const analysis = analyzeFile(parseSource('a.ts', text), 'a.ts', rules);
  return [...analysis.holders.map((h) => h.target), ...analysis.producers.map((p) => p.returns)].filter((name) => imported.has(name));
}

const mustParse: Record<string, string> = {
  'a member holding an imported class': "import { Breaker } from './breaker';\nexport class Client { private breaker = new Breaker(); }\n",
  'an instance assigned in the constructor': "import Retry from './retry';\nexport class Client {\n  constructor() { this.retry = new Retry({ attempts: 3 }); }\n}\n",
  'the result of an imported function': "import { createPolicy } from '@app/policy';\nexport class Agent {\n  private policy;\n  init() { this.policy = createPolicy('agent'); }\n}\n",
  'an awaited generic call': "import { makeBreaker } from './make';\nexport class Agent {\n  async start() { this.breaker = await makeBreaker<string>(); }\n}\n",
  'a CommonJS require': "const { Breaker } = require('./breaker');\nclass Client {\n  constructor() { this.breaker = new Breaker(); }\n}\nmodule.exports = Client;\n",
  'a producer of an imported class': "import { Engine } from './engine';\nexport function getEngine() {\n  return new Engine();\n}\n",
  'a $-named import': "import { $Store } from './store';\nexport class View { store = new $Store(); }\n",
  'an instance returned from an arrow': "import { Engine } from './engine';\nexport const makeEngine = () => new Engine();\n",
  'an instance returned through parentheses and an assertion': "import { Engine } from './engine';\nexport function getEngine() {\n  return <Engine>(new Engine());\n}\n",
  'an instance returned by a fallback': "import { Engine } from './engine';\nlet cached: Engine | undefined;\nexport function getEngine() {\n  return cached ?? new Engine();\n}\n",
  'an instance kept in a map and returned': "import { Engine } from './engine';\nconst engines = new Map();\nexport function engineFor(id: string) {\n  if (!engines.has(id)) engines.set(id, new Engine());\n  return engines.get(id);\n}\n",
  'an instance held in a variable, then returned': "import { Engine } from './engine';\nexport async function start() {\n  const engine = new Engine();\n  await engine.start();\n  return engine;\n}\n",
  'a variable returned by a conditional': "import { Engine } from './engine';\nexport function getEngine(reuse: boolean) {\n  const fresh = new Engine();\n  return reuse ? shared : fresh;\n}\nconst shared = 1;\n",
  'a variable stored in a map, then returned from it': "import { Engine } from './engine';\nconst engines = new Map();\nexport function engineFor(id: string) {\n  const engine = new Engine();\n  engines.set(id, engine);\n  return engines.get(id);\n}\n",
  'a generic construction': "import { Engine } from './engine';\nexport function getEngine() {\n  return new Engine<string>();\n}\n",
  'a typed member initialised by a call': "import { createPolicy, Policy } from './policy';\nexport class Agent {\n  private policy: Policy = createPolicy('agent');\n}\n",
  'a private field assigned a call': "import { createPolicy } from './policy';\nexport class Agent {\n  #policy;\n  constructor() { this.#policy = (createPolicy('agent')); }\n}\n",
  'a member of a class with bracketed heritage': "import { Breaker } from './breaker';\nimport { mix } from './mix';\nexport class Client extends mix({ a: [1] }) { breaker = new Breaker(); }\n",
  'a prototype class assigning a call': "const { createPolicy } = require('./policy');\nfunction Agent() { this.policy = createPolicy(); }\nAgent.prototype.run = function () { return 1; };\nmodule.exports = Agent;\n",
};

const mayLex: Record<string, string> = {
  'platform values only': 'export class Cache {\n  private items = new Map<string, number>();\n  private started = new Date();\n}\n',
  'a local class': 'class Node {}\nexport class Tree {\n  root = new Node();\n}\n',
  'imports used but never instantiated': "import { format } from './format';\nexport function show(x: number) { return format(x); }\n",
  'an imported name as a plain value in a class': "import { defaults } from './defaults';\nexport class Settings { values = defaults; }\n",
  'a member of an instance': "import { registry } from './registry';\nconst x = new registry.Thing();\n",
  'an imported error thrown': "import { NotFound } from './errors';\nexport function find(id: string) {\n  throw new NotFound(id);\n}\n",
  'an instance passed to a call': "import { Router } from './router';\nexport function mount(app) {\n  app.use(new Router());\n  return app;\n}\n",
  'an instance among the arguments of a call other than set': "import { Router } from './router';\nexport function mount(app) {\n  app.register('/api', new Router());\n  return app;\n}\n",
  'an instance used on the spot': "import { Parser } from './parser';\nexport function parse(text: string) {\n  return new Parser(text).parse();\n}\n",
  'an instance kept in a local variable and read on the spot': "import { Decoder } from './decoder';\nexport function decode(buffer) {\n  const decoder = new Decoder(buffer);\n  const size = decoder.readInt32();\n  return { size, rest: decoder.readBytes(size) };\n}\n",
  'an instance as the value of an object key': "import { Parser } from './parser';\nexport function parsers() {\n  return { json: new Parser('json'), 'yaml': new Parser('yaml') };\n}\n",
  'a call result kept in a local variable of a method': "import { createId } from './ids';\nexport class Store {\n  add() { const id = createId(); return id; }\n}\n",
  'a call result used on the spot in a member': "import { createPolicy } from './policy';\nexport class Agent {\n  policy = createPolicy().name;\n}\n",
};

describe('mayHoldInstance', () => {
  for (const [name, text] of Object.entries(mustParse)) {
    it(`asks for a full parse: ${name}`, () => {
      expect(importedTargets(text).length).toBeGreaterThan(0);
      expect(gate(text)).toBe(true);
    });
  }

  for (const [name, text] of Object.entries(mayLex)) {
    it(`lets the lexer do: ${name}`, () => {
      expect(importedTargets(text)).toEqual([]);
      expect(gate(text)).toBe(false);
    });
  }

  it('falls back to the text alone where the tokens cannot be trusted (an unclosed string)', () => {
    const text = "import { NotFound } from './errors';\nexport function find(id) {\n  throw new NotFound('id);\n}\n";
    expect(gate(text)).toBe(true);
    expect(textGate(text)).toBe(true);
  });

  it('without tokens, keeps every file that instantiates an imported name', () => {
    expect(textGate("import { NotFound } from './errors';\nexport function find(id: string) {\n  throw new NotFound(id);\n}\n")).toBe(true);
  });

  it('is false without imports', () => {
    expect(mayHoldInstance('export class A { b = new B(); }', [])).toBe(false);
  });
});
