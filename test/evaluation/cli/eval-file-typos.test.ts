import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-harness";

describe("honeyhive eval: typos in an eval file's exported options", () => {
  it("names `datset` and the closest valid key, exit 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-typo-"));
    await writeFile(join(dir, "typo.eval.mjs"), "export default { name: 'typo', function: (i) => i.x, datset: [{ inputs: { x: 1 } }] };\n");
    const run = await runCli(["eval", "typo.eval.mjs"], dir, { HH_API_KEY: undefined, HH_API_URL: undefined });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option "datset" (did you mean "dataset"?)');
  });
});
