/**
 * The factory gate against the factory matcher: every way the matcher builds a product keeps the file,
 * and look-alikes that build none (platform values, errors, arguments, constructors, other
 * declarations) drop it. The full analysis decides each case, so a case that stops saying what it
 * claims fails too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSourceForScan } from '../../../parser/ts.js';
import { loadBuiltinRules } from '../../../rules/load-rules.js';
import type { RuleDefinition } from '../../../rules/types.js';
import { compileRules, type CompiledRules, parseText } from '../../analyze/file-facts.js';
import { allowsJsx, tokenize } from '../../module-facts/tokenizer.js';
import { fileContext, unitContext } from '../context.js';
import { buildsProduct } from '../matchers/factory.js';
import { compileStructureTest, type StructureTest } from '../structure-gate.js';
import { collectUnits, type Unit } from '../units.js';
import { mayBuildProduct } from './factory.js';

let rules: CompiledRules;
let everyRule: number[];
let factoryIndex: number;
let factoryTest: StructureTest;

beforeAll(async () => {
  const definitions = await loadBuiltinRules();
  rules = compileRules(definitions);
  everyRule = definitions.map((_, index) => index);
  const factory = definitions.find((definition) => definition.id === 'factory') as RuleDefinition;
  factoryIndex = definitions.indexOf(factory);
  factoryTest = compileStructureTest(factory)!;
});

/** Whether the matcher finds a product in some unit or method of the text (any name). */
function matcherBuilds(file: string, text: string): boolean {
  const sf = parseSourceForScan(file, text);
  const context = fileContext(sf, file);
  const units = collectUnits(sf).flatMap((unit): Unit[] => [unit, ...unit.methods]);
  return units.some((unit) => buildsProduct(unitContext(unit, context)).length > 0);
}

function factories(file: string, text: string, active: number[]): string[] {
  return parseText(file, text, 'hash', rules, active).candidates.filter((candidate) => candidate.concept === 'factory').map((candidate) => candidate.symbol);
}

/** Factories the full analysis reports, one per way the matcher builds a product. */
const REPORTED: Record<string, string> = {
  'a returned new': `export function createWidget(id: string) { return new Widget(id); }`,
  "an arrow's body": `export const createWidget = (id) => new Widget(id);`,
  'a variable returned': `export function createWidget(id) { const widget = new Widget(id); widget.init(); return widget; }`,
  'a registry of instances': `export class WidgetFactory {
      private cache = new Map<string, Widget>();
      get(id: string) { if (!this.cache.has(id)) this.cache.set(id, new Widget(id)); return this.cache.get(id); }
    }`,
  'a registry filled from a variable': `export function createWidget(id, map) { const w = new Widget(id); map.set(id, w); return map.get(id); }`,
  'a field set once and returned': `export class WidgetFactory { instance() { return this.widget ??= new Widget(); } }`,
  'a field or-assigned, then returned': `export class WidgetFactory { instance() { this.widget ||= new Widget(); return this.widget; } }`,
  'an element held and returned': `export class WidgetFactory { of(k) { this.items[k] = new Widget(k); return this.items[k]; } }`,
  'branches of a conditional': `export function createShape(kind) { return kind === 'a' ? new Circle() : new Square(); }`,
  'a fallback': `export function createWidget(cached) { return cached || new Widget(); }`,
  'a switch': `export function createShape(kind) { switch (kind) { case 'a': return new Circle(); default: return new Square(); } }`,
  'parentheses, assertions and await': `export async function createWidget() { return ((await new Widget()) as Base); }`,
  'a type assertion before it': `export function createWidget() { return <Base>new Widget(); }`,
  'a namespaced class with type arguments': `export function createWidget<T>() { return new ui.Widget<T>(); }`,
  'a constructor picked by key': `export class ShapeFactory { of(kind) { return new this.shapes[kind](); } }`,
  'a constructor picked by a literal key': `export function createShape() { return new shapes['Circle'](); }`,
  'a class passed in': `export function createWith(Ctor, ...args) { return new Ctor(...args); }`,
  'a constructor called in parentheses': `export function createWidget() { return new (load())(); }`,
  'the class itself, from a static method': `export class WidgetFactory { static create() { return new this(); } }`,
  'a getter of a factory class': `export class WidgetFactory { get widget() { return new Widget(); } }`,
  'a factory object literal': `export const widgetFactory = { create() { return new Widget(); } };`,
  'a creator exported from CommonJS': `module.exports = { createWidget() { return new Widget(); } };`,
  'a creator assigned to exports': `exports.createWidget = function () { return new Widget(); };`,
  'a prototype class method': `function WidgetFactory() {}
    WidgetFactory.prototype.create = function () { return new Widget(); };
    module.exports = WidgetFactory;`,
  'a static method assigned after the class': `class WidgetFactory {}
    WidgetFactory.create = function () { return new Widget(); };
    export default WidgetFactory;`,
  'a class expression': `export const WidgetFactory = class { create() { return new Widget(); } };`,
  'a return type with a type literal before the body': `export function createWidget(): { id: string } & Widget { return new Widget(); }`,
  'type parameters holding a type literal': `export class WidgetFactory<T extends { id: string } = { id: '' }> { create(): T { return new Widget() as T; } }`,
  'a creator without semicolons, before another statement': `export const createWidget = (id) =>
      new Widget(id)
    export const other = 1`,
  'a creator in an immediately invoked function': `(function () {
      function createWidget() { return new Widget(); }
      window.createWidget = createWidget;
    })();`,
  'a creator in a namespace': `export namespace Widgets { export function createWidget() { return new Widget(); } }`,
  'a creator whose name is written with an escape': `export function \\u0063reateWidget() { return new Widget(); }`,
  'a creator keyed by an escaped string': `module.exports = { 'cre\\x61teWidget'() { return new Widget(); } };`,
};

