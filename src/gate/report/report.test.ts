import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Validator } from '@cfworker/json-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateGate } from '../evaluate.js';
import { GATE_RULE_IDS } from '../rules.js';
import { entry, finding, gateInput, graphOf, importOf, scanResult } from '../test-utils/data.js';
import type { GateVerdict } from '../types.js';
import { GATE_FORMATS, renderVerdict } from './index.js';

function failingVerdict(): GateVerdict {
  const core = finding({ file: 'src/core/retry.ts', symbol: 'retry', fingerprint: 'f-core' });
  const added = finding({ file: 'src/jobs/poll, v2.ts', symbol: 'poll', fingerprint: 'f-new', startLine: 12 });
  const graph = graphOf(['src/a.ts', 'src/core/retry.ts', 'src/legacy.ts', 'src/jobs/poll, v2.ts'], [importOf('src/a.ts', './legacy.js', 'src/legacy.ts', { line: 3, bindings: [{ imported: 'legacyRetry', local: 'legacyRetry' }] })]);
  return evaluateGate(
    gateInput({
      result: scanResult([core, added]),
      graph,
      notes: { 'src/legacy.ts': { shims: { legacyRetry: 'src/core/retry.ts#retry' } } },
      baseline: {
        version: 1,
        tool: 't',
        entries: [entry({ id: 'f-core', file: 'src/core/retry.ts', symbol: 'retry' }), entry({ id: 'f-gone', file: 'src/gone.ts', symbol: 'gone', line: 9 })],
      },
    }),
  );
}

function passingVerdict(): GateVerdict {
  const core = finding({ file: 'src/core/retry.ts', symbol: 'retry', fingerprint: 'f-core' });
  return evaluateGate(gateInput({ result: scanResult([core]), baseline: { version: 1, tool: 't', entries: [entry({ id: 'f-core', file: 'src/core/retry.ts', symbol: 'retry' })] } }));
}

