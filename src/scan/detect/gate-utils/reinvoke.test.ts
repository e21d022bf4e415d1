/**
 * The retry precondition (`mayReinvokeAfterFailure`) against the matcher it stands for: every text of
 * `KEPT` holds a retry the full analysis finds, so the precondition must hold on it; every text of
 * `DROPPED` holds none and the precondition tells so from its tokens.
 */
import { expect, it } from 'vitest';
import { FAILURE_TEXT as MATCHER_FAILURE_TEXT } from '../matchers/retry-utils/failure-handlers.js';
import { describeRetryGate, type RetryGateCases } from '../test-utils/retry-gate-table.js';
import { FAILURE_TEXT } from './reinvoke-functions.js';

/** Retries the matcher finds, each reached through one path of the precondition. */
const KEPT: RetryGateCases = {
  'a function whose only failure word is in the comment before it': [
    'load.js',
    `// Loads again when the transport reports a problem (an error).
    export function load(url, n) {
      fetchIt(url, (reason, body) => {
        if (reason) { if (n > 0) load(url, n - 1); return; }
        use(body);
      });
    }`,
  ],
  'a method whose only failure word is in its decorator': [
    'link.ts',
    `export class Link {
      @Log('on failure')
      connect(n: number) {
        open(this.url, (reason: unknown) => {
          if (reason && n > 0) this.connect(n - 1);
        });
      }
    }`,
  ],
  'an arrow function whose only failure word is in its type parameters': [
    'load.ts',
    `export const load = <T extends Failure>(url: string, n: number, into: T[]): void => {
      fetchIt(url, (reason: unknown, body: T) => {
        if (reason) { if (n > 0) load(url, n - 1, into); return; }
        into.push(body);
      });
    };`,
  ],
  'a method calling itself through an alias of this from a timer': [
    'link.js',
    `class Link {
      connect() {
        const self = this;
        this.sock = open(this.url);
        this.sock.on('close', function () { setTimeout(function () { self.connect(); }, 1000); });
      }
    }
    module.exports = Link;`,
  ],
  'a close handler handing the reconnect to a helper method': [
    'link.js',
    `class Link {
      connect() {
        this.sock = open(this.url);
        this.sock.on('close', () => this.scheduleReconnect());
      }
      scheduleReconnect() { setTimeout(() => this.connect(), 1000); }
    }
    module.exports = Link;`,
  ],
  'a close handler given by reference, whose method hands the reconnect to another method': [
    'link.js',
    `class Link {
      connect() { this.sock = open(this.url); this.sock.on('close', this.onClose.bind(this)); }
      onClose() { this.scheduleReconnect(); }
      scheduleReconnect() { setTimeout(() => this.connect(), 1000); }
    }
    module.exports = Link;`,
  ],
  'a rejection handler given by name, reaching the re-invocation three helpers deep': [
    'client.js',
    `export function client(url) {
      function connect() { return open(url).catch(giveWay); }
      function giveWay(err) { log(err); backoff(); }
      function backoff() { wait(); }
      function wait() { setTimeout(() => connect(), 1000); }
      return connect();
    }`,
  ],
  'a close handler that is a method in parentheses under a type assertion': [
    'link.ts',
    `class Link {
      connect() { this.sock = open(this.url); this.sock.on('close', (this.onClose as any)); }
      onClose() { setTimeout(() => this.connect(), 1000); }
    }
    export = Link;`,
  ],
  'a method bound and assigned to onclose': [
    'link.ts',
    `class Link {
      connect() { this.sock = open(this.url); this.sock.onclose = this.onClose.bind(this); }
      onClose() { setTimeout(() => this.connect(), 1000); }
    }
    export = Link;`,
  ],
  'a parameter run first as the seed of a reduce and again in the rejection handlers': [
    'retries.js',
    `export function withRetries(op, delays) {
      return delays.reduce((previous, delay) => previous.catch(() => sleep(delay).then(() => op())), op());
    }`,
  ],
  'a method bound as a timer callback': [
    'link.ts',
    `export class Link {
      connect(): void {
        this.sock = open(this.url);
        this.sock.on('close', () => setTimeout(this.connect.bind(this), 1000));
      }
    }`,
  ],
  'a stored operation run again from the failure path': [
    'operation.js',
    `class Operation {
      attempt(fn) {
        this._fn = fn;
        this._fn(1);
      }
      retry(err) {
        if (!err) return false;
        setTimeout(() => this._fn(2), 100);
        return true;
      }
    }
    module.exports = Operation;`,
  ],
  'a stored operation run again through an alias of this from a timer': [
    'operation.js',
    `class Operation {
      attempt(fn) { this._fn = fn; this._fn(1); }
      retry(err) { if (!err) return false; const self = this; setTimeout(function () { self._fn(2); }, 100); return true; }
    }
    module.exports = Operation;`,
  ],
  'a method calling itself through a returned, asserted this': [
    'client.ts',
    'export class C { async get(url: string, n: number): Promise<string> { try { return await fetchIt(url); } catch (e) { if (n <= 0) throw e; return (this as any).get(url, n - 1); } } }',
  ],
  'the function itself as the continuation of a wait (.then(self))': [
    'attempt.js',
    `export function attempt() {
      return fetchIt().catch(() => sleep(100).then(attempt));
    }`,
  ],
  'an object literal method called through its object': [
    'api.js',
    `const api = {
      get(url, n) {
        return fetch(url).catch(() => api.get(url, n - 1));
      },
    };
    module.exports = api;`,
  ],
  'a prototype method called through an alias of this': [
    'client.js',
    `function Client() {}
    Client.prototype.send = function (msg, n) {
      var self = this;
      transport.write(msg, function (err) { if (err && n > 0) self.send(msg, n - 1); });
    };
    module.exports = Client;`,
  ],
  'a class property holding an arrow function': [
    'poller.js',
    `class Poller {
      load = async (n) => {
        try { return await fetch(this.url); } catch (e) { if (n > 0) return this.load(n - 1); throw e; }
      };
    }
    module.exports = Poller;`,
  ],
  'a self call through a type assertion in parentheses': [
    'load.ts',
    `export function load(url: string, n: number): Promise<string> {
      return fetchIt(url).catch(() => (n > 0 ? (load as (u: string, n: number) => Promise<string>)(url, n - 1) : ''));
    }`,
  ],
  'an awaited self call in parentheses': [
    'load.ts',
    `export async function load(url: string, n: number): Promise<string> {
      try { return await fetchIt(url); } catch (e) { if (n <= 0) throw e; return await (load)(url, n - 1); }
    }`,
  ],
  'a parameter run again in the catch block': ['run.js', 'export function retryOp(op) { try { return op(); } catch (e) { return op(); } }'],
  'the single parameter of an arrow function run again': ['run.js', 'export const run = (op) => op().catch(() => op());'],
  'a parameter of an arrow function handed to a call': ['run.js', 'export function run(items) { return items.map((op) => op().catch(() => op())); }'],
  ...resending({
    'through parentheses and as': '(error: AxiosError) => client.request((error as any).config)',
    'through non-null assertions': '(error: AxiosError) => client.request(error!.config!)',
    'awaited, by an optional element access': "async (error: AxiosError) => client.request(await error?.['config'])",
    'through a variable set from it': '(error) => { const config = error.config; return client.request(config); }',
    'through a typed variable set from it in parentheses': '(error) => { const config: Config<{ a: 1 }> = (error.config as Config); return client.request(config); }',
    'destructured under another name from an asserted error': '(error) => { const { config: c } = error as AxiosError; return client.request(c); }',
    'through the second variable of a declaration ended by a line break': '(error) => { let a = 1, config = error.request\n return client.request(config, a) }',
  }),
  // Each kind of failure handler (see `failure-regions.ts`) around the re-invocation.
  'a self call from an observer error callback under a bound': [
    'feed.ts',
    `export class Feed {
      listen(n: number) {
        this.source.subscribe({ next: (v) => this.use(v), error: (err) => { if (n > 0) this.listen(n - 1); } });
      }
    }`,
  ],
  'a self call from the rejection handler of then': ['load.js', 'export function load(url, n) { return get(url).then(undefined, () => load(url, n - 1)); }'],
  'a self call from a close listener after a delay': [
    'link.js',
    `export class Link {
      connect() {
        this.socket = open(this.url);
        this.socket.on('close', () => setTimeout(() => this.connect(), 1000));
      }
    }`,
  ],
  'a self call in an unbraced branch of a failed-response check': [
    'load.js',
    'export async function load(url, n) { const res = await get(url); if (!res.ok && n > 0) return load(url, n - 1); return res; }',
  ],
  'a self call in the branch of a server-error status check': [
    'load.js',
    'export async function load(url, n) { const res = await get(url); if (res.status >= 500 && n > 0) { return load(url, n - 1); } return res; }',
  ],
  'a self call from an error-first callback named e': [
    'load.js',
    '// Loads again on a transport failure.\nexport function load(url, n) { fetchIt(url, (e, body) => { if (e) { if (n > 0) load(url, n - 1); return; } use(body); }); }',
  ],
  'a handler object whose failure callback dispatches its request again with itself as the handler': [
    'retry-handler.js',
    `export class RetryHandler {
      constructor(opts, dispatch) { this.opts = opts; this.dispatch = dispatch; this.count = 0; }
      onError(err) {
        if (this.count++ >= 3) return this.handler.onError(err);
        setTimeout(() => this.dispatch(this.opts, this), 100);
      }
    }`,
  ],
  'a rejection handler given by name that resends the failed request': [
    'setup.js',
    "export function load(client) { const onFailure = (error) => client.request(error.config); return client.get('/items').catch(onFailure); }",
  ],
  'a queue worker re-submitting its job with the next attempt number': [
    'worker.js',
    `export async function worker(job) {
      try { await handle(job.data); } catch (err) {
        const made = job.attemptsMade + 1;
        if (made < job.opts.attempts) await queue.add(job.name, job.data, { attemptsMade: made });
      }
    }`,
  ],
  'a loop that leaves once the result is not failed': [
    'load.js',
    `export async function load(url) {
      let res;
      for (let i = 0; i < 3; i++) {
        res = await fetchIt(url);
        if (!res.failed) break;
      }
      return res;
    }`,
  ],
  'a loop that goes round again on a server error status': [
    'load.js',
    `export async function load(url) {
      for (let i = 0; i < 3; i++) {
        const res = await fetchIt(url);
        if (res.status >= 500 && i < 2) { await sleep(100); continue; }
        return res;
      }
    }`,
  ],
  'a do-while loop whose condition finds the result not ok': [
    'load.js',
    `export async function load(url) {
      let res, n = 0;
      do { res = await fetchIt(url); } while (!res.ok && n++ < 3);
      return res;
    }`,
  ],
  'a while loop whose condition finds a status asking for another attempt': [
    'load.js',
    `export async function load(url) {
      let r = await fetchIt(url), n = 0;
      while (r.state === 'retryable' && n++ < 3) { r = await fetchIt(url); }
      return r;
    }`,
  ],
  'an rxjs notifier that gives up with throwError, otherwise waits with timer': [
    'notifier.ts',
    `import { throwError, timer, mergeMap } from 'rxjs';
    export const notifier = (errors$) => errors$.pipe(mergeMap((e, i) => (i > 3 ? throwError(() => e) : timer(100))));`,
  ],
};

