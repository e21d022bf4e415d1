/**
 * The implementation of every named matcher in the rule vocabulary (`src/rules/matchers.ts`).
 * The `satisfies` clause makes the compiler reject a vocabulary entry without an implementation.
 */
import type { MatcherName } from '../../../rules/matchers.js';
import { backoffFormula, delayCap, delayFromAttempt, jitter } from './backoff.js';
import { failureCounter, failureStateMachine, halfOpenState, rejectsWhenOpen, resetAfterTimeout } from './breaker.js';
import { composesRetryAndBreaker, emitsEvents, executesCallback, healthTracking } from './composition.js';
import { buildsProduct } from './factory.js';
import { attemptCounterBound, delayBetweenAttempts, recursiveRetry, reinvokesAfterFailure, retryLoop } from './retry.js';
import { dataShape, messageShape } from './shape.js';
import type { Matcher } from './types.js';

/** Matcher name to implementation. */
export const MATCHER_IMPLEMENTATIONS = {
  'retry-loop': retryLoop,
  'recursive-retry': recursiveRetry,
  're-invokes-after-failure': reinvokesAfterFailure,
  'delay-between-attempts': delayBetweenAttempts,
  'attempt-counter-bound': attemptCounterBound,
  'backoff-formula': backoffFormula,
  'delay-from-attempt': delayFromAttempt,
  jitter,
  'delay-cap': delayCap,
  'failure-state-machine': failureStateMachine,
  'failure-counter': failureCounter,
  'rejects-when-open': rejectsWhenOpen,
  'reset-after-timeout': resetAfterTimeout,
  'half-open-state': halfOpenState,
  'composes-retry-and-breaker': composesRetryAndBreaker,
  'executes-callback': executesCallback,
  'emits-events': emitsEvents,
  'health-tracking': healthTracking,
  'builds-product': buildsProduct,
  'data-shape': dataShape,
  'message-shape': messageShape,
} satisfies Record<MatcherName, Matcher>;

export type { Matcher, MatchEvidence } from './types.js';
