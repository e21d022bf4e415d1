import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../parser/ts.js';
import { commonJsExports, exportNamesOf } from './declarations.js';

function source(text: string) {
  return parseSource('module.js', text);
}

describe('CommonJS export names', () => {
  it.each([
    ['module.exports = class Breaker {}', 'Breaker', ['default']],
    ['module.exports = function retry() {}', 'retry', ['default']],
    ['class Breaker {}\nmodule.exports = Breaker;', 'Breaker', ['default']],
    ['exports.Breaker = class Breaker {}', 'Breaker', ['Breaker']],
    ['module.exports.backoff = function expDelay() {}', 'expDelay', ['backoff']],
    ['class Breaker {}\nmodule.exports = { Breaker };', 'Breaker', ['Breaker']],
    ['module.exports = class {}', 'Breaker', []],
  ])('%s exports %s as %j', (text, local, names) => {
    expect(exportNamesOf(source(text), local)).toEqual(names);
  });

  it('maps a module that is itself a named class to its default export', () => {
    expect([...commonJsExports(source('const x = 1;\nmodule.exports = class Breaker { fire() { return x; } };'))]).toEqual([['default', 'Breaker']]);
  });
});
