/**
 * Part of the parser adapter (`ts.ts`): makes loading the TypeScript compiler lazy. Imported by `ts.ts`
 * before `ts-morph-loader.cjs`, it puts a stand-in for ts-morph in the CommonJS cache, so the loader's
 * `require('ts-morph')` returns at once. The stand-in's `ts` loads the 9 MB compiler that ts-morph
 * bundles (half a second per thread) on its first use, and `Project` loads ts-morph itself; listeners
 * then swap in the real values. A fully cached scan never parses, so it never loads the compiler, and a
 * scan that parses loads the compiler alone, not ts-morph's own 4 MB on top of it.
 *
 * Modules are loaded with a plain CommonJS `require`: when ESM code imports ts-morph, Node 20 routes
 * every `require` inside it through its ESM loader, which lexes each CommonJS file for its export
 * names, the compiler included.
 */
import { createRequire, Module } from 'node:module';
import type * as Morph from 'ts-morph';
import { requireWithCodeCache } from './code-cache.js';

const require = createRequire(import.meta.url);
const path = require.resolve('ts-morph');
/**
 * The compiler module ts-morph bundles (through `@ts-morph/common`), resolved from ts-morph's own
 * folder so it is the very file ts-morph loads: the CommonJS cache then hands both the same instance.
 */
const compilerPath = createRequire(createRequire(path).resolve('@ts-morph/common')).resolve('./typescript');
let real: typeof Morph | undefined;
let compiler: typeof Morph.ts | undefined;
const listeners: Array<(morph: typeof Morph) => void> = [];
const compilerListeners: Array<(ts: typeof Morph.ts) => void> = [];

/** The TypeScript compiler, loaded now if it was not yet (without the rest of ts-morph). */
export function loadCompiler(): typeof Morph.ts {
  if (!compiler) {
    compiler = real ? real.ts : (requireWithCodeCache(compilerPath) as typeof Morph.ts);
    for (const listener of compilerListeners) listener(compiler);
  }
  return compiler;
}

/** ts-morph itself, loaded now if it was not yet. */
export function loadMorph(): typeof Morph {
  if (!real) {
    if ((require.cache[path] as { exports?: unknown } | undefined)?.exports === standIn) delete require.cache[path];
    real = require('ts-morph') as typeof Morph;
    loadCompiler();
    for (const listener of listeners) listener(real);
  }
  return real;
}

/** Calls `listener` with the compiler once it is loaded (at once if it is). */
export function onCompilerLoaded(listener: (ts: typeof Morph.ts) => void): void {
  if (compiler) listener(compiler);
  else compilerListeners.push(listener);
}

/** Calls `listener` with ts-morph once it is loaded (at once if it is). */
export function onMorphLoaded(listener: (morph: typeof Morph) => void): void {
  if (real) listener(real);
  else listeners.push(listener);
}

function lazy<T extends object>(target: T, load: () => object): T {
  return new Proxy(target, {
    get: (_target, key) => Reflect.get(load(), key),
    has: (_target, key) => Reflect.has(load(), key),
    construct: (_target, args: unknown[]) => Reflect.construct(load() as new (...args: unknown[]) => object, args),
  });
}

const standIn = {
  ts: lazy({}, loadCompiler),
  Project: lazy(function project() {}, () => loadMorph().Project),
};

const cached = require.cache[path];
if (cached) {
  real = cached.exports as typeof Morph;
  compiler = real.ts;
} else {
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = standIn;
  require.cache[path] = module;
}
