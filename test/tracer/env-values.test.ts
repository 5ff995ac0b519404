// Invalid numeric and boolean HH_* / OTEL_* values are ignored with one warning per process that names the
// variable, its value and what is used instead (issue 24, fault probes).
import { describe, expect, it } from "vitest";
import { resolveTracerConfig } from "../../packages/honeyhive/src/config/resolve-config";
import { readEnv } from "../../packages/honeyhive/src/internal/env";
import { runChild } from "../helpers/run-child";

describe("invalid environment values", () => {
  it("are ignored, each named with its value and the setting used instead", () => {
    const env = readEnv({ HH_API_TIMEOUT: "30s", HH_MAX_QUEUE_SIZE: "-5", HH_VERBOSE: "maybe", HH_DISABLE_BATCH: "yes", OTEL_BSP_SCHEDULE_DELAY: "1e3" });
    const { config, errors, envWarnings } = resolveTracerConfig({ testMode: true }, env);
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ timeoutMs: 10_000, maxQueueSize: 2048, verbose: false, disableBatch: true, scheduledDelayMs: 1000 });
    expect(envWarnings).toEqual([
      'environment variable HH_MAX_QUEUE_SIZE="-5" is not a positive integer: ignored, using maxQueueSize = 2048',
      'environment variable OTEL_BSP_SCHEDULE_DELAY="1e3" is not a positive integer: ignored, using scheduledDelayMs = 1000',
      'environment variable HH_API_TIMEOUT="30s" is not a positive integer: ignored, using timeoutMs = 10000',
      'environment variable HH_VERBOSE="maybe" is not true or false (1/0, yes/no, on/off): ignored, using verbose = false',
    ]);
  });

  it("valid values give no warning; an option wins without reading the variable", () => {
    const env = readEnv({ HH_API_TIMEOUT: "45", HH_VERBOSE: "off", HH_MAX_QUEUE_SIZE: "oops" });
    const { config, envWarnings } = resolveTracerConfig({ testMode: true, maxQueueSize: 10 }, env);
    expect(config).toMatchObject({ timeoutMs: 45_000, verbose: false, maxQueueSize: 10 });
    expect(envWarnings).toEqual([]);
  });

  it("warn once per process on stderr, however many tracers are created", async () => {
    const run = await runChild("test/tracer/fixtures/env-child.ts", [], { env: { HH_API_TIMEOUT: "ten", HH_VERBOSE: "maybe", HH_DISABLE_BATCH: "on" }, killAfterMs: 20_000 });
    expect(run.code).toBe(0);
    expect(run.events.map((e) => e.settings)).toEqual([Array.from({ length: 3 }, () => ({ verbose: false, disableBatch: true }))]);
    const lines = run.stderr.split("\n").filter((line) => line.includes("environment variable"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('HH_API_TIMEOUT="ten" is not a positive integer: ignored, using timeoutMs = 10000');
    expect(lines[1]).toContain('HH_VERBOSE="maybe" is not true or false');
  });
});
