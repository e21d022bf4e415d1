import { compileMatchers, type ErrorMatchers } from './classify.js';
import { isAbortError } from './errors.js';
import { Emitter, type Disposable, type Listener } from './events.js';
import { rootContext, type Operation, type PolicyContext } from './policy.js';

/** Options of {@link fallback}. */
export interface FallbackOptions {
  /** Errors that trigger the fallback. Default: every error except aborts. */
  on?: ErrorMatchers;
}

/** Computes the value to use instead of a failed call's. */
export type FallbackHandler<R> = (error: unknown, context: PolicyContext) => R | PromiseLike<R>;

/**
 * Returns a substitute value when the operation fails (a cached answer, a degraded response).
 * Place it outermost: `fallbackPolicy.execute((ctx) => pipeline.run(op, ctx))`.
 */
export class FallbackPolicy<R> {
  private readonly handles: (error: unknown) => boolean;
  private emitter: Emitter<{ readonly error: unknown }> | undefined;

  constructor(
    private readonly handler: FallbackHandler<R>,
    options: FallbackOptions = {},
  ) {
    this.handles = compileMatchers(options.on) ?? ((error) => !isAbortError(error));
  }

  /** Runs `operation`; on a handled error resolves the fallback's value instead. */
  async execute<T>(operation: Operation<T>, signal?: AbortSignal): Promise<T | R> {
    const context = rootContext(signal);
    try {
      return await operation(context);
    } catch (error) {
      if (!this.handles(error)) throw error;
      this.emitter?.emit({ error });
      return await this.handler(error, context);
    }
  }

  /** The fallback was used (with the error it replaced). */
  onFallback(listener: Listener<{ readonly error: unknown }>): Disposable {
    return (this.emitter ??= new Emitter()).subscribe(listener);
  }
}

/** Creates a {@link FallbackPolicy} from a handler, or from a constant value. */
export function fallback<R>(handlerOrValue: FallbackHandler<R> | R, options?: FallbackOptions): FallbackPolicy<R> {
  const handler: FallbackHandler<R> = typeof handlerOrValue === 'function' ? (handlerOrValue as FallbackHandler<R>) : () => handlerOrValue;
  return new FallbackPolicy(handler, options);
}
