/**
 * Loads `ssot.config.ts` without requiring `typescript` in the user's project: the file is transpiled
 * through the parser adapter (types erased, no type checking), written as a sibling `.mjs` so its
 * relative imports still resolve, imported, and removed again.
 */
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

/** An error in a config file, with the 1-based line when known. */
export class ConfigLoadError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'ConfigLoadError';
    this.line = line;
  }
}

/** A cosmiconfig loader for `.ts` config files; returns the module's default export. */
export async function loadTsConfig(filepath: string, content: string): Promise<unknown> {
  // The compiler is large: load it only when a TypeScript config is actually found.
  const { transpileModule } = await import('../parser/ts.js');
  const { outputText, errors } = transpileModule(content, filepath);
  if (errors.length > 0) throw new ConfigLoadError(errors[0]!.message, errors[0]!.line);
  const compiled = `${filepath}.${randomUUID()}.mjs`;
  try {
    await writeFile(compiled, outputText);
    const module = (await import(pathToFileURL(compiled).href)) as { default?: unknown };
    if (module.default === undefined) throw new ConfigLoadError('expected a default export: `export default defineConfig({ ... })`');
    return module.default;
  } finally {
    await rm(compiled, { force: true });
  }
}
