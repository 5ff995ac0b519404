import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultServer, type FaultMode } from "../helpers/fault-server";
import { type ChildRun, fixture, runChild } from "../helpers/run-child";

/**
 * Req: a pending SDK promise keeps the process alive until it settles, and settles in bounded time. Each public
 * async method is awaited in a fresh child process against each server fault; the code after the await must
 * run and the process must exit 0 by itself (Node ends a process whose only pending work is unref'ed sockets
 * and timers in the middle of the await: exit 13 with top-level await, a silent 0 inside a function).
 * A short per-request timeout (800 ms: the option, and HH_API_TIMEOUT for evaluate(), whose requests take it from the
 * environment) keeps the hanging and dripping cases brief; the bound is asserted loosely (the machine is shared).
 */
const TIMEOUT_MS = 800;
const FAULTS: FaultMode[] = ["down", "refuse", "hang", "drip", "pieces"];
const METHODS = ["enrichSession", "flush", "shutdown", "whenSessionStarted", "withSession", "evaluate", "apiClient", "legacyClient"];
const script = fixture("transport/fixtures/await-child.ts");
const servers = new Map<FaultMode, FaultServer>();
const figures: string[] = [];

beforeAll(async () => {
  for (const mode of FAULTS) {
    const server = await FaultServer.start(mode === "down" ? "ok" : mode);
    if (mode === "down") await server.setMode("down");
    servers.set(mode, server);
  }
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
  if (process.env.HH_REPORT_FIGURES) process.stderr.write(`${figures.join("\n")}\n`);
});

function expectAwaitReturned(run: ChildRun, label: string): void {
  const after = run.events.find((e) => e.event === "after") as { ms?: number } | undefined;
  figures.push(`${label}: await returned after ${after?.ms} ms, exit ${run.exitAfterDoneMs} ms later, code ${run.code}`);
  expect(run.signal, `${label} was killed: ${JSON.stringify(run.events)} ${run.stderr}`).toBeNull();
  expect(after, `${label}: the code after the await never ran: ${JSON.stringify(run.events)} ${run.stderr.slice(0, 2000)}`).toBeDefined();
  expect(run.code, `${label}: ${JSON.stringify(run.events)}`).toBe(0);
  expect(run.events.filter((e) => e.event !== "after" && e.event !== "done")).toEqual([]);
  // bounded: retries of a few requests with an 800 ms timeout, far below the kill limit
  expect(after!.ms).toBeLessThan(40_000);
}

describe.each(FAULTS)("server fault: %s", (mode) => {
  it.concurrent.each(METHODS)("await %s returns and the process exits 0 by itself", async (method) => {
    const run = await runChild(script, [JSON.stringify({ serverUrl: servers.get(mode)!.url, method, timeoutMs: TIMEOUT_MS })], { killAfterMs: 90_000, env: { HH_API_TIMEOUT: String(TIMEOUT_MS) } });
    expectAwaitReturned(run, `${mode} / ${method}`);
  }, 100_000);
});
