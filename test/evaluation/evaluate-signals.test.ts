import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT_FLUSH_BUDGET_MS } from "../../packages/honeyhive/src/tracer/live-tracers";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { type ChildRun, fixture, runChild } from "../helpers/run-child";
import { createFakeBackend, type FakeBackend } from "./fake-backend";

/**
 * Req: while a plain script's evaluate() run is in progress, a SIGTERM or SIGINT the application does not handle
 * cancels the run as an aborted `signal` would (the run `cancelled` on the server, the finished datapoints' sessions
 * linked), then the process ends by that signal, all within the exit budget; a second signal during that ends it at
 * once. An application SIGINT listener keeps the process (and the run) going; outside evaluate(), Ctrl-C keeps Node's
 * default. Real child processes (a script calling evaluate()) against a loopback fake backend.
 */
const script = fixture("evaluation/fixtures/signal-evaluate-child.ts");
const KILL_AFTER_MS = 30_000;
/** The exit budget, plus room for a loaded machine. */
const ENDS_WITHIN_MS = EXIT_FLUSH_BUDGET_MS + 1500;
let server: LoopbackServer;
let backend: FakeBackend;
let hangRunUpdates = false;

beforeAll(async () => {
  server = await startLoopbackServer((req) => (hangRunUpdates && req.method === "PUT" && req.path.startsWith("/v1/runs/") ? { hang: true } : backend.handler(req)));
});
beforeEach(() => {
  backend = createFakeBackend();
  hangRunUpdates = false;
});
afterAll(() => server.close());

interface SignalledRun extends ChildRun {
  /** Time from the (first) signal to the exit. */
  msAfterSignal: number;
  /** Session ids of the datapoints finished before the signal. */
  finishedSessions: string[];
}

/**
 * Runs the child; sends `signal` once a datapoint has finished (with `idle`: once it is ready), and with `again` a
 * second one this long after.
 */
async function signalled(signal: NodeJS.Signals, config: Record<string, unknown> = {}, again?: number): Promise<SignalledRun> {
  let sentAt = 0;
  const finishedSessions: string[] = [];
  const run = await runChild(script, [JSON.stringify({ serverUrl: server.url, ...config })], {
    killAfterMs: KILL_AFTER_MS,
    onEvent: (event) => {
      const finished = event.event === "progress" && event.status === "success";
      if (finished) finishedSessions.push(String(event.sessionId));
      const trigger = config.idle === true ? event.event === "ready" : finished;
      if (!trigger || sentAt !== 0) return;
      sentAt = Date.now();
      process.kill(event.pid as number, signal);
      if (again !== undefined) setTimeout(() => process.kill(event.pid as number, signal), again);
    },
  });
  return { ...run, msAfterSignal: sentAt === 0 ? -1 : Date.now() - sentAt, finishedSessions };
}

/** The one run the backend holds, with the updates it received. */
function theRun(): { status?: string; updates: Array<{ status?: string; event_ids?: string[] }> } {
  const runs = [...backend.runs.values()];
  expect(runs).toHaveLength(1);
  return runs[0] as never;
}

describe.each(["SIGTERM", "SIGINT"] as const)("%s during a plain script's evaluate() run", (signal) => {
  it(`cancels the run (finished datapoints linked), then ends the process by ${signal} within the exit budget`, async () => {
    const run = await signalled(signal);
    expect(run.msAfterSignal, run.stderr).toBeGreaterThan(0);
    expect(run.signal, run.stderr).toBe(signal); // the shell reports it as 128 + its number: 143 / 130
    expect(run.msAfterSignal).toBeLessThan(ENDS_WITHIN_MS);
    expect(run.stderr).toContain(`${signal}: cancelling the evaluate() run`);
    const updates = theRun().updates;
    expect(updates.map((u) => u.status)).toEqual(["cancelled"]);
    expect(run.finishedSessions.length).toBeGreaterThan(0);
    expect(updates[0]!.event_ids).toEqual(expect.arrayContaining(run.finishedSessions));
    // evaluate() reported its result before the process ended (its result table, printed with `printResults`)
    const printed = run.events.filter((e) => e.event === "text").map((e) => e.line).join("\n");
    expect(printed).toMatch(/^Experiment "signals" · run \S+ · cancelled · 1 passed/m);
    expect(printed).toContain(`cancelled by ${signal}`);
  }, KILL_AFTER_MS + 5000);
});

describe("a backend that never answers the run's update", () => {
  it("delays the end by the exit budget at most: the process still ends by the signal", async () => {
    hangRunUpdates = true;
    const run = await signalled("SIGTERM");
    expect(run.signal, run.stderr).toBe("SIGTERM");
    expect(run.msAfterSignal).toBeGreaterThanOrEqual(EXIT_FLUSH_BUDGET_MS - 100);
    expect(run.msAfterSignal).toBeLessThan(ENDS_WITHIN_MS);
  }, KILL_AFTER_MS + 5000);
});

describe("a second signal while the run is being cancelled", () => {
  it("ends the process at once (the backend holds the run's update)", async () => {
    hangRunUpdates = true;
    const run = await signalled("SIGINT", {}, 1500);
    expect(run.signal, run.stderr).toBe("SIGINT");
    expect(run.msAfterSignal).toBeGreaterThanOrEqual(1500);
    expect(run.msAfterSignal).toBeLessThan(EXIT_FLUSH_BUDGET_MS); // not the end of the budget: the second signal
  }, KILL_AFTER_MS + 5000);
});

describe("SIGINT with an application listener of its own", () => {
  it("neither ends the process nor cancels the run: the application decides", async () => {
    const run = await signalled("SIGINT", { appSigint: true, datapoints: 3, slowMs: 400 });
    expect(run.events.filter((e) => e.event === "app-sigint"), run.stderr).toEqual([expect.objectContaining({ calls: 1 })]);
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code).toBe(0);
    expect(run.events.filter((e) => e.event === "result")).toEqual([expect.objectContaining({ status: "completed" })]);
    expect(theRun().updates.map((u) => u.status)).toEqual(["completed"]);
  }, KILL_AFTER_MS + 5000);
});

describe("SIGINT outside evaluate()", () => {
  it("keeps Node's default: a process with a live tracer, after an evaluate() run ended, dies at once", async () => {
    const run = await signalled("SIGINT", { idle: true });
    expect(run.events.some((e) => e.event === "ready"), run.stderr).toBe(true);
    expect(run.signal, run.stderr).toBe("SIGINT");
    expect(run.msAfterSignal).toBeLessThan(1000);
    expect(run.stderr).not.toContain("cancelling");
  }, KILL_AFTER_MS + 5000);
});
