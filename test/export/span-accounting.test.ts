import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DiskSpool } from "../../packages/honeyhive/src/export/disk-spool";
import { SpanPipeline } from "../../packages/honeyhive/src/export/index";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/facade/honeyhive-tracer";
import type { TracerDiagnostics } from "../../packages/honeyhive/src/facade/tracer-diagnostics";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { FaultServer } from "../helpers/fault-server";
import { fixture, runChild } from "../helpers/run-child";
import { otlpBody, markerOf } from "./otlp-body";
import { makeSpans, pipelineOptions, recordingLogger } from "./pipeline-test-kit";

/**
 * Req: every span accounted for, once. After shutdown(t) the counters add up (in-flight requests are aborted and
 * counted at the deadline, as spooled when a spool took them, else as dropped); the spool counts the spans it decoded, logs and counts every file it rejects, recovers claims
 * of an earlier process with the same PID, and flush() is never true while spooled spans wait.
 */
const dirs: string[] = [];
const servers: FaultServer[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hh-accounting-"));
  dirs.push(dir);
  return dir;
}
const BASE_MS = Date.now() - 10_000;
const name = (n: number, spans: number): string => `${String(BASE_MS + n).padStart(15, "0")}-4242-${String(n).padStart(10, "0")}-${spans}.pb`;

describe("span accounting at shutdown", () => {
  it("against a hanging collector: started = exported + dropped + queued + in flight + unconfirmed; nothing left in flight", async () => {
    const server = await FaultServer.start("hang");
    servers.push(server);
    const warnings: string[] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: "k", serverUrl: server.url, skipSessionStart: true, setAsDefault: false,
      logSink: (level, message) => void (level === "warn" && warnings.push(message)),
    });
    for (let i = 0; i < 50; i++) tracer.startSpan(`s${i}`, () => i);
    expect(await tracer.shutdown(1000)).toBe(false);
    const d = tracer.diagnostics();
    const dropped = Object.values(d.dropped).reduce((a, b) => a + b, 0);
    expect(d.spansStarted).toBe(50);
    // the collector got them and may store them: aborted unanswered, counted unconfirmed, not dropped
    expect(d.spansInFlight).toBe(0);
    expect(d.spansUnconfirmed).toBe(50);
    expect(d.dropped.shutdown).toBe(0);
    expect(d.spansExported + dropped + d.spansQueued + d.spansInFlight + d.spansUnconfirmed).toBe(d.spansStarted);
    expect(warnings.join("\n")).toMatch(/50 spans were still being sent; the requests were aborted unanswered.*diagnostics\(\)\.spansUnconfirmed/);
  });

  it("with a spool, spans aborted at shutdown are spooled and counted once: not also as dropped (two processes)", async () => {
    const server = await FaultServer.start("hang");
    servers.push(server);
    const dir = tempDir();
    const child = fixture("transport/fixtures/export-child.ts");
    // 3000 spans (queued at once: a queue of 4096): four batches of 512 (the default requests in flight) hang until
    // shutdown aborts them, the other 952 are still queued. The budget is 4 s so that the spool's part of it (a quarter, at most 1 s) writes its files on a
    // loaded machine too:
    // with 1 s (a 250 ms write grace) a machine at load 10 on 2 cores wrote none in time, rightly counted as dropped.
    const first = await runChild(child, [JSON.stringify({ serverUrl: server.url, spans: 3000, shutdownMs: 4000, options: { spool: { dir }, maxQueueSize: 4096 } })], {
      env: { HH_CHILD_PREFIX: "once" }, killAfterMs: 60_000,
    });
    expect(first.code).toBe(0);
    const d = (first.events.find((e) => e.event === "done") as { diagnostics: TracerDiagnostics }).diagnostics;
    const dropped = Object.values(d.dropped).reduce((a, b) => a + b, 0);
    expect(d.spansStarted).toBe(3000);
    expect(d.spansSpooled).toBe(2048);
    expect(d.dropped).toMatchObject({ shutdown: 952, exportFailed: 0 });
    expect(d.spansExported + dropped + d.spansQueued + d.spansInFlight + d.spansSpooled).toBe(d.spansStarted);

    // The next process sends what was spooled: exactly the spans not counted as dropped, each once.
    await server.setMode("ok");
    const second = await runChild(child, [JSON.stringify({ serverUrl: server.url, spans: 0, waitSpoolDelivered: 2048, options: { spool: { dir } } })], { killAfterMs: 60_000 });
    expect(second.code).toBe(0);
    const names = server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").map((span) => span.name));
    expect(names).toHaveLength(2048);
    expect(new Set(names).size).toBe(2048);
    expect(names.every((n) => n.startsWith("once-"))).toBe(true);
    expect(names.length + d.dropped.shutdown).toBe(3000);
    expect(readdirSync(dir)).toEqual([]);
  }, 150_000);

  it("warnings point at diagnostics(), never at stats()", async () => {
    const { logger, lines } = recordingLogger();
    const pipeline = new SpanPipeline(pipelineOptions("http://127.0.0.1:9/v1/traces", { maxQueueSize: 2, logger }));
    closers.push(() => pipeline.shutdown(1));
    for (const span of makeSpans(5)) pipeline.push(span);
    const text = lines.map(([, m]) => m).join("\n");
    expect(text).toContain("diagnostics().dropped.queueFull");
    expect(text).not.toContain("stats()");
  });
});

