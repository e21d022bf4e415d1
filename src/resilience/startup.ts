import { systemClock, type Clock } from './clock.js';
import { domainRetryOptions, RETRY_DOMAINS, type RetryDomain } from './domains.js';
import { ResilienceConfigError, summarizeError, type ConfigIssue, type ErrorSummary } from './errors.js';
import { Emitter, type Disposable, type Listener } from './events.js';
import { rootContext, type PolicyContext } from './policy.js';
import { normalizeRetryOptions, validateRetryOptions, type RetryOptions } from './retry-options.js';
import { runRetry } from './retry-loop.js';

/** Where one dependency stands. */
export type DependencyStatus = 'pending' | 'starting' | 'connected' | 'degraded' | 'failed' | 'stopped';

/** Where the whole service stands: `ready` and `degraded` accept traffic, `failed` does not. */
export type StartupStatus = 'pending' | 'starting' | 'ready' | 'degraded' | 'failed' | 'stopped';

/** A dependency to start (a database, a broker, a cache). */
export interface DependencySpec<T = unknown> {
  name: string;
  /** A critical dependency that cannot start fails the service; an optional one degrades it. Default true. */
  critical?: boolean;
  /** Connects; its result is kept as the dependency's resource. */
  start: (context: PolicyContext) => T | PromiseLike<T>;
  /** Retry policy: a domain preset, options, or `false`. Default: 5 attempts, exponential from 1 s, full jitter, max 30 s. */
  retry?: RetryDomain | RetryOptions | false;
  /** Used when every attempt failed (e.g. an in-memory store); the dependency is then `degraded`. */
  fallback?: (error: unknown) => T | PromiseLike<T>;
  /** Releases the resource on `stop()`. */
  stop?: (resource: T) => void | PromiseLike<void>;
  /** Dependencies that must have started (connected or degraded) first. */
  dependsOn?: readonly string[];
}

/** One dependency's report, as plain JSON. */
export interface DependencyReport {
  readonly name: string;
  readonly critical: boolean;
  readonly status: DependencyStatus;
  readonly attempts: number;
  readonly usedFallback: boolean;
  readonly startedAt: number | null;
  readonly durationMs: number | null;
  readonly error: ErrorSummary | null;
}

/** The service's start-up report, as plain JSON. */
export interface StartupReport {
  readonly status: StartupStatus;
  /** True when the service can take traffic (`ready` or `degraded`). */
  readonly ready: boolean;
  readonly startedAt: number | null;
  readonly durationMs: number | null;
  readonly dependencies: Readonly<Record<string, DependencyReport>>;
}

/** A dependency changed status. */
export interface DependencyChange {
  readonly name: string;
  readonly status: DependencyStatus;
  readonly attempt: number;
  readonly error: ErrorSummary | null;
}

/** The start-up retry policy when a dependency gives none (the plans' "exponential backoff, max 5 attempts"). */
export const STARTUP_RETRY_DEFAULT: Readonly<RetryOptions> = Object.freeze({ maxAttempts: 5, strategy: 'exponential', baseDelayMs: 1000, maxDelayMs: 30_000, jitter: 'full' });

interface Entry {
  readonly spec: DependencySpec<unknown>;
  status: DependencyStatus;
  attempts: number;
  usedFallback: boolean;
  startedAt: number | null;
  durationMs: number | null;
  error: unknown;
  resource: unknown;
  done: Promise<void> | undefined;
}

/**
 * Starts a service's dependencies with retry and graceful degradation: critical ones must start,
 * optional ones may fail (the service runs degraded), fallbacks stand in for what cannot connect.
 */
export class DependencyStartup {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly emitter = new Emitter<DependencyChange>();
  private startedAt: number | null = null;
  private finishedAt: number | null = null;
  private stopped = false;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Adds a dependency (before `start`). Throws a `ResilienceConfigError` for an invalid spec. */
  register<T>(spec: DependencySpec<T>): this {
    const issues = validateSpec(spec as DependencySpec<unknown>, this.entries);
    if (issues.length > 0) throw new ResilienceConfigError(issues, `dependency ${JSON.stringify(spec?.name)}`);
    this.entries.set(spec.name, {
      spec: spec as DependencySpec<unknown>,
      status: 'pending',
      attempts: 0,
      usedFallback: false,
      startedAt: null,
      durationMs: null,
      error: undefined,
      resource: undefined,
      done: undefined,
    });
    return this;
  }

