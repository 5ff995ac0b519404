// Extracts every ```ts block of the documentation (README.md and every docs/**/*.md page, the generated API reference
// left out: scripts/doc-pages.mjs) into examples/readme-snippets/ (generated, git-ignored) so that `npm run typecheck`
// type-checks them with examples/tsconfig.json (a block importing `from "a"; // or "b"` is written twice, once for each
// module, so the alternative the comment offers is checked too); a block right after a `<!-- run-snippet -->` line is written as
// `*.run.ts`, which `npm run examples` also runs, as written, against a local dev server. It also checks the metric names the snippets use (`passingRanges` keys,
// `--fail-under`) against the metrics their evaluators record (scripts/readme-metric-names.mjs); exits 1 naming each
// wrong name.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { documentationPages } from "./doc-pages.mjs";
import { codeBlocks, metricNameProblems, readReadyMetricNames } from "./readme-metric-names.mjs";

/** The line before a ```ts block that `npm run examples` runs as written. */
const RUN_MARKER = "<!-- run-snippet -->";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "examples", "readme-snippets");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const pages = documentationPages(root).map((file) => ({ file, text: readFileSync(join(root, file), "utf8") }));
/** The block with each `from "a"; // or "b"` import switched to "b" (the alternative its comment offers), or undefined. */
function alternativeImports(code) {
  const alternative = /from "([^"]+)";( *)\/\/ or "([^"]+)"/g;
  return alternative.test(code) ? code.replace(alternative, (_line, _from, gap, to) => `from "${to}";${gap}// as the comment offers`) : undefined;
}
let count = 0;
for (const { file, text } of pages) {
  const name = file.replace(/\.md$/, "").replace(/[/.]/g, "-").toLowerCase();
  const lines = text.split("\n");
  for (const block of codeBlocks(text).filter((b) => b.lang === "ts")) {
    count += 1;
    const runs = lines[block.line - 2]?.trim() === RUN_MARKER;
    const header = `// generated from ${file}:${block.line} — do not edit\n`;
    writeFileSync(join(out, `${name}-line-${block.line}${runs ? ".run" : ""}.ts`), `${header}${block.code}`);
    const alternative = alternativeImports(block.code);
    if (alternative === undefined) continue;
    count += 1;
    writeFileSync(join(out, `${name}-line-${block.line}-alternative.ts`), `${header}${alternative}`);
  }
}
console.log(`docs: ${count} TypeScript snippets of ${pages.length} pages written to examples/readme-snippets/`);
const problems = metricNameProblems(pages, readReadyMetricNames(join(root, "packages/honeyhive/src/evaluators/metric-names.ts")));
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exitCode = 1;
