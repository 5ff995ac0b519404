/**
 * The first traced call of a process times the user's function, not the SDK's set-up. The first call used to run the
 * SDK's lazy work inside its span — the own session's start (the API client's and transport's first request), the first
 * random draw for ids, the first run of its input capture — so the span of a sync `n + 1` lasted about 7 ms while its
 * own `honeyhive_duration_ms` said 0.3 ms. Each case runs in a fresh Node process (real tracer, real session start to
 * a loopback backend over HTTP, spans read through a real OpenTelemetry `InMemorySpanExporter`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultServer } from "../helpers/fault-server";
import { runChild } from "../helpers/run-child";

let backend: FaultServer;
beforeAll(async () => {
  backend = await FaultServer.start("ok");
});
afterAll(async () => {
  await backend.close();
});

interface Timed {
  durationMs: number;
  ownMs: number;
}

async function firstCalls(entry: "trace" | "startSpan"): Promise<Timed[]> {
  const run = await runChild("test/tracer/fixtures/first-call-child.ts", [entry, backend.url], { killAfterMs: 30_000 });
  expect(run.stderr).toBe("");
  const done = run.events.find((event) => event.event === "done") as { sessionStarted: boolean; spans: Timed[] } | undefined;
  expect(done?.sessionStarted).toBe(true); // the set-up still happened: the session was started
  return done!.spans;
}

describe("the first traced call of a process", () => {
  // The span's start moves to the user's code once the SDK's work before it took 1 ms (its start's granularity), so
  // end - start and honeyhive_duration_ms differ by less than that on any machine; before, by the set-up (5-9 ms).
  it.each(["trace", "startSpan"] as const)("%s: the span's duration is the function's, first call or not", async (entry) => {
    const spans = await firstCalls(entry);
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.ownMs).toBeGreaterThanOrEqual(0);
      expect(span.durationMs).toBeGreaterThanOrEqual(span.ownMs - 0.001);
      expect(span.durationMs - span.ownMs).toBeLessThan(1.001);
    }
  }, 40_000);
});
