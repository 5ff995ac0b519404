import { afterEach, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "../../packages/honeyhive/src/runtime/node/http-fetch";
import { sendHttp } from "../../packages/honeyhive/src/transport/send-http";
import { FaultServer, type FaultMode } from "../helpers/fault-server";
import { fixture, runChild } from "../helpers/run-child";

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(mode: FaultMode): Promise<FaultServer> {
  const server = await FaultServer.start(mode);
  servers.push(server);
  return server;
}

/** Records uncaught exceptions and unhandled rejections while `fn` runs (and a little after). */
async function catchingProcessErrors(fn: () => Promise<void>): Promise<unknown[]> {
  const errors: unknown[] = [];
  const onError = (error: unknown): void => void errors.push(error);
  process.on("uncaughtException", onError);
  process.on("unhandledRejection", onError);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    process.off("uncaughtException", onError);
    process.off("unhandledRejection", onError);
  }
  return errors;
}

describe("the SDK's keep-alive transport never throws outside its promise", () => {
  it.each<FaultMode>(["413-close-mid-body", "reset"])("%s: every request settles, concurrent and sequential, nothing uncaught", async (mode) => {
    const server = await start(mode);
    const outcomes: string[] = [];
    const errors = await catchingProcessErrors(async () => {
      const sizes = [100_000, 2_000_000, 300_000, 5_000_000];
      await Promise.all(
        [0, 1, 2, 3].map(async (worker) => {
          for (let i = 0; i < 8; i++) {
            const body = new Uint8Array(sizes[(i + worker) % sizes.length]!);
            await nodeHttpFetch(`${server.url}/opentelemetry/v1/traces`, { method: "POST", body, timeoutMs: 5000 }).then(
              (r) => void outcomes.push(String(r.status)),
              (e: Error) => void outcomes.push(e.message.split(" ")[0] ?? "error"),
            );
          }
        }),
      );
    });
    expect(errors).toEqual([]);
    expect(outcomes).toHaveLength(32);
    if (mode === "413-close-mid-body") expect(outcomes.filter((o) => o === "413").length).toBeGreaterThan(0);
    else expect(outcomes.every((o) => o !== "200")).toBe(true);
  }, 60_000);

  it("TLS errors (https to a plain-HTTP or resetting peer) reject the request, nothing uncaught", async () => {
    const plain = await start("ok");
    const resetting = await start("reset");
    const errors = await catchingProcessErrors(async () => {
      for (const server of [plain, resetting]) {
        const url = server.url.replace("http:", "https:");
        const results = await Promise.allSettled([1, 2, 3].map(() => nodeHttpFetch(url, { method: "POST", body: new Uint8Array(200_000), timeoutMs: 3000 })));
        expect(results.every((r) => r.status === "rejected")).toBe(true);
        const retried = await sendHttp({ url, method: "POST", body: "x" }, { initialBackoffMs: 1, maxRetries: 1 });
        expect(retried).toMatchObject({ ok: false, retryable: true, attempts: 2 });
      }
    });
    expect(errors).toEqual([]);
  }, 30_000);

  it("a collector restarting mid-request: the request fails (retryable) and the retry succeeds", async () => {
    const server = await start("restart");
    const errors = await catchingProcessErrors(async () => {
      const result = await sendHttp({ url: `${server.url}/x`, method: "POST", body: new Uint8Array(3_000_000) }, { initialBackoffMs: 50, maxRetries: 3 });
      expect(result).toMatchObject({ ok: true, status: 200 });
      expect(result.attempts).toBeGreaterThan(1);
    });
    expect(errors).toEqual([]);
    expect(server.log.accepted).toHaveLength(1);
  }, 30_000);
});

describe("a traced process facing a faulty collector exits normally (child processes)", () => {
  it.each<FaultMode>(["413-close-mid-body", "reset", "restart"])("%s: no uncaught exception or unhandled rejection, failures counted", async (mode) => {
    const server = await start(mode);
    const run = await runChild(fixture("transport/fixtures/export-child.ts"), [
      JSON.stringify({ serverUrl: server.url, spans: 600, attrBytes: 20_000, flushMs: 15_000, timeoutMs: 3000 }),
    ]);
    expect(run.stderr).not.toMatch(/EPIPE|ECONNRESET|Uncaught|Unhandled/i);
    expect(run.events.filter((e) => e.event === "uncaughtException" || e.event === "unhandledRejection")).toEqual([]);
    expect(run.code).toBe(0);
    const done = run.events.find((e) => e.event === "done") as { diagnostics: { spansEnded: number; spansExported: number; dropped: { exportFailed: number } } };
    expect(done.diagnostics.spansEnded).toBe(600);
    // every span is accounted for: exported, or counted as an export failure
    expect(done.diagnostics.spansExported + done.diagnostics.dropped.exportFailed).toBe(600);
    if (mode === "restart") expect(done.diagnostics.spansExported).toBe(600);
    else expect(done.diagnostics.dropped.exportFailed).toBeGreaterThan(0);
  }, 90_000);
});
