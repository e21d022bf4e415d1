/**
 * `ssot/resilience`: the zero-dependency runtime resilience core that consolidation migrations
 * target. Retry, circuit breaker, timeout, fallback, composition, a reliability manager with events
 * and health, dependency start-up, health endpoints, configuration and legacy-config mappers.
 */
export { systemClock, sleep, abortReason, NEVER_ABORTED, MAX_TIMER_DELAY_MS, type Clock } from './clock.js';
export { ManualClock } from './manual-clock.js';
export {
  BrokenCircuitError,
  TimeoutError,
  NonRetryableError,
  ResilienceConfigError,
  isBrokenCircuitError,
  isTimeoutError,
  isNonRetryableError,
  isResilienceConfigError,
  isAbortError,
  summarizeError,
  type CircuitState,
  type TimeoutScope,
  type ConfigIssue,
  type ErrorSummary,
} from './errors.js';
export { Emitter, forwardEvents, type Disposable, type Listener, type Subscribe, type EventSink, type ForwardOptions } from './events.js';
export {
  fixedBackoff,
  linearBackoff,
  exponentialBackoff,
  fibonacciBackoff,
  customBackoff,
  createBackoff,
  type Backoff,
  type BackoffContext,
  type BackoffKind,
  type BackoffOptions,
  type DelayFunction,
  type Jitter,
} from './backoff.js';
export {
  isTransientError,
  isProgrammerError,
  isHardStop,
  httpStatusOf,
  compileMatchers,
  type ErrorClass,
  type ErrorPredicate,
  type ErrorMatcher,
  type ErrorMatchers,
} from './classify.js';
export { parseRetryAfter, retryAfterOf } from './retry-after.js';
export { RetryBudget, retryBudget, type RetryBudgetOptions, type RetryBudgetSnapshot } from './retry-budget.js';
export { wrap, WrappedPolicy } from './wrap.js';
export { noopPolicy, ROOT_CONTEXT, type Policy, type PolicyContext, type Operation, type Outcome } from './policy.js';
export { timeout, TimeoutPolicy, type TimeoutOptions } from './timeout.js';
export { retry, RetryPolicy, type RetryEvent, type GiveUpEvent, type GiveUpReason } from './retry.js';
export { normalizeRetryOptions, validateRetryOptions, type RetryOptions, type NormalizedRetryOptions } from './retry-options.js';
export { fallback, FallbackPolicy, type FallbackOptions, type FallbackHandler } from './fallback.js';
export {
  circuitBreaker,
  CircuitBreaker,
  type CircuitStateChange,
  type CircuitStats,
  type CircuitPermit,
  type TransitionReason,
} from './breaker/circuit-breaker.js';
export { validateBreakerOptions, type CircuitBreakerOptions, type BreakerMode } from './breaker/options.js';
export { validateCircuitSnapshot, type CircuitSnapshot } from './breaker/snapshot.js';
export { ConsecutiveFailures, type FailureDetector, type DetectorStats, type DetectorSnapshot } from './breaker/detector.js';
export { CountWindow } from './breaker/count-window.js';
export { TimeWindow } from './breaker/time-window.js';
export { ResilienceRegistry, createRegistry, defaultRegistry, type RegistryHealth, type RegistrySnapshot } from './registry.js';
export { HealthTracker, deriveStatus, worstStatus, type HealthStatus, type ManagerHealth, type ErrorRecord, type LatencyStats, type HealthCounters } from './health.js';
export {
  ReliabilityManager,
  createReliabilityManager,
  type ReliabilityManagerOptions,
  type ExecutionContext,
  type ExecutionResult,
  type FallbackInfo,
} from './manager.js';
export type {
  ReliabilityEvent,
  ReliabilityEventType,
  ReliabilityEventOf,
  ReliabilityEventBase,
  AgentThinkingEvent,
  RetryScheduledEvent,
  AgentCompletedEvent,
  ReliabilityFailureEvent,
  CircuitStateChangedEvent,
  FallbackUsedEvent,
  FailureReason,
} from './manager-events.js';
export {
  DependencyStartup,
  STARTUP_RETRY_DEFAULT,
  type DependencySpec,
  type DependencyStatus,
  type DependencyReport,
  type DependencyChange,
  type StartupReport,
  type StartupStatus,
} from './startup.js';
export { createHealthHandler, type HealthEndpointOptions, type HealthHandler } from './http-health.js';
export {
  resolveReliabilityConfig,
  validateReliabilityConfig,
  DEFAULT_RELIABILITY_CONFIG,
  type ReliabilityConfig,
  type ResolvedReliabilityConfig,
} from './config.js';
export {
  fromLegacyRetryConfig,
  fromLegacyCircuitConfig,
  fromLegacyReliabilityConfig,
  type LegacyMapping,
  type LegacyMappingOptions,
  type TimeUnit,
} from './legacy-config.js';
export { DOMAIN_RETRY_DEFAULTS, RETRY_DOMAINS, domainRetry, domainRetryOptions, domainPolicies, type RetryDomain } from './domains.js';
