import { CircuitBreaker, type CircuitStats } from './breaker/circuit-breaker.js';
import type { CircuitBreakerOptions } from './breaker/options.js';
import { validateCircuitSnapshot, type CircuitSnapshot } from './breaker/snapshot.js';
import { ResilienceConfigError } from './errors.js';
import { deriveStatus, worstStatus, type HealthStatus, type ManagerHealth } from './health.js';
import { ReliabilityManager, type ReliabilityManagerOptions } from './manager.js';

/** Health of every manager and circuit of a registry, as plain JSON. */
export interface RegistryHealth {
  /** The worst status of all managers and circuits. */
  readonly status: HealthStatus;
  readonly managers: Readonly<Record<string, ManagerHealth>>;
  readonly circuits: Readonly<Record<string, CircuitStats>>;
}

/** Every circuit's state, to save before a restart and restore after. */
export interface RegistrySnapshot {
  readonly version: 1;
  readonly circuits: Readonly<Record<string, CircuitSnapshot>>;
}

/**
 * Named breakers and managers, one per dependency for the whole process instead of one per call
 * site. `breaker(name)` and `manager(name)` get or create: the first call's options win, later calls
 * get the same instance.
 */
export class ResilienceRegistry {
  private readonly circuits = new Map<string, CircuitBreaker>();
  private readonly managerMap = new Map<string, ReliabilityManager>();
  /** Snapshots restored before their breaker existed, applied when it is created. */
  private readonly pending = new Map<string, CircuitSnapshot>();

  /** The breaker named `name`, created with `options` if it does not exist yet. */
  breaker(name: string, options: CircuitBreakerOptions = {}): CircuitBreaker {
    let breaker = this.circuits.get(name);
    if (breaker === undefined) {
      const initialState = options.initialState ?? this.pending.get(name);
      breaker = new CircuitBreaker({ ...options, name, ...(initialState === undefined ? {} : { initialState }) });
      this.pending.delete(name);
      this.circuits.set(name, breaker);
    }
    return breaker;
  }

  /** The manager named `name`, created with `options` if it does not exist yet; its breaker is this registry's breaker of the same name. */
  manager(name: string, options: ReliabilityManagerOptions = {}): ReliabilityManager {
    let manager = this.managerMap.get(name);
    if (manager === undefined) {
      const breaker = options.breaker ?? (options.circuit === false ? undefined : this.breaker(name, options.circuit ?? {}));
      manager = new ReliabilityManager(name, breaker === undefined ? options : { ...options, breaker });
      this.managerMap.set(name, manager);
    }
    return manager;
  }

  getBreaker(name: string): CircuitBreaker | undefined {
    return this.circuits.get(name);
  }

  getManager(name: string): ReliabilityManager | undefined {
    return this.managerMap.get(name);
  }

  /** Every breaker, in creation order. */
  breakers(): CircuitBreaker[] {
    return [...this.circuits.values()];
  }

  /** Every manager, in creation order. */
  managers(): ReliabilityManager[] {
    return [...this.managerMap.values()];
  }

  /** Forgets the breaker and the manager named `name`. */
  remove(name: string): boolean {
    const manager = this.managerMap.get(name);
    manager?.dispose();
    const removedManager = this.managerMap.delete(name);
    return this.circuits.delete(name) || removedManager;
  }

  /** Health of every manager and circuit. */
  health(): RegistryHealth {
    const managers: Record<string, ManagerHealth> = {};
    const circuits: Record<string, CircuitStats> = {};
    const statuses: HealthStatus[] = [];
    for (const [name, manager] of this.managerMap) {
      const health = manager.health();
      managers[name] = health;
      statuses.push(health.status);
    }
    for (const [name, breaker] of this.circuits) {
      const stats = breaker.stats();
      circuits[name] = stats;
      statuses.push(deriveStatus(stats, 0, 0));
    }
    return { status: worstStatus(statuses), managers, circuits };
  }

  /** Every circuit's state (plain JSON). */
  toJSON(): RegistrySnapshot {
    const circuits: Record<string, CircuitSnapshot> = {};
    for (const [name, breaker] of this.circuits) circuits[name] = breaker.toJSON();
    return { version: 1, circuits };
  }

  /** Restores circuit states: existing breakers now, the others when they are created. */
  restore(snapshot: RegistrySnapshot): void {
    if (typeof snapshot !== 'object' || snapshot === null || snapshot.version !== 1 || typeof snapshot.circuits !== 'object' || snapshot.circuits === null) {
      throw new ResilienceConfigError([{ path: 'snapshot', message: 'expected { version: 1, circuits: { ... } }' }], 'registry snapshot');
    }
    const issues = Object.entries(snapshot.circuits).flatMap(([name, circuit]) => validateCircuitSnapshot(circuit, `circuits.${name}`));
    if (issues.length > 0) throw new ResilienceConfigError(issues, 'registry snapshot');
    for (const [name, circuit] of Object.entries(snapshot.circuits)) {
      const breaker = this.circuits.get(name);
      if (breaker !== undefined) breaker.restore(circuit);
      else this.pending.set(name, circuit);
    }
  }
}

/** Creates an empty {@link ResilienceRegistry}. */
export function createRegistry(): ResilienceRegistry {
  return new ResilienceRegistry();
}

/** The process-wide registry (use it, or create your own for isolation in tests). */
export const defaultRegistry: ResilienceRegistry = new ResilienceRegistry();
