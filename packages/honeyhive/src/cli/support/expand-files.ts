/**
 * File arguments of `honeyhive eval`: files, directories and globs. Patterns are parsed and matched by
 * picomatch (`**`, `*`, `?`, `[...]`, nested `{a,{b,c}}`, `\` escapes) rather than by hand; the files are
 * listed by {@link walkFiles} (symlinked files and directories followed, cycles not entered). A file
 * reached through several paths (a symlink, a symlink cycle) is run once, under its most direct path.
 */
import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import picomatch from "picomatch";
import { walkFiles } from "./walk-files";

/** Evaluation files found in a directory argument. */
const EVAL_FILES_IN_DIRECTORY = "**/*.eval.{ts,mts,cts,js,mjs,cjs}";

/** `a\*b` -> `a*b` (on Windows `\` separates path segments and is kept). */
function unescape(path: string): string {
  return process.platform === "win32" ? path : path.replace(/\\(.)/g, "$1");
}

/**
 * Files under `dir` matching `glob` (relative to `dir`). `node_modules` is entered only when `pattern`
 * names it, dot-directories only when the glob has a segment starting with `.` (picomatch's `*` and `**`
 * never match dot names anyway); without `**` the walk stops at the glob's depth.
 */
async function matchUnder(dir: string, glob: string, pattern: string): Promise<string[]> {
  const enterNodeModules = pattern.includes("node_modules");
  const enterDotDirectories = /(^|[/{,])\./.test(glob);
  return walkFiles(dir, {
    match: picomatch(glob, { dot: false }),
    maxDepth: glob.includes("**") ? Infinity : glob.split("/").length - 1,
    skipDirectory: (name) => (name === "node_modules" && !enterNodeModules) || (name.startsWith(".") && !enterDotDirectories),
  });
}

async function matchGlob(pattern: string, cwd: string): Promise<string[]> {
  const { base, glob, isGlob } = picomatch.scan(pattern);
  if (!isGlob) {
    // No glob characters left once escapes are read: one literal path (`lit/\{x\}.eval.ts`).
    const full = resolve(cwd, unescape(pattern));
    const info = await stat(full).catch(() => undefined);
    return info?.isFile() ? [full] : [];
  }
  return matchUnder(resolve(cwd, unescape(base)), glob, pattern);
}

async function expandOne(pattern: string, cwd: string): Promise<string[]> {
  const full = resolve(cwd, pattern);
  const info = await stat(full).catch(() => undefined);
  // An existing path is taken literally, even when its name contains glob characters (`a[1].eval.ts`).
  if (info?.isFile()) return [full];
  if (info?.isDirectory()) return matchUnder(full, EVAL_FILES_IN_DIRECTORY, EVAL_FILES_IN_DIRECTORY);
  return matchGlob(pattern, cwd);
}

/** The more direct of two paths to the same file: fewer segments, then the first in order. */
function shorter(a: string, b: string): boolean {
  const depth = (p: string): number => p.split(/[\\/]/).length;
  return depth(a) !== depth(b) ? depth(a) < depth(b) : a < b;
}

/**
 * Expands file arguments: a glob matches files (`node_modules` and dot-directories such as `.git` are
 * skipped unless the pattern names them); a directory means its `*.eval.{ts,js,…}` files; an existing
 * file is taken as is. Returns absolute paths in argument order (each argument's matches sorted),
 * de-duplicated, plus the arguments that matched nothing.
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
