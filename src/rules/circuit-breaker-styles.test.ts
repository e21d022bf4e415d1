/**
 * Breaker styles met in published libraries: numeric state constants on a constructor function,
 * inside an immediately invoked module wrapper (UMD and browser-era JavaScript).
 */
import { describe } from 'vitest';
import { runDetectTable, type DetectCase } from '../scan/detect/test-utils/detect.js';

const mustFind: DetectCase[] = [
  {
    name: 'numeric states on the constructor, prototype methods, all inside an IIFE',
    file: 'fuse.js',
    code: `
      (function () {
        var Fuse = function (limit, coolDown) {
          this.limit = limit;
          this.coolDown = coolDown;
          this.failures = 0;
          this.state = Fuse.CLOSED;
        };
        Fuse.OPEN = 0;
        Fuse.HALF_OPEN = 1;
        Fuse.CLOSED = 2;
        Fuse.prototype.call = function (task, fallback) {
          if (this.state === Fuse.OPEN) return fallback();
          var self = this;
          return task().then(function (value) {
            self.failures = 0;
            self.state = Fuse.CLOSED;
            return value;
          }, function (err) {
            self.failures++;
            if (self.state === Fuse.HALF_OPEN || self.failures >= self.limit) {
              self.state = Fuse.OPEN;
              setTimeout(function () { self.state = Fuse.HALF_OPEN; }, self.coolDown);
            }
            throw err;
          });
        };
        module.exports = Fuse;
      })();
    `,
    expect: [{ symbol: 'Fuse' }],
  },
  {
    name: 'a const enum with Tripped and Probing members',
    code: `
      const enum Phase { Normal, Tripped, Probing }
      export class Guard {
        private phase = Phase.Normal;
        private misses = 0;
        private since = 0;
        constructor(private readonly limit: number, private readonly pauseMs: number) {}
        async run<T>(task: () => Promise<T>): Promise<T> {
          if (this.phase === Phase.Tripped) {
            if (Date.now() - this.since < this.pauseMs) throw new Error('tripped');
            this.phase = Phase.Probing;
          }
          try {
            const out = await task();
            this.misses = 0;
            this.phase = Phase.Normal;
            return out;
          } catch (problem) {
            if (++this.misses >= this.limit || this.phase === Phase.Probing) {
              this.phase = Phase.Tripped;
              this.since = Date.now();
            }
            throw problem;
          }
        }
      }
    `,
    expect: [{ symbol: 'Guard' }],
  },
  {
    name: 'bit flags for the open and probe states, opened-at time as the deadline',
    code: `
      const SHUT_OFF = 1 << 0;
      const TRIAL = 1 << 1;
      export class Valve {
        private flags = 0;
        private errors = 0;
        private openedAt = 0;
        constructor(private max = 5, private wait = 10_000) {}
        async pass<T>(fn: () => Promise<T>): Promise<T> {
          if (this.flags & SHUT_OFF) {
            if (Date.now() - this.openedAt < this.wait) throw new Error('valve shut');
            this.flags = TRIAL;
          }
          try {
            const r = await fn();
            this.errors = 0;
            this.flags = 0;
            return r;
          } catch (problem) {
            this.errors++;
            if (this.flags & TRIAL || this.errors >= this.max) {
              this.flags = SHUT_OFF;
              this.openedAt = Date.now();
            }
            throw problem;
          }
        }
      }
    `,
    expect: [{ symbol: 'Valve' }],
  },
];

const mustNotFind: DetectCase[] = [
  {
    name: 'a fuse box with tripped and broken fuses but no failure counting',
    code: `
      export class FuseBox {
        private fuses: Array<'tripped' | 'ok'> = ['ok', 'ok'];
        trip(index: number) { this.fuses[index] = 'tripped'; }
        replace(index: number) { this.fuses[index] = 'ok'; }
        isTripped(index: number) { return this.fuses[index] === 'tripped'; }
      }
    `,
    expect: [],
  },
  {
    name: 'an IIFE holding a light switch with numeric states and no failures',
    file: 'switch.js',
    code: `
      (function () {
        var Lamp = function () { this.state = Lamp.OFF; };
        Lamp.OFF = 0;
        Lamp.ON = 1;
        Lamp.prototype.toggle = function () {
          this.state = this.state === Lamp.ON ? Lamp.OFF : Lamp.ON;
        };
        window.Lamp = Lamp;
      })();
    `,
    expect: [],
  },
];

describe('circuit-breaker styles: must find', () => runDetectTable('circuit-breaker', mustFind));
describe('circuit-breaker styles: must not find', () => runDetectTable('circuit-breaker', mustNotFind));
