/**
 * The vocabulary of named structural matchers a rule can use (`signals[].matcher`). Each one is a
 * TypeScript predicate over a declaration's AST (implemented in `src/scan/detect/matchers/`); this file
 * only names and describes them, so validation, the JSON schema and the README share one list.
 */
export const MATCHERS = {
  'retry-loop':
    'a loop whose body tries an operation, leaves the loop when it succeeds and goes round again when it fails (for, while, do/while, while(true) with break)',
  'recursive-retry':
    'a failure handler (catch block, .catch() callback, error-first callback branch, error event, HTTP error interceptor) that runs the enclosing function or the failed operation again, directly or through setTimeout',
  're-invokes-after-failure':
    'retry-loop or recursive-retry, or an rxjs retry with a notifier or delay function of its own (retryWhen, retry({ delay }), throwError past a bound else timer): the same operation is attempted again after a failure',
  'delay-between-attempts': 'the retry waits before the next attempt (sleep/delay helper, setTimeout, a promise around setTimeout)',
  'attempt-counter-bound': 'attempts are counted and bounded (loop condition, a check in the failure branch, or a decremented retries argument)',
  'backoff-formula': 'a delay grows with the attempt: exponential (**, Math.pow, <<, delay *= factor), linear in the attempt number, fibonacci, or jittered',
  'delay-from-attempt': 'the declaration returns (or yields) a delay computed from an attempt number or a growing delay',
  jitter: 'Math.random() mixed into a delay computation',
  'delay-cap': 'Math.min() caps a growing delay',
  'failure-state-machine':
    'a state with open and closed (or half-open) values, and a transition to open when a failure count or rate crosses a threshold',
  'failure-counter': 'a counter incremented on the failure path (catch block, .catch(), a method about failures)',
  'rejects-when-open': 'calls are rejected (throw, reject, fallback) while the state is open',
  'reset-after-timeout': 'the open state ends after a timeout (Date.now()/performance.now() comparison, or setTimeout that moves to half-open or closed)',
  'half-open-state': 'a half-open state value is used',
  'composes-retry-and-breaker': 'the declaration uses both a retry (its own or a component it creates or calls) and a circuit breaker',
  'executes-callback': 'an execute-style API: a function or method invokes (or forwards) a function it receives',
  'emits-events': 'emits events or invokes notification callbacks (emit("open"), onRetry?.(), sendEvent("..."))',
  'health-tracking': 'keeps success/failure statistics or exposes a health status',
  'builds-product': 'returns an instance it creates: new X() directly, through a local variable, or through a get-or-create registry',
  'data-shape': 'a declaration made of fields: an interface, an object type, a data class, or a schema object (z.object({...}))',
  'message-shape': "a data shape with a discriminant field of one string-literal type (`type: 'retry_scheduled'`): an event, message or action, not settings",
} as const;

/** The name of a built-in structural matcher. */
export type MatcherName = keyof typeof MATCHERS;

/**
 * Matchers that describe an API's shape rather than concept logic: a declaration that only forwards
 * (a wrapper) may still have them.
 */
export const API_SHAPE_MATCHERS: ReadonlySet<string> = new Set(['executes-callback', 'emits-events', 'data-shape', 'message-shape']);

/** Every matcher name, in vocabulary order. */
export const MATCHER_NAMES = Object.keys(MATCHERS) as MatcherName[];

/** Whether a string names a matcher of the vocabulary. */
export function isMatcherName(value: string): value is MatcherName {
  return Object.prototype.hasOwnProperty.call(MATCHERS, value);
}
