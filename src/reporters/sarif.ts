/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. One rule per concept; one result per
 * finding that is not canonical (duplicates, wrappers, dead code) and per double initialization,
 * with the canonical as a related location and the finding's fingerprint so dashboards can follow a
 * finding across moves. Unparsable files become tool notifications.
 */
import { pathToFileURL } from 'node:url';
import type { DoubleInitialization, Finding, FindingStatus, ScanResult } from '../scan/types.js';
import { compareConcepts, findingIndex } from './reporter-utils/inventory.js';
import type { ReporterOptions } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** Key of the fingerprint in `partialFingerprints`; the suffix versions the fingerprint algorithm. */
export const FINGERPRINT_KEY = 'ssot/v1';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Record<Exclude<FindingStatus, 'canonical'>, Level> = { duplicate: 'warning', wrapper: 'note', dead: 'note' };

function artifactUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(file: string, startLine: number, endLine?: number) {
  return {
    artifactLocation: { uri: artifactUri(file), uriBaseId: SRCROOT },
    region: endLine === undefined ? { startLine: Math.max(1, startLine) } : { startLine: Math.max(1, startLine), endLine: Math.max(startLine, endLine) },
  };
}

function rule(concept: string) {
  const text =
    `ssot found more than one implementation of the "${concept}" concept, or code around it that no longer pulls its weight. ` +
    'Keep one canonical implementation: move importers onto it, turn the others into shims (ssot plan, ssot migrate), then delete them.';
  return {
    id: concept,
    name: `Duplicate${concept.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_match, _separator: string, char: string) => char.toUpperCase())}`,
    shortDescription: { text: `One canonical implementation of ${concept}` },
    fullDescription: { text },
    help: {
      text,
      markdown: `ssot found more than one implementation of the \`${concept}\` concept.\n\n1. Keep the canonical implementation.\n2. Move importers onto it and turn the others into shims: \`ssot plan\`, \`ssot migrate\`.\n3. Delete what nothing imports any more.`,
    },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['maintainability', 'duplication', 'ssot'] },
  };
}

function message(finding: Finding, canonical: Finding | undefined, byId: Map<string, Finding>): string {
  const name = `${finding.symbol} (${finding.kind})`;
  const canonicalText = canonical ? `; the canonical is ${canonical.file}#${canonical.symbol}` : '';
  switch (finding.status) {
    case 'duplicate':
      return `${name} is another implementation of ${finding.concept}${canonicalText}.`;
    case 'wrapper': {
      const target = finding.target ? byId.get(finding.target) : undefined;
      const via = target ? ` over ${target.file}#${target.symbol}` : '';
      return `${name} only forwards to ${finding.concept}${via} and still has ${finding.importers.length} importer(s)${canonicalText}.`;
    }
    default:
      return `${name} implements ${finding.concept} but nothing imports it${canonicalText}.`;
  }
}

function findingResult(finding: Finding, ruleIndex: number, canonical: Finding | undefined, byId: Map<string, Finding>) {
  return {
    ruleId: finding.concept,
    ruleIndex,
    level: LEVELS[finding.status as keyof typeof LEVELS],
    message: { text: message(finding, canonical, byId) },
    locations: [{ physicalLocation: physicalLocation(finding.file, finding.startLine, finding.endLine), logicalLocations: [{ fullyQualifiedName: finding.symbol }] }],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(canonical
      ? { relatedLocations: [{ id: 1, physicalLocation: physicalLocation(canonical.file, canonical.startLine, canonical.endLine), message: { text: `canonical ${finding.concept}: ${canonical.symbol}` } }] }
      : {}),
    properties: { findingId: finding.id, status: finding.status, kind: finding.kind, cluster: finding.cluster, confidence: finding.confidence, importers: finding.importers.length, signals: finding.signals },
  };
}

function doubleInitResult(double: DoubleInitialization, concept: string, ruleIndex: number, byId: Map<string, Finding>) {
  const holders = double.holders.map((holder) => `${holder.member} (${byId.get(holder.finding)?.symbol ?? holder.finding})`).join(', ');
  return {
    ruleId: concept,
    ruleIndex,
    level: 'warning' as Level,
    message: { text: `${double.class} holds ${double.holders.length} members of the ${double.cluster} cluster: ${holders}. Keep one instance of the canonical.` },
    locations: [{ physicalLocation: physicalLocation(double.file, double.startLine, double.endLine), logicalLocations: [{ fullyQualifiedName: double.class }] }],
    partialFingerprints: { [FINGERPRINT_KEY]: `double-init:${double.id}:${double.cluster}` },
    relatedLocations: double.holders.map((holder, index) => ({
      id: index + 1,
      physicalLocation: physicalLocation(double.file, holder.line),
      message: { text: `${holder.member} holds ${holder.finding}` },
    })),
    properties: { doubleInitializationId: double.id, cluster: double.cluster },
  };
}

/** The SARIF log as an object (what `sarifReporter` serializes). */
export function buildSarifLog(result: ScanResult, options: Pick<ReporterOptions, 'toolVersion'> = {}) {
  const byId = findingIndex(result);
  const clusterConcept = new Map(result.clusters.map((cluster) => [cluster.id, cluster.concept]));
  const clusterCanonical = new Map(result.clusters.map((cluster) => [cluster.id, cluster.canonical]));
  const doubleConcept = (double: DoubleInitialization) => clusterConcept.get(double.cluster) ?? double.cluster.split(/[:@]/)[0]!;

  const concepts = [...new Set([...result.findings.map((finding) => finding.concept), ...result.doubleInitializations.map(doubleConcept)])].sort(compareConcepts);
  const ruleIndex = new Map(concepts.map((concept, index) => [concept, index]));

  const results = [
    ...result.findings
      .filter((finding) => finding.status !== 'canonical')
      .map((finding) => {
        const canonicalId = finding.cluster ? clusterCanonical.get(finding.cluster) : undefined;
        const canonical = canonicalId && canonicalId !== finding.id ? byId.get(canonicalId) : undefined;
        return findingResult(finding, ruleIndex.get(finding.concept)!, canonical, byId);
      }),
    ...result.doubleInitializations.map((double) => doubleInitResult(double, doubleConcept(double), ruleIndex.get(doubleConcept(double))!, byId)),
  ];

  const rootUri = pathToFileURL(result.root).href.replace(/\/?$/, '/');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'ssot',
            ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
            rules: concepts.map(rule),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.errors.map((error) => ({
              level: 'warning' as Level,
              message: { text: `could not parse: ${error.message}` },
              locations: [{ physicalLocation: physicalLocation(error.file, error.line ?? 1) }],
            })),
          },
        ],
        results,
        properties: { filesScanned: result.files },
      },
    ],
  };
}

/** The SARIF report (two-space JSON). */
export function sarifReporter(result: ScanResult, options: ReporterOptions): string {
  return `${JSON.stringify(buildSarifLog(result, options), null, 2)}\n`;
}
