import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runChild } from "../helpers/run-child";

const SCRIPT = join(__dirname, "fixtures", "tiny-limits.ts");
const LIMITS = [
  ["maxAttributeBytes", "HH_MAX_ATTRIBUTE_BYTES", 256, 131072],
  ["maxSpanBytes", "HH_MAX_SPAN_BYTES", 1024, 1048576],
  ["maxRequestBytes", "HH_MAX_REQUEST_BYTES", 1024, 4194304],
] as const;

describe("too-small byte limits (child processes)", () => {
  it("from HH_* variables: each warning names the option and its variable, the minimum and what is used", async () => {
    const run = await runChild(SCRIPT, [], { env: { HH_MAX_ATTRIBUTE_BYTES: "100", HH_MAX_SPAN_BYTES: "200", HH_MAX_REQUEST_BYTES: "300" } });
    expect(run.code, run.stderr).toBe(0);
    for (const [option, variable, min, fallback] of LIMITS) {
      expect(run.stderr).toMatch(new RegExp(`invalid ${option} / ${variable} \\(\\d+\\): it must be an integer of at least ${min}; using ${fallback}`));
    }
  }, 60_000);

  it("from options: the same warning, naming the option and the variable that also sets it", async () => {
    const run = await runChild(SCRIPT, [JSON.stringify({ maxAttributeBytes: 10, maxSpanBytes: 20, maxRequestBytes: 30 })]);
    expect(run.code, run.stderr).toBe(0);
    for (const [option, variable] of LIMITS) expect(run.stderr).toMatch(new RegExp(`invalid ${option} / ${variable} \\(\\d+\\)`));
    expect(run.stderr.match(/invalid max\w+Bytes/g)).toHaveLength(3);
  }, 60_000);
});
