import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { FaultServer } from "../helpers/fault-server";
import { type ChildRun, fixture, runChild } from "../helpers/run-child";

/**
 * Req: on SIGTERM the SDK flushes within the exit budget and then lets the signal take its course, but never re-raises
 * a signal the application listens for (its handler runs once); spans that end during that flush are sent too, or
 * counted in the exit warning, printed before the process dies; and the exit warning is one line for the whole
 * process, whatever the number of tracers. Real child processes against loopback collectors.
 */
const script = fixture("transport/fixtures/signal-child.ts");
const KILL_AFTER_MS = 20_000;
let hanging: FaultServer;

beforeAll(async () => {
  hanging = await FaultServer.start("hang");
});
afterAll(async () => {
  await hanging.close();
});

/** Runs the child and sends it SIGTERM when it is ready. */
function terminated(config: Record<string, unknown>, env?: Record<string, string>): Promise<ChildRun> {
  return runChild(script, [JSON.stringify(config)], {
    killAfterMs: KILL_AFTER_MS,
    env,
    onEvent: (event) => {
      if (event.event === "ready") process.kill(event.pid as number, "SIGTERM");
    },
  });
}

/** The exit warnings the child wrote to stderr. */
function exitWarnings(run: ChildRun): string[] {
  return run.stderr.split("\n").filter((line) => line.includes("not confirmed sent"));
}

function spanNames(server: FaultServer): string[] {
  return server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").map((s) => s.name)).sort();
}

describe("SIGTERM with an application handler", () => {
  it("runs the handler exactly once and never re-raises the signal: the app ends the process its own way", async () => {
    const healthy = await FaultServer.start("ok");
    try {
      const run = await terminated({ serverUrl: healthy.url, early: 3, appHandler: true });
      expect(run.events.filter((e) => e.event === "app-handler"), run.stderr).toEqual([expect.objectContaining({ calls: 1 })]);
      expect(run.signal).toBeNull();
      expect(run.code).toBe(0);
      expect(spanNames(healthy)).toHaveLength(3); // the SDK's flush still ran
    } finally {
      await healthy.close();
    }
  }, KILL_AFTER_MS + 5000);
});

describe("SIGTERM with a library's listener that ends the process only when it is the last one (the OpenAI Agents SDK's)", () => {
  it("the SDK steps aside: the library finds itself alone and ends the process; the SDK's flush ran first", async () => {
    const healthy = await FaultServer.start("ok");
    try {
      const run = await terminated({ serverUrl: healthy.url, early: 3, deferringLibrary: true });
      expect(run.events.filter((e) => e.event === "library-cleaned-up"), run.stderr).toEqual([expect.objectContaining({ listeners: 1 })]);
      expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null }); // each used to wait for the other: the process never ended
      expect(spanNames(healthy)).toHaveLength(3);
    } finally {
      await healthy.close();
    }
  }, KILL_AFTER_MS + 5000);
});

describe("SIGTERM with no application handler", () => {
  it("sends the spans that end during the exit flush, then ends by the signal", async () => {
    // The first export is answered after 600 ms; the in-progress spans end 60-300 ms after the signal, during it. The
    // batch timer (5 s) never sends them by itself.
    const slow = await FaultServer.start("slow-first");
    try {
      const run = await terminated({ serverUrl: slow.url, early: 5, late: 5, lateStepMs: 60 }, { OTEL_BSP_SCHEDULE_DELAY: "5000" });
      expect(run.signal, run.stderr).toBe("SIGTERM");
      expect(spanNames(slow)).toEqual([...[0, 1, 2, 3, 4].map((i) => `early-0-${i}`), ...[0, 1, 2, 3, 4].map((i) => `late-0-${i}`)]);
      expect(exitWarnings(run)).toEqual([]);
    } finally {
      await slow.close();
    }
  }, KILL_AFTER_MS + 5000);

  it("when the budget runs out, says what is unsent (all tracers, one line) before the signal ends the process", async () => {
    const run = await terminated({ serverUrl: hanging.url, tracers: 3, early: 2, late: 2, lateStepMs: 50 });
    expect(run.signal, run.stderr).toBe("SIGTERM");
    expect(exitWarnings(run)).toEqual([
      expect.stringMatching(/warn: the process exited with 12 spans not confirmed sent \(\d+ queued, \d+ in flight\): the backend did not answer within the exit budget \(3 s\)$/),
    ]);
  }, KILL_AFTER_MS + 5000);
});

describe("the exit warning with one tracer per request", () => {
  it("is one line for the whole process, with the counts of all tracers summed", async () => {
    const run = await runChild(script, [JSON.stringify({ serverUrl: hanging.url, tracers: 50, early: 2, exitNow: true })], { killAfterMs: KILL_AFTER_MS });
    expect(run.code).toBe(0);
    expect(exitWarnings(run)).toEqual([
      "[honeyhive] warn: the process exited with 100 spans not confirmed sent (100 queued, 0 in flight): process.exit() skips the exit flush; "
        + "`await tracer.flush()` (or `shutdown()`) before calling it",
    ]);
  }, KILL_AFTER_MS + 5000);
});
