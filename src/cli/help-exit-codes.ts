/**
 * The exit codes every command's help ends with, unless the command documents its own (a second,
 * generic list would contradict them: `ssot migrate` has no `--fail-on`).
 */
import type { Command } from 'commander';

export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  findings over the --fail-on threshold, or the gate failed
  2  usage, config or internal error`;

const documented = new Set<string>();

/** Marks the command of this name as one whose own help text lists its exit codes. */
export function ownExitCodes(name: string): void {
  documented.add(name);
}

/** Whether the command lists its exit codes itself. */
export function hasOwnExitCodes(command: Command): boolean {
  return documented.has(command.name());
}
