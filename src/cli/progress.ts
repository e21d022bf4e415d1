/**
 * A one-line progress display on stderr for long scans. The CLI creates it only when
 * `useProgress` says so (a terminal, not CI, no `--no-progress`); otherwise every call is a no-op.
 */
import type { ScanProgress } from '../scan/scan.js';

export interface ProgressDisplay {
  update(progress: ScanProgress): void;
  /** Clears the line, so the report starts on a clean terminal. */
  done(): void;
}

interface ProgressStream {
  write(text: string): unknown;
}

const CLEAR_LINE = '\r\u001b[2K';
const BAR_WIDTH = 20;

/** Text of one progress line, e.g. `ssot: analyzing [#####---------------] 120/480 files`. */
export function progressLine(progress: ScanProgress): string {
  if (progress.phase === 'discover') return `ssot: discovering files (${progress.done} found)`;
  const label = progress.phase === 'analyze' ? 'analyzing' : 'linking';
  if (progress.total <= 0) return `ssot: ${label}`;
  const ratio = Math.min(1, Math.max(0, progress.done / progress.total));
  const filled = Math.round(ratio * BAR_WIDTH);
  const unit = progress.phase === 'analyze' ? ' files' : '';
  return `ssot: ${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${progress.done}/${progress.total}${unit}`;
}

const noop: ProgressDisplay = { update() {}, done() {} };

/**
 * A progress display that redraws at most every `intervalMs` (and at once when the phase changes),
 * so thousands of updates cost a handful of writes.
 */
export function createProgress(stream: ProgressStream, enabled: boolean, options: { intervalMs?: number; now?: () => number } = {}): ProgressDisplay {
  if (!enabled) return noop;
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let lastDraw = -Infinity;
  let lastPhase: ScanProgress['phase'] | undefined;
  let drawn = false;
  return {
    update(progress) {
      const time = now();
      const finished = progress.total > 0 && progress.done >= progress.total;
      if (progress.phase === lastPhase && time - lastDraw < interval && !finished) return;
      lastDraw = time;
      lastPhase = progress.phase;
      drawn = true;
      stream.write(CLEAR_LINE + progressLine(progress));
    },
    done() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
