/** The only place the process exit codes are defined. */
export const ExitCode = {
  /** Ran fine: no findings over the threshold, gate passed. */
  Ok: 0,
  /** Ran fine, but findings exceed `--fail-on`, or the gate failed. */
  Findings: 1,
  /** Could not run properly: usage, config, rule-file or internal error. */
  Error: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
