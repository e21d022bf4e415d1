/**
 * Whether deleting a module could break code outside the repository: a package that may be published
 * (a `name` and a `version`, no `"private": true`) exposes every module by its path when it has no `exports` map, and
 * the modules its `exports` subpaths reach when it has one. Nothing in the repository importing such a
 * module says nothing about its consumers, so the delete phase leaves it unless told otherwise.
 */
import { posix } from 'node:path';
import type { PlanContext } from './context.js';
import { nearestManifest } from './manifest.js';
import { exposingSubpaths, subpathMap } from './workspace-specifier.js';

/** Why `file` may be imported from outside the repository, or undefined when it cannot be. */
export function publicModuleReason(context: PlanContext, file: string): string | undefined {
  const found = nearestManifest(context, file);
  if (!found) return undefined;
  const { dir, path: manifestPath, json: manifest } = found;
  // npm publishes nothing without both a name and a version.
  if (manifest.private === true || typeof manifest.name !== 'string' || manifest.name === '' || typeof manifest.version !== 'string') return undefined;
  const name = manifest.name;
  if (manifest.exports === undefined) {
    return `${manifestPath} makes ${name} a publishable package (no "private": true) without an \`exports\` map, so code outside this repository may import ${file} by its path`;
  }
  const inPackage = dir ? posix.relative(dir, file) : file;
  const subpaths = exposingSubpaths(subpathMap(manifest), inPackage);
  if (subpaths.length === 0) return undefined;
  const spelt = subpaths.map((s) => (s === '.' ? name : `${name}/${s.replace(/^\.\//, '')}`)).sort();
  return `${manifestPath} exports ${file} as ${spelt.join(', ')}, so code outside this repository may import it`;
}
