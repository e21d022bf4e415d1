/**
 * Module resolution over the scanned files: relative specifiers with TypeScript's extension rules,
 * tsconfig/jsconfig `paths` and `baseUrl` (nearest config per file), and workspace packages through
 * their entry points. Everything else is external. Results are cached per folder and specifier.
 */
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, resolve as resolvePath } from 'node:path';
import { toPosix } from '../discover.js';
import { loadPathMapping, matchPaths, type PathMapping } from './tsconfig.js';
import { importsTargets, packageTargets, sourceCandidates } from './package-entry.js';
import { type PackageManifest, readManifest, type Workspace } from './workspaces.js';

export interface Resolution {
  /** Scanned file (posix, relative to the root), or null. */
  resolved: string | null;
  /** Package name for specifiers that leave the repository. */
  external?: string;
}

export interface ResolverOptions {
  /** Absolute scan root. */
  root: string;
  /** Every scanned file, posix relative to the root. */
  files: Iterable<string>;
  /** Config files to use (absolute); nearest one to each file wins. 'auto' finds tsconfig.json/jsconfig.json. */
  tsconfigs: string[] | 'auto';
  /** tsconfig.json/jsconfig.json files found under the root (posix relative), for 'auto'. */
  foundTsconfigs?: string[];
  workspaces: readonly Workspace[];
}

/** Extensions tried for an extensionless specifier, in TypeScript's order, then JavaScript's. */
const PROBE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** ESM TypeScript imports name the emitted file: `./a.js` is `a.ts` in the sources. */
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

const BUILTINS = new Set(builtinModules);

/** The package name of a bare specifier (`@scope/pkg/sub` → `@scope/pkg`, `node:fs` → `node:fs`). */
export function packageNameOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

export class Resolver {
  private readonly files: Set<string>;
  /** Resolutions per importing folder, then per specifier. */
  private readonly cache = new Map<string, Map<string, Resolution>>();
  private readonly mappingByDir = new Map<string, PathMapping | null>();
  private readonly tsconfigDirs: Map<string, string>;
  private readonly folderManifests = new Map<string, string[] | null>();
  private readonly workspacesByName: Map<string, Workspace>;
  private readonly workspaceCache = new Map<string, string | null>();

  constructor(private readonly options: ResolverOptions) {
    this.files = new Set(options.files);
    this.tsconfigDirs = new Map();
    const configs = options.tsconfigs === 'auto' ? (options.foundTsconfigs ?? []).map((f) => join(options.root, f)) : options.tsconfigs;
    // tsconfig.json wins over jsconfig.json in the same folder: add jsconfigs first, then overwrite.
    const ordered = [...configs].sort((a, b) => Number(a.endsWith('tsconfig.json')) - Number(b.endsWith('tsconfig.json')));
    for (const config of ordered) this.tsconfigDirs.set(this.relativeDir(dirname(config)), config);
    this.workspacesByName = new Map(options.workspaces.map((w) => [w.name, w]));
  }

  /** Posix path of an absolute folder relative to the root ('' for the root, '../x' above it). */
  private relativeDir(absolute: string): string {
    return toPosix(relative(this.options.root, absolute));
  }

