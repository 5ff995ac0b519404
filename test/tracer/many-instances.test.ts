import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

describe("creating and dropping many tracers", () => {
  it("100,000 instances (each tracing a span) leave no memory growth and no timers behind", async () => {
    const make = (i: number) => {
      const tracer = new HoneyHiveTracer({ testMode: true, sessionName: `t${i}`, setAsDefault: false });
      trace(() => i, { tracer, eventName: "unit" })();
    };
    for (let i = 0; i < 2_000; i++) make(i); // warm up code paths and caches
    const timersBefore = activeTimers();
    const before = await settledHeap();
    for (let i = 0; i < 100_000; i++) make(i);
    const after = await settledHeap();
    const growthMb = (after - before) / 1024 / 1024;
    // A leak of even 100 bytes per instance would be ~10 MB.
    expect(growthMb).toBeLessThan(5);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  }, 120_000);
});
