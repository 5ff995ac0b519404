// One page per file of examples/, showing its source as it is in the repository at build time (VitePress dynamic
// routes). Links from the guide to `examples/…` files are sent here by ../.vitepress/repository-links.mts.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { exampleFiles, exampleLanguage, exampleSlug } from "../../scripts/site-links.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A fence that no line of `source` closes early: one backtick more than its longest run. */
function fenceFor(source: string): string {
  const longest = Math.max(2, ...[...source.matchAll(/`+/g)].map((run) => run[0].length));
  return "`".repeat(longest + 1);
}

/** The page of one example file: its path as the title, a line on how to run it, its source. */
function examplePage(path: string): string {
  const source = readFileSync(`${ROOT}/${path}`, "utf8").replace(/\n$/, "");
  const fence = fenceFor(source);
  return [
    `# ${path}`,
    "",
    `The file \`${path}\` of the repository, as it is in this version of the documentation. Run the examples from a`,
    "clone of the repository (see [Development](../guide/development.md)).",
    "",
    `${fence}${exampleLanguage(path)}`,
    source,
    fence,
    "",
  ].join("\n");
}

export default {
  watch: ["../../examples/**/*"],
  paths: () => exampleFiles(ROOT).map((path) => ({ params: { example: exampleSlug(path) }, content: examplePage(path) })),
};
