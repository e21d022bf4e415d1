import type { Jitter } from './backoff.js';
import type { BreakerMode, CircuitBreakerOptions } from './breaker/options.js';
import { validateReliabilityConfig, type ReliabilityConfig } from './config.js';
import type { ConfigIssue } from './errors.js';
import type { RetryOptions } from './retry-options.js';
import { durationOf, percentOrRatio, strategyOf, jitterOf, splitKey, type TimeUnit } from './legacy-utils/values.js';

export type { TimeUnit };

/** Options of the legacy mappers. */
export interface LegacyMappingOptions {
  /** Unit of durations whose key does not say it (`baseDelayMs` and `base_delay_seconds` do). Default `ms`; use `s` for configs ported from Python. */
  unit?: TimeUnit;
}

/** What a legacy mapper produced, and what it could not map. */
export interface LegacyMapping<T> {
  readonly config: T;
  /** Keys it did not recognise or could not map (nothing is dropped silently). */
  readonly unmapped: readonly string[];
  /** How ambiguous keys were read (`maxRetries: 3` became `maxAttempts: 4` ...). */
  readonly notes: readonly string[];
  /** Problems of the mapped config (a negative delay ...), as `validateReliabilityConfig` reports them. */
  readonly issues: readonly ConfigIssue[];
}

type Field = 'attempts' | 'retries' | 'baseDelay' | 'maxDelay' | 'factor' | 'step' | 'strategy' | 'jitter' | 'attemptTimeout' | 'maxDuration' | 'retryAfter';

const RETRY_FIELDS: Readonly<Record<string, Field>> = {
  maxattempts: 'attempts', attempts: 'attempts', numofattempts: 'attempts', maxtries: 'attempts', tries: 'attempts', totalattempts: 'attempts',
  maxretries: 'retries', retries: 'retries', retrycount: 'retries', maxretrycount: 'retries', retrylimit: 'retries', maxretry: 'retries', retry: 'retries',
  basedelay: 'baseDelay', initialdelay: 'baseDelay', delay: 'baseDelay', mintimeout: 'baseDelay', startingdelay: 'baseDelay', retrydelay: 'baseDelay',
  backoffbase: 'baseDelay', interval: 'baseDelay', retryinterval: 'baseDelay', waitduration: 'baseDelay', initialinterval: 'baseDelay', initialbackoff: 'baseDelay', backoff: 'baseDelay', mindelay: 'baseDelay',
  maxdelay: 'maxDelay', maxtimeout: 'maxDelay', maxbackoff: 'maxDelay', maxinterval: 'maxDelay', maxwait: 'maxDelay', maxretrydelay: 'maxDelay', capdelay: 'maxDelay',
  factor: 'factor', multiplier: 'factor', backoffmultiplier: 'factor', exponent: 'factor', timemultiple: 'factor', backofffactor: 'factor', exponentialbase: 'factor',
  increment: 'step', step: 'step', stepdelay: 'step', linearincrement: 'step',
  strategy: 'strategy', backoffstrategy: 'strategy', backofftype: 'strategy', type: 'strategy', retrystrategy: 'strategy', kind: 'strategy', backoffkind: 'strategy',
  jitter: 'jitter', jittertype: 'jitter', usejitter: 'jitter', jitterenabled: 'jitter', randomize: 'jitter', addjitter: 'jitter',
  timeout: 'attemptTimeout', attempttimeout: 'attemptTimeout', operationtimeout: 'attemptTimeout', pertrytimeout: 'attemptTimeout', perattempttimeout: 'attemptTimeout', requesttimeout: 'attemptTimeout', calltimeout: 'attemptTimeout',
  maxretrytime: 'maxDuration', totaltimeout: 'maxDuration', maxduration: 'maxDuration', maxelapsedtime: 'maxDuration', maxtotaltime: 'maxDuration', timebudget: 'maxDuration', deadline: 'maxDuration',
  respectretryafter: 'retryAfter', shouldretryafterheader: 'retryAfter', honorretryafter: 'retryAfter', honourretryafter: 'retryAfter', useretryafter: 'retryAfter',
};

/**
 * Maps a legacy retry config (p-retry, async-retry, exponential-backoff, cockatiel, tenacity- or
 * hand-written `RetryConfig` shapes, camelCase or snake_case) onto {@link RetryOptions}.
 * `maxRetries`/`retries` count retries, so `maxAttempts` is one more.
 */
export function fromLegacyRetryConfig(legacy: Record<string, unknown>, options: LegacyMappingOptions = {}): LegacyMapping<RetryOptions> {
  const state = new MappingState(options.unit ?? 'ms');
  const config = mapRetry(legacy, '', state);
  return state.result(config, (c) => validateReliabilityConfig({ retry: c }));
}

