/**
 * The documentation's pages (scripts/doc-pages.mjs), which the snippet, metric-name and link checks read: README.md
 * and every docs/ page, without the site's generated API reference and build output.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { documentationPages } from "../../scripts/doc-pages.mjs";

const ROOT = join(__dirname, "..", "..");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A throwaway repository holding `files` (empty Markdown). */
function repoWith(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), "hh-doc-pages-"));
  dirs.push(root);
  for (const file of files) {
    mkdirSync(join(root, dirname(file)), { recursive: true });
    writeFileSync(join(root, file), "# x\n");
  }
  return root;
}

/** A file of this repository, as text. */
function readText(file: string): string {
  return readFileSync(join(ROOT, file), "utf8");
}

describe("documentationPages", () => {
  it("lists README.md and every docs page, sorted, leaving out the generated reference and the build output", () => {
    const root = repoWith(["README.md", "docs/index.md", "docs/guide/b.md", "docs/guide/a.md", "docs/decisions/0001-x.md",
      "docs/reference/api/honeyhive/index.md", "docs/.vitepress/dist/x.md", "docs/screenshots/notes.txt"]);
    expect(documentationPages(root)).toEqual(["README.md", "docs/decisions/0001-x.md", "docs/guide/a.md", "docs/guide/b.md", "docs/index.md"]);
  });

  it("holds this repository's guide pages, each linked from the site's home page and its sidebar", () => {
    const pages = documentationPages(ROOT);
    const guide = pages.filter((p) => p.startsWith("docs/guide/"));
    expect(guide.length).toBeGreaterThanOrEqual(19);
    const home = readText("docs/index.md");
    expect(guide.filter((p) => !home.includes(`(./${p.slice("docs/".length)})`))).toEqual([]);
    expect(guide.filter((p) => !readText("docs/.vitepress/config.mts").includes(`"${p.slice("docs/guide/".length, -3)}")`))).toEqual([]);
  });
});