/** Files the full analysis reports no factory in, and the gate drops. */
const DROPPED: Record<string, string> = {
  'a getter returning a field the constructor set': `export class WidgetFactory {
      constructor() { this.w = new Widget(); }
      get widget() { return this.w; }
    }`,
  'a class instantiating only in its constructor': `export class WidgetFactory { constructor(private readonly widget = new Widget()) { this.other = new Other(); } }`,
  'a platform value': `export function createCache() { return new Map(); }`,
  'an error': `export function createError(message) { return new HttpError(message); }`,
  'a platform value by a namespace or key': `export function createList() { return new globalThis['Map'](); }`,
  'a factory built': `export function createWidgetFactory() { return new WidgetFactory(); }`,
  'a builder built': `export function createQuery() { return new QueryBuilder(); }`,
  'a thrown instance': `export function createWidget() { throw new Widget(); }`,
  'an instance passed on': `export function createWidget() { register(new Widget()); return true; }`,
  'an instance in a template': 'export function createLabel() { return `${new Widget()}`; }',
  'an instance after &&': `export function createWidget(ok) { return ok && new Widget(); }`,
  'an instance after a comma': `export function createWidget() { return (log(), new Widget()); }`,
  'an instance yielded': `export function* createWidgets() { yield new Widget(); }`,
  'a class expression built': `export function createWidget() { return new class {}(); }`,
  'new.target': `export function createWidget() { return new.target; }`,
  'construct signatures': `export interface WidgetFactory { new (): Widget; create(): Widget }
    export type Ctor = new (...args: unknown[]) => Widget;
    export function createWidget(ctor: Ctor) { return ctor; }`,
  'Reflect.construct': `export function createWidget(C) { return Reflect.construct(C, []); }`,
  'a product built by another declaration': `export function createWidget() { return lookup(); }
    function lookup() { return new Widget(); }`,
  'a product built by a class without a factory name': `export class Registry { of(id) { return new Widget(id); } }
    export function createId() { return 1; }`,
  'a product built by members named like creators only': `export const widgets = { create() { return new Widget(); } };`,
  'a method named like a creator in a class that is not': `export class Driver { createQueryRunner() { return new QueryRunner(this); } }
    (0, mixin)(Driver);`,
  'a local variable named like a creator': `export function run() { const newPacket = new Packet(); return newPacket; }`,
  'an instance held under a creator name': `export const newConnection = new Connection();`,
  'a value made of a new instance': `export function buildURL(base) { return new URLBuilder(base).toString(); }`,
  'an instance in an object returned': `export function createRequest() { return { body: new Stream() }; }`,
  'a creator inside a callback': `describe('widgets', () => { function createWidget() { return new Widget(); } it('works', () => createWidget()); });`,
};

