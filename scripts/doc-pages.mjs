// The documentation's Markdown pages: the README and every page under docs/ (the site's generated API reference and
// build output left out). One list for the snippet check (check-readme-snippets.mjs), the metric-name check and the
// repository's link test.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Folders under docs/ that are generated at build time and git-ignored. */
const GENERATED = new Set(["docs/reference/api", "docs/.vitepress"]);

/** True for a repository-relative path inside the generated API reference (it exists only after `npm run docs:build`). */
export function isGeneratedReference(path) {
  return path === "docs/reference/api" || path.startsWith("docs/reference/api/");
}

/** Repository-relative paths of README.md and every docs/**\/*.md page, sorted. */
export function documentationPages(root) {
  const walk = (dir) => readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return GENERATED.has(path) ? [] : walk(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
  return ["README.md", ...(existsSync(join(root, "docs")) ? walk("docs").sort() : [])];
}
