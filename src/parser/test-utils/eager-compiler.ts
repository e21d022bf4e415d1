/**
 * Stands in for `compiler-stand-in.ts` in tests (see `vitest.config.ts`): tests run from TypeScript
 * sources, where `ts.ts` imports ts-morph itself and its exports cannot be swapped, so nothing is lazy.
 */
import type * as Morph from 'ts-morph';

export function onMorphLoaded(listener: (morph: typeof Morph) => void): void {
  void listener;
}

export function onCompilerLoaded(listener: (ts: typeof Morph.ts) => void): void {
  void listener;
}
