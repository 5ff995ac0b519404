// HH_TEST_MODE left set where an app runs with its key turns every export off: the first tracer says so once per
// process, instead of flush() answering true with nothing sent and nothing said.
import { describe, expect, it } from "vitest";
import { runChild } from "../helpers/run-child";

const WARNING = "HH_TEST_MODE is on: tracers are in test mode and send nothing, although an API key is set; unset it or set HH_TEST_MODE=false to send";

async function tracers(env: Record<string, string>, args: string[] = []): Promise<{ testModes: boolean[]; warnings: string[] }> {
  const run = await runChild("test/tracer/fixtures/test-mode-env-child.ts", args, { env: { HH_API_URL: "http://127.0.0.1:9", ...env }, killAfterMs: 20_000 });
  expect(run.code, run.stderr).toBe(0);
  const [event] = run.events as { testModes: boolean[] }[];
  return { testModes: event!.testModes, warnings: run.stderr.split("\n").filter((line) => line.includes("HH_TEST_MODE")) };
}

describe("HH_TEST_MODE with an API key", () => {
  it("is warned about once per process, naming the variable and how to send", async () => {
    const { testModes, warnings } = await tracers({ HH_TEST_MODE: "1", HH_API_KEY: "hh-test-mode-key" });
    expect(testModes).toEqual([true, true, true]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(WARNING);
  });

  it("is not warned about when the option asks for test mode, nor without a key", async () => {
    const option = await tracers({ HH_TEST_MODE: "1", HH_API_KEY: "hh-test-mode-key" }, ["option"]);
    expect(option).toEqual({ testModes: [true, true, true], warnings: [] });
    const keyless = await tracers({ HH_TEST_MODE: "1" });
    expect(keyless).toEqual({ testModes: [true, true, true], warnings: [] });
  });
});