type CircuitField = 'failures' | 'breakDuration' | 'rate' | 'ratio' | 'minimumCalls' | 'windowSize' | 'windowDuration' | 'buckets' | 'windowType' | 'probes' | 'successes' | 'maxWait' | 'name' | 'enabled' | 'ambiguousTimeout';

const CIRCUIT_FIELDS: Readonly<Record<string, CircuitField>> = {
  failurethreshold: 'failures', maxfailures: 'failures', threshold: 'failures', consecutivefailures: 'failures', failurecount: 'failures', circuitbreakerthreshold: 'failures',
  recoverytimeout: 'breakDuration', resettimeout: 'breakDuration', halfopenafter: 'breakDuration', breakduration: 'breakDuration', waitdurationinopenstate: 'breakDuration',
  cooldown: 'breakDuration', cooldownperiod: 'breakDuration', opentimeout: 'breakDuration', opentime: 'breakDuration', sleepwindow: 'breakDuration',
  durationofbreak: 'breakDuration', retrytimeout: 'breakDuration', circuitbreakertimeout: 'breakDuration', recoverytime: 'breakDuration', circuitbreakersleepwindow: 'breakDuration',
  errorthresholdpercentage: 'rate', circuitbreakererrorthresholdpercentage: 'rate', failureratethreshold: 'rate', errorthreshold: 'rate', errorpercentagethreshold: 'rate', failurerate: 'rate',
  failureratio: 'ratio', errorrate: 'ratio',
  volumethreshold: 'minimumCalls', minimumnumberofcalls: 'minimumCalls', minimumthroughput: 'minimumCalls', minimumcalls: 'minimumCalls', requestvolumethreshold: 'minimumCalls', circuitbreakerrequestvolumethreshold: 'minimumCalls', minthroughput: 'minimumCalls',
  slidingwindowsize: 'windowSize', windowsize: 'windowSize',
  rollingcounttimeout: 'windowDuration', samplingduration: 'windowDuration', windowduration: 'windowDuration', metricsrollingstatisticalwindow: 'windowDuration', rollingwindow: 'windowDuration',
  rollingcountbuckets: 'buckets', buckets: 'buckets', windowbuckets: 'buckets', numbuckets: 'buckets',
  slidingwindowtype: 'windowType', windowtype: 'windowType', mode: 'windowType',
  permittednumberofcallsinhalfopenstate: 'probes', halfopenmaxcalls: 'probes', halfopenrequests: 'probes', halfopenmaxprobes: 'probes', maxhalfopencalls: 'probes', halfopenmaxrequests: 'probes',
  successthreshold: 'successes', halfopensuccessthreshold: 'successes',
  maxwaitdurationinhalfopenstate: 'maxWait', halfopentimeout: 'maxWait', halfopenmaxwait: 'maxWait',
  name: 'name', enabled: 'enabled', circuitbreakerenabled: 'enabled',
  timeout: 'ambiguousTimeout',
};

/**
 * Maps a legacy circuit breaker config (opossum, cockatiel, resilience4j, Polly, Hystrix or
 * hand-written `failureThreshold` / `recoveryTimeout` shapes) onto {@link CircuitBreakerOptions};
 * `enabled: false` maps to `false` (no breaker).
 */
export function fromLegacyCircuitConfig(legacy: Record<string, unknown>, options: LegacyMappingOptions = {}): LegacyMapping<CircuitBreakerOptions | false> {
  const state = new MappingState(options.unit ?? 'ms');
  const config = mapCircuit(legacy, '', state);
  return state.result(config, (c) => validateReliabilityConfig({ circuit: c }));
}

const SECTION_KEYS: Readonly<Record<string, 'retry' | 'circuit'>> = {
  retry: 'retry', retryconfig: 'retry', retrypolicy: 'retry', retryoptions: 'retry',
  circuit: 'circuit', circuitbreaker: 'circuit', breaker: 'circuit', circuitconfig: 'circuit', circuitbreakerconfig: 'circuit', circuitoptions: 'circuit',
};

/**
 * Maps a legacy reliability config onto {@link ReliabilityConfig}: nested `retry` / `circuit` (or
 * `circuitBreaker`) sections, or one flat object mixing both, plus the events and health switches
 * (`websocket_events`, `health_tracking_enabled`, `max_error_history`).
 */
