/**
 * `npm run schema`: rewrites `schema/ssot.config.schema.json` and the README's config table from the
 * field description. A test fails when either is out of date.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageInfo } from '../shared/package-root.js';
import { replaceConfigTable } from './config-docs.js';
import { configJsonSchemaText } from './config-schema.js';

/** Where the generated schema lives, relative to the package root. */
export const CONFIG_SCHEMA_PATH = 'schema/ssot.config.schema.json';

/** Writes the schema and the README table; returns the files written. */
export async function writeConfigArtifacts(root = packageInfo().root): Promise<string[]> {
  const schemaFile = join(root, CONFIG_SCHEMA_PATH);
  await mkdir(join(root, 'schema'), { recursive: true });
  await writeFile(schemaFile, configJsonSchemaText());
  const readmeFile = join(root, 'README.md');
  await writeFile(readmeFile, replaceConfigTable(await readFile(readmeFile, 'utf8')));
  return [schemaFile, readmeFile];
}
