/**
 * Part of the parser adapter (`ts.ts`): ts-morph, and through it the TypeScript compiler, loaded as
 * CommonJS. Only `ts.ts` imports this file, after `compiler-stand-in.ts` has put a lazy stand-in for
 * ts-morph in the CommonJS cache, so the `require` below is a cache hit that loads nothing yet.
 *
 * Why: when ESM code imports ts-morph directly, Node 20 routes every `require` inside it through its
 * ESM loader, which lexes each CommonJS file for its export names, the 9 MB compiler included. That
 * costs about half a second per thread, and a scan starts one thread per core.
 */
import morph = require('ts-morph');

export = morph;
