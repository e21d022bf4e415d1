/**
 * Platform constructors the scanner never treats as products or delegation targets. Kept apart from
 * `ast-utils.ts` so the gates, which must not load the TypeScript compiler, read the same list as the
 * matchers.
 */

/** Constructors the scanner never treats as products or delegation targets. */
export const BUILTIN_CONSTRUCTORS = new Set([
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Promise', 'Date', 'Array', 'Object', 'RegExp', 'URL', 'URLSearchParams',
  'Headers', 'Request', 'Response', 'AbortController', 'Proxy', 'Buffer', 'Function', 'Symbol', 'ArrayBuffer', 'DataView',
  'Uint8Array', 'Int32Array', 'Float64Array', 'TextEncoder', 'TextDecoder', 'Error', 'TypeError', 'RangeError', 'Event',
  'CustomEvent', 'EventTarget', 'FormData', 'Blob', 'Intl', 'Number', 'String', 'Boolean', 'BigInt', 'SharedArrayBuffer',
]);

/** Whether `new Name()` builds a platform value (Map, Promise, an Error...). */
export function isBuiltinConstructor(name: string): boolean {
  return BUILTIN_CONSTRUCTORS.has(name) || /Error$/.test(name);
}
