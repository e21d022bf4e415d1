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
