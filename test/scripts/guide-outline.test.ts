/**
 * Every page of docs/guide has an outline a reader can walk: the site's "On this page" lists its `##` and `###`
 * headings, so each page has at least two sections, and no stretch of a page runs on without a heading.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const GUIDE = join(__dirname, "..", "..", "docs", "guide");
const PAGES = readdirSync(GUIDE).filter((f) => f.endsWith(".md")).sort();

/** The most lines a reader meets between two headings (or before the first, after the title). */
const LONGEST_STRETCH = 120;

/** The line numbers (1-based) of a page's `##`/`###` headings, code fences left out. */
function sectionLines(markdown: string): number[] {
  let inFence = false;
  return markdown.split("\n").flatMap((line, i) => {
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    return !inFence && /^#{2,3}\s/.test(line) ? [i + 1] : [];
  });
}

describe("the guide's outline", () => {
  it("reads every guide page", () => {
    expect(PAGES.length).toBeGreaterThan(20);
  });

  it.each(PAGES)("%s has at least two sections and no long stretch without a heading", (page) => {
    const markdown = readFileSync(join(GUIDE, page), "utf8");
    const lines = sectionLines(markdown);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const bounds = [1, ...lines, markdown.split("\n").length];
    const longest = Math.max(...bounds.slice(1).map((line, i) => line - bounds[i]!));
    expect(longest).toBeLessThanOrEqual(LONGEST_STRETCH);
  });
});
