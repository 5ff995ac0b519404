// Extracts every ```ts block of README.md into examples/readme-snippets/ (generated, git-ignored) so that
// `npm run typecheck` type-checks the README's examples with examples/tsconfig.json, and checks the metric names the
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
blocks.forEach((code, i) => writeFileSync(join(out, `snippet-${i + 1}.ts`), `// generated from README.md — do not edit\n${code}`));
console.log(`README: ${blocks.length} TypeScript snippets written to examples/readme-snippets/`);
const problems = metricNameProblems(readme, readReadyMetricNames(join(root, "packages/honeyhive/src/evaluators/metric-names.ts")));
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exitCode = 1;
