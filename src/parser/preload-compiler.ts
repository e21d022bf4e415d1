/**
 * Loads ts-morph (and the TypeScript compiler it bundles) with a plain CommonJS `require`, before
 * `ts-morph-loader.cjs` asks for it. Imported first by `ts.ts`; see `ts-morph-loader.cts` for why.
 */
import { createRequire } from 'node:module';

createRequire(import.meta.url)('ts-morph');
