// evaluate() with verbose: every printed span-count line is true (its numbers add up), one run-wide line at the end.
import { afterEach, describe, expect, it } from "vitest";
import { evaluate, trace } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

let recorder: HoneyHiveRecorder | undefined;
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
  resetHoneyHiveGlobals();
});

/** The `name=number` counts of a line (`dropped=queueFull=2,shutdown=1` gives each reason). */
function countsOf(line: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of line.matchAll(/(\w+)=(\d+)(?=[\s,;)]|$)/g)) counts.set(match[1]!, Number(match[2]));
  return counts;
}

const DROP_REASONS = ["queueFull", "exportFailed", "shutdown", "noDestination", "spoolFull"];

/** started = exported + dropped + queued + in flight + spooled, for a line that reports the pipeline's counts. */
function addsUp(counts: Map<string, number>): boolean {
  const dropped = DROP_REASONS.reduce((sum, reason) => sum + (counts.get(reason) ?? 0), 0);
  const accounted = (counts.get("exported") ?? 0) + dropped + (counts.get("queued") ?? 0) + (counts.get("inFlight") ?? 0) + (counts.get("spooled") ?? 0);
  return counts.get("started") === accounted;
}

describe("evaluate() verbose span counts", () => {
  it("3 datapoints, concurrency 1: each datapoint's line counts its own spans only; one run-wide line adds up", async () => {
    recorder = await startHoneyHiveRecorder();
    const logs = captureSdkLogs();
    const step = trace(function step(n: number) { return n * 2; });
    const result = await evaluate({
      name: "verbose-counts", apiKey: "hh_verbose_counts_key", serverUrl: recorder.url, verbose: true, maxConcurrency: 1,
      dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }, { inputs: { n: 3 } }],
      function: (inputs: { n: number }) => step(inputs.n),
    });
    logs.restore();
    expect(result.datapoints.map((d) => d.status)).toEqual(["success", "success", "success"]);
    const lines = logs.lines.filter((l) => /started=/.test(l.message)).map((l) => `${l.level}: ${l.message}`);
    const own = lines.filter((l) => l.startsWith("debug: shutdown: this tracer's spans "));
    const withPipeline = lines.filter((l) => l.includes("exported="));
    expect(own).toHaveLength(3);
    expect(withPipeline).toHaveLength(1);
    expect(lines).toHaveLength(4);
    for (const line of own) {
      expect(line).toContain("exported by the run's shared pipeline, counted in the run's line");
      expect([...countsOf(line).keys()]).toEqual(["started", "ended"]); // no pipeline count in a datapoint's line
      expect(countsOf(line).get("started")).toBe(countsOf(line).get("ended"));
    }
    const run = withPipeline[0]!;
    expect(lines.at(-1)).toBe(run); // at the end
    expect(run).toMatch(/^debug: run: spans started=\d+ /);
    const counts = countsOf(run);
    expect(addsUp(counts)).toBe(true);
    const delivered = recorder.spans().length;
    expect(counts.get("started")).toBe(delivered);
    expect(counts.get("exported")).toBe(delivered);
    expect(own.reduce((sum, line) => sum + countsOf(line).get("started")!, 0)).toBe(delivered);
  });

  it("a run that could not be created: the run-wide line counts the spans dropped for want of a destination, and adds up", async () => {
    recorder = await startHoneyHiveRecorder();
    recorder.failWith(500);
    const logs = captureSdkLogs();
    await evaluate({
      name: "verbose-local", apiKey: "hh_verbose_counts_key", serverUrl: recorder.url, verbose: true, maxConcurrency: 1,
      dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }, { inputs: { n: 3 } }],
      function: (inputs: { n: number }) => inputs.n,
    });
    logs.restore();
    const run = logs.lines.map((l) => l.message).filter((m) => m.startsWith("run: spans "));
    expect(run).toHaveLength(1);
    const counts = countsOf(run[0]!);
    expect(counts.get("started")).toBe(3);
    expect(counts.get("noDestination")).toBe(3);
    expect(addsUp(counts)).toBe(true);
  });
});
