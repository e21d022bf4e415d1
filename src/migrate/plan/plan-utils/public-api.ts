/**
 * Whether deleting a module could break code outside the repository: a package that may be published
 * (a `name` and a `version`, no `"private": true`) and looks like a library, not an application (see
 * `applicationReason`), exposes every module by its path when it has no `exports` map, and the modules
 * its `exports` subpaths reach when it has one. Nothing in the repository importing such a
 * module says nothing about its consumers, so the delete phase leaves it unless told otherwise.
 */
import { posix } from 'node:path';
import type { PlanContext } from './context.js';
import { nearestManifest } from './manifest.js';
import { exposingSubpaths, subpathMap } from './workspace-specifier.js';

/** Fields that declare what a package hands to its consumers, or how it is published. */
const LIBRARY_FIELDS = ['main', 'module', 'exports', 'types', 'typings', 'bin', 'files', 'browser', 'publishConfig'] as const;
/** Scripts npm runs only when packing or publishing. */
const PUBLISH_SCRIPTS = ['prepublish', 'prepublishOnly', 'prepack', 'postpack', 'postpublish'] as const;
/** npm's implicit `main` when the manifest names none. */
const DEFAULT_MAINS = ['index.js', 'index.cjs', 'index.mjs'] as const;
/** Configs at a package's root that make it an application of a framework (built and deployed, not imported). */
const FRAMEWORK_APP_CONFIGS = ['next.config', 'nuxt.config', 'remix.config', 'astro.config', 'gatsby-config', 'angular.json'] as const;
const CONFIG_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

/**
 * Why a publishable package is an application, whose modules no outside code imports; undefined when it
 * may be a library. An application declares nothing it hands out or publishes: no `main`, `module`,
 * `exports`, `types`/`typings`, `bin`, `files`, `browser` or `publishConfig`, no pack or publish script,
 * and no `index.js` that npm would take as its main; or it has a framework application's config at its
 * root (`next.config.*`, `angular.json`...) and still declares no `exports`, `module`, `types`/`typings`,
 * `files` or `publishConfig` (a custom server's `main` or a `bin` is an application's own).
 */
export function applicationReason(context: PlanContext, dir: string, manifest: Record<string, unknown>): string | undefined {
  const at = (name: string) => (dir ? `${dir}/${name}` : name);
  const scripts = manifest.scripts && typeof manifest.scripts === 'object' ? (manifest.scripts as Record<string, unknown>) : {};
  const publishes = PUBLISH_SCRIPTS.some((name) => scripts[name] !== undefined);
  const framework = FRAMEWORK_APP_CONFIGS.flatMap((name) => (name.endsWith('.json') ? [name] : CONFIG_EXTENSIONS.map((ext) => `${name}${ext}`))).find((name) => context.text(at(name)) !== null);
  if (framework && !publishes && !['exports', 'module', 'types', 'typings', 'files', 'publishConfig'].some((field) => manifest[field] !== undefined)) {
    return `an application: ${at(framework)} is a framework application's config, and the manifest exports no module`;
  }
  if (publishes || LIBRARY_FIELDS.some((field) => manifest[field] !== undefined)) return undefined;
  if (DEFAULT_MAINS.some((name) => context.text(at(name)) !== null)) return undefined;
  return `an application: the manifest declares no entry point, types, files or publish step (${LIBRARY_FIELDS.join(', ')})`;
}

/** Why `file` may be imported from outside the repository, or undefined when it cannot be. */
export function publicModuleReason(context: PlanContext, file: string): string | undefined {
  const found = nearestManifest(context, file);
  if (!found) return undefined;
  const { dir, path: manifestPath, json: manifest } = found;
  // npm publishes nothing without both a name and a version.
  if (manifest.private === true || typeof manifest.name !== 'string' || manifest.name === '' || typeof manifest.version !== 'string') return undefined;
  // An application is never imported by outside code, even when it does not say `"private": true`.
  if (applicationReason(context, dir, manifest)) return undefined;
  const name = manifest.name;
  if (manifest.exports === undefined) {
    return `${manifestPath} makes ${name} a publishable library (no "private": true; ${libraryEvidence(context, dir, manifest)}) without an \`exports\` map, so code outside this repository may import ${file} by its path`;
  }
  const inPackage = dir ? posix.relative(dir, file) : file;
  const subpaths = exposingSubpaths(subpathMap(manifest), inPackage);
  if (subpaths.length === 0) return undefined;
  const spelt = subpaths.map((s) => (s === '.' ? name : `${name}/${s.replace(/^\.\//, '')}`)).sort();
  return `${manifestPath} exports ${file} as ${spelt.join(', ')}, so code outside this repository may import it`;
}

/** What makes a package without an `exports` map look like a library, for the blocker's message. */
function libraryEvidence(context: PlanContext, dir: string, manifest: Record<string, unknown>): string {
  const fields = LIBRARY_FIELDS.filter((field) => manifest[field] !== undefined).map((field) => `"${field}"`);
  const scripts = manifest.scripts && typeof manifest.scripts === 'object' ? (manifest.scripts as Record<string, unknown>) : {};
  const publish = PUBLISH_SCRIPTS.filter((name) => scripts[name] !== undefined).map((name) => `a ${name} script`);
  const main = DEFAULT_MAINS.find((name) => context.text(dir ? `${dir}/${name}` : name) !== null);
  const all = [...fields, ...publish, ...(main ? [`${main}, npm's default main`] : [])];
  return all.length > 0 ? `it declares ${all.join(', ')}` : 'it may be published';
}
