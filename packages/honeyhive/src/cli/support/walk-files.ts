/**
 * The directory walk behind `honeyhive eval` globs: lists the files under a directory whose path relative
 * to it passes a matcher. Symlinked files and directories are followed; a directory link that leads back
 * to one of its own ancestors (a cycle) is not entered, so the walk always ends.
 */
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";

/** What to walk and what to keep. */
interface WalkFilesOptions {
  /** Keeps a file by its `/`-separated path relative to the walked directory. */
  readonly match: (relativePath: string) => boolean;
  /** How many directory levels below the start may be entered (`Infinity` for no limit). */
  readonly maxDepth: number;
  /** Directories (by name) not entered, e.g. `node_modules`. */
  readonly skipDirectory: (name: string) => boolean;
}

type Kind = "file" | "directory" | undefined;

async function kindOf(entry: Dirent, path: string): Promise<Kind> {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  if (!entry.isSymbolicLink()) return undefined;
  const target = await stat(path).catch(() => undefined); // a broken link is skipped
  return target?.isFile() ? "file" : target?.isDirectory() ? "directory" : undefined;
}

async function walkInto(dir: string, relative: string, depth: number, ancestors: Set<string>, options: WalkFilesOptions, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const rel = relative === "" ? entry.name : `${relative}/${entry.name}`;
    const kind = await kindOf(entry, path);
    if (kind === "file") {
      if (options.match(rel)) out.push(path);
    } else if (kind === "directory" && depth < options.maxDepth && !options.skipDirectory(entry.name)) {
      const real = await realpath(path).catch(() => undefined);
      if (real === undefined || ancestors.has(real)) continue; // unreadable, or a symlink cycle
      ancestors.add(real);
      await walkInto(path, rel, depth + 1, ancestors, options, out);
      ancestors.delete(real);
    }
  }
}

/**
 * Absolute paths of the matching files under `dir` (depth-first, names in code-point order). A file
 * reachable through several links is listed once per path; callers de-duplicate by real path.
 */
export async function walkFiles(dir: string, options: WalkFilesOptions): Promise<string[]> {
  const out: string[] = [];
  const start = await realpath(dir).catch(() => undefined);
  if (start === undefined) return out;
  await walkInto(dir, "", 0, new Set([start]), options, out);
  return out;
}
