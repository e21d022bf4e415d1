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
];

const mustNotFind: DetectCase[] = [
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