describe('the factory rule on every way its matcher builds a product', () => {
  for (const [what, text] of Object.entries(REPORTED)) {
    it(`keeps ${what}`, () => {
      const file = text.includes('module.exports') || text.includes('exports.') ? 'f.js' : 'f.ts';
      const full = factories(file, text, everyRule);
      expect(full.length, 'the full analysis reports a factory').toBeGreaterThan(0);
      const tokens = tokenize(text, false, allowsJsx(file));
      expect(mayBuildProduct(tokens)).toBe(true);
      expect(factoryTest(tokens)).toBe(true);
      expect(factories(file, text, [factoryIndex])).toEqual(full);
    });
  }
});

describe('the factory rule on look-alikes', () => {
  for (const [what, text] of Object.entries(DROPPED)) {
    it(`drops ${what}`, () => {
      expect(factories('f.ts', text, everyRule)).toEqual([]);
      expect(factoryTest(tokenize(text, false, false))).toBe(false);
    });
  }
});

describe('the factory precondition of a rule that reports methods', () => {
  // A rule like the factory rule that also reports methods: a creator method of any class is a candidate.
  const maker: RuleDefinition = {
    id: 'maker',
    description: 'Creator methods.',
    kind: 'implementation',
    declarations: ['method'],
    keywords: ['new'],
    signals: [
      { id: 'builds', matcher: 'builds-product', weight: 0.45 },
      { id: 'creator', name: '^create[A-Z]', weight: 0.5 },
    ],
    threshold: 0.6,
    requires: { allOf: ['builds'] },
    wrappers: false,
  } as RuleDefinition;
  const cases: Array<{ text: string; kept: boolean }> = [
    { text: `export class Driver { createQueryRunner() { return new QueryRunner(this); } }`, kept: true },
    { text: `function Driver() {}\nDriver.prototype.createRunner = function () { return new Runner(); };`, kept: true },
    { text: `export class Driver { createQueryRunner() { return this.runner; } }`, kept: false },
  ];
  it.each(cases)('keeps a creator method, drops a method that builds nothing: $text', ({ text, kept }) => {
    const compiled = compileRules([maker]);
    const found = parseText('f.ts', text, 'hash', compiled, [0]).candidates;
    expect(found.length > 0).toBe(kept);
    expect(compileStructureTest(maker)!(tokenize(text, false, false))).toBe(kept);
  });
});

describe('the product precondition alone', () => {
  // What builds nothing in any declaration, whatever its name: the precondition drops it.
  const nothingBuilt = [
    `export function f() { return new Map(); }`,
    `export function f(m) { throw new TimeoutError(m); }`,
    `export function f() { register(new Widget()); }`,
    'export function f() { return `${new Widget()}`; }',
    `export function f(ok) { return ok && new Widget(); }`,
    `export function* f() { yield new Widget(); }`,
    `export function f() { return new.target ?? new class {}(); }`,
    `export type Ctor = new () => Widget;`,
    `export const f = () => new ShapeFactory();`,
  ];
  it.each(nothingBuilt)('drops %s', (text) => {
    expect(matcherBuilds('f.ts', text)).toBe(false);
    expect(mayBuildProduct(tokenize(text, false, false))).toBe(false);
  });

  // The matcher builds in constructors of method units and in any named declaration: the precondition keeps them.
  const built = [
    `export class Holder { constructor() { this.w = new Widget(); return this.w; } }`,
    `export class Registry { of(id) { return new Widget(id); } }`,
    `const w = (id) => { const x = new Widget(id); return x; };`,
  ];
  it.each(built)('keeps %s', (text) => {
    expect(matcherBuilds('f.ts', text)).toBe(true);
    expect(mayBuildProduct(tokenize(text, false, false))).toBe(true);
  });
});
