/**
 * Styles met in published packages (servers, protocol clients, exporters, socket wrappers): recursion
 * over the rest of a candidate list (failover, not retry), id and hash generators with bit rotations
 * and random digits (not backoff), loops re-sending while the result reports a retryable status, and
 * reconnects scheduled from a close handler through a second method. Each with the look-alikes that
 * bound the fix: retries that consume a list of delays, shifts that grow a delay, polls on a status,
 * close handlers that only clean up, a connect run once from a user action.
 */
import { describe, expect, it } from 'vitest';
import { activeRuleIndexes } from '../scan/detect/analyze-file.js';
import { builtinRules, dedent, runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const failoverIgnore: DetectCase[] = [
  {
    name: 'a listener trying the next port of a list when the current one is taken',
    code: `
      export class Listener {
        listenOnAny(ports: number[]): Promise<number> {
          return this.tryListen(ports[0]!).catch((err) => {
            if (ports.length <= 1) throw err;
            return this.listenOnAny(ports.slice(1));
          });
        }
        private tryListen(port: number): Promise<number> {
          return Promise.resolve(port);
        }
      }
    `,
    expect: [],
  },
  {
    name: 'an error-first lookup moving on to the remaining folders (rest destructuring)',
    file: 'resolve.js',
    code: `
      const fs = require('fs');
      const path = require('path');
      function resolveFrom(dirs, name, cb) {
        const [dir, ...others] = dirs;
        fs.stat(path.join(dir, name), function (err, stat) {
          if (err) {
            if (others.length === 0) return cb(err);
            return resolveFrom(others, name, cb);
          }
          cb(null, stat);
        });
      }
      module.exports = resolveFrom;
    `,
    expect: [],
  },
  {
    name: 'a dialer walking a linked list of hosts on failure',
    code: `
      interface HostNode { host: string; next?: HostNode }
      export async function dialChain(node: HostNode): Promise<unknown> {
        try {
          return await dial(node.host);
        } catch (error) {
          if (!node.next) throw error;
          return dialChain(node.next);
        }
      }
      declare function dial(host: string): Promise<unknown>;
    `,
    expect: [],
  },
  {
    name: 'a mirror list consumed with shift() before each attempt',
    code: `
      export async function firstReachable(mirrors: string[]): Promise<string> {
        const mirror = mirrors.shift()!;
        try {
          await ping(mirror);
          return mirror;
        } catch (err) {
          if (mirrors.length === 0) throw err;
          return firstReachable(mirrors);
        }
      }
      declare function ping(url: string): Promise<void>;
    `,
    expect: [],
  },
];

const recursionFind: DetectCase[] = [
  {
    name: 'a retry consuming its list of delays: the same operation, the tail of the schedule',
    code: `
      export function retryOnSchedule<T>(op: () => Promise<T>, delays: number[]): Promise<T> {
        return op().catch((err) => {
          if (delays.length === 0) throw err;
          return new Promise((r) => setTimeout(r, delays[0])).then(() => retryOnSchedule(op, delays.slice(1)));
        });
      }
    `,
    expect: [{ symbol: 'retryOnSchedule', startLine: 1, endLine: 6 }],
  },
  {
    name: 'a method re-sending the same chunks with the next attempt number',
    code: `
      export class Uploader {
        upload(chunks: Uint8Array[], attempt = 0): Promise<void> {
          return this.put(chunks).catch((e) => (attempt < 3 ? this.upload(chunks, attempt + 1) : Promise.reject(e)));
        }
        private put(chunks: Uint8Array[]): Promise<void> {
          return Promise.resolve();
        }
      }
    `,
    expect: [{ symbol: 'Uploader.upload' }],
  },
];

const retryStatusFind: DetectCase[] = [
  {
    name: 'a sender looping while the transport answers a retryable status (string literal)',
    code: `
      export class DurablePublisher {
        constructor(private readonly transport: { publish(m: string): Promise<{ status: string }> }, private readonly tries = 4) {}
        async publish(message: string) {
          let outcome = await this.transport.publish(message);
          let left = this.tries;
          while (outcome.status === 'retryable' && left > 0) {
            left -= 1;
            await new Promise((r) => setTimeout(r, 250));
            outcome = await this.transport.publish(message);
          }
          return outcome;
        }
      }
    `,
    expect: [{ symbol: 'DurablePublisher' }],
  },
  {
    name: 'a do/while on an enum member naming a retry, counted in the condition',
    code: `
      export enum ExportCode { Done, RetryLater, Rejected }
      export async function exportSpans(send: () => Promise<{ code: ExportCode }>, max = 5) {
        let n = 0;
        let reply;
        do {
          reply = await send();
        } while (reply.code === ExportCode.RetryLater && ++n < max);
        return reply;
      }
    `,
    expect: [{ symbol: 'exportSpans' }],
  },
  {
    name: 'a loop on a retryable flag of the result',
    file: 'push.js',
    code: `
      async function pushAll(client, batch, limit) {
        let attempt = 0;
        let res = await client.push(batch);
        while (res.retryable && attempt++ < limit) {
          res = await client.push(batch);
        }
        return res;
      }
      module.exports = { pushAll };
    `,
    expect: [{ symbol: 'pushAll' }],
  },
];

const retryStatusIgnore: DetectCase[] = [
  {
    name: 'a poll while the job status is pending',
    code: `
      export async function awaitJob(api: { job(id: string): Promise<{ status: string }> }, id: string, polls = 30) {
        let job = await api.job(id);
        while (job.status === 'pending' && polls-- > 0) {
          await new Promise((r) => setTimeout(r, 1000));
          job = await api.job(id);
        }
        return job;
      }
    `,
    expect: [],
  },
  {
    name: 'a queue scan skipping entries marked retryable (no operation run again)',
    code: `
      export function firstSettled(queue: Array<{ status: string }>) {
        let i = 0;
        let item = queue[i];
        while (item && item.status === 'retryable' && i < queue.length) {
          i++;
          item = queue[i];
        }
        return item;
      }
    `,
    expect: [],
  },
];

const reconnectFind: DetectCase[] = [
  {
    name: 'a close listener calling a method that schedules the opener again',
    code: `
      export class LiveFeed {
        private socket?: WebSocket;
        private stopped = false;
        private failures = 0;
        constructor(private readonly url: string) {}
        open() {
          this.socket = new WebSocket(this.url);
          this.socket.addEventListener('close', () => this.onSocketClosed());
          this.socket.addEventListener('open', () => { this.failures = 0; });
        }
        private onSocketClosed() {
          if (this.stopped) return;
          setTimeout(() => this.open(), Math.min(30000, 500 * 2 ** this.failures++));
        }
      }
    `,
    expect: [{ symbol: 'LiveFeed' }],
  },
  {
    name: 'an end event bound to a method that restarts the connection',
    file: 'tail.js',
    code: `
      const net = require('net');
      class Tail {
        constructor(port) { this.port = port; this.closing = false; }
        start() {
          this.conn = net.connect(this.port);
          this.conn.on('end', this.handleEnd.bind(this));
        }
        handleEnd() {
          if (this.closing) return;
          this.timer = setTimeout(() => this.start(), 1000);
        }
      }
      module.exports = Tail;
    `,
    expect: [{ symbol: 'Tail' }],
  },
  {
    name: 'an onclose property handler calling an arrow-function member that reopens at once',
    code: `
      export class Channel {
        private ws?: WebSocket;
        private disposed = false;
        constructor(private readonly endpoint: string) {}
        connect(): void {
          this.ws = new WebSocket(this.endpoint);
          this.ws.onclose = this.lost;
        }
        dispose(): void {
          this.disposed = true;
          this.ws?.close();
        }
        private lost = (): void => {
          if (this.disposed) return;
          this.connect();
        };
      }
    `,
    expect: [{ symbol: 'Channel' }],
  },
];

const reconnectIgnore: DetectCase[] = [
  {
    name: 'a close handler in another method that only clears timers and tells listeners',
    code: `
      export class Presence {
        private ws?: WebSocket;
        private heartbeat?: ReturnType<typeof setInterval>;
        private listeners: Array<() => void> = [];
        connect(url: string) {
          this.ws = new WebSocket(url);
          this.ws.onclose = () => this.handleClose();
          this.heartbeat = setInterval(() => this.ws?.send('ping'), 15000);
        }
        private handleClose() {
          if (this.heartbeat) clearInterval(this.heartbeat);
          setTimeout(() => this.notify(), 0);
        }
        private notify() {
          for (const listener of this.listeners) listener();
        }
      }
    `,
    expect: [],
  },
  {
    name: 'connect run once from a button, the close handler only logging',
    code: `
      export class ChatPanel {
        private socket?: WebSocket;
        constructor(private readonly button: HTMLButtonElement, private readonly url: string) {
          this.button.addEventListener('click', () => this.connect());
        }
        connect() {
          this.socket = new WebSocket(this.url);
          this.socket.onclose = () => this.showClosed();
        }
        private showClosed() {
          console.log('chat closed');
          this.button.disabled = false;
        }
      }
    `,
    expect: [],
  },
];

const pollIgnore: DetectCase[] = [
  {
    name: 'a poller whose failure and success helpers both plan the next fetch (faster after a failure)',
    code: `
      export class FeedPoller {
        private timer?: ReturnType<typeof setTimeout>;
        private fast = false;
        constructor(private readonly url: string, private readonly everyMs = 60000) {}
        start() {
          this.plan();
        }
        async fetchOnce() {
          let body: string;
          try {
            body = await (await fetch(this.url)).text();
          } catch {
            this.failed();
            return;
          }
          this.received(body);
        }
        private plan() {
          this.timer = setTimeout(() => void this.fetchOnce(), this.fast ? this.everyMs / 6 : this.everyMs);
        }
        private received(body: string) {
          this.fast = false;
          this.plan();
          console.log(body.length);
        }
        private failed() {
          this.fast = true;
          this.plan();
        }
      }
    `,
    expect: [],
  },
];

const backoffIgnore: DetectCase[] = [
  {
    name: 'an id helper: random UUID digits and a SHA-1 style rotation',
    code: `
      export class Ids {
        uuid(): string {
          return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
            const r = (Math.random() * 16) | 0;
            return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
          });
        }
        rotl(value: number, bits: number): number {
          return (value << bits) | (value >>> (32 - bits));
        }
      }
    `,
    expect: [],
  },
  {
    name: 'key helpers: a string hash shifting by a parameter, and a random suffix',
    file: 'keys.js',
    code: `
      const keyTools = {
        hash(text, bits = 5) {
          let hash = 5381;
          for (let i = 0; i < text.length; i++) hash = ((hash << bits) + hash + text.charCodeAt(i)) | 0;
          return hash >>> 0;
        },
        suffix(len) {
          const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
          let out = '';
          for (let i = 0; i < len; i++) out += chars[Math.floor(Math.random() * chars.length)];
          return out;
        },
      };
      module.exports = keyTools;
    `,
    expect: [],
  },
];

const backoffFind: DetectCase[] = [
  {
    name: 'a base delay shifted by the retry count, with random jitter on the delay',
    code: `
      export function retryDelay(retries: number, baseMs = 100): number {
        const delay = baseMs << retries;
        return delay + Math.floor(Math.random() * delay);
      }
    `,
    expect: [{ symbol: 'retryDelay' }],
  },
  {
    name: 'a power-of-two multiplier from the attempt, jittered by a random fraction',
    code: `
      export const nextWait = (attempt: number) => Math.min(60_000, 250 * (1 << attempt) * (0.5 + Math.random() / 2));
    `,
    expect: [{ symbol: 'nextWait' }],
  },
];

describe('failover over the rest of a list is not a retry', () => {
  runDetectTable('retry', [...failoverIgnore, ...recursionFind]);
});

describe('loops re-sending while the result reports a retryable status', () => {
  runDetectTable('retry', [...retryStatusFind, ...retryStatusIgnore]);
});

describe('reconnects scheduled from a close handler through another method', () => {
  runDetectTable('retry', [...reconnectFind, ...reconnectIgnore, ...pollIgnore]);
});

describe('id and hash generators are not backoff', () => {
  runDetectTable('backoff', [...backoffIgnore, ...backoffFind]);
});

describe('the prefilters let these styles through to their rule', () => {
  const cases: Array<[string, DetectCase[]]> = [
    ['retry', [...recursionFind, ...retryStatusFind, ...reconnectFind]],
    ['backoff', backoffFind],
  ];
  for (const [concept, list] of cases) {
    for (const testCase of list) {
      it(`${concept}: ${testCase.name}`, async () => {
        const { compiled } = await builtinRules();
        const active = activeRuleIndexes(dedent(testCase.code), compiled).map((index) => compiled.compiled[index]!.id);
        expect(active).toContain(concept);
      });
    }
  }
});
