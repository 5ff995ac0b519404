/**
 * File arguments of `honeyhive eval`: files, directories and globs. Globs are matched by tinyglobby
 * (picomatch syntax: `**`, `*`, `?`, `[...]`, nested `{a,{b,c}}`, `\` escapes; symlinked files and
 * directories followed) rather than by hand. A file reached through several paths (a symlink, a symlink
 * cycle) is run once, under its most direct path.
 */
import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { glob } from "tinyglobby";

/** Evaluation files found in a directory argument. */
const EVAL_FILES_IN_DIRECTORY = "**/*.eval.{ts,mts,cts,js,mjs,cjs}";
const SKIPPED = ["**/node_modules/**", "**/.git/**"];

async function matchGlob(pattern: string, cwd: string): Promise<string[]> {
  const ignore = /node_modules|\.git/.test(pattern) ? [] : SKIPPED;
  return glob([pattern], { cwd, absolute: true, onlyFiles: true, followSymbolicLinks: true, expandDirectories: false, ignore });
}

async function expandOne(pattern: string, cwd: string): Promise<string[]> {
  const full = resolve(cwd, pattern);
  const info = await stat(full).catch(() => undefined);
  // An existing path is taken literally, even when its name contains glob characters (`a[1].eval.ts`).
  if (info?.isFile()) return [full];
  if (info?.isDirectory()) return glob([EVAL_FILES_IN_DIRECTORY], { cwd: full, absolute: true, onlyFiles: true, followSymbolicLinks: true, ignore: SKIPPED });
  return matchGlob(pattern, cwd);
}

/** The more direct of two paths to the same file: fewer segments, then the first in order. */
function shorter(a: string, b: string): boolean {
  const depth = (p: string): number => p.split(/[\\/]/).length;
  return depth(a) !== depth(b) ? depth(a) < depth(b) : a < b;
}

/**
 * Expands file arguments: a glob matches files (`node_modules` and `.git` are skipped unless the pattern
 * names them); a directory means its `*.eval.{ts,js,…}` files; an existing file is taken as is.
 * Returns absolute paths in argument order (each argument's matches sorted), de-duplicated, plus the
 * arguments that matched nothing.
 */
export async function expandFileArguments(patterns: readonly string[], cwd: string): Promise<{ files: string[]; unmatched: string[] }> {
  const files = new Map<string, string>(); // real path -> path as found
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const matches = (await expandOne(pattern, cwd)).map((file) => resolve(file));
    if (matches.length === 0) unmatched.push(pattern);
    const best = new Map<string, string>();
    for (const file of matches) {
      const real = await realpath(file).catch(() => file);
      const current = best.get(real);
      if (current === undefined || shorter(file, current)) best.set(real, file);
    }
    for (const [real, file] of [...best.entries()].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
      if (!files.has(real)) files.set(real, file);
    }
  }
  return { files: [...files.values()], unmatched };
}
