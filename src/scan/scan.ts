import type { ResolvedConfig } from '../config/types.js';
import type { ModuleGraph } from './graph-types.js';
import type { ScanResult } from './types.js';

export interface ScanProgress {
  phase: 'discover' | 'analyze' | 'link';
  done: number;
  total: number;
}

export interface ScanOptions {
  /** Called as work advances; the CLI shows it on a TTY only. */
  onProgress?: (progress: ScanProgress) => void;
}

/**
 * Scans `config.root` and returns the inventory. Never prints; a broken file is recorded in
 * `result.errors` and skipped.
 */
export async function scan(config: ResolvedConfig, options: ScanOptions = {}): Promise<ScanResult> {
  void config;
  void options;
  throw new Error('scan: not implemented yet');
}

/** The scan result together with the resolved module graph it was built from (for check and migrate). */
export async function scanWithGraph(
  config: ResolvedConfig,
  options: ScanOptions = {},
): Promise<{ result: ScanResult; graph: ModuleGraph }> {
  void config;
  void options;
  throw new Error('scanWithGraph: not implemented yet');
}
