/** Options every gate reporter accepts. Reporters are pure: verdict and options in, text out. */
export interface ReportOptions {
  /** Colour the console output (stylish only). */
  color?: boolean;
  /**
   * Folder of the scan root relative to where paths are resolved (posix, no trailing slash): the
   * repository root for SARIF and GitHub annotations, the working folder for the console report.
   */
  pathPrefix?: string;
  /** ssot's version, recorded in SARIF. */
  toolVersion?: string;
}

/** A path as the code host sees it (relative to the repository root). */
export function hostPath(file: string, options: ReportOptions): string {
  return options.pathPrefix ? `${options.pathPrefix.replace(/\/+$/, '')}/${file}` : file;
}

/**
 * A `path#Symbol` ref as the code host or the terminal sees it: file refs (relative to the scan root)
 * get the same prefix as paths; package refs (`ssot/resilience#retry`) stay as they are.
 */
export function hostRef(ref: string, options: ReportOptions): string {
  const hash = ref.indexOf('#');
  const path = hash < 0 ? ref : ref.slice(0, hash);
  return /\.[cm]?[jt]sx?$/.test(path) ? hostPath(ref, options) : ref;
}