  /** Starts every pending dependency (concurrently, honouring `dependsOn`); resolves the report. */
  async start(signal?: AbortSignal): Promise<StartupReport> {
    this.checkGraph();
    this.stopped = false;
    this.startedAt ??= this.clock.now();
    this.finishedAt = null;
    for (const entry of this.entries.values()) {
      if (entry.status === 'pending' || entry.status === 'stopped') entry.done = undefined;
    }
    await Promise.all([...this.entries.values()].map((entry) => this.startEntry(entry, signal)));
    this.finishedAt = this.clock.now();
    return this.report();
  }

  /** Tries again every dependency that failed or runs on its fallback (a recovery attempt). */
  async recover(signal?: AbortSignal): Promise<StartupReport> {
    for (const entry of this.entries.values()) {
      if (entry.status === 'failed' || entry.status === 'degraded') {
        entry.status = 'pending';
        entry.done = undefined;
      }
    }
    return this.start(signal);
  }

  /** The resource a dependency's `start` (or fallback) returned. */
  resource<T = unknown>(name: string): T | undefined {
    return this.entries.get(name)?.resource as T | undefined;
  }

  /** Status of one dependency. */
  status(name: string): DependencyStatus | undefined {
    return this.entries.get(name)?.status;
  }

  /** True when the service can take traffic. */
  isReady(): boolean {
    return this.report().ready;
  }

  /** Subscribes to dependency status changes. */
  onChange(listener: Listener<DependencyChange>): Disposable {
    return this.emitter.subscribe(listener);
  }

