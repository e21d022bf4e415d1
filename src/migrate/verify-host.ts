/**
 * Compiler hosts for verification: the files on disk, optionally seen through an in-memory overlay of
 * the planned changes (changed texts, created files present, deleted files absent), with parsed source
 * files shared between the "before" and "after" programs so unchanged files are parsed once.
 */
import { bundledLibFiles, ts } from '../parser/ts.js';

/** Absolute, forward-slash path (what the compiler uses as file names). */
export function toCompilerPath(path: string): string {
  return path.replace(/\\/g, '/');
}

/** Planned texts by absolute compiler path; null marks a deleted file. */
export type Overlay = ReadonlyMap<string, string | null>;

/** Parsed files kept across programs; an entry is reused only when the text is the same. */
export type SourceFileCache = Map<string, { text: string; file: ts.SourceFile }>;

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** A module resolution host (and, with `options`, a compiler host) over the disk plus an overlay. */
export function createOverlayHost(options: ts.CompilerOptions, overlay: Overlay | null, cache: SourceFileCache): ts.CompilerHost {
  const base = ts.createCompilerHost(options, true);
  const libs = bundledLibFiles();
  // Folders that exist only because the change set creates files in them.
  const createdFolders = new Set<string>();
  for (const [path, text] of overlay ?? []) {
    if (text === null) continue;
    for (let dir = folderOf(path); dir !== '/' && !createdFolders.has(dir); dir = folderOf(dir)) createdFolders.add(dir);
  }
  const fileExists = (fileName: string): boolean => {
    const planned = overlay?.get(fileName);
    if (planned !== undefined) return planned !== null;
    return libs.files.has(fileName) || base.fileExists(fileName);
  };
  const readFile = (fileName: string): string | undefined => {
    const planned = overlay?.get(fileName);
    if (planned !== undefined) return planned ?? undefined;
    return libs.files.get(fileName) ?? base.readFile(fileName);
  };
  return {
    ...base,
    fileExists,
    readFile,
    directoryExists: (dir) => createdFolders.has(dir.replace(/\/$/, '')) || dir === libs.folder || (base.directoryExists?.(dir) ?? true),
    // What tsc does: JSDoc in TypeScript files carries no type errors, so it is not parsed.
    jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
    getDefaultLibLocation: () => libs.folder,
    getDefaultLibFileName: (opts) => `${libs.folder}/${ts.getDefaultLibFileName(opts)}`,
    realpath: (path) => (overlay?.has(path) ? path : (base.realpath?.(path) ?? path)),
    getSourceFile(fileName, languageVersionOrOptions, onError) {
      const text = readFile(fileName);
      if (text === undefined) {
        onError?.(`file not found: ${fileName}`);
        return undefined;
      }
      const format = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions.impliedNodeFormat : undefined;
      const key = `${fileName}\0${format ?? ''}`;
      const cached = cache.get(key);
      if (cached && cached.text === text) return cached.file;
      const file = ts.createSourceFile(fileName, text, languageVersionOrOptions, false);
      cache.set(key, { text, file });
      return file;
    },
  };
}
