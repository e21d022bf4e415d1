/**
 * The built-in reporters, by the name `--format` takes. Each is a pure function from a scan result
 * to text; the CLI decides where the text goes and what the exit code is.
 */
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { tableReporter } from './table.js';
import type { Reporter } from './types.js';

export const reporters = {
  table: tableReporter,
  json: jsonReporter,
  markdown: markdownReporter,
  sarif: sarifReporter,
  html: htmlReporter,
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof reporters;

export const REPORTER_NAMES = Object.keys(reporters) as ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}

export type { Reporter, ReporterOptions } from './types.js';
export { explainFinding, findFinding } from './explain.js';
export { orderScanResult } from './json.js';
export { buildSarifLog } from './sarif.js';
