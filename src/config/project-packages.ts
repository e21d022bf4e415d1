/**
 * Which packages a project can import: the ones its package.json files declare and the ones installed
 * in a `node_modules` folder Node would search. Used to accept a configured canonical that names a
 * package (the migration target) rather than a file of the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

function declaredIn(packageJson: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as Record<string, unknown>;
    const names = typeof manifest.name === 'string' ? [manifest.name] : [];
    for (const field of DEPENDENCY_FIELDS) {
      const deps = manifest[field];
      if (deps && typeof deps === 'object') names.push(...Object.keys(deps));
    }
    return names;
  } catch {
    // An unreadable or broken package.json declares nothing; the scan reports what matters.
    return [];
  }
}

/** Folders from `start` up to the filesystem root. */
function ancestors(start: string): string[] {
  const dirs: string[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dirname(dir) === dir) return dirs;
  }
}

/**
 * A predicate telling whether `name` is declared by a package.json at or above `root` or installed in
 * a `node_modules` at or above it. Looks each name up once.
 */
export function projectPackages(root: string): (name: string) => boolean {
  const dirs = ancestors(root);
  let declared: Set<string> | undefined;
  return (name) => {
    declared ??= new Set(dirs.flatMap((dir) => declaredIn(join(dir, 'package.json'))));
    return declared.has(name) || dirs.some((dir) => existsSync(join(dir, 'node_modules', name, 'package.json')));
  };
}
