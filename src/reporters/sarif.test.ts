import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Validator } from '@cfworker/json-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSarifLog, FINGERPRINT_KEY, SARIF_SCHEMA, sarifReporter } from './sarif.js';
import { backendResult, emptyResult, hostileResult } from './test-utils/scan-results.js';

/** The official SARIF 2.1.0 JSON schema (draft-04), as shipped by Microsoft's SARIF test matchers. */
let validator: Validator;
beforeAll(async () => {
  const path = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  validator = new Validator(JSON.parse(await readFile(path, 'utf8')), '4', false);
});

function assertValid(text: string): void {
  const result = validator.validate(JSON.parse(text));
  expect(result.errors.map((error) => `${error.instanceLocation}: ${error.error}`)).toEqual([]);
  expect(result.valid).toBe(true);
}

type Log = ReturnType<typeof buildSarifLog>;
type Result = Log['runs'][number]['results'][number];

describe('sarifReporter', () => {
  const log = JSON.parse(sarifReporter(backendResult, { color: false, toolVersion: '1.2.3' })) as Log;
  const run = log.runs[0]!;
  const byFinding = (id: string): Result => run.results.find((result) => (result.properties as { findingId?: string }).findingId === id)!;

  it('is valid against the SARIF 2.1.0 schema', () => {
    assertValid(sarifReporter(backendResult, { color: false, toolVersion: '1.2.3' }));
    assertValid(sarifReporter(emptyResult, { color: false }));
    assertValid(sarifReporter(hostileResult, { color: false }));
  });

  it('would catch a log that breaks the schema', () => {
    const broken = buildSarifLog(backendResult) as unknown as { version: string; runs: Array<{ results: Array<Record<string, unknown>> }> };
    delete broken.runs[0]!.results[0]!.message;
    expect(validator.validate(broken).valid).toBe(false);
    expect(validator.validate({ ...buildSarifLog(emptyResult), version: '2.0.0' }).valid).toBe(false);
  });

  it('names the format, the tool and one rule per concept with help', () => {
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'ssot', version: '1.2.3' });
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(['retry', 'circuit-breaker', 'retry-config', 'factory']);
    const breaker = run.tool.driver.rules[1]!;
    expect(breaker.name).toBe('DuplicateCircuitBreaker');
    expect(breaker.help.text).toContain('"circuit-breaker" concept');
    expect(breaker.help.markdown).toContain('ssot migrate');
  });

  it('reports every finding that is not canonical, and each double initialization', () => {
    const ids = run.results.map((result) => (result.properties as { findingId?: string; doubleInitializationId?: string }).findingId ?? (result.properties as { doubleInitializationId: string }).doubleInitializationId);
    expect(ids.sort()).toEqual(
      [
        ...backendResult.findings.filter((finding) => finding.status !== 'canonical').map((finding) => finding.id),
        'src/agents/supervisor.ts#Supervisor',
      ].sort(),
    );
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('sets the level by status', () => {
    expect(byFinding('src/db/db-retry.ts#withDbRetry').level).toBe('warning');
    expect(byFinding('src/agents/retry-helper.ts#retryAgentCall').level).toBe('note');
    expect(byFinding('src/legacy/old-retry.ts#oldRetry').level).toBe('note');
  });

  it('locates results relative to %SRCROOT%, with fingerprints and the canonical as related location', () => {
    const duplicate = byFinding('src/db/db-retry.ts#withDbRetry');
    expect(duplicate.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/db/db-retry.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, endLine: 40 },
    });
    expect(duplicate.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: 'b2c3d4e5f6071829' });
    expect(duplicate.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'src/core/resilience/retry.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, endLine: 88 } },
        message: { text: 'canonical retry: retryWithPolicy' },
      },
    ]);
    expect(duplicate.message.text).toBe('withDbRetry (implementation) is another implementation of retry; the canonical is src/core/resilience/retry.ts#retryWithPolicy.');
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe('file:///home/dev/agent-backend/');
  });

  it('points a double initialization at its class and its holders', () => {
    const double = run.results.find((result) => 'doubleInitializationId' in result.properties)!;
    expect(double.ruleId).toBe('circuit-breaker');
    expect(double.level).toBe('warning');
    expect(double.locations[0]!.physicalLocation.region).toEqual({ startLine: 10, endLine: 80 });
    expect(double.relatedLocations!.map((location) => location.physicalLocation.region.startLine)).toEqual([14, 15]);
    expect(double.message.text).toContain('Supervisor holds 2 members of the circuit-breaker cluster: breaker (CircuitBreaker), serviceBreaker (ServiceBreaker)');
  });

  it('reports unparsable files as tool notifications', () => {
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: "could not parse: '}' expected." }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } } }] },
      { level: 'warning', message: { text: 'could not parse: cannot read file: EACCES' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/assets/blob.js', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }] },
    ]);
  });

  it('encodes file names into valid relative URIs', () => {
    const hostile = buildSarifLog(hostileResult);
    const uris = hostile.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(['src/x%7Cy.ts']);
    expect(hostile.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(['retry']);
  });

  it('has no results and no rules for an empty scan', () => {
    const empty = buildSarifLog(emptyResult);
    expect(empty.runs[0]!.results).toEqual([]);
    expect(empty.runs[0]!.tool.driver.rules).toEqual([]);
  });
});
