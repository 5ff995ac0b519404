/**
 * The Markdown a package carries (scripts/package-markdown.mjs, run by prepack): links to files the package does not
 * contain point into the repository; everything else stays as written.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packagedMarkdown, repositoryWebUrl } from "../../scripts/package-markdown.mjs";

const WEB = "https://github.com/o/r";
const ROOT = join(__dirname, "..", "..");

describe("packaged Markdown", () => {
  it("makes links to files outside the package absolute, images through raw", () => {
    const text = "See [the example](examples/a.ts), [docs](./docs/X.md#part) and ![shot](docs/s.png \"title\").";
    expect(packagedMarkdown(text, WEB, ["MIGRATION.md"])).toBe(
      "See [the example](https://github.com/o/r/blob/main/examples/a.ts), [docs](https://github.com/o/r/blob/main/docs/X.md#part) " +
        "and ![shot](https://github.com/o/r/raw/main/docs/s.png \"title\").",
    );
  });

  it("leaves anchors, absolute URLs, the copied files and code alone", () => {
    const text = [
      "[a](#install) [b](https://x.dev/y) [c](mailto:a@b.c) [d](MIGRATION.md#steps) [e](./CHANGELOG.md)",
      "`[f](examples/f.ts)` inline code",
      "```md",
      "[g](examples/g.ts)",
      "```",
      "[h](examples/h.ts)",
    ].join("\n");
    const out = packagedMarkdown(text, WEB, ["MIGRATION.md", "CHANGELOG.md"]);
    expect(out.split("\n").slice(0, 5)).toEqual(text.split("\n").slice(0, 5));
    expect(out.split("\n")[5]).toBe("[h](https://github.com/o/r/blob/main/examples/h.ts)");
  });

  it("reads the repository of a package.json, and refuses what is not a GitHub repository", () => {
    expect(repositoryWebUrl({ type: "git", url: "git+https://github.com/honeyhiveai/typescript-sdk.git" })).toBe("https://github.com/honeyhiveai/typescript-sdk");
    expect(repositoryWebUrl("github:o/r")).toBe(WEB);
    expect(() => repositoryWebUrl({ url: "https://gitlab.com/o/r" })).toThrow(/not a GitHub repository/);
    expect(() => repositoryWebUrl(undefined)).toThrow(/not a GitHub repository/);
  });

  it("the SDK's README as packed has no relative link left but anchors and the copied files", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "packages/honeyhive/package.json"), "utf8")) as { repository: unknown };
    const out = packagedMarkdown(readFileSync(join(ROOT, "README.md"), "utf8"), repositoryWebUrl(pkg.repository), ["README.md", "MIGRATION.md", "CHANGELOG.md"]);
    const outsideCode = out.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
    const relative = [...outsideCode.matchAll(/\]\(([^)\s]+)/g)].map((m) => m[1]!).filter((t) => !/^(?:https?:|mailto:|#)/.test(t));
    expect(relative.every((t) => ["README.md", "MIGRATION.md", "CHANGELOG.md"].includes(t.split("#")[0]!))).toBe(true);
  });
});
