/**
 * SARIF 2.1.0 for code scanning (`github/codeql-action/upload-sarif`): one result per failure, rule
 * metadata for every gate rule, paths relative to the repository root, and a partial fingerprint per
 * result so code scanning tracks an alert across pushes.
 */
import { GATE_RULE_IDS, GATE_RULES } from '../rules.js';
import type { GateVerdict } from '../types.js';
import { hostPath, hostRef, type ReportOptions } from './options.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A relative URI for a posix path: `#` and `?` are escaped too (encodeURI leaves them, cutting the path short). */
function fileUri(path: string): string {
  return encodeURI(path).replace(/[#?]/g, (ch) => (ch === '#' ? '%23' : '%3F'));
}

export function reportSarif(verdict: GateVerdict, options: ReportOptions = {}): string {
  const rules = GATE_RULE_IDS.map((id) => ({
    id,
    // A readable name that differs from the id (validators flag a name equal to the id, `boundary`).
    name: GATE_RULES[id].title.replace(/(^|\W+)(\w)/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: GATE_RULES[id].title },
    fullDescription: { text: GATE_RULES[id].help },
    help: { text: GATE_RULES[id].help },
    defaultConfiguration: { level: 'error' },
  }));
  const results = verdict.violations.map((v) => ({
    ruleId: v.rule,
    ruleIndex: GATE_RULE_IDS.indexOf(v.rule),
    level: 'error',
    message: { text: `${v.message}.${v.instead ? ` Use ${hostRef(v.instead, options)} instead.` : ''}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(hostPath(v.file, options)) },
          region: { startLine: Math.max(1, v.line) },
        },
      },
    ],
    partialFingerprints: { 'ssotKey/v1': v.key },
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ssot', semanticVersion: options.toolVersion ?? '0.0.0', rules } },
        automationDetails: { id: 'ssot/check/' },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