export function fromLegacyReliabilityConfig(legacy: Record<string, unknown>, options: LegacyMappingOptions = {}): LegacyMapping<ReliabilityConfig> {
  const state = new MappingState(options.unit ?? 'ms');
  const config: ReliabilityConfig = {};
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(legacy)) {
    const { base } = splitKey(key);
    const section = SECTION_KEYS[base];
    if (section !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (section === 'retry') config.retry = mapRetry(value as Record<string, unknown>, key, state);
      else config.circuit = mapCircuit(value as Record<string, unknown>, key, state);
    } else if (base === 'websocketevents' || base === 'events' || base === 'emitevents' || base === 'eventsenabled') {
      if (typeof value === 'boolean') config.events = { enabled: value };
      else state.unmapped.push(key);
    } else if (base === 'healthtrackingenabled' || base === 'healthenabled' || base === 'healthtracking') {
      if (typeof value === 'boolean') config.health = { ...config.health, enabled: value };
      else state.unmapped.push(key);
    } else if (base === 'maxerrorhistory' || base === 'errorhistorysize' || base === 'maxerrors') {
      if (typeof value === 'number') config.health = { ...config.health, maxErrorHistory: value };
      else state.unmapped.push(key);
    } else {
      flat[key] = value;
    }
  }
  // Flat keys: circuit-specific names first (they are unambiguous), then retry names.
  const circuitPart: Record<string, unknown> = {};
  const retryPart: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const { base } = splitKey(key);
    if (base === 'timeout' || base === 'enabled') {
      // Which policy a bare `timeout` or `enabled` belongs to cannot be told from a flat object.
      state.unmapped.push(key);
      state.notes.push(`${key}: ambiguous in a flat config (retry or circuit?); set retry.attemptTimeoutMs, circuit.breakDurationMs or circuit: false explicitly`);
      continue;
    }
    const circuitField = CIRCUIT_FIELDS[base];
    if (circuitField !== undefined && RETRY_FIELDS[base] === undefined) circuitPart[key] = value;
    else retryPart[key] = value;
  }
  if (Object.keys(retryPart).length > 0) config.retry = { ...(config.retry === false ? {} : config.retry), ...mapRetry(retryPart, '', state) };
  if (Object.keys(circuitPart).length > 0) {
    const circuit = mapCircuit(circuitPart, '', state);
    config.circuit = circuit === false || config.circuit === false ? false : { ...config.circuit, ...circuit };
  }
  return state.result(config, (c) => validateReliabilityConfig(c));
}

class MappingState {
  readonly unmapped: string[] = [];
  readonly notes: string[] = [];

  constructor(readonly unit: TimeUnit) {}

  result<T>(config: T, validate: (config: T) => ConfigIssue[]): LegacyMapping<T> {
    return { config, unmapped: this.unmapped, notes: this.notes, issues: validate(config) };
  }
}

