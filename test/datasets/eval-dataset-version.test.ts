// `honeyhive eval --dataset-version` (the CLI as a child process): an experiment whose dataset drifted from the pin
// fails before it runs, saying what changed; --allow-dataset-drift runs it anyway.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { datasetVersion } from "../../packages/honeyhive/src/datasets/dataset-version";
import { lockOfEntries } from "../../packages/honeyhive/src/datasets/dataset-lock";
import { entriesOfItems } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { runCli } from "../evaluation/cli/cli-harness";

const ROWS = [{ id: "a", inputs: { n: 1 } }, { id: "b", inputs: { n: 2 } }];
const EVAL_FILE = `export default { name: "pinned", dataset: ${JSON.stringify(ROWS)}, function: (inputs) => inputs.n, evaluators: [{ name: "positive", fn: (out) => out > 0 }] };\n`;

describe("honeyhive eval --dataset-version", () => {
  it("runs on the pinned version, fails on a drifted one with counts, and runs drifted with --allow-dataset-drift", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-eval-pin-"));
    await writeFile(join(dir, "qa.eval.mjs"), EVAL_FILE);
    const old = [{ id: "a", inputs: { n: 1 } }, { id: "c", inputs: { n: 3 } }];
    await writeFile(join(dir, "old.lock.json"), JSON.stringify(lockOfEntries({ id: "EXT-x", name: "qa", entries: entriesOfItems(old) })));

    const pinned = await runCli(["eval", "qa.eval.mjs", "--offline", "--dataset-version", datasetVersion(ROWS)], dir);
    expect(pinned.code, pinned.stderr).toBe(0);

    const drifted = await runCli(["eval", "qa.eval.mjs", "--offline", "--dataset-version", "old.lock.json"], dir);
    expect(drifted.code).not.toBe(0);
    expect(drifted.stderr).toContain(`no longer has the pinned version ${datasetVersion(old)} (it has ${datasetVersion(ROWS)}): 1 datapoint(s) added, 0 changed, 1 removed since`);

    const allowed = await runCli(["eval", "qa.eval.mjs", "--offline", "--dataset-version", "old.lock.json", "--allow-dataset-drift"], dir);
    expect(allowed.code, allowed.stderr).toBe(0);
  }, 90_000);
});
