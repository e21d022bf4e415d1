/**
 * Concept implementations for generated trees, in the styles real codebases grow: retry loops,
 * recursive retries, retry classes, circuit breakers, backoff helpers, config types, factories,
 * thin wrappers and re-export modules.
 */
import type { ImportSpec, Module } from './templates.js';
import { pascal, type Random } from './random.js';

function imports(list: readonly ImportSpec[]): string {
  return list.map((imp) => `import ${imp.typeOnly ? 'type ' : ''}{ ${imp.names.join(', ')} } from '${imp.specifier}';`).join('\n');
}

export type ConceptKind = 'retry-loop' | 'retry-recursive' | 'retry-class' | 'breaker' | 'backoff' | 'retry-config' | 'breaker-config' | 'factory' | 'manager';

export function conceptModule(kind: ConceptKind, random: Random, domain: string, deps: readonly ImportSpec[]): Module {
  const D = pascal(domain);
  switch (kind) {
    case 'retry-loop': {
      const name = `with${D}Retry`;
      return {
        exports: [name],
        text: `${imports(deps)}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs \`operation\` again after a failure, waiting longer each time. */
export async function ${name}<T>(operation: () => Promise<T>, maxAttempts = ${random.int(3, 6)}, baseDelayMs = ${random.int(50, 500)}): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      if (attempt === maxAttempts) break;
      await sleep(baseDelayMs * 2 ** (attempt - 1));
    }
  }
  throw lastError;
}
`,
      };
    }
    case 'retry-recursive': {
      const name = `retry${D}Call`;
      return {
        exports: [name],
        text: `${imports(deps)}

export function ${name}<T>(fn: () => Promise<T>, retriesLeft = ${random.int(2, 5)}, delay = ${random.int(100, 1000)}): Promise<T> {
  return fn().catch(async (error: unknown) => {
    if (retriesLeft <= 0) throw error;
    await new Promise((resolve) => setTimeout(resolve, delay));
    return ${name}(fn, retriesLeft - 1, delay * 2);
  });
}
`,
      };
    }
    case 'retry-class': {
      const name = `${D}RetryHandler`;
      return {
        exports: [name],
        text: `${imports(deps)}

export interface ${D}RetryOptions {
  maxRetries: number;
  initialDelay: number;
  onRetry?: (attempt: number, error: unknown) => void;
}

export class ${name} {
  constructor(private readonly options: ${D}RetryOptions = { maxRetries: ${random.int(2, 6)}, initialDelay: ${random.int(100, 800)} }) {}

  async execute<T>(operation: () => Promise<T>): Promise<T> {
    let attempt = 0;
    while (true) {
      try {
        return await operation();
      } catch (error) {
        attempt++;
        if (attempt > this.options.maxRetries) throw error;
        this.options.onRetry?.(attempt, error);
        await new Promise((resolve) => setTimeout(resolve, this.options.initialDelay * attempt));
      }
    }
  }
}
`,
      };
    }
    case 'breaker': {
      const name = `${D}CircuitBreaker`;
      return {
        exports: [name],
        text: `${imports(deps)}

type State = 'closed' | 'open' | 'half-open';

export class ${name} {
  private state: State = 'closed';
  private failureCount = 0;
  private openedAt = 0;

  constructor(private readonly failureThreshold = ${random.int(3, 10)}, private readonly resetTimeoutMs = ${random.int(5, 60) * 1000}) {}

  async execute<T>(operation: () => Promise<T>): Promise<T> {
    if (this.state === 'open') {
      if (Date.now() - this.openedAt < this.resetTimeoutMs) throw new Error('circuit open');
      this.state = 'half-open';
    }
    try {
      const result = await operation();
      this.failureCount = 0;
      this.state = 'closed';
      return result;
    } catch (error) {
      this.failureCount++;
      if (this.state === 'half-open' || this.failureCount >= this.failureThreshold) {
        this.state = 'open';
        this.openedAt = Date.now();
      }
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }
}
`,
      };
    }
    case 'backoff': {
      const name = `${random.pick(['exponential', 'jittered', 'capped'])}${D}Backoff`;
      return {
        exports: [name],
        text: `${imports(deps)}

/** Delay before retry number \`attempt\` (1-based). */
export function ${name}(attempt: number, baseMs = ${random.int(50, 500)}, maxMs = ${random.int(10, 60) * 1000}): number {
  const exponential = Math.min(maxMs, baseMs * Math.pow(2, attempt - 1));
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}
`,
      };
    }
    case 'retry-config': {
      const name = `${D}RetryConfig`;
      return {
        exports: [name],
        text: `${imports(deps)}

export interface ${name} {
  maxRetries: number;
  baseDelay: number;
  maxDelay?: number;
  backoffMultiplier?: number;
  retryOn?: Array<'timeout' | 'network' | 'rate-limit'>;
}
`,
      };
    }
    case 'breaker-config': {
      const name = `${D}BreakerConfig`;
      return {
        exports: [name],
        text: `${imports(deps)}

export type ${name} = {
  failureThreshold: number;
  recoveryTimeout: number;
  halfOpenMaxCalls?: number;
};
`,
      };
    }
    case 'factory': {
      const product = random.pick(['ExecutionEngine', 'WebSocketBridge', 'ToolDispatcher', 'SessionStore']);
      const name = `${product}Factory`;
      return {
        exports: [name, `${D}${product}`],
        text: `${imports(deps)}

export class ${D}${product} {
  constructor(readonly id: string, readonly options: Record<string, unknown>) {}
}

export class ${name} {
  private readonly instances = new Map<string, ${D}${product}>();

  create(id: string, options: Record<string, unknown> = {}): ${D}${product} {
    const existing = this.instances.get(id);
    if (existing) return existing;
    const created = new ${D}${product}(id, { ...options, createdAt: Date.now() });
    this.instances.set(id, created);
    return created;
  }
}
`,
      };
    }
    case 'manager': {
      const name = `${D}ReliabilityManager`;
      return {
        exports: [name],
        text: `${imports(deps)}

export class ${name} {
  private failures = 0;
  private readonly history: Array<{ at: number; error: string }> = [];

  async executeWithReliability<T>(operation: () => Promise<T>, attempts = ${random.int(2, 5)}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await operation();
        this.failures = 0;
        return result;
      } catch (error) {
        this.failures++;
        this.history.push({ at: Date.now(), error: String(error) });
        if (attempt >= attempts || this.failures > ${random.int(5, 20)}) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  health(): { failures: number; recent: number } {
    return { failures: this.failures, recent: this.history.length };
  }
}
`,
      };
    }
  }
}

/** A thin wrapper that forwards to another retry implementation. */
export function wrapperModule(domain: string, target: ImportSpec): Module {
  const name = `${domain}WithRetry`;
  return {
    exports: [name],
    text: `import { ${target.names[0]} } from '${target.specifier}';

/** Kept for old call sites. */
export function ${name}<T>(operation: () => Promise<T>): Promise<T> {
  return ${target.names[0]}(operation);
}
`,
  };
}

/** A module that re-exports an implementation under its own path and name. */
export function reExportModule(target: ImportSpec, alias: string): Module {
  return { exports: [alias], text: `export { ${target.names[0]} as ${alias} } from '${target.specifier}';\n` };
}
