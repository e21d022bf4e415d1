/** The gate's output formats, by name. */
import type { GateVerdict } from '../types.js';
import { reportGithub } from './github.js';
import { reportJson } from './json.js';
import { reportMarkdown } from './markdown.js';
import type { ReportOptions } from './options.js';
import { reportSarif } from './sarif.js';
import { reportStylish } from './stylish.js';

export type { ReportOptions } from './options.js';

export const GATE_FORMATS = ['stylish', 'json', 'sarif', 'github', 'markdown'] as const;
export type GateFormat = (typeof GATE_FORMATS)[number];

const REPORTERS: Record<GateFormat, (verdict: GateVerdict, options: ReportOptions) => string> = {
  stylish: reportStylish,
  json: reportJson,
  sarif: reportSarif,
  github: reportGithub,
  markdown: reportMarkdown,
};

export function isGateFormat(value: string): value is GateFormat {
  return (GATE_FORMATS as readonly string[]).includes(value);
}

export function renderVerdict(verdict: GateVerdict, format: GateFormat, options: ReportOptions = {}): string {
  return REPORTERS[format](verdict, options);
}
