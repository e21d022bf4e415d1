/**
 * Builds the resolver of a scan: finds the tsconfig/jsconfig files and the workspace packages.
 */
import fg from 'fast-glob';
import type { ResolvedConfig } from '../../config/types.js';
import { Resolver } from './resolver.js';
import { clearPathMappingCache } from './tsconfig.js';
import { findWorkspaces, type Workspace } from './workspaces.js';

export interface ResolverSetup {
  resolver: Resolver;
  workspaces: Workspace[];
}

/** The resolver for `files` (posix, relative to `config.root`). */
export async function createResolver(config: ResolvedConfig, files: Iterable<string>): Promise<ResolverSetup> {
  clearPathMappingCache();
  const [foundTsconfigs, workspaces] = await Promise.all([
    config.tsconfig === 'auto'
      ? fg(['**/tsconfig.json', '**/jsconfig.json'], { cwd: config.root, ignore: config.exclude, followSymbolicLinks: false, suppressErrors: true })
      : Promise.resolve([]),
    findWorkspaces(config),
  ]);
  const resolver = new Resolver({ root: config.root, files, tsconfigs: config.tsconfig, foundTsconfigs, workspaces });
  return { resolver, workspaces };
}
