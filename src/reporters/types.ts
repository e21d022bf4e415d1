import type { ScanResult } from '../scan/types.js';

/** What every reporter is told besides the result. */
export interface ReporterOptions {
  /** Use ANSI colours (formats that have none ignore it). The CLI decides from flags, NO_COLOR and the TTY. */
  color: boolean;
  /** ssot's version, recorded by formats that name the tool (SARIF). */
  toolVersion?: string;
}

/** A reporter is a pure function from a scan result to the text of the report. */
export type Reporter = (result: ScanResult, options: ReporterOptions) => string;
