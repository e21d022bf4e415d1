/** Options every gate reporter accepts. Reporters are pure: verdict and options in, text out. */
export interface ReportOptions {
  /** Colour the console output (stylish only). */
  color?: boolean;
  /**
   * Folder of the scan root relative to the repository root (posix, no trailing slash), prefixed to
   * paths in formats that code hosts resolve against the repository (SARIF, GitHub annotations).
   */
  pathPrefix?: string;
  /** ssot's version, recorded in SARIF. */
  toolVersion?: string;
}

/** A path as the code host sees it (relative to the repository root). */
export function hostPath(file: string, options: ReportOptions): string {
  return options.pathPrefix ? `${options.pathPrefix.replace(/\/+$/, '')}/${file}` : file;
}
