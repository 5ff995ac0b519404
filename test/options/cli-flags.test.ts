// The CLI applies the options rule strictly, whatever HH_RESILIENCE says: an unknown flag is a usage error (exit 2)
// naming the closest flag of its own command, and nothing runs. A flag is a command typed now: ignoring it would change
// what the command does, or take its value for a file name (docs/guide/configuration.md, "Unknown options").
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../evaluation/cli/cli-harness";

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
