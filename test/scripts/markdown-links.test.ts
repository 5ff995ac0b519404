/**
 * The repository's own Markdown links resolve: every `](#anchor)` names a heading of the same file (GitHub's slug
 * rule, which the documentation site uses too), every relative `](path)` names a file or folder that exists, and a
 * `](page.md#anchor)` names a heading of that page. Links to other sites are not checked here.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { documentationPages } from "../../scripts/doc-pages.mjs";
import { githubSlug } from "../../scripts/markdown-anchors.mjs";

const ROOT = join(__dirname, "..", "..");

/** The Markdown files users and contributors read (not package copies, not dependencies, not generated pages). */
function markdownFiles(): string[] {
  return [...documentationPages(ROOT), "MIGRATION.md", "CHANGELOG.md", "bench/README.md"].filter((f) => existsSync(join(ROOT, f)));
}

/** Markdown outside fenced code blocks (headings and links inside a fence are code, not structure). */
function withoutFences(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, each space a hyphen; repeats get -1, -2 … */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = githubSlug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** The targets of the inline links of `markdown` (images included), as written. */
function linkTargets(markdown: string): string[] {
  return [...withoutFences(markdown).replace(/`[^`\n]*`/g, "").matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

describe("Markdown links in the repository", () => {
  const files = markdownFiles();

  it("checks the README and the docs", () => {
    expect(files).toContain("README.md");
    expect(files.some((f) => f.startsWith("docs"))).toBe(true);
  });

  it.each(files)("%s: every #anchor names one of its headings", (file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    const anchors = headingAnchors(text);
    const broken = linkTargets(text).filter((t) => t.startsWith("#") && !anchors.has(decodeURIComponent(t.slice(1))));
    expect(broken).toEqual([]);
  });

  it.each(files)("%s: every relative link names a file or folder of the repository", (file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    const missing = linkTargets(text)
      .filter((t) => !t.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(t))
      .map((t) => decodeURIComponent(t.split("#")[0]!))
      .filter((path) => !existsSync(join(ROOT, dirname(file), path)))
      .map((path) => relative(ROOT, join(ROOT, dirname(file), path)));
    expect(missing).toEqual([]);
  });

  it.each(files)("%s: every page.md#anchor names a heading of that page", (file) => {
    const text = readFileSync(join(ROOT, file), "utf8");
    const broken = linkTargets(text)
      .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && /\.md#/.test(t))
      .filter((t) => {
        const [path, anchor] = t.split("#") as [string, string];
        const target = join(ROOT, dirname(file), decodeURIComponent(path));
        return existsSync(target) && !headingAnchors(readFileSync(target, "utf8")).has(decodeURIComponent(anchor));
      });
    expect(broken).toEqual([]);
  });
});

describe("the anchor rule", () => {
  it("follows GitHub's slugs: punctuation dropped, spaces kept as hyphens, repeats numbered", () => {
    const anchors = headingAnchors("## Instrumenting OpenAI / Anthropic\n## `evaluate()` in CI\n## Notes\n## Notes\n```\n## not a heading\n```\n");
    expect([...anchors]).toEqual(["instrumenting-openai--anthropic", "evaluate-in-ci", "notes", "notes-1"]);
    expect(linkTargets("[a](#x) `[b](#code)` [c](docs/y.md#z) ![img](pic.png \"t\")")).toEqual(["#x", "docs/y.md#z", "pic.png"]);
  });
});
