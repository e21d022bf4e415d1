import { describe, expect, it } from 'vitest';
import { parseSource } from '../../parser/ts.js';
import { lexModuleFacts } from '../module-facts/lex-module-facts.js';
import { analyzeFile, compileRules } from './analyze-file.js';
import { mayHoldInstance } from './instance-gate.js';

/** A rule that never matches anything, so only the holder and producer facts are collected. */
const rules = compileRules([{ id: 'never', keywords: ['^$never'], signals: [{ id: 'n', name: 'neverEver', weight: 1 }] }]);

function gate(text: string): boolean {
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
};

const mayLex: Record<string, string> = {
  'platform values only': 'export class Cache {\n  private items = new Map<string, number>();\n  private started = new Date();\n}\n',
  'a local class': 'class Node {}\nexport class Tree {\n  root = new Node();\n}\n',
  'imports used but never instantiated': "import { format } from './format';\nexport function show(x: number) { return format(x); }\n",
  'an imported name as a plain value in a class': "import { defaults } from './defaults';\nexport class Settings { values = defaults; }\n",
  'a member of an instance': "import { registry } from './registry';\nconst x = new registry.Thing();\n",
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

  it('is false without imports', () => {
    expect(mayHoldInstance('export class A { b = new B(); }', [])).toBe(false);
  });
});