  /** Resolves `specifier` imported by `from` (posix, relative to the root). */
  resolve(from: string, specifier: string): Resolution {
    const slash = from.lastIndexOf('/');
    const fromDir = slash === -1 ? '' : from.slice(0, slash);
    let byDir = this.cache.get(fromDir);
    if (!byDir) this.cache.set(fromDir, (byDir = new Map()));
    let result = byDir.get(specifier);
    if (!result) {
      // Bundler queries and fragments (`./icon.svg?raw`) are not part of the path; a leading `#` is (subpath imports).
      const clean = specifier.includes('?') || specifier.indexOf('#') > 0 ? specifier.replace(/(?<=.)[?#].*$/, '') : specifier;
      result = this.resolveUncached(fromDir, clean);
      byDir.set(specifier, result);
    }
    return result;
  }

  private resolveUncached(fromDir: string, specifier: string): Resolution {
    if (specifier === '') return { resolved: null };
    if (specifier.startsWith('.')) {
      const target = joinRelative(fromDir, specifier);
      return { resolved: target === null ? null : this.probe(target) };
    }
    if (specifier.startsWith('/')) return { resolved: this.probeAbsolute(specifier) };
    if (specifier.startsWith('#')) {
      const hit = this.resolveSubpathImport(fromDir, specifier);
      if (hit) return { resolved: hit };
    }
    const mapping = this.mappingFor(fromDir);
    if (mapping) {
      for (const candidate of matchPaths(mapping, specifier)) {
        const hit = this.probeAbsolute(candidate);
        if (hit) return { resolved: hit };
      }
    }
    const workspace = this.workspaceFor(specifier);
    if (workspace) {
      // The same from every folder: resolve once per specifier.
      let resolved = this.workspaceCache.get(specifier);
      if (resolved === undefined) this.workspaceCache.set(specifier, (resolved = this.resolveInWorkspace(workspace, specifier)));
      return { resolved };
    }
    if (mapping?.baseUrl) {
      const hit = this.probeAbsolute(resolvePath(mapping.baseUrl, specifier));
      if (hit) return { resolved: hit };
    }
    // An unresolved `#subpath` import names no package.
    if (specifier.startsWith('#')) return { resolved: null };
    if (BUILTINS.has(specifier) || specifier.startsWith('node:')) return { resolved: null, external: specifier.startsWith('node:') ? specifier : `node:${packageNameOf(specifier)}` };
    return { resolved: null, external: packageNameOf(specifier) };
  }

  private workspaceFor(specifier: string): Workspace | undefined {
    const name = packageNameOf(specifier);
    return this.workspacesByName.get(name);
  }

  private resolveInWorkspace(workspace: Workspace, specifier: string): string | null {
    const subpath = specifier === workspace.name ? '.' : `.${specifier.slice(workspace.name.length)}`;
    const targets = packageTargets(workspace.manifest, subpath) ?? [];
    const packageMapping = loadPathMapping(join(this.options.root, workspace.dir, 'tsconfig.json'));
    const packageRoot = join(this.options.root, workspace.dir);
    const outDir = packageMapping?.outDir ? toPosix(relative(packageRoot, packageMapping.outDir)) : null;
    const rootDir = packageMapping?.rootDir ? toPosix(relative(packageRoot, packageMapping.rootDir)) : null;
    for (const target of targets) {
      const direct = this.probe(posix.normalize(posix.join(workspace.dir, target)));
      if (direct) return direct;
      for (const source of sourceCandidates(target, outDir, rootDir)) {
        const hit = this.probe(posix.normalize(posix.join(workspace.dir, source)));
        if (hit) return hit;
      }
    }
    return null;
  }

  /** `#internal/x` through the `imports` map of the nearest package.json with one. */
  private resolveSubpathImport(fromDir: string, specifier: string): string | null {
    for (let dir = fromDir; ; ) {
      const manifest = this.manifestAt(dir);
      if (manifest?.imports) {
        for (const target of importsTargets(manifest.imports, specifier) ?? []) {
          const joined = joinRelative(dir, target);
          const hit = joined === null ? null : this.probeFile(joined) ?? sourceCandidates(target).map((c) => joinRelative(dir, c)).map((c) => (c === null ? null : this.probeFile(c))).find(Boolean) ?? null;
          if (hit) return hit;
        }
        return null;
      }
      if (dir === '' || dir === '.') return null;
      const slash = dir.lastIndexOf('/');
      dir = slash === -1 ? '' : dir.slice(0, slash);
    }
  }

  private readonly manifests = new Map<string, PackageManifest | null>();

  private manifestAt(dir: string): PackageManifest | null {
    let manifest = this.manifests.get(dir);
    if (manifest === undefined) {
      manifest = readManifest(join(this.options.root, dir, 'package.json'));
      this.manifests.set(dir, manifest);
    }
    return manifest;
  }

  /** The tsconfig mapping that applies to files in `dir` (nearest config, looking above the root too). */
  private mappingFor(dir: string): PathMapping | null {
    const cached = this.mappingByDir.get(dir);
    if (cached !== undefined) return cached;
    let mapping: PathMapping | null = null;
    const config = this.tsconfigDirs.get(dir === '.' ? '' : dir);
    if (config) mapping = loadPathMapping(config);
    else if (dir !== '.' && dir !== '') mapping = this.mappingFor(posix.dirname(dir));
    else mapping = this.options.tsconfigs === 'auto' ? this.outerMapping() : this.firstConfiguredMapping();
    this.mappingByDir.set(dir, mapping);
    return mapping;
  }

  /** A tsconfig above the scan root (scanning a subfolder of a project), up to the repository root. */
  private outerMapping(): PathMapping | null {
    let dir = this.options.root;
    for (;;) {
      const parent = dirname(dir);
      if (parent === dir || existsSync(join(dir, '.git'))) return null;
      dir = parent;
      for (const name of ['tsconfig.json', 'jsconfig.json']) {
        if (existsSync(join(dir, name))) return loadPathMapping(join(dir, name));
      }
    }
  }

  /** With explicit tsconfigs, files under none of their folders use the first one. */
  private firstConfiguredMapping(): PathMapping | null {
    const first = Array.isArray(this.options.tsconfigs) ? this.options.tsconfigs[0] : undefined;
    return first ? loadPathMapping(first) : null;
  }

  private probeAbsolute(absolute: string): string | null {
    const rel = this.relativeDir(absolute);
    if (isOutside(rel)) return null;
    return this.probe(posix.normalize(rel));
  }

  /** Finds the scanned file a path designates: as is, emitted → source extension, added extension, folder. */
  probe(path: string): string | null {
    if (isOutside(path) || path.startsWith('/')) return null;
    const p = path === '.' ? '' : path.replace(/\/$/, '');
    return (p === '' ? null : this.probeFile(p)) ?? this.probeFolder(p);
  }

  private probeFolder(dir: string): string | null {
    const prefix = dir === '' ? '' : `${dir}/`;
    for (const entry of this.folderEntries(dir)) {
      const hit = this.probeFile(prefix + entry) ?? this.probeIndex(prefix + entry);
      if (hit) return hit;
      for (const source of sourceCandidates(entry)) {
        const fromSource = this.probeFile(prefix + source) ?? this.probeIndex(prefix + source);
        if (fromSource) return fromSource;
      }
    }
    return this.probeIndex(dir);
  }

  private probeIndex(dir: string): string | null {
    const prefix = dir === '' ? '' : `${posix.normalize(dir)}/`;
    for (const candidate of PROBE_EXTENSIONS) if (this.files.has(`${prefix}index${candidate}`)) return `${prefix}index${candidate}`;
    return null;
  }

  /** A folder's package.json entry fields (`source`, `types`, `module`, `main`), read once. */
  private folderEntries(dir: string): string[] {
    let entries = this.folderManifests.get(dir);
    if (entries === undefined) {
      const manifest = this.manifestAt(dir);
      entries = manifest ? (packageTargets({ ...manifest, exports: undefined }, '.') ?? []).filter((e) => e !== 'index' && e !== 'src/index') : null;
      this.folderManifests.set(dir, entries);
    }
    return entries ?? [];
  }

  /** A file by its path, its emitted → source extension, or an added extension (no folder lookup). */
  private probeFile(path: string): string | null {
    const p = posix.normalize(path);
    if (this.files.has(p)) return p;
    const ext = posix.extname(p);
    const mapped = EMITTED_TO_SOURCE[ext];
    if (mapped) {
      const base = p.slice(0, -ext.length);
      for (const source of mapped) if (this.files.has(base + source)) return base + source;
    }
    for (const candidate of PROBE_EXTENSIONS) if (this.files.has(p + candidate)) return p + candidate;
    return null;
  }
}

/**
 * `dir` (posix, relative to the root, '' for the root) joined with a relative specifier, normalized;
 * null when it climbs above the root. Leading `./` and `../` are handled by slicing (the common case,
 * allocation-light); anything else goes segment by segment.
 */
export function joinRelative(dir: string, specifier: string): string | null {
  let base = dir === '.' ? '' : dir;
  let i = 0;
  for (;;) {
    if (specifier.startsWith('./', i)) i += 2;
    else if (specifier.startsWith('../', i)) {
      if (base === '') return null;
      const slash = base.lastIndexOf('/');
      base = slash === -1 ? '' : base.slice(0, slash);
      i += 3;
    } else break;
  }
  let rest = specifier.slice(i);
  if (rest.endsWith('/')) rest = rest.replace(/\/+$/, '');
  if (rest === '.' || rest.includes('/.') || rest.startsWith('.') || rest.includes('//')) return joinSegments(base, rest);
  return base === '' ? rest : rest === '' ? base : `${base}/${rest}`;
}

function joinSegments(base: string, rest: string): string | null {
  const segments = base === '' ? [] : base.split('/');
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) return null;
      segments.pop();
    } else {
      segments.push(part);
    }
  }
  return segments.join('/');
}

function isOutside(path: string): boolean {
  return path === '..' || path.startsWith('../');
}
