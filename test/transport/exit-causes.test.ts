import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultServer } from "../helpers/fault-server";
import { type ChildRun, fixture, runChild } from "../helpers/run-child";

/**
 * Req: background work never keeps a finished program alive beyond the exit budget, and what is unsent when the
 * process ends is counted in one warning that names why it ended. Real child processes against a loopback backend
 * that accepts connections and never answers. The kill limit (25 s) is far above the exit budget (3 s) and below
 * what a held session update would take (the session start's 3 attempts of 10 s, then the update).
 */
const KILL_AFTER_MS = 25_000;
let hanging: FaultServer;

beforeAll(async () => {
  hanging = await FaultServer.start("hang");
});
afterAll(async () => {
  await hanging.close();
});

function logged(run: ChildRun): string[] {
  return run.events.filter((e) => e.event === "log").map((e) => `${String(e.level)}: ${String(e.message)}`);
}

describe("a session update nobody awaits", () => {
  it("is background work: the process exits after the exit flush and says the update was not sent", async () => {
    const run = await runChild(fixture("transport/fixtures/export-child.ts"), [
      JSON.stringify({ serverUrl: hanging.url, spans: 3, skipSessionStart: false, voidEnrichSession: true }),
    ], { killAfterMs: KILL_AFTER_MS });
    expect(run.signal, `held until killed: ${run.stderr}`).toBeNull();
    expect(run.code).toBe(0);
    const exit = run.events.find((e) => e.event === "exit") as { warnings: string[] } | undefined;
    expect(exit?.warnings).toEqual([
      "warn: the process exited with 3 spans not confirmed sent (0 queued, 3 in flight) and 1 session start and 1 session update "
        + "not confirmed sent: the backend did not answer within the exit budget (3 s)",
    ]);
  }, KILL_AFTER_MS + 5000);
});

describe("a crash", () => {
  it.each(["throw", "reject"] as const)("(%s) is named in the exit warning, with the spans it left unsent", async (crash) => {
    const run = await runChild(fixture("transport/fixtures/crash-child.ts"), [JSON.stringify({ serverUrl: hanging.url, spans: 4, crash })], { killAfterMs: KILL_AFTER_MS });
    expect(run.code).toBe(1); // Node's own behaviour is unchanged
    expect(run.stderr).toContain("kaboom");
    expect(logged(run)).toEqual([
      "warn: the process crashed (uncaught exception or unhandled rejection) with 4 spans not confirmed sent (4 queued, 0 in flight): "
        + "a crashing process runs no exit flush",
    ]);
  }, KILL_AFTER_MS + 5000);

  it("an error the application handles (uncaughtException listener) is no crash: the exit flush runs", async () => {
    const run = await runChild(fixture("transport/fixtures/crash-child.ts"), [JSON.stringify({ serverUrl: hanging.url, spans: 4, crash: "throw", handled: true })], { killAfterMs: KILL_AFTER_MS });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.events.some((e) => e.event === "handled")).toBe(true);
    expect(logged(run)).toEqual([
      "warn: the process exited with 4 spans not confirmed sent (0 queued, 4 in flight): the backend did not answer within the exit budget (3 s)",
    ]);
  }, KILL_AFTER_MS + 5000);
});
