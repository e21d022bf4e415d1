/**
 * A JavaScript constructor function (`function Fuse() {}` with `Fuse.prototype.run = ...`) is used with
 * `new`, like a class: a plain factory function is not re-exported as it (calling it without `new`
 * would return undefined), and two constructor functions compare by their prototype methods.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../../test-utils/fixtures.js';
import { project, type TestProject } from './test-utils/project.js';

const fuse = `'use strict';
function Fuse(limit, resetMs) {
  this.limit = limit;
  this.resetMs = resetMs;
  this.fails = 0;
}
Fuse.prototype.run = function (task, cb) {
  var self = this;
  if (self.fails >= self.limit) return cb(new Error('fuse open'));
  task(function (err, res) {
    if (err) self.fails++;
    cb(err, res);
  });
};
module.exports = Fuse;
`;
const factory = `function createBreaker(threshold, cooldown) {
  let failures = 0;
  let openUntil = 0;
  return {
    async exec(fn) {
      if (Date.now() < openUntil) throw new Error('breaker is open');
      try {
        const out = await fn();
        failures = 0;
        return out;
      } catch (err) {
        failures++;
        if (failures >= threshold) openUntil = Date.now() + cooldown;
        throw err;
      }
    },
  };
}
module.exports = { createBreaker };
`;
const otherFuse = fuse.replace(/Fuse/g, 'Switch').replace("'fuse open'", "'switch open'");
const user = `const { createBreaker } = require('./closure-breaker.js');
module.exports = createBreaker(3, 1000);
`;

let current: TestProject | undefined;
afterEach(async () => {
  if (current) await removeDir(current.dir);
  current = undefined;
});

describe('a constructor function as the canonical', () => {
  it('is not what a factory function is re-exported as', async () => {
    current = await project(
      { 'src/breaker/proto-breaker.js': fuse, 'src/breaker/closure-breaker.js': factory, 'src/breaker/use.js': user },
      [{ id: 'circuit-breaker', members: ['src/breaker/proto-breaker.js#Fuse', 'src/breaker/closure-breaker.js#createBreaker'] }],
    );
    const plan = current.plan();
    const member = plan.clusters[0]!.superseded[0]!;
    expect(member.shim?.kind).not.toBe('re-export');
    expect(plan.blockers.some((b) => b.file === 'src/breaker/closure-breaker.js' && b.kind === 'adapter-incomplete')).toBe(true);
    expect(plan.tasks.some((t) => t.file === 'src/breaker/closure-breaker.js' && t.codemod === 'shim-modules')).toBe(false);
  });

  it('is what another constructor function with the same methods is re-exported as', async () => {
    current = await project(
      { 'src/breaker/proto-breaker.js': fuse, 'src/breaker/switch.js': otherFuse },
      [{ id: 'circuit-breaker', members: ['src/breaker/proto-breaker.js#Fuse', 'src/breaker/switch.js#Switch'] }],
    );
    const plan = current.plan();
    expect(plan.clusters[0]!.superseded[0]!.shim?.kind).toBe('re-export');
  });
});
