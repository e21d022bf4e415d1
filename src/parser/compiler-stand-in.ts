/**
 * Part of the parser adapter (`ts.ts`): makes loading the TypeScript compiler lazy. Imported by `ts.ts`
 * before `ts-morph-loader.cjs`, it puts a stand-in for ts-morph in the CommonJS cache, so the loader's
 * `require('ts-morph')` returns at once. The stand-in's `ts` and `Project` load the real ts-morph (and
 * the 9 MB compiler it bundles, half a second per thread) on their first use; listeners then swap in
 * the real values. A fully cached scan never parses, so it never loads the compiler.
 *
 * The real module is loaded with a plain CommonJS `require`: when ESM code imports ts-morph, Node 20
 * routes every `require` inside it through its ESM loader, which lexes each CommonJS file for its
 * export names, the compiler included.
 */
import { createRequire, Module } from 'node:module';
import type * as Morph from 'ts-morph';

const require = createRequire(import.meta.url);
const path = require.resolve('ts-morph');
let real: typeof Morph | undefined;
const listeners: Array<(morph: typeof Morph) => void> = [];

/** ts-morph itself, loaded now if it was not yet. */
export function loadMorph(): typeof Morph {
  if (!real) {
    if ((require.cache[path] as { exports?: unknown } | undefined)?.exports === standIn) delete require.cache[path];
    real = require('ts-morph') as typeof Morph;
    for (const listener of listeners) listener(real);
  }
  return real;
}

/** Calls `listener` with ts-morph once it is loaded (at once if it is). */
export function onMorphLoaded(listener: (morph: typeof Morph) => void): void {
  if (real) listener(real);
  else listeners.push(listener);
}

function lazy<T extends object>(target: T, pick: (morph: typeof Morph) => object): T {
  return new Proxy(target, {
    get: (_target, key) => Reflect.get(pick(loadMorph()), key),
    has: (_target, key) => Reflect.has(pick(loadMorph()), key),
    construct: (_target, args: unknown[]) => Reflect.construct(pick(loadMorph()) as new (...args: unknown[]) => object, args),
  });
}

const standIn = {
  ts: lazy({}, (morph) => morph.ts),
  Project: lazy(function project() {}, (morph) => morph.Project),
};

const cached = require.cache[path];
if (cached) real = cached.exports as typeof Morph;
else {
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = standIn;
  require.cache[path] = module;
}
