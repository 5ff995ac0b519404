import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

/** Extensions of evaluation files found in a directory argument. */
const EVAL_FILE = /\.eval\.(ts|mts|cts|js|mjs|cjs)$/;
const GLOB_CHARS = /[*?{[]/;
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

/** Compiles a glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) to a regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        out += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "{") {
      const end = glob.indexOf("}", i);
      if (end < 0) out += "\\{";
      else {
        out += `(?:${glob.slice(i + 1, end).split(",").map((part) => globToRegExp(part).source.slice(1, -1)).join("|")})`;
        i = end;
      }
    } else if (c === "[") {
      const end = glob.indexOf("]", i);
      if (end < 0) out += "\\[";
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

async function walk(dir: string, visit: (file: string) => void, includeSkipped: boolean): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!includeSkipped && SKIPPED_DIRS.has(entry.name)) continue;
      await walk(full, visit, includeSkipped);
    } else if (entry.isFile()) visit(full);
  }
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/**
 * Expands file arguments: a glob matches files under its static prefix (`node_modules` and `.git` are
 * skipped unless named); a directory means its `*.eval.{ts,js,…}` files; a file is taken as is.
 * Returns absolute paths in argument order (each argument's matches sorted), de-duplicated, plus the
 * arguments that matched nothing.
 */
export async function expandFileArguments(patterns: readonly string[], cwd: string): Promise<{ files: string[]; unmatched: string[] }> {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const matches: string[] = [];
    const add = (file: string): void => void matches.push(file);
    if (!GLOB_CHARS.test(pattern)) {
      const full = resolve(cwd, pattern);
      const info = await stat(full).catch(() => undefined);
      if (info?.isFile()) add(full);
      else if (info?.isDirectory()) await walk(full, (f) => EVAL_FILE.test(f) && add(f), false);
    } else {
      const posix = toPosix(pattern);
      const segments = posix.split("/");
      const staticCount = segments.findIndex((s) => GLOB_CHARS.test(s));
      const baseText = segments.slice(0, staticCount).join("/");
      const base = isAbsolute(posix) ? baseText || "/" : resolve(cwd, baseText || ".");
      const matcher = globToRegExp(segments.slice(staticCount).join("/"));
      const includeSkipped = /node_modules|\.git/.test(posix);
      await walk(base, (f) => {
        if (matcher.test(toPosix(relative(base, f)))) add(f);
      }, includeSkipped);
    }
    if (matches.length === 0) unmatched.push(pattern);
    for (const file of matches.sort()) files.add(file);
  }
  return { files: [...files], unmatched };
}
