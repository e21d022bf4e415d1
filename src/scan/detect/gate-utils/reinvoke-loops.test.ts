/**
 * The retry loop part of the retry precondition (`mayHoldRetryLoop`, reached through
 * `mayReinvokeAfterFailure`) against the loop matcher: every text of `KEPT` holds a retry loop the full
 * analysis finds, so the precondition must hold on it; every text of `DROPPED` holds a loop with a
 * try block or a result check the matcher does not read as a retry, and the precondition tells so
 * from its tokens.
 */
import { describeRetryGate, type RetryGateCases } from '../test-utils/retry-gate-table.js';

/** Retry loops the matcher finds, each at the edge of one token-level condition. */
const KEPT: RetryGateCases = {
  'a try block that sets the flag of the loop condition on success': [
    'send.js',
    `export async function send(msg) {
      let sent = false, n = 0;
      while (!sent && n < 3) {
        try { await post(msg); sent = true; } catch (e) { n++; await sleep(100 * n); }
      }
    }`,
  ],
  'a try block that goes on with the next job on success (continue outer)': [
    'jobs.js',
    `export async function runAll(jobs) {
      outer: for (const job of jobs) {
        for (let i = 0; i < 3; i++) {
          try { await run(job); continue outer; } catch (e) { await sleep(100); }
        }
      }
    }`,
  ],
  'a catch that goes round through a guarded continue before its throw': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; ; i++) {
        try { return await fetchIt(url); } catch (err) {
          if (i < 3) { await sleep(100); continue }
          throw err
        }
      }
    }`,
  ],
  'a catch whose throw is not a statement of its own (semicolons left out)': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; i < 3; i++) {
        try { return await fetchIt(url) } catch (err) {
          if (!isTransient(err)) throw err
          await sleep(100)
        }
      }
    }`,
  ],
  'a try block accepting a result with an if whose else branch returns': [
    'load.js',
    `export async function load(url) {
      let last;
      for (let i = 0; i < 3; i++) {
        try {
          const r = await fetchIt(url);
          if (rejected(r)) { last = r; } else { return r; }
        } catch (e) { last = e; }
      }
      return last;
    }`,
  ],
  'a result check after a call made in the branch of another if': [
    'load.js',
    `export async function load(url) {
      let res = await fetchIt(url);
      for (let i = 0; i < 3; i++) {
        if (i > 0) res = fetchIt(url);
        if (res.ok) return res;
      }
    }`,
  ],
  'a result check after a call of a method named like a keyword (.catch)': [
    'load.js',
    `export function load(attempt, fallback) {
      for (let i = 0; i < 3; i++) {
        const res = attempt.catch(fallback);
        if (res.ok) return res;
      }
    }`,
  ],
  'a negated failure name in parentheses': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; i < 3; i++) {
        const res = await fetchIt(url);
        if (!(res.error)) return res;
      }
    }`,
  ],
  'a negated failure name read as an element key': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; i < 3; i++) {
        const res = await fetchIt(url);
        if (!res['error']) return res;
      }
    }`,
  ],
  'a negated call of a success method': [
    'load.js',
    `export async function load(url) {
      let res;
      for (let i = 0; i < 3; i++) {
        res = await fetchIt(url);
        if (!res.ok()) break;
      }
      return res;
    }`,
  ],
  'a success name negated inside a larger condition, not by itself': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; i < 3; i++) {
        const res = await fetchIt(url);
        if (!busy && res.ok) return res;
      }
    }`,
  ],
  'a status compared with a number on the left, then a plain continue': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; i < 3; i++) {
        const res = await fetchIt(url);
        if (503 === res.status) continue;
        return res;
      }
    }`,
  ],
  'a success check or a transient status that goes round with a plain continue': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; i < 3; i++) {
        const res = await fetchIt(url);
        if (res.ok || res.status === 503) continue;
        return res;
      }
    }`,
  ],
  'a private status field compared with a server error status': [
    'client.js',
    `export class Client {
      #status = 0;
      async load(url) {
        for (let i = 0; i < 3; i++) {
          await this.send(url);
          if (this.#status >= 500) continue;
          return this.body;
        }
      }
    }`,
  ],
};

/** Loops with a try block or a result check that are no retry loop. */
const DROPPED: RetryGateCases = {
  'a try with finally and no catch': [
    'pump.js',
    `export async function pump(source) {
      while (source.open) {
        try { return await source.read(); } finally { source.release(); }
      }
    }`,
  ],
  'a try block that never leaves the loop (each file removed, failures ignored)': [
    'clean.js',
    `export function clean(files) {
      for (const file of files) { try { unlinkSync(file); } catch (e) { report(e); } }
    }`,
  ],
  'a try block that only goes on with a plain continue': [
    'read.js',
    `export function readAll(keys, source) {
      const out = {};
      for (let i = 0; i < keys.length; i++) {
        let value;
        try { value = source.get(keys[i]); if (value === undefined) continue; } catch (e) { value = null; }
        out[keys[i]] = value;
      }
      return out;
    }`,
  ],
  'a catch that gives up at once with its own throw': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; i < 3; i++) {
        try { return await fetchIt(url); } catch (err) { report(err); throw new Wrapped(err); }
      }
    }`,
  ],
  'a negated success check that throws': [
    'check.js',
    `export function checkAll(schema, values) {
      for (const value of values) {
        const result = schema.safeParse(value);
        if (!result.success) { throw new Error('invalid: ' + value); }
      }
    }`,
  ],
  'a success check whose branch stays in the loop': [
    'collect.js',
    `export function collect(schema, values) {
      const out = [];
      for (const value of values) {
        const result = schema.safeParse(value);
        if (result.success) { out.push(result.data); }
        if (result.success) continue;
        report(result);
      }
      return out;
    }`,
  ],
  'a negated call of a failure test, and a negated field of the failure': [
    'pick.js',
    `export function pick(queue) {
      while (queue.length > 0) {
        const job = queue.shift();
        if (!isError(job)) return job;
        if (!job.error.code) break;
      }
    }`,
  ],
  'a result check after element reads and another if, no call': [
    'pick.js',
    `export function pick(results, limit) {
      for (let i = 0; i < results.length; i++) {
        const res = results[i];
        if (i > limit) break;
        if (res.ok) return res;
      }
    }`,
  ],
  'a result check that comes before any call in the loop body': [
    'count.js',
    `export function countValid(items, guard) {
      let n = 0;
      for (const item of items) {
        if (guard.check(item).success && ++n >= 3) break;
      }
      return n;
    }`,
  ],
  'a status compared with a string, not a number': [
    'tally.js',
    `export function firstDone(items) {
      for (const item of items) {
        const state = inspect(item);
        if (state.status === 'done') return item;
      }
    }`,
  ],
};

describeRetryGate('retry loop precondition', KEPT, DROPPED);
