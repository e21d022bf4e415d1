/**
 * Loads JavaScript config files (`.js`, `.mjs`, `.cjs`) with `import()` alone. cosmiconfig's own loader
 * retries a failed import with `require()`, which replaces the real error (a syntax error, an exception
 * thrown by the config) with a message about requiring an ES module; users need the first one, with
 * its line.
 */
import { readFile, realpath } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { ConfigLoadError } from './load-ts-config.js';

/** The line of `file` that a stack trace points at (`at file:///…/ssot.config.mjs:3:7`, `/…/x.cjs:3`). */
function stackLine(stack: string | undefined, file: string, url: string): number | undefined {
  for (const line of (stack ?? '').split('\n')) {
    for (const name of [url, file]) {
      const at = line.indexOf(`${name}:`);
      if (at < 0) continue;
      const match = /^:(\d+)/.exec(line.slice(at + name.length));
      if (match) return Number(match[1]);
    }
  }
  return undefined;
}

/** The file's first syntax error, found by parsing it (Node gives no line for ES modules). */
async function syntaxError(file: string): Promise<{ message: string; line: number } | undefined> {
  const { transpileModule } = await import('../parser/ts.js');
  const content = await readFile(file, 'utf8');
  return transpileModule(content, file.replace(/\.[cm]?js$/, '.js')).errors[0];
}

/**
 * A cosmiconfig loader for JavaScript config files; returns the module's default export. A file that
 * does not parse is reported with the parser's message and line, as for `ssot.config.ts`; an exception
 * the config throws, with its own message and the line the stack points at.
 */
export async function loadJsConfig(filepath: string): Promise<unknown> {
  const file = await realpath(filepath);
  const { href } = pathToFileURL(file);
  try {
    const module = (await import(href)) as { default?: unknown };
    return module.default;
  } catch (error) {
    const syntax = await syntaxError(file).catch(() => undefined);
    if (syntax) throw new ConfigLoadError(syntax.message, syntax.line);
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    throw new ConfigLoadError(message, stackLine(error instanceof Error ? error.stack : undefined, file, href));
  }
}
