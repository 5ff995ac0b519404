// `honeyhive eval` keeps summaries of the datapoint runs of the evaluations it calls itself (an eval file's default
// export) when it prints only the summary and the failures, and full results when a report lists every datapoint.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runEvalFiles } from "../../../packages/honeyhive/src/cli/eval/run-eval-files";
import { datapointResultsFor } from "../../../packages/honeyhive/src/cli/commands/eval";
import type { DatapointResultsMode } from "../../../packages/honeyhive/src/evaluation/types";

const CONFIG = (extra = "") => `{ name: "modes", offline: true, progress: false, gitInfo: false${extra},
  dataset: Array.from({ length: 20 }, (_, i) => ({ inputs: { i }, ground_truth: i })),
  function: (inputs) => "out " + inputs.i,
  evaluators: [function ok(_o, inputs) { return inputs.i % 5 !== 0; }], passingRanges: { ok: { pass_when: true } } }`;

async function run(mode: DatapointResultsMode | undefined, config: string) {
  const dir = await mkdtemp(join(tmpdir(), "hh-results-mode-"));
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(join(dir, "modes.eval.mjs"), `export default ${config};\n`);
  const ran = await runEvalFiles([join(dir, "modes.eval.mjs")], {
    cwd: dir, signal: new AbortController().signal, datapointResults: mode, onFailure: () => undefined, onNote: () => undefined,
    progress: { update: () => undefined, finish: () => undefined, clear: () => undefined },
  });
  expect(ran.failures).toEqual([]);
  return ran.results[0]!.result;
}

describe("honeyhive eval: what the results of default-exported evaluations keep", () => {
  it("summaries without a report listing every datapoint; full results with --json, --junit, --markdown or a GitHub step summary", () => {
    expect(datapointResultsFor({}, {})).toBe("summary");
    expect(datapointResultsFor({ json: "r.json" }, {})).toBe("full");
    expect(datapointResultsFor({ junit: "-" }, {})).toBe("full");
    expect(datapointResultsFor({ markdown: "r.md" }, {})).toBe("full");
    expect(datapointResultsFor({}, { GITHUB_STEP_SUMMARY: "/tmp/summary.md" })).toBe("full");
  });

  it("a summary keeps the failures' outputs alone, full results every one; the options' own mode wins", async () => {
    const withOutputs = (r: { datapoints: { outputs: unknown; index: number }[] }) => r.datapoints.filter((d) => d.outputs !== undefined).map((d) => d.index);
    const summary = await run("summary", CONFIG());
    expect(withOutputs(summary)).toEqual([0, 5, 10, 15]);
    const full = await run("full", CONFIG());
    expect(withOutputs(full)).toHaveLength(20);
    expect(summary.metrics).toEqual(full.metrics);
    expect(summary.verdict).toEqual(full.verdict);
    const own = await run("summary", CONFIG(', datapointResults: "full"'));
    expect(withOutputs(own)).toHaveLength(20);
  });
});