/** An interceptor whose error handler sends the failed request again, for each way of reading its request. */
function resending(handlers: Record<string, string>): Record<string, [string, string]> {
  return Object.fromEntries(
    Object.entries(handlers).map(([how, handler]) => [
      `an interceptor resending the failed request ${how}`,
      ['setup.ts', `export function setup(client) { client.interceptors.response.use((r) => r, ${handler}); }`],
    ]),
  );
}

/** Look-alikes: re-invocations the matcher does not take for a retry. */
const DROPPED: RetryGateCases = {
  'plain recursion in a function without a failure word (next to one with)': [
    'walk.js',
    `export function walk(node) { visit(node); node.children.forEach((child) => walk(child)); }
    export function load(url) { try { return fetch(url); } catch (e) { log(e); } }`,
  ],
  'a function with a catch block called from another function': [
    'decode.js',
    `export function decodeSafe(value) { try { return decodeURIComponent(value); } catch (error) { return value; } }
    export function parse(url) { return decodeSafe(url.username); }`,
  ],
  'a method with a rejection handler called again from a method it does not reach': [
    'pool.js',
    `export class Pool {
      acquire() { return this.create().catch((err) => { this.log(err); return null; }); }
      drain() { for (const r of this.resources) this.release(r); return this.acquire(); }
    }`,
  ],
  'a function with a catch block called from a function it only registers as a listener': [
    'watch.js',
    `export function watch(signal) { try { signal.addEventListener('abort', stop); } catch (e) { log(e); } }
    export function stop() { cleanup(); watch(current); }`,
  ],
  'a parameter run once in its method and once in another method': [
    'runner.js',
    `export class Runner {
      run(task) { try { task(); } catch (e) { log(e); } }
      again(task) { task(); }
    }`,
  ],
  'a method of the same name called on the result of a call': [
    'client.ts',
    'export class C { async get(url: string, n: number): Promise<string> { try { return await fetchIt(url); } catch (e) { if (n <= 0) throw e; return make().get(url, n - 1); } } }',
  ],
  'a stored operation called through another object': [
    'parser.js',
    `export class Parser {
      constructor(fn) { this.fn = fn; }
      run(parser, input) { try { return parser.fn(input); } catch (e) { log(e); } }
    }`,
  ],
  // Re-invocations outside every failure handler (see `failure-regions.ts`) of a function with one.
  'recursion over children in a function that throws': [
    'walk.js',
    "export function walk(node, visit) { if (!node) throw new Error('no node'); visit(node); node.children.forEach((child) => walk(child, visit)); }",
  ],
  'recursion on the success path next to a catch block that gives up': [
    'crawl.js',
    'export async function crawl(url, seen) { let page; try { page = await fetchPage(url); } catch (error) { log(error); return; } await Promise.all(page.links.map((link) => crawl(link, seen))); }',
  ],
  'a parameter run twice around a catch block that only reports': [
    'twice.js',
    'export function twice(op) { op(); try { cleanup(); } catch (e) { report(e); } op(); }',
  ],
  'a field plus one outside the branch of a failure check': [
    'next.js',
    'export function next(job) { if (job.failed) report(job); return enqueue(job.name, { attempt: job.attempt + 1 }); }',
  ],
  'a request field read in a try block, not in its catch': [
    'describe.js',
    "export function describeRequest(res) { try { return format(res.config); } catch (e) { return 'unknown'; } }",
  ],
  'a failure callback that reports, never handing itself on': [
    'sink.js',
    "export class Sink { onError(err) { this.closed = true; this.emit('error', err); } }",
  ],
  'a continuation called in an error-first callback and again on another path, never after its own call failed': [
    'begin.js',
    'export function begin(pool, nested) { return new Promise((ok, fail) => { const done = (err) => { if (err) return fail(err); ok(); }; if (!nested) pool.begin(done); else { pool.query("SAVEPOINT s"); ok(); } }); }',
  ],
  'a failure callback called in a try block and handed the error in the catch block': [
    'read-all.js',
    "export async function readAll(reader, onFailure) { try { const chunk = await reader.read(); if (!chunk) onFailure(new TypeError('empty')); } catch (e) { onFailure(e); } }",
  ],
  'a field plus one read from module state, not from a parameter': [
    'bump.js',
    `const state = { n: 0 };
    export function bump(job) { try { run(job); } catch (e) { state.n = state.n + 1; report(job, state.n + 1); } }`,
  ],
  'a continuation called on both paths': [
    'read.js',
    `export function read(path, callback) {
      fs.readFile(path, (err, data) => {
        if (err) return callback(err);
        callback(null, parse(data));
      });
    }`,
  ],
  'a callback handed the error or null each time': [
    'read.js',
    `export function read(path, handler) {
      fs.readFile(path, (err, data) => {
        if (err) return handler(err);
        handler(null, parse(data));
      });
    }`,
  ],
  'a continuation named next called from the catch block': ['read.js', 'export function read(path, next) { try { return next(parse(path)); } catch (error) { return next(error); } }'],
  ...notResending({
    'a field of the request field': '(error) => client.request(error.config.url)',
    'the request field returned': '(opts) => { return opts.config; }',
    'the request field in a template and an object literal': '(error) => { log(`${error.config}`); return { c: error.config }; }',
    'a request field destructured from a field of the error': '(error) => { const { config } = error.response; return client.request(config); }',
    'the request field stored on this': 'function (error) { this.options = error.options; return client.request(this.options); }',
  }),
  'a loop reading result names outside any check': [
    'sum.js',
    `export function sum(items) {
      let total = 0;
      const errors = [];
      for (const item of items) { total += item.value; errors.push(item.error); if (item.status) log(item); }
      return { total, errors, ok: errors.length === 0 };
    }`,
  ],
  'a loop checking an error without negating it': [
    'scan.js',
    "export function scan(queue) { while (queue.length > 0) { const job = queue.shift(); job.status = 'done'; if (job.err) report(job.err); } }",
  ],
  'request fields of call arguments, not of a parameter': ['execute.js', 'export function start(packet, connection) { this.parser = build(packet, connection.config); }'],
};

/** An interceptor whose error handler reads a request field but does not send it again. */
function notResending(handlers: Record<string, string>): Record<string, [string, string]> {
  return Object.fromEntries(
    Object.entries(handlers).map(([what, handler]) => [`an interceptor with ${what}`, ['setup.ts', `export function setup(client) { client.interceptors.response.use((r) => r, ${handler}); }`]]),
  );
}

describeRetryGate('retry precondition', KEPT, DROPPED, () => {
  it("reads failure words as the recursion matcher does (the same FAILURE_TEXT)", () => {
    expect(FAILURE_TEXT.source).toBe(MATCHER_FAILURE_TEXT.source);
    expect(FAILURE_TEXT.flags).toBe(MATCHER_FAILURE_TEXT.flags);
  });
});
