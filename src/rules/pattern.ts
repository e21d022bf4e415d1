/**
 * Rule patterns: strings compiled to regular expressions. A plain string is matched case-insensitively;
 * `/source/flags` gives the flags explicitly.
 */
const LITERAL = /^\/(.+)\/([dgimsuy]*)$/s;

/** Compiles a rule pattern, throwing the RegExp syntax error when it does not compile. */
export function compilePattern(pattern: string): RegExp {
  const literal = LITERAL.exec(pattern);
  // The `g` and `y` flags make `test()` stateful, which would make matching depend on call order.
  if (literal) return new RegExp(literal[1]!, literal[2]!.replace(/[gy]/g, ''));
  return new RegExp(pattern, 'i');
}

/** The compile error of a pattern, or undefined when it compiles. */
export function patternError(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
