import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { EXIT_FLUSH_BUDGET_MS } from "../../packages/honeyhive/src/tracer/live-tracers";
import { FaultServer, type FaultMode } from "../helpers/fault-server";
import { type ChildRun, fixture, runChild } from "../helpers/run-child";

/**
 * Req: the process always exits. Each scenario runs a traced child process against a collector that
 * accepts and never answers ("hang") or drips one byte a second ("drip"), and measures how long after its
 * own work ended the child stayed alive. Limits are generous (the machine is loaded); figures are logged.
 */
const EXIT_LIMIT_MS = EXIT_FLUSH_BUDGET_MS + 5000;
const script = fixture("transport/fixtures/export-child.ts");
const servers = new Map<FaultMode, FaultServer>();
const figures: string[] = [];

beforeAll(async () => {
  for (const mode of ["hang", "drip"] as const) servers.set(mode, await FaultServer.start(mode));
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
  if (process.env.HH_REPORT_FIGURES) process.stderr.write(`${figures.join("\n")}\n`);
});

function event(run: ChildRun, name: string): Record<string, unknown> {
  const found = run.events.find((e) => e.event === name);
  expect(found, `${name} in ${JSON.stringify(run.events)} / ${run.stderr}`).toBeDefined();
  return found as Record<string, unknown>;
}

function expectCleanExit(run: ChildRun, label: string): void {
  figures.push(`${label}: exit ${run.exitAfterDoneMs} ms after work, total ${run.totalMs} ms`);
  expect(run.signal, `killed: ${label}`).toBeNull();
  expect(run.code).toBe(0);
  expect(run.stderr).not.toMatch(/Uncaught|Unhandled|Warning: Detected unsettled/i);
  expect(run.exitAfterDoneMs).toBeLessThan(EXIT_LIMIT_MS);
}

describe.each<FaultMode>(["hang", "drip"])("collector that %s", (mode) => {
  const serverUrl = (): string => servers.get(mode)!.url;

  it("the process exits by itself within the exit flush budget after its work ends (no flush called)", async () => {
    const run = await runChild(script, [JSON.stringify({ serverUrl: serverUrl(), spans: 50, skipSessionStart: false })], { killAfterMs: 60_000 });
    expectCleanExit(run, `${mode}, no flush`);
    // The exit flush's request never completed: the process says so as it exits, and why.
    expect(event(run, "exit").warnings).toEqual([
      expect.stringMatching(/^warn: the process exited with 50 spans not confirmed sent \(0 queued, 50 in flight\).*: the backend did not answer within the exit budget \(3 s\)$/),
    ]);
  }, 70_000);

  it("flush(1500) resolves false within its timeout, then the process exits", async () => {
    const run = await runChild(script, [JSON.stringify({ serverUrl: serverUrl(), spans: 50, flushMs: 1500 })], { killAfterMs: 60_000 });
    const flushed = event(run, "flushed") as { delivered: boolean; ms: number };
    figures.push(`${mode}: flush(1500) took ${flushed.ms} ms`);
    expect(flushed.delivered).toBe(false);
    expect(flushed.ms).toBeLessThan(1500 + 1500);
    expectCleanExit(run, `${mode}, after flush(1500)`);
  }, 70_000);

  it("shutdown(2000) resolves within its timeout, then the process exits", async () => {
    const run = await runChild(script, [JSON.stringify({ serverUrl: serverUrl(), spans: 50, shutdownMs: 2000, skipSessionStart: false })], { killAfterMs: 60_000 });
    const shutdown = event(run, "shutdown") as { ms: number };
    figures.push(`${mode}: shutdown(2000) took ${shutdown.ms} ms`);
    expect(shutdown.ms).toBeLessThan(2000 + 1500);
    expectCleanExit(run, `${mode}, after shutdown(2000)`);
  }, 70_000);
});

describe("collector down, with a spool", () => {
  it("spans go to the spool and the process still exits within the exit flush budget", async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "hh-exit-spool-"));
    const server = await FaultServer.start("ok");
    await server.setMode("down");
    try {
      const run = await runChild(script, [JSON.stringify({ serverUrl: server.url, spans: 2000, options: { spool: { dir } } })], { killAfterMs: 60_000 });
      expectCleanExit(run, "down with spool, no flush");
      // every span of the exit flush is on disk (file names end with -<spanCount>.pb)
      const spooled = readdirSync(dir).reduce((n, name) => n + Number(/-(\d+)\.pb$/.exec(name)?.[1] ?? 0), 0);
      expect(spooled).toBe(2000);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 70_000);
});

describe("process.exit()", () => {
  it("says at exit how many spans were not sent; a process that ends by itself sends them and says nothing", async () => {
    const hanging = await FaultServer.start("hang");
    const healthy = await FaultServer.start("ok");
    try {
      const exited = await runChild(script, [JSON.stringify({ serverUrl: hanging.url, spans: 20, exitNow: true })], { killAfterMs: 60_000 });
      expect(exited.code).toBe(0);
      expect(event(exited, "exit").warnings).toEqual([
        "warn: the process exited with 20 spans not confirmed sent (20 queued, 0 in flight): process.exit() skips the exit flush; "
          + "`await tracer.flush()` (or `shutdown()`) before calling it",
      ]);
      const ended = await runChild(script, [JSON.stringify({ serverUrl: healthy.url, spans: 20 })], { killAfterMs: 60_000 });
      expectCleanExit(ended, "ok, ends by itself");
      expect(event(ended, "exit").warnings).toEqual([]);
      const names = healthy.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").map((s) => s.name));
      expect(names).toHaveLength(20);
    } finally {
      await hanging.close();
      await healthy.close();
    }
  }, 90_000);
});

describe("SIGTERM", () => {
  it("flushes pending spans (collector healthy) and is re-raised; against a hanging collector it still ends within the exit budget", async () => {
    const healthy = await FaultServer.start("ok");
    const hanging = await FaultServer.start("hang");
    try {
      for (const server of [healthy, hanging]) {
        let signalledAt = 0;
        const run = await runChild(script, [JSON.stringify({ serverUrl: server.url, spans: 20, stayAlive: true })], {
          killAfterMs: 60_000,
          onEvent: (event) => {
            if (event.event !== "done") return;
            signalledAt = Date.now();
            process.kill(event.pid as number, "SIGTERM");
          },
        });
        const afterSignal = Date.now() - signalledAt;
        figures.push(`SIGTERM (${server === healthy ? "ok" : "hang"}): exit ${afterSignal} ms after the signal`);
        expect(run.signal).toBe("SIGTERM");
        expect(afterSignal).toBeLessThan(EXIT_FLUSH_BUDGET_MS + 5000);
      }
      // the batch went out before the process ended
      const names = healthy.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").map((s) => s.name));
      expect(names).toHaveLength(20);
    } finally {
      await healthy.close();
      await hanging.close();
    }
  }, 90_000);
});
