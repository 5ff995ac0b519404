// Extracts every ```ts block of README.md into examples/readme-snippets/ (generated, git-ignored) so that
// `npm run typecheck` type-checks the README's examples with examples/tsconfig.json (a block importing
// `from "a"; // or "b"` is written twice, once for each module, so the alternative the comment offers is checked
// too), and checks the metric names the
// snippets use (`passingRanges` keys, `--fail-under`) against the metrics their evaluators record
// (scripts/readme-metric-names.mjs); exits 1 naming each wrong name.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { metricNameProblems, readReadyMetricNames } from "./readme-metric-names.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "examples", "readme-snippets");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
/** The block with each `from "a"; // or "b"` import switched to "b" (the alternative its comment offers), or undefined. */
function alternativeImports(code) {
  const alternative = /from "([^"]+)";( *)\/\/ or "([^"]+)"/g;
  return alternative.test(code) ? code.replace(alternative, (_line, _from, gap, to) => `from "${to}";${gap}// as the comment offers`) : undefined;
}
let written = 0;
blocks.forEach((code, i) => {
  writeFileSync(join(out, `snippet-${i + 1}.ts`), `// generated from README.md — do not edit\n${code}`);
  const alternative = alternativeImports(code);
  if (alternative !== undefined) writeFileSync(join(out, `snippet-${i + 1}-alternative.ts`), `// generated from README.md — do not edit\n${alternative}`);
  written += alternative === undefined ? 1 : 2;
});
console.log(`README: ${written} TypeScript snippets written to examples/readme-snippets/`);
const problems = metricNameProblems(readme, readReadyMetricNames(join(root, "packages/honeyhive/src/evaluators/metric-names.ts")));
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exitCode = 1;
