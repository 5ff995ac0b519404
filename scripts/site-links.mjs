// What the documentation site serves of the repository, and where. The site's source folder is the repository root
// (docs/.vitepress/config.mts), so a Markdown page is a page of the site unless SITE_EXCLUDE leaves it out; a file of
// examples/ is shown on a page of its own under docs/examples/; any other repository file is not served, so a link to
// it is dead on the site even though it works on the repository host. One rule for the site's build (its link
// rewriting and dead-link check) and the repository's link test (test/scripts/markdown-links.test.ts).
import { readdirSync } from "node:fs";
import { join, posix } from "node:path";

/** Repository folders whose Markdown files are not pages of the site (globs relative to the repository root). */
export const SITE_EXCLUDE = [
  "**/node_modules/**", "packages/**", "test/**", "examples/**", "scripts/**", "demo/**", "api/**",
  "bench/out/**", "bench/ab/**", "bench/peers/**", ".ci/**", ".honeyhive/**", "test-artifacts/**",
];

/** The folder of runnable examples, and the folder of the site's pages that show them. */
const EXAMPLES = "examples";
const EXAMPLE_PAGES = "docs/examples";

/** The page template of the example pages (with its `.paths.mts` beside it, one page per file of examples/). */
export const EXAMPLE_ROUTE = `${EXAMPLE_PAGES}/[example].md`;

/** The folder under examples/ that `npm run typecheck` fills with the docs' snippets (generated, git-ignored). */
const GENERATED_EXAMPLES = `${EXAMPLES}/readme-snippets`;

/** Repository-relative paths of every file under examples/ (what an example page can show), sorted. */
export function exampleFiles(root) {
  const walk = (dir) => readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (!entry.isDirectory()) return [path];
    return path === GENERATED_EXAMPLES ? [] : walk(path);
  });
  return walk(EXAMPLES).sort();
}

/** The route name of an example file's page: its path under examples/, each `/` and `.` a hyphen (`jest-a-test-mjs`). */
export function exampleSlug(examplePath) {
  return examplePath.slice(EXAMPLES.length + 1).replace(/[/.]/g, "-");
}

/** The code-fence language of an example file, from its extension. */
export function exampleLanguage(examplePath) {
  const extension = posix.extname(examplePath).slice(1);
  return { mjs: "js", cjs: "js", jsonl: "json" }[extension] ?? extension;
}

/**
 * Where the site serves the repository file a link names. `fromPage` is the linking page's repository-relative path,
 * `target` the link as written (relative, anchor dropped). Returns the repository-relative Markdown page that stands
 * for it (the file itself for a page, the example's page for an example file), `undefined` for a file the site does
 * not serve. Links that are not to a file (no extension: folders and extensionless pages) are left to the site's own
 * dead-link check, and return the target unchanged.
 */
export function sitePageFor(fromPage, target) {
  const path = posix.normalize(posix.join(posix.dirname(fromPage), target));
  const extension = posix.extname(path);
  if (extension === "" || extension === ".md" || extension === ".html") return path;
  if (path.startsWith(`${EXAMPLES}/`)) return `${EXAMPLE_PAGES}/${exampleSlug(path)}.md`;
  return undefined;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:|^\/\//i;

/**
 * The site's link to a repository file, for a link `href` written on the page `page`: the example page that shows an
 * example file (anchor kept), or `href` unchanged for a page, a folder, an anchor or another site. Throws for a file
 * the site does not serve, naming the page and the link, so that the build fails on it.
 */
export function siteHref(page, href) {
  if (href.startsWith("#") || href.startsWith("/") || EXTERNAL.test(href)) return href;
  const [target = "", ...anchor] = href.split("#");
  if (["", ".md", ".html"].includes(posix.extname(target))) return href; // a page or a folder: VitePress checks those
  const served = sitePageFor(page, decodeURIComponent(target));
  if (served === undefined) {
    throw new Error(`Dead link ${href} in ${page}: the documentation site does not serve that repository file (link a page, or an example).`);
  }
  return [posix.relative(posix.dirname(page), served), ...anchor].join("#");
}

/**
 * markdown-it plugin for the site's build: sends every link to a repository file through `siteHref` before VitePress
 * renders it (VitePress's own dead-link check covers links to pages only, and let links to `examples/*.ts` through).
 */
export function repositoryLinks(md) {
  md.core.ruler.push("repository-links", (state) => {
    const page = state.env?.relativePath;
    if (!page) return;
    for (const token of state.tokens) {
      for (const child of token.children ?? []) {
        const href = child.type === "link_open" ? child.attrs?.find(([name]) => name === "href") : undefined;
        if (href) href[1] = siteHref(page, href[1]);
      }
    }
  });
}
