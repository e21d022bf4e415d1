import { CircuitBreaker } from './breaker/circuit-breaker.js';
import { noopPolicy, rootContext, toOutcome, type Operation, type Outcome, type Policy, type PolicyContext } from './policy.js';
import { RetryPolicy } from './retry.js';
import { TimeoutPolicy, type DeadlineSettings } from './timeout.js';

/** The common `retry → breaker → timeout` shape, run as one loop. */
interface Fused {
  readonly retry: RetryPolicy;
  readonly breaker: CircuitBreaker | undefined;
  readonly deadline: DeadlineSettings | undefined;
}

/**
 * Recognises `wrap(retry, breaker)`, `wrap(retry, timeout)` and `wrap(retry, breaker, timeout)`
 * where the retry has no deadline of its own: they run as a single retry loop that consults the
 * breaker and arms the deadline inline, with exactly the semantics of the nested form.
 */
function fuse(policies: readonly Policy[]): Fused | undefined {
  const [first, second, third, ...rest] = policies;
  if (!(first instanceof RetryPolicy) || rest.length > 0) return undefined;
  if (first.options.attemptDeadline !== undefined || first.options.totalDeadline !== undefined) return undefined;
  if (second instanceof CircuitBreaker && (third === undefined || third instanceof TimeoutPolicy)) {
    return { retry: first, breaker: second, deadline: third?.settings };
  }
  if (second instanceof TimeoutPolicy && third === undefined) return { retry: first, breaker: undefined, deadline: second.settings };
  return undefined;
}

/** A policy made of several, outermost first: `wrap(retry, breaker, timeout)` retries around a breaker around a timeout. */
export class WrappedPolicy implements Policy {
  readonly policies: readonly Policy[];
  private readonly fused: Fused | undefined;

  constructor(policies: readonly Policy[]) {
    this.policies = policies;
    this.fused = fuse(policies);
  }

  execute<T>(operation: Operation<T>, signal?: AbortSignal): Promise<T> {
    return this.run(operation, rootContext(signal));
  }

  run<T>(operation: Operation<T>, context: PolicyContext): Promise<T> {
    const fused = this.fused;
    if (fused !== undefined) return fused.retry.runFused(operation, context, fused.breaker, fused.deadline);
    return this.runFrom(0, operation, context);
  }

  /** Like `execute`, but resolves `{ ok, value | error }` instead of rejecting. */
  executeResult<T>(operation: Operation<T>, signal?: AbortSignal): Promise<Outcome<T>> {
    return toOutcome(this.execute(operation, signal));
  }

  private runFrom<T>(index: number, operation: Operation<T>, context: PolicyContext): Promise<T> {
    const policies = this.policies;
    if (index === policies.length - 1) return policies[index]!.run(operation, context);
    return policies[index]!.run((inner) => this.runFrom(index + 1, operation, inner), context);
  }
}

/** Composes policies, outermost first. With no policy, the operation runs as is. */
export function wrap(...policies: Policy[]): WrappedPolicy {
  return new WrappedPolicy(policies.length === 0 ? [noopPolicy] : policies);
}
