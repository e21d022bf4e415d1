/**
 * A small project with the seeds' situations: a compatible duplicate breaker, an agent breaker with
 * another API (adapter + recipe), a config type with other field names (converter), a barrel, a
 * namespace importer, and a helper that is not superseded.
 */
export const sampleFiles: Record<string, string> = {
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        noEmit: true,
        noUnusedLocals: true,
        types: [],
        isolatedModules: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
      },
      include: ['src'],
    },
    null,
    2,
  ),
  'src/core/types.ts': `/** Settings of every breaker. */
export interface BreakerConfig {
  failureThreshold: number;
  resetTimeoutMs: number;
  name?: string;
}
`,
  'src/core/breaker.ts': `import type { BreakerConfig } from './types.js';

/** The canonical circuit breaker. */
export class UnifiedCircuitBreaker {
  private failures = 0;

  constructor(readonly config: BreakerConfig) {}

  isCallPermitted(): boolean {
    return this.failures < this.config.failureThreshold;
  }

  recordSuccess(): void {
    this.failures = 0;
  }

  recordFailure(): void {
    this.failures++;
  }
}
`,
  'src/legacy/breaker.ts': `import type { BreakerConfig } from '../core/types.js';

const THRESHOLD_FLOOR = 1;

/** An older copy of the breaker. */
export class CircuitBreaker {
  private failures = 0;

  constructor(readonly config: BreakerConfig) {}

  isCallPermitted(): boolean {
    return this.failures < Math.max(THRESHOLD_FLOOR, this.config.failureThreshold);
  }

  recordSuccess(): void {
    this.failures = 0;
  }

  recordFailure(): void {
    this.failures++;
  }
}

/** Not superseded: stays. */
export function breakerStats(): { open: number } {
  return { open: 0 };
}
`,
  'src/legacy/config.ts': `/** Breaker settings of the agent layer, in its own words. */
export interface AgentBreakerSettings {
  threshold: number;
  resetMs: number;
}
`,
  'src/legacy/agent-breaker.ts': `import type { AgentBreakerSettings } from './config.js';

/** The agent layer's breaker. */
export class AgentCircuitBreaker {
  private open = false;

  constructor(readonly agentName: string, private readonly settings: AgentBreakerSettings) {}

  canExecute(): boolean {
    return !this.open && this.settings.threshold > 0;
  }

  recordSuccess(): void {
    this.open = false;
  }
}
`,
  'src/index.ts': `export { CircuitBreaker, breakerStats } from './legacy/breaker.js';
`,
  'src/app/payments.ts': `import { CircuitBreaker } from '../legacy/breaker.js';

export const paymentsBreaker = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1000 });

export function pay(): boolean {
  return paymentsBreaker.isCallPermitted();
}
`,
  'src/app/agent.ts': `import { AgentCircuitBreaker } from '../legacy/agent-breaker.js';
import type { AgentBreakerSettings } from '../legacy/config.js';

const settings: AgentBreakerSettings = { threshold: 2, resetMs: 500 };

export class Agent {
  // The breaker guards every run.
  private readonly breaker = new AgentCircuitBreaker('agent', settings);

  run(task: () => void): boolean {
    if (!this.breaker.canExecute()) return false;
    task();
    this.breaker.recordSuccess();
    return true;
  }
}
`,
  'src/app/reports.ts': `import * as legacy from '../legacy/breaker.js';

export function reportBreaker(): legacy.CircuitBreaker {
  return new legacy.CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10 });
}

export const stats = legacy.breakerStats();
`,
  'src/app/via-barrel.ts': `import { CircuitBreaker } from '../index.js';

export const barrelBreaker = new CircuitBreaker({ failureThreshold: 5, resetTimeoutMs: 50 });
`,
};

export const sampleClusters = [
  {
    id: 'circuit-breaker',
    members: ['src/core/breaker.ts#UnifiedCircuitBreaker', 'src/legacy/breaker.ts#CircuitBreaker', 'src/legacy/agent-breaker.ts#AgentCircuitBreaker'],
  },
  {
    id: 'circuit-breaker-config',
    members: ['src/core/types.ts#BreakerConfig', 'src/legacy/config.ts#AgentBreakerSettings'],
    kinds: { 'src/core/types.ts#BreakerConfig': 'config-type' as const, 'src/legacy/config.ts#AgentBreakerSettings': 'config-type' as const },
  },
];

export const sampleConfig = {
  mappings: {
    'src/legacy/agent-breaker.ts#AgentCircuitBreaker': { members: { canExecute: 'isCallPermitted' } },
    'src/legacy/config.ts#AgentBreakerSettings': { fields: { threshold: 'failureThreshold', resetMs: 'resetTimeoutMs' } },
  },
  recipes: [
    {
      id: 'agent-breaker',
      match: 'new AgentCircuitBreaker($name, $settings)',
      replace: 'new UnifiedCircuitBreaker({ name: $name, failureThreshold: $settings.threshold, resetTimeoutMs: $settings.resetMs })',
      imports: ['src/core/breaker.ts#UnifiedCircuitBreaker'],
    },
  ],
};
