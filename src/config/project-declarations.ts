/**
 * Whether a project file still declares a symbol, read from its text: lets the scan tell a configured
 * canonical of a cluster that has converged (its declaration is there, it is just no finding any more)
 * from a reference that names nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function escaped(name: string): string {
  return name.replace(/[$]/g, '\\$');
}

/** A predicate over `file` (relative to `root`, the extension may be left out) and a top-level symbol name. */
export function projectDeclarations(root: string): (file: string, symbol: string) => boolean {
  return (file, symbol) => {
    if (!/^[\w$]+$/.test(symbol)) return false;
    const declaration = new RegExp(`\\b(?:class|function\\*?|const|let|var|interface|type|enum|namespace)\\s+${escaped(symbol)}(?![\\w$])`);
    for (const extension of EXTENSIONS) {
      let text: string;
      try {
        text = readFileSync(join(root, file + extension), 'utf8');
      } catch {
        // Missing, a folder, or unreadable: try the next spelling.
        continue;
      }
      return declaration.test(text);
    }
    return false;
  };
}
