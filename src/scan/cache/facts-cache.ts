/**
 * The per-file facts cache (`.ssot/cache/facts.json`): facts keyed by file and content hash, valid
 * for one rule-set hash and one ssot version. Size and mtime let a warm scan skip reading files
 * whose metadata did not change (as ESLint's metadata cache does); a changed mtime costs a read and
 * a hash, never a parse, when the content is the same.
 *
 * A missing, corrupt or foreign cache is ignored and rebuilt; writes go to a temp file renamed over
 * the old one, so readers never see half a cache.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileFacts } from '../facts.js';

const FORMAT = 1;
const FILE_NAME = 'facts.json';

export interface CacheKey {
  /** ssot version. */
  version: string;
  /** Rule-set hash. */
  rules: string;
}

/** One file: content hash, size, mtime, facts. A tuple keeps the file small. */
type Entry = [hash: string, size: number, mtimeMs: number, facts: FileFacts];

interface CacheFile {
  format: number;
  version: string;
  rules: string;
  entries: Record<string, Entry>;
}

export class FactsCache {
  private dirty = false;

  private constructor(
    private readonly dir: string,
    private readonly key: CacheKey,
    private entries: Map<string, Entry>,
  ) {}

  /** Whether `dir` holds a cache file (valid or not): a cheap hint that a scan may find facts there. */
  static exists(dir: string): boolean {
    return existsSync(join(dir, FILE_NAME));
  }

  /** Opens the cache in `dir`; anything unreadable or for another key starts empty. */
  static async open(dir: string, key: CacheKey): Promise<FactsCache> {
    let entries = new Map<string, Entry>();
    try {
      const parsed = JSON.parse(await readFile(join(dir, FILE_NAME), 'utf8')) as CacheFile;
      if (parsed && parsed.format === FORMAT && parsed.version === key.version && parsed.rules === key.rules && parsed.entries && typeof parsed.entries === 'object') {
        entries = new Map(Object.entries(parsed.entries).filter(([, entry]) => isEntry(entry)));
      }
    } catch {
      // No cache yet, or a corrupt one: rebuilt by this scan.
    }
    return new FactsCache(dir, key, entries);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Cached facts when the file's size and mtime are unchanged. */
  byStat(file: string, size: number, mtimeMs: number): FileFacts | undefined {
    const entry = this.entries.get(file);
    return entry && entry[1] === size && entry[2] === mtimeMs ? entry[3] : undefined;
  }

  /** Content hash of the cached facts of `file`, if any. */
  knownHash(file: string): string | undefined {
    return this.entries.get(file)?.[0];
  }

  /** Cached facts of `file` when they were computed from content with `hash`. */
  byHash(file: string, hash: string): FileFacts | undefined {
    const entry = this.entries.get(file);
    return entry && entry[0] === hash ? entry[3] : undefined;
  }

  /** Records the facts of a file (read errors are not cached: the next scan tries again). */
  set(file: string, facts: FileFacts, size: number, mtimeMs: number): void {
    if (facts.hash === '') return;
    const entry = this.entries.get(file);
    if (entry && entry[0] === facts.hash && entry[1] === size && entry[2] === mtimeMs && entry[3] === facts) return;
    this.entries.set(file, [facts.hash, size, mtimeMs, facts]);
    this.dirty = true;
  }

  /** Drops entries of files that are no longer scanned. */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.entries.keys()) {
      if (!files.has(file)) {
        this.entries.delete(file);
        this.dirty = true;
      }
    }
  }

  /** Writes the cache atomically when it changed. Failing to write is not an error of the scan. */
  async save(): Promise<boolean> {
    if (!this.dirty) return false;
    const data: CacheFile = { format: FORMAT, version: this.key.version, rules: this.key.rules, entries: Object.fromEntries(this.entries) };
    const target = join(this.dir, FILE_NAME);
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      // The cache is machine-local: keep it out of the user's commits without asking them to edit
      // their own .gitignore. 'wx' leaves an existing file (perhaps the user's) untouched.
      await writeFile(join(this.dir, '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
      await writeFile(temp, JSON.stringify(data));
      await rename(temp, target);
      this.dirty = false;
      return true;
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
      return false;
    }
  }
}

function isEntry(value: unknown): value is Entry {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'number' &&
    !!value[3] &&
    typeof value[3] === 'object' &&
    Array.isArray((value[3] as FileFacts).imports)
  );
}