  /** Stops started dependencies in reverse registration order; a failing `stop` does not stop the others. */
  async stop(): Promise<void> {
    this.stopped = true;
    const errors: unknown[] = [];
    for (const entry of [...this.entries.values()].reverse()) {
      if (entry.status !== 'connected' && entry.status !== 'degraded') continue;
      try {
        if (entry.spec.stop !== undefined && entry.resource !== undefined) await entry.spec.stop(entry.resource);
      } catch (error) {
        errors.push(error);
      }
      this.setStatus(entry, 'stopped');
    }
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} dependencies failed to stop`);
  }

  /** The report, as plain JSON. */
  report(): StartupReport {
    const dependencies: Record<string, DependencyReport> = {};
    for (const [name, e] of this.entries) {
      dependencies[name] = {
        name,
        critical: e.spec.critical !== false,
        status: e.status,
        attempts: e.attempts,
        usedFallback: e.usedFallback,
        startedAt: e.startedAt,
        durationMs: e.durationMs,
        error: e.error === undefined ? null : summarizeError(e.error),
      };
    }
    const status = this.overallStatus();
    return {
      status,
      ready: status === 'ready' || status === 'degraded',
      startedAt: this.startedAt,
      durationMs: this.startedAt === null || this.finishedAt === null ? null : this.finishedAt - this.startedAt,
      dependencies,
    };
  }

  private overallStatus(): StartupStatus {
    if (this.stopped) return 'stopped';
    const entries = [...this.entries.values()];
    if (entries.some((e) => e.status === 'failed')) return 'failed';
    if (this.startedAt === null) return 'pending';
    if (entries.some((e) => e.status === 'pending' || e.status === 'starting')) return 'starting';
    return entries.some((e) => e.status === 'degraded') ? 'degraded' : 'ready';
  }

  private startEntry(entry: Entry, signal: AbortSignal | undefined): Promise<void> {
    entry.done ??= entry.status === 'pending' || entry.status === 'stopped' ? this.run(entry, signal) : Promise.resolve();
    return entry.done;
  }

  private async run(entry: Entry, signal: AbortSignal | undefined): Promise<void> {
    const spec = entry.spec;
    const prerequisites = (spec.dependsOn ?? []).map((name) => this.entries.get(name)!);
    await Promise.all(prerequisites.map((prerequisite) => this.startEntry(prerequisite, signal)));
    const blocked = prerequisites.find((p) => p.status !== 'connected' && p.status !== 'degraded');
    entry.startedAt = this.clock.now();
    entry.attempts = 0;
    entry.usedFallback = false;
    entry.error = undefined;
    if (blocked !== undefined) {
      await this.fail(entry, new Error(`not started: dependency "${blocked.spec.name}" is ${blocked.status}`));
      return;
    }
    this.setStatus(entry, 'starting');
    const options = normalizeRetryOptions({ clock: this.clock, ...retryOptionsOf(spec.retry) });
    try {
      entry.resource = await runRetry(options, spec.start, rootContext(signal), { attempt: (attempt) => (entry.attempts = attempt) }, undefined);
    } catch (error) {
      await this.fail(entry, error);
      return;
    }
    entry.durationMs = this.clock.now() - entry.startedAt;
    this.setStatus(entry, 'connected');
  }

  /**
   * A dependency could not start: its fallback stands in (`degraded`); without one (or if the
   * fallback fails too) a critical dependency is `failed` and an optional one `degraded`.
   */
  private async fail(entry: Entry, error: unknown): Promise<void> {
    entry.error = error;
    const fallback = entry.spec.fallback;
    if (fallback !== undefined) {
      try {
        entry.resource = await fallback(error);
        entry.usedFallback = true;
      } catch (fallbackError) {
        entry.error = fallbackError;
      }
    }
    entry.durationMs = this.clock.now() - (entry.startedAt ?? this.clock.now());
    this.setStatus(entry, entry.usedFallback || entry.spec.critical === false ? 'degraded' : 'failed');
  }

  private setStatus(entry: Entry, status: DependencyStatus): void {
    entry.status = status;
    if (this.emitter.size === 0) return;
    this.emitter.emit({ name: entry.spec.name, status, attempt: entry.attempts, error: entry.error === undefined ? null : summarizeError(entry.error) });
  }

  /** Unknown or circular `dependsOn` are configuration errors, reported all at once. */
  private checkGraph(): void {
    const issues: ConfigIssue[] = [];
    for (const [name, entry] of this.entries) {
      for (const prerequisite of entry.spec.dependsOn ?? []) {
        if (!this.entries.has(prerequisite)) issues.push({ path: `${name}.dependsOn`, message: `unknown dependency "${prerequisite}"` });
      }
    }
    const visiting = new Set<string>();
    const visited = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (visited.has(name) || !this.entries.has(name)) return;
      if (visiting.has(name)) {
        issues.push({ path: `${name}.dependsOn`, message: `circular: ${[...path.slice(path.indexOf(name)), name].join(' -> ')}` });
        return;
      }
      visiting.add(name);
      for (const next of this.entries.get(name)!.spec.dependsOn ?? []) visit(next, [...path, name]);
      visiting.delete(name);
      visited.add(name);
    };
    for (const name of this.entries.keys()) visit(name, []);
    if (issues.length > 0) throw new ResilienceConfigError(issues, 'dependency graph');
  }
}

function retryOptionsOf(retry: DependencySpec['retry']): RetryOptions {
  if (retry === false) return { maxAttempts: 1 };
  if (retry === undefined) return STARTUP_RETRY_DEFAULT;
  if (typeof retry === 'string') return domainRetryOptions(retry);
  return retry;
}

function validateSpec(spec: DependencySpec<unknown>, existing: ReadonlyMap<string, Entry>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (typeof spec !== 'object' || spec === null) return [{ path: 'dependency', message: 'expected an object' }];
  if (typeof spec.name !== 'string' || spec.name === '') issues.push({ path: 'name', message: 'expected a non-empty string' });
  else if (existing.has(spec.name)) issues.push({ path: 'name', message: `a dependency named "${spec.name}" is already registered` });
  if (typeof spec.start !== 'function') issues.push({ path: 'start', message: 'expected a function' });
  if (spec.critical !== undefined && typeof spec.critical !== 'boolean') issues.push({ path: 'critical', message: 'expected true or false' });
  if (spec.fallback !== undefined && typeof spec.fallback !== 'function') issues.push({ path: 'fallback', message: 'expected a function' });
  if (spec.stop !== undefined && typeof spec.stop !== 'function') issues.push({ path: 'stop', message: 'expected a function' });
  if (spec.dependsOn !== undefined && !(Array.isArray(spec.dependsOn) && spec.dependsOn.every((d) => typeof d === 'string'))) {
    issues.push({ path: 'dependsOn', message: 'expected a list of dependency names' });
  }
  if (typeof spec.retry === 'string') {
    if (!(RETRY_DOMAINS as readonly string[]).includes(spec.retry)) issues.push({ path: 'retry', message: `unknown retry domain "${spec.retry}" (expected one of ${RETRY_DOMAINS.join(', ')})` });
  } else if (spec.retry !== false) {
    issues.push(...validateRetryOptions(spec.retry, 'retry'));
  }
  return issues;
}