describe("disk spool bookkeeping", () => {
  it("counts the spans a file holds, not its name; an empty or damaged file is removed, logged and counted", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, name(1, 999_999_999)), new Uint8Array(0));
    writeFileSync(join(dir, name(2, 5)), Uint8Array.from([0xff, 0xff, 0xff]));
    writeFileSync(join(dir, name(3, 999)), otlpBody(3, 7));
    const warnings: string[] = [];
    const spool = new DiskSpool({ dir }, (m) => warnings.push(m));
    const counts: number[] = [];
    const result = await spool.drain(async (item) => (counts.push(item.spanCount), "delivered"), new AbortController().signal);
    expect(counts).toEqual([3]);
    expect(result.delivered).toBe(3);
    expect(spool.rejectedFiles).toBe(2);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`${name(1, 999_999_999)}: holds no spans`);
    expect(warnings[1]).toContain(`${name(2, 5)}: is not an OTLP trace request`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a file the collector refuses is logged and counted", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, name(1, 4)), otlpBody(4, 1));
    const warnings: string[] = [];
    const spool = new DiskSpool({ dir }, (m) => warnings.push(m));
    const result = await spool.drain(async () => "rejected", new AbortController().signal);
    expect(result.rejected).toBe(4);
    expect(spool.rejectedFiles).toBe(1);
    expect(warnings.join("\n")).toMatch(/rejected file .*the collector refused its 4 spans/);
  });

  it("a claim left by an earlier process with this process's PID (PID 1 in a container) is released and sent", async () => {
    const dir = tempDir();
    const spool = new DiskSpool({ dir }, () => undefined);
    expect(await spool.keep(otlpBody(2, 1), 2, false)).toBe(true);
    expect(await spool.keep(otlpBody(3, 2), 3, false)).toBe(true);
    const [first, second] = readdirSync(dir).sort();
    renameSync(join(dir, first!), join(dir, `${first}.claimed-${process.pid}-k0ld5t4r7-1`)); // same PID, another start
    renameSync(join(dir, second!), join(dir, `${second}.claimed-${process.pid}-1`)); // same PID, a claim without start token
    const sent: number[] = [];
    const result = await new DiskSpool({ dir }, () => undefined).drain(async (item) => (sent.push(markerOf(item.body)), "delivered"), new AbortController().signal);
    expect(sent).toEqual([1, 2]);
    expect(result).toMatchObject({ delivered: 5, empty: true });
  });

  it("flush() is false while spooled spans wait, and true once the spool was delivered", async () => {
    const server = await FaultServer.start("ok");
    servers.push(server);
    await server.setMode("down");
    const dir = tempDir();
    const pipeline = new SpanPipeline(pipelineOptions(`${server.url}/v1/traces`, { spool: { dir } }));
    closers.push(() => pipeline.shutdown(1000));
    for (const span of makeSpans(20)) pipeline.push(span);
    expect(await pipeline.flush(5000)).toBe(false);
    expect(pipeline.stats().spooled).toBe(20);
    expect(await pipeline.flush(2000)).toBe(false); // nothing new queued, but 20 spans wait on disk
    await server.setMode("ok");
    const until = Date.now() + 30_000;
    while (pipeline.stats().spoolDelivered < 20 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(pipeline.stats().spoolDelivered).toBe(20);
    expect(await pipeline.flush(5000)).toBe(true);
  }, 60_000);
});