function path(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

function mapRetry(legacy: Record<string, unknown>, prefix: string, state: MappingState): RetryOptions {
  const out: RetryOptions = {};
  let explicitJitter: Jitter | undefined;
  for (const [key, value] of Object.entries(legacy)) {
    const where = path(prefix, key);
    const { base, unit } = splitKey(key);
    const field = RETRY_FIELDS[base];
    const ms = (): number | undefined => durationOf(value, unit ?? state.unit);
    let mapped = true;
    switch (field) {
      case 'attempts':
        if (isWhole(value, 1)) out.maxAttempts = value;
        else mapped = false;
        break;
      case 'retries':
        if (isWhole(value, 0)) {
          out.maxAttempts = value + 1;
          state.notes.push(`${where}: ${value} retries = maxAttempts ${value + 1} (maxAttempts counts the first call)`);
        } else mapped = false;
        break;
      case 'baseDelay':
      case 'maxDelay':
      case 'step':
      case 'attemptTimeout':
      case 'maxDuration': {
        const duration = ms();
        if (duration === undefined) {
          // `backoff: "exponential"` names a strategy, not a delay.
          const strategy = field === 'baseDelay' ? strategyOf(value) : undefined;
          if (strategy === undefined) mapped = false;
          else {
            out.strategy = strategy.strategy;
            if (strategy.jitter !== undefined) explicitJitter ??= strategy.jitter;
          }
          break;
        }
        if (field === 'baseDelay') out.baseDelayMs = duration;
        else if (field === 'maxDelay') out.maxDelayMs = duration;
        else if (field === 'step') out.stepMs = duration;
        else if (field === 'attemptTimeout') out.attemptTimeoutMs = duration;
        else out.maxDurationMs = duration;
        if (unit === undefined && typeof value === 'number') state.notes.push(`${where}: ${value} read as ${state.unit === 's' ? 'seconds' : 'milliseconds'}`);
        break;
      }
      case 'factor':
        if (typeof value === 'number' && value >= 1) out.factor = value;
        else mapped = false;
        break;
      case 'strategy': {
        const strategy = strategyOf(value);
        if (strategy === undefined) mapped = false;
        else {
          out.strategy = strategy.strategy;
          if (strategy.jitter !== undefined) explicitJitter ??= strategy.jitter;
          if (strategy.note !== undefined) state.notes.push(`${where}: ${strategy.note}`);
        }
        break;
      }
      case 'jitter': {
        const jitter = jitterOf(value);
        if (jitter === undefined) mapped = false;
        else {
          explicitJitter = jitter;
          if (base === 'randomize' && jitter !== 'none') state.notes.push(`${where}: randomize (x1..2) approximated by full jitter`);
        }
        break;
      }
      case 'retryAfter':
        if (typeof value === 'boolean') out.respectRetryAfter = value;
        else mapped = false;
        break;
      default:
        mapped = false;
    }
    if (!mapped) state.unmapped.push(where);
  }
  if (explicitJitter !== undefined) out.jitter = explicitJitter;
  else if (out.strategy !== undefined) out.jitter = 'none';
  return out;
}

function mapCircuit(legacy: Record<string, unknown>, prefix: string, state: MappingState): CircuitBreakerOptions | false {
  const out: CircuitBreakerOptions = {};
  let windowType: 'count' | 'time' | undefined;
  let windowSize: number | undefined;
  let disabled = false;
  for (const [key, value] of Object.entries(legacy)) {
    const where = path(prefix, key);
    const { base, unit } = splitKey(key);
    const field = CIRCUIT_FIELDS[base];
    const ms = (): number | undefined => durationOf(value, unit ?? state.unit);
    let mapped = true;
    switch (field) {
      case 'failures':
        if (isWhole(value, 1)) out.failureThreshold = value;
        else mapped = false;
        break;
      case 'breakDuration':
      case 'windowDuration':
      case 'maxWait': {
        const duration = ms();
        if (duration === undefined) mapped = false;
        else if (field === 'breakDuration') out.breakDurationMs = duration;
        else if (field === 'windowDuration') out.windowDurationMs = duration;
        else out.halfOpenMaxWaitMs = duration;
        if (duration !== undefined && unit === undefined && typeof value === 'number') state.notes.push(`${where}: ${value} read as ${state.unit === 's' ? 'seconds' : 'milliseconds'}`);
        break;
      }
      case 'rate':
      case 'ratio': {
        const ratio = field === 'rate' ? percentOrRatio(value) : typeof value === 'number' && value > 0 && value <= 1 ? value : undefined;
        if (ratio === undefined) mapped = false;
        else out.failureRateThreshold = ratio;
        break;
      }
      case 'minimumCalls':
        if (isWhole(value, 1)) out.minimumCalls = value;
        else mapped = false;
        break;
      case 'windowSize':
        if (isWhole(value, 1)) windowSize = value;
        else mapped = false;
        break;
      case 'buckets':
        if (isWhole(value, 1)) out.windowBuckets = value;
        else mapped = false;
        break;
      case 'windowType': {
        const text = typeof value === 'string' ? value.toLowerCase() : '';
        if (text.startsWith('count')) windowType = 'count';
        else if (text.startsWith('time')) windowType = 'time';
        else if (text === 'consecutive') out.mode = 'consecutive';
        else mapped = false;
        break;
      }
      case 'probes':
        if (isWhole(value, 1)) out.halfOpenMaxProbes = value;
        else mapped = false;
        break;
      case 'successes':
        if (isWhole(value, 1)) out.halfOpenSuccessThreshold = value;
        else mapped = false;
        break;
      case 'name':
        if (typeof value === 'string' && value !== '') out.name = value;
        else mapped = false;
        break;
      case 'enabled':
        if (typeof value === 'boolean') disabled = !value;
        else mapped = false;
        break;
      case 'ambiguousTimeout':
        mapped = false;
        state.notes.push(`${where}: "timeout" is a call timeout in some libraries (opossum) and a recovery timeout in others; set retry.attemptTimeoutMs or circuit.breakDurationMs explicitly`);
        break;
      default:
        mapped = false;
    }
    if (!mapped) state.unmapped.push(where);
  }
  if (windowSize !== undefined) {
    // resilience4j: a TIME_BASED window's size is in seconds.
    if (windowType === 'time') out.windowDurationMs = windowSize * 1000;
    else out.windowSize = windowSize;
  }
  const mode: BreakerMode | undefined =
    out.mode ?? windowType ?? (out.windowSize !== undefined ? 'count' : out.failureRateThreshold !== undefined || out.windowDurationMs !== undefined ? 'time' : undefined);
  if (mode !== undefined) out.mode = mode;
  return disabled ? false : out;
}

function isWhole(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}
