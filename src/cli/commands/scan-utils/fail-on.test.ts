import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { backendResult, emptyResult } from '../../../reporters/test-utils/scan-results.js';
import { evaluateFailOn, parseFailOn } from './fail-on.js';
import { filterConcepts } from './filter-concepts.js';

describe('parseFailOn', () => {
  it('takes comma-separated and repeated levels, and aliases', () => {
    expect(parseFailOn('duplicate,error', undefined)).toEqual(['duplicate', 'error']);
    expect(parseFailOn('dead', ['duplicate'])).toEqual(['duplicate', 'dead']);
    expect(parseFailOn('never', undefined)).toEqual(['none']);
  });

  it('replaces the default none when a level is named', () => {
    expect(parseFailOn('wrapper', ['none'])).toEqual(['wrapper']);
  });

  it('rejects unknown levels with a suggestion', () => {
    expect(() => parseFailOn('duplicat', undefined)).toThrow(InvalidArgumentError);
    expect(() => parseFailOn('duplicat', undefined)).toThrow(/unknown level "duplicat" \(did you mean "duplicate"\?\)/);
  });
});

describe('evaluateFailOn', () => {
  it('never fails on none', () => {
    expect(evaluateFailOn(backendResult, ['none'])).toEqual({ failed: false, reasons: [] });
  });

  it('fails with the counts of the levels chosen', () => {
    expect(evaluateFailOn(backendResult, ['duplicate'])).toEqual({ failed: true, reasons: ['5 duplicates'] });
    expect(evaluateFailOn(backendResult, ['error', 'dead'])).toEqual({ failed: true, reasons: ['1 dead implementation', '2 unparsable files'] });
    expect(evaluateFailOn(backendResult, ['any'])).toEqual({
      failed: true,
      reasons: ['5 duplicates', '1 double initialization', '2 wrappers', '1 dead implementation'],
    });
  });

  it('passes when the chosen levels have nothing', () => {
    expect(evaluateFailOn(emptyResult, ['any', 'error'])).toEqual({ failed: false, reasons: [] });
    const breakersOnly = filterConcepts(backendResult, ['circuit-breaker']);
    expect(evaluateFailOn(breakersOnly, ['dead', 'wrapper'])).toEqual({ failed: false, reasons: [] });
  });
});

describe('filterConcepts', () => {
  it('keeps the findings, clusters and double initializations of the chosen concepts, and every error', () => {
    const filtered = filterConcepts(backendResult, ['circuit-breaker', 'factory']);
    expect(new Set(filtered.findings.map((finding) => finding.concept))).toEqual(new Set(['circuit-breaker', 'factory']));
    expect(filtered.findings).toHaveLength(4);
    expect(filtered.clusters.map((cluster) => cluster.id)).toEqual(['circuit-breaker', 'factory:ExecutionEngine']);
    expect(filtered.doubleInitializations).toHaveLength(1);
    expect(filtered.errors).toEqual(backendResult.errors);
    expect(filterConcepts(backendResult, ['retry']).doubleInitializations).toEqual([]);
  });
});
