/**
 * Metric names are API (issue 24 requirement 3): each ready evaluator records the name of the one table
 * (`evaluators/metric-names.ts`), the README documents it, and the README check (`scripts/check-readme-snippets.mjs`)
 * catches a snippet whose `passingRanges` or `--fail-under` names a metric no evaluator records.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as evaluators from "../../packages/honeyhive/src/evaluators";
import { READY_METRIC_NAMES } from "../../packages/honeyhive/src/evaluators/metric-names";
import { documentationPages } from "../../scripts/doc-pages.mjs";
// @ts-expect-error -- a plain ESM script module (no type declarations)
import { metricNameProblems, readReadyMetricNames } from "../../scripts/readme-metric-names.mjs";

const ROOT = resolve(__dirname, "../..");
const check = metricNameProblems as (pages: string | { file: string; text: string }[], ready: Record<string, string>) => string[];

/** Builds each ready evaluator with the least options it needs. */
function build(factory: keyof typeof READY_METRIC_NAMES): { name: string } {
  const judge = { client: { chat: { completions: { create: async () => ({}) } } }, model: "m" };
  const make = evaluators[factory] as (...args: unknown[]) => { name: string };
  switch (factory) {
    case "includes": return make("x");
    case "regexMatch": return make(/x/);
    case "jsonSchemaShape": return make({ type: "object" }, { validator: { compile: () => Object.assign(() => true, { errors: null }) } });
    case "zodShape": return make({ safeParse: () => ({ success: true }) });
    case "embeddingSimilarity": return make({ embed: async () => [1] });
    case "factuality": case "answerRelevance": case "faithfulness": return make(judge);
    case "rubric": return make({ ...judge, rubric: "r" });
    case "trajectoryJudge": return make(judge);
    case "toolAssertions": return make([{ never: "x" }]);
    case "budget": return make({ maxSteps: 1 });
    default: return make();
  }
}

describe("ready evaluators' metric names", () => {
  it("each factory records the name of the one table, which honeyhive/evaluators exports", () => {
    for (const factory of Object.keys(READY_METRIC_NAMES) as (keyof typeof READY_METRIC_NAMES)[]) {
      expect(build(factory).name, factory).toBe(READY_METRIC_NAMES[factory]);
    }
    expect(evaluators.READY_METRIC_NAMES).toBe(READY_METRIC_NAMES);
    expect(readReadyMetricNames(join(ROOT, "packages/honeyhive/src/evaluators/metric-names.ts"))).toEqual(READY_METRIC_NAMES);
  });

  it("the documentation (README and docs pages) lists every name and its snippets name only recorded metrics", () => {
    const pages = documentationPages(ROOT).map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") }));
    expect(pages.map((p) => p.file)).toContain("docs/guide/evaluators.md");
    expect(check(pages, READY_METRIC_NAMES)).toEqual([]);
  });

  it("names the page and line of a wrong name when it checks several pages", () => {
    const table = Object.entries(READY_METRIC_NAMES).map(([f, m]) => `| \`${f}()\` | \`${m}\` |`).join("\n");
    const pages = [{ file: "docs/guide/evaluators.md", text: table }, { file: "docs/guide/x.md", text: "\n```ts\nevaluate({ evaluators: [exactMatch()], passingRanges: { exactMatch: { pass_when: true } } });\n```\n" }];
    expect(check(pages, READY_METRIC_NAMES)).toEqual([
      'docs/guide/x.md:2: passingRanges names metric "exactMatch", which no evaluator of this snippet records (exactMatch() records "exact_match")',
    ]);
  });

  it("the README check catches passingRanges { exactMatch } and --fail-under exactMatch next to exactMatch()", () => {
    const table = Object.entries(READY_METRIC_NAMES).map(([f, m]) => `| \`${f}()\` | \`${m}\` |`).join("\n");
    const readme = `${table}\n\n\`\`\`ts\nevaluate({ evaluators: [exactMatch(), function tone() { return 1; }], passingRanges: { exactMatch: { pass_when: true }, tone: { min: 1 } } });\n\`\`\`\n\n\`\`\`sh\nnpx honeyhive eval x.ts --fail-under exact_match=0.9 --fail-under exactMatch=0.9\n\`\`\`\n`;
    const rows = Object.keys(READY_METRIC_NAMES).length;
    expect(check(readme, READY_METRIC_NAMES)).toEqual([
      `README.md:${rows + 2}: passingRanges names metric "exactMatch", which no evaluator of this snippet records (exactMatch() records "exact_match")`,
      `README.md:${rows + 6}: --fail-under names metric "exactMatch", which no evaluator of the documentation records (exactMatch() records "exact_match")`,
    ]);
    expect(check("", { exactMatch: "exact_match" })).toEqual(['README.md: the "Ready evaluators" table has no row "| `exactMatch()` | `exact_match` |"']);
  });
});
