// Metric names in the documentation's snippets (README.md and the docs/ pages) are API (issue 24): every
// `passingRanges` key and `--fail-under` metric in a code block must be a metric an evaluator of that snippet records
// (its function name, a `name: "…"`, or a ready evaluator's default name from
// packages/honeyhive/src/evaluators/metric-names.ts); `--fail-under` in a shell block may name any metric the
// documentation's TypeScript snippets record. And the "Ready evaluators" table (on one of the pages) lists every ready
// evaluator with its metric name. Used by check-readme-snippets.mjs; pure functions for the test.
import { readFileSync } from "node:fs";

/** The ready evaluators' default metric names, `{ exactMatch: "exact_match", … }`, read from the one table. */
export function readReadyMetricNames(file) {
  const text = readFileSync(file, "utf8");
  const body = /READY_METRIC_NAMES = \{([\s\S]*?)\} as const/.exec(text)?.[1] ?? "";
  return Object.fromEntries([...body.matchAll(/^\s*(\w+): "([a-z0-9_]+)",$/gm)].map((m) => [m[1], m[2]]));
}

/** The code blocks of a Markdown text: language, code and 1-based line of the opening fence. */
export function codeBlocks(markdown) {
  return [...markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2], line: markdown.slice(0, m.index).split("\n").length }));
}

/** The metrics a TypeScript snippet's evaluators record. */
function recordedMetrics(code, ready) {
  const names = new Set();
  for (const m of code.matchAll(/\bfunction\s+(\w+)\s*\(/g)) names.add(m[1]);
  for (const m of code.matchAll(/\bname:\s*"([^"]+)"/g)) names.add(m[1]);
  for (const [factory, metric] of Object.entries(ready)) if (new RegExp(`\\b${factory}\\(`).test(code)) names.add(metric);
  return names;
}

/** The metric names a snippet uses: `passingRanges: { a: …, b: … }` keys and `--fail-under a=…`. */
function usedMetrics(code) {
  const used = [];
  for (const m of code.matchAll(/passingRanges:\s*\{((?:[^{}]|\{[^{}]*\})*)\}/g)) {
    for (const key of m[1].matchAll(/(?:^|,)\s*"?([\w$]+)"?\s*:\s*\{/g)) used.push({ name: key[1], where: "passingRanges" });
  }
  for (const m of code.matchAll(/--fail-under[ =]+([^\s=]+)=/g)) used.push({ name: m[1], where: "--fail-under" });
  return used;
}

/**
 * Problems with the metric names of the documentation's snippets (an empty list when every name is recorded).
 * `pages` is `[{ file, text }]`, or one Markdown text (then named README.md).
 */
export function metricNameProblems(pages, ready) {
  const docs = typeof pages === "string" ? [{ file: "README.md", text: pages }] : pages;
  const blocks = docs.flatMap(({ file, text }) => codeBlocks(text).map((b) => ({ ...b, file })));
  const everywhere = new Set(Object.values(ready));
  for (const b of blocks) if (b.lang === "ts") for (const name of recordedMetrics(b.code, ready)) everywhere.add(name);
  const problems = [];
  for (const block of blocks) {
    const known = block.lang === "ts" ? recordedMetrics(block.code, ready) : everywhere;
    for (const { name, where } of usedMetrics(block.code)) {
      if (known.has(name)) continue;
      const hint = Object.entries(ready).find(([factory]) => factory === name);
      problems.push(`${block.file}:${block.line}: ${where} names metric "${name}", which no evaluator ${block.lang === "ts" ? "of this snippet" : "of the documentation"} records${hint ? ` (${hint[0]}() records "${hint[1]}")` : ""}`);
    }
  }
  const all = docs.map((d) => d.text).join("\n");
  for (const [factory, metric] of Object.entries(ready)) {
    if (!new RegExp(`\\|\\s*\`${factory}\\(\\)\`\\s*\\|\\s*\`${metric}\`\\s*\\|`).test(all)) {
      problems.push(`${docs.length === 1 ? docs[0].file : "docs"}: the "Ready evaluators" table has no row "| \`${factory}()\` | \`${metric}\` |"`);
    }
  }
  return problems;
}
