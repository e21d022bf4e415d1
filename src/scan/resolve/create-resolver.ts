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
  return startResolver(config).forFiles(files);
}

/** The config files whose `paths` and `baseUrl` the resolver follows, by name, when `tsconfig` is 'auto'. */
export const TSCONFIG_NAMES: readonly string[] = ['tsconfig.json', 'jsconfig.json'];

export interface StartResolverOptions {
  /**
   * The `TSCONFIG_NAMES` files under the root (posix, relative to it), outside excluded and dot
   * folders, as found by file discovery on its way; undefined from it when discovery did not look for
   * them, and then the resolver walks the tree for them itself.
   */
  foundTsconfigs?: Promise<string[] | undefined>;
}

/** The resolver's setup under way (`startResolver`): the resolver itself needs the files too. */
export interface ResolverStart {
  /** The resolver for `files` (posix, relative to `config.root`), once its config files and workspaces are found. */
  forFiles(files: Iterable<string>): Promise<ResolverSetup>;
}

/**
 * Starts finding the resolver's config files and workspaces at once, without the list of files, so
 * that search (a walk of the tree) can run beside file discovery. A failure is reported by `forFiles`.
 */
export function startResolver(config: ResolvedConfig, options: StartResolverOptions = {}): ResolverStart {
  clearPathMappingCache();
  const walk = () => fg([...TSCONFIG_NAMES].map((name) => `**/${name}`), { cwd: config.root, ignore: config.exclude, followSymbolicLinks: false, suppressErrors: true });
  const found = Promise.all([
    config.tsconfig === 'auto' ? (options.foundTsconfigs?.then((files) => files ?? walk()) ?? walk()) : Promise.resolve([]),
    findWorkspaces(config),
  ]);
  // Reported by `forFiles`, which may be called after the failure: not an unhandled rejection meanwhile.
  found.catch(() => {});
  return {
    async forFiles(files) {
      const [foundTsconfigs, workspaces] = await found;
      const resolver = new Resolver({ root: config.root, files, tsconfigs: config.tsconfig, foundTsconfigs, workspaces });
      return { resolver, workspaces };
    },
  };
}
