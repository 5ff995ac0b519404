// The repository's Markdown as a package carries it (README, MIGRATION, CHANGELOG in the honeyhive tarball): a
// relative link to a file the package does not contain (examples/, docs/, bench/ …) would point nowhere on the
// registry's page, so it is made absolute, into the repository the package.json names. Links to the copied files,
// in-page anchors, absolute URLs and code (fenced blocks, inline `code`) are left as they are. Pure.

/**
 * `https://github.com/<owner>/<repo>` of a package.json `repository` (`git+https://github.com/o/r.git`, `github:o/r`,
 * `{ url }`); throws for anything else, since links cannot be made without it.
 */
export function repositoryWebUrl(repository) {
  const url = typeof repository === "string" ? repository : repository?.url;
  const match = typeof url === "string" ? url.match(/^(?:git\+)?(?:https:\/\/github\.com\/|github:)([\w.-]+\/[\w.-]+?)(?:\.git)?$/) : null;
  if (!match) throw new Error(`package.json "repository" is not a GitHub repository: ${JSON.stringify(repository)}`);
  return `https://github.com/${match[1]}`;
}

/** `target` (a relative link of a root Markdown file) in the repository: `blob/main/…`, or `raw/main/…` for an image. */
function absolute(target, web, image) {
  const [path, anchor] = target.split("#");
  const clean = path.replace(/^\.\//, "");
  return `${web}/${image ? "raw" : "blob"}/main/${clean}${anchor === undefined ? "" : `#${anchor}`}`;
}

/**
 * `markdown` with every relative link (and image) to a path outside `packaged` (the files copied beside it, e.g.
 * `["MIGRATION.md", "CHANGELOG.md"]`) made absolute in the repository at `web`.
 */
export function packagedMarkdown(markdown, web, packaged) {
  const keep = new Set(packaged);
  const rewrite = (text) =>
    text.replace(/(!?)\[([^\]\n]*)\]\(([^)\s]+)((?:\s+"[^"]*")?)\)/g, (whole, bang, label, target, title) => {
      if (/^(?:[a-z][a-z0-9+.-]*:|#|\/)/i.test(target)) return whole; // absolute URL, mailto:, anchor, site path
      if (keep.has(target.split("#")[0].replace(/^\.\//, ""))) return whole;
      return `${bang}[${label}](${absolute(target, web, bang === "!")}${title})`;
    });
  // Code is left alone: fenced blocks, and inline code spans outside them.
  return markdown
    .split(/(^```[^\n]*\n[\s\S]*?^```[^\n]*$)/m)
    .map((part, i) => (i % 2 === 1 ? part : part.split(/(`[^`\n]*`)/).map((piece, j) => (j % 2 === 1 ? piece : rewrite(piece))).join("")))
    .join("");
}