describe('stylish', () => {
  it('prints one line per failure with file:line, what was found and the canonical to use', () => {
    const text = renderVerdict(failingVerdict(), 'stylish');
    const lines = text.split('\n');
    expect(lines[0]).toBe('src/a.ts:3  error  imports `legacyRetry` from the deprecated module src/legacy.ts  → use src/core/retry.ts#retry  (deprecated-import)');
    expect(lines[1]).toBe('src/jobs/poll, v2.ts:12  error  new retry implementation `poll`  → use src/core/retry.ts#retry  (new-finding)');
    expect(text).toContain('Fixed: baseline entries that match nothing any more (1)\n  src/gone.ts:9  retry implementation `gone`');
    expect(text.trimEnd().split('\n').at(-1)).toBe('✖ ssot check failed: 2 problems; 2 findings, 1 baselined, 1 fixed');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('shows paths and file refs from the working folder when the scan root lies below it', () => {
    expect(renderVerdict(failingVerdict(), 'stylish', { pathPrefix: 'packages/app' }).split('\n')[0]).toBe(
      'packages/app/src/a.ts:3  error  imports `legacyRetry` from the deprecated module src/legacy.ts  → use packages/app/src/core/retry.ts#retry  (deprecated-import)',
    );
  });

  it('leaves package refs alone', () => {
    const verdict = failingVerdict();
    const violations = verdict.violations.map((v) => ({ ...v, instead: 'ssot/resilience#retry' }));
    expect(renderVerdict({ ...verdict, violations }, 'stylish', { pathPrefix: 'app' })).toContain('→ use ssot/resilience#retry');
  });

  it('colours only when asked', () => {
    expect(renderVerdict(failingVerdict(), 'stylish', { color: true })).toMatch(/\u001b\[31m/);
  });

  it('lists the files the scanner skipped under one plain heading with their count', () => {
    const verdict = { ...passingVerdict(), scanErrors: [{ file: 'src/broken.ts', message: "'}' expected.", line: 4 }] };
    const text = renderVerdict(verdict, 'stylish');
    expect(text).toContain("Skipped: files the scanner could not parse (1)\n  src/broken.ts:4  '}' expected.");
    expect(text).not.toContain(') (');
  });

  it('says when it passed', () => {
    expect(renderVerdict(passingVerdict(), 'stylish')).toBe('✔ ssot check passed: 1 finding, 1 baselined\n');
  });
});

describe('github', () => {
  it('emits escaped error annotations and notices', () => {
    const text = renderVerdict(failingVerdict(), 'github', { pathPrefix: 'packages/app' });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::error file=packages/app/src/a.ts,line=3,title=ssot deprecated-import::imports `legacyRetry` from the deprecated module src/legacy.ts. Use packages/app/src/core/retry.ts#retry instead.',
    );
    expect(lines[1]).toMatch(/^::error file=packages\/app\/src\/jobs\/poll%2C v2\.ts,line=12,title=ssot new-finding::new retry implementation `poll`/);
    expect(lines[2]).toMatch(/^::notice file=packages\/app\/src\/gone\.ts,line=9,title=ssot fixed::/);
    expect(lines.at(-1)).toMatch(/^ssot check failed/);
  });
});

describe('markdown', () => {
  it('renders a table of failures and collapsible details', () => {
    const text = renderVerdict(failingVerdict(), 'markdown');
    expect(text).toContain('### ssot check: failed (2 problems)');
    expect(text).toContain('| `src/a.ts:3` | imports `legacyRetry` from the deprecated module src/legacy.ts | `src/core/retry.ts#retry` | `deprecated-import` |');
    expect(text).toContain('<details><summary>Fixed: prune with <code>ssot check --update-baseline</code> (1)</summary>');
  });
});

describe('json', () => {
  it('is the verdict itself', () => {
    const verdict = failingVerdict();
    expect(JSON.parse(renderVerdict(verdict, 'json'))).toEqual(JSON.parse(JSON.stringify(verdict)));
  });
});

describe('sarif', () => {
  /** The official SARIF 2.1.0 JSON schema, as shipped by Microsoft's SARIF test matchers. */
  let validator: Validator;
  beforeAll(async () => {
    const path = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    validator = new Validator(JSON.parse(await readFile(path, 'utf8')), '4', false);
  });

  it('is valid against the SARIF 2.1.0 schema, failing or passing', () => {
    for (const text of [renderVerdict(failingVerdict(), 'sarif', { toolVersion: '1.2.3' }), renderVerdict(passingVerdict(), 'sarif')]) {
      const result = validator.validate(JSON.parse(text));
      expect(result.errors.map((error) => `${error.instanceLocation}: ${error.error}`)).toEqual([]);
    }
    const broken = JSON.parse(renderVerdict(failingVerdict(), 'sarif'));
    delete broken.runs[0].results[0].message;
    expect(validator.validate(broken).valid).toBe(false);
  });

  it('is a SARIF 2.1.0 log with rule metadata, locations and fingerprints', () => {
    const log = JSON.parse(renderVerdict(failingVerdict(), 'sarif', { toolVersion: '1.2.3', pathPrefix: 'app' }));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'ssot', semanticVersion: '1.2.3' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(GATE_RULE_IDS);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
    }
    expect(run.results).toHaveLength(2);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.message.text).toMatch(/\S/);
      expect(['none', 'note', 'warning', 'error']).toContain(result.level);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uri).toMatch(/^app\/src\//);
      expect(Number.isInteger(location.region.startLine) && location.region.startLine >= 1).toBe(true);
      expect(typeof result.partialFingerprints['ssotKey/v1']).toBe('string');
    }
    expect(run.results[1].locations[0].physicalLocation.artifactLocation.uri).toBe('app/src/jobs/poll,%20v2.ts');
  });

  it('names every rule differently from its id, and escapes # and ? in paths', () => {
    const rules = JSON.parse(renderVerdict(failingVerdict(), 'sarif')).runs[0].tool.driver.rules as Array<{ id: string; name: string }>;
    for (const rule of rules) expect(rule.name.toLowerCase(), rule.id).not.toBe(rule.id.toLowerCase());
    expect(rules.find((rule) => rule.id === 'boundary')?.name).toBe('ArchitectureBoundaryCrossed');
    const verdict = failingVerdict();
    const odd = { ...verdict, violations: verdict.violations.map((violation) => ({ ...violation, file: 'src/jobs/retry #2?.ts' })) };
    const uris = JSON.parse(renderVerdict(odd, 'sarif')).runs[0].results.map((result: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => result.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('src/jobs/retry%20%232%3F.ts');
  });

  it('has no results when the gate passes', () => {
    expect(JSON.parse(renderVerdict(passingVerdict(), 'sarif')).runs[0].results).toEqual([]);
  });
});

describe('every format', () => {
  it.each(GATE_FORMATS)('%s renders a passing and a failing verdict', (format) => {
    expect(renderVerdict(passingVerdict(), format).length).toBeGreaterThan(0);
    expect(renderVerdict(failingVerdict(), format)).toContain('src/a.ts');
  });
});
