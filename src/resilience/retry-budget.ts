import { systemClock, type Clock } from './clock.js';
import { IssueList } from './validate.js';
import { ResilienceConfigError } from './errors.js';

/** Options of {@link retryBudget}. */
export interface RetryBudgetOptions {
  /** Retries allowed per call made: 0.1 lets retries add at most 10 % to the traffic. Default 0.1. */
  ratio?: number;
  /** Retries always allowed per second, so a quiet service can still retry. Default 1. */
  minRetriesPerSecond?: number;
  /** Most tokens the bucket holds (the largest burst of retries). Default 10. */
  maxTokens?: number;
  clock?: Clock;
}

/** A plain-JSON view of a budget. */
export interface RetryBudgetSnapshot {
  tokens: number;
  ratio: number;
  minRetriesPerSecond: number;
  maxTokens: number;
  granted: number;
  denied: number;
}

/**
 * A token bucket shared by every call of one or more retry policies (Finagle's retry budget, the
 * AWS SDKs' retry quota). Each call deposits `ratio` tokens, each retry withdraws one, and
 * `minRetriesPerSecond` tokens accrue per second, computed from timestamps (no timer). Under a
 * failure storm, retries are capped to a fraction of traffic instead of multiplying the load.
 */
export class RetryBudget {
  readonly ratio: number;
  readonly minRetriesPerSecond: number;
  readonly maxTokens: number;
  private balance: number;
  private refilledAt: number;
  private granted = 0;
  private denied = 0;
  private readonly clock: Clock;

  constructor(options: RetryBudgetOptions = {}) {
    const issues = new IssueList();
    issues.number('ratio', options.ratio, 0);
    issues.number('minRetriesPerSecond', options.minRetriesPerSecond, 0);
    issues.number('maxTokens', options.maxTokens, 1);
    if (issues.issues.length > 0) throw new ResilienceConfigError(issues.issues, 'retry budget');
    this.ratio = options.ratio ?? 0.1;
    this.minRetriesPerSecond = options.minRetriesPerSecond ?? 1;
    this.maxTokens = options.maxTokens ?? 10;
    this.clock = options.clock ?? systemClock;
    this.balance = Math.min(this.maxTokens, Math.max(1, this.minRetriesPerSecond));
    this.refilledAt = this.clock.now();
  }

  /** Records a call (its first attempt). */
  deposit(): void {
    const balance = this.balance + this.ratio;
    this.balance = balance < this.maxTokens ? balance : this.maxTokens;
  }

  /** Takes a token for one retry; false when the budget is spent (the retry must not happen). */
  tryWithdraw(): boolean {
    this.refill();
    if (this.balance >= 1) {
      this.balance -= 1;
      this.granted++;
      return true;
    }
    this.denied++;
    return false;
  }

  /** Tokens available now. */
  get tokens(): number {
    this.refill();
    return this.balance;
  }

  toJSON(): RetryBudgetSnapshot {
    return {
      tokens: this.tokens,
      ratio: this.ratio,
      minRetriesPerSecond: this.minRetriesPerSecond,
      maxTokens: this.maxTokens,
      granted: this.granted,
      denied: this.denied,
    };
  }

  private refill(): void {
    if (this.minRetriesPerSecond === 0) return;
    const now = this.clock.now();
    const elapsed = now - this.refilledAt;
    if (elapsed <= 0) return;
    this.refilledAt = now;
    const balance = this.balance + (elapsed / 1000) * this.minRetriesPerSecond;
    this.balance = balance < this.maxTokens ? balance : this.maxTokens;
  }
}

/** Creates a {@link RetryBudget}; pass the same instance to several policies to share it. */
export function retryBudget(options?: RetryBudgetOptions): RetryBudget {
  return new RetryBudget(options);
}
