// One rule for heading anchors, shared by the repository's link check (test/scripts/markdown-links.test.ts) and the
// documentation site (docs/.vitepress/config.mts): GitHub's slugs, so that a `page.md#anchor` link works both on the
// repository host and on the site.

/**
 * GitHub's anchor of a heading's text: tags and link targets dropped, lower case, punctuation dropped, each space a
 * hyphen (not collapsed). Repeats are numbered by the caller.
 */
export function githubSlug(heading) {
  return heading.replace(/<[^>]+>/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}
