// The CLI applies the options rule strictly, whatever HH_RESILIENCE says: an unknown flag is a usage error (exit 2)
// naming the closest flag of its own command, and nothing runs. A flag is a command typed now: ignoring it would change
// what the command does, or take its value for a file name (docs/guide/configuration.md, "Unknown options"). An eval
// file's options decide the verdict: a typo in them is exit 2 too, never a green run without the gate.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalFolder, runCli } from "../evaluation/cli/cli-harness";

const CASES: [string[], string][] = [
  [["eval", "x.eval.ts", "--fail-undr", "a=1"], "unknown option --fail-undr (did you mean --fail-under?)"],
  [["datasets", "push", "qa.jsonl", "--mdoe", "replace"], "unknown option --mdoe (did you mean --mode?)"],
  [["prompts", "pull", "--dri", "prompts"], "unknown option --dri (did you mean --dir?)"],
  [["doctor", "--timout", "5"], "unknown option --timout (did you mean --timeout?)"],
];

describe("honeyhive CLI: an unknown flag", () => {
  it.each(CASES)("%j: exit 2, naming the closest flag of that command, even with HH_RESILIENCE=balanced", async (args, message) => {
    const cwd = mkdtempSync(join(tmpdir(), "hh-cli-flags-"));
    const run = await runCli(args, cwd, { HH_RESILIENCE: "balanced", HH_API_KEY: undefined, HH_API_URL: "http://127.0.0.1:9" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe("honeyhive eval: a typo in an eval file's options", () => {
  const gate = (rangesKey: string) =>
    `export default { name: "gate", function: async (i) => i.x, dataset: [1, 2, 3].map((x) => ({ inputs: { x } })),
      evaluators: [function score(o) { return o / 10; }], ${rangesKey}: { score: { min: 0.25 } } };\n`;

  it("passingRange (for passingRanges): exit 2 naming the closest key, even with HH_RESILIENCE=balanced; spelled right the gate fails (exit 1)", async () => {
    const dir = await evalFolder("hh-cli-gate-", { "typo.eval.mjs": gate("passingRange"), "right.eval.mjs": gate("passingRanges") });
    const env = { HH_RESILIENCE: "balanced", HH_API_KEY: undefined, HH_API_URL: "http://127.0.0.1:9" };
    const typo = await runCli(["eval", "--offline", "typo.eval.mjs"], dir, env);
    expect(typo.stderr).toContain('evaluate(): unknown option "passingRange" (did you mean "passingRanges"?)');
    expect(typo.code).toBe(2);
    const right = await runCli(["eval", "--offline", "right.eval.mjs"], dir, env);
    expect(right.code).toBe(1);
  });
});
