/**
 * Module names of the resilience libraries the matchers recognise. Kept apart from the matchers so the
 * gates, which must not load the TypeScript compiler, can test a file's module names against them.
 */

/** Third-party retry libraries a codebase's helpers may wrap. */
export const RETRY_LIBRARY = /^(p-retry|async-retry|retry|promise-retry|axios-retry|retry-axios|fetch-retry|exponential-backoff|ts-retry-promise|ts-retry|@lifeomic\/attempt|backoff)$/;
/** Third-party circuit-breaker modules. */
export const BREAKER_LIBRARY = /^(opossum|brakes|mollitia|circuit-breaker-js|circuit-breaker-ts|@fastify\/circuit-breaker|hystrixjs|levee)$/;
/** cockatiel: retry and breaker policies in one module. */
export const COCKATIEL = /^cockatiel$/;
/** rxjs, whose retry operators the retry matcher reads (`retry({ delay })`, `retryWhen`). */
export const RXJS = /^rxjs(\/operators)?$/;
