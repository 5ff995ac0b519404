import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { markerOf, otlpBody } from "./otlp-body";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SpanPipeline } from "../../packages/honeyhive/src/export/index";
import { DiskSpool } from "../../packages/honeyhive/src/export/disk-spool";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { FaultServer } from "../helpers/fault-server";
import { fixture, runChild } from "../helpers/run-child";
import { makeSpans, pipelineOptions, recordingLogger } from "./pipeline-test-kit";

const dirs: string[] = [];
const servers: FaultServer[] = [];
const pipelines: SpanPipeline[] = [];
afterEach(async () => {
  await Promise.all(pipelines.splice(0).map((p) => p.shutdown(500)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hh-spool-"));
  dirs.push(dir);
  return dir;
}

/** A collector that is down (its port reserved: it listens again on the same port when switched back). */
async function downCollector(): Promise<FaultServer> {
  const server = await FaultServer.start("ok");
  servers.push(server);
  await server.setMode("down");
  return server;
}

function spanNames(server: FaultServer): string[] {
  return server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").map((s) => s.name));
}

function expectExactlyOnce(names: string[], prefix: string, count: number): void {
  expect(names).toHaveLength(count);
  const expected = new Set(Array.from({ length: count }, (_, i) => `${prefix}-${i}`));
  expect(new Set(names)).toEqual(expected);
}

describe("disk spool across a collector outage", () => {
  it("20,000 spans during an outage are all delivered exactly once after recovery, none dropped", async () => {
    const server = await downCollector();
    const dir = tempDir();
    const { logger, lines } = recordingLogger();
    const pipeline = new SpanPipeline(pipelineOptions(`${server.url}/v1/traces`, { spool: { dir }, logger, scheduledDelayMs: 50 }));
    pipelines.push(pipeline);
    const spans = makeSpans(20_000, "out", { payload: "v".repeat(100) });
    for (let i = 0; i < spans.length; i += 500) {
      for (const span of spans.slice(i, i + 500)) pipeline.push(span);
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(await pipeline.flush(30_000)).toBe(false); // not delivered, but kept
    const during = pipeline.stats();
    expect(during.dropped).toMatchObject({ queueFull: 0, exportFailed: 0, spoolFull: 0 });
    expect(during.spooled).toBe(20_000);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    expect(lines.some(([level, m]) => level === "warn" && m.includes("spool"))).toBe(true);

    await server.setMode("ok");
    // during the outage only the drainer's retry timer (backoff capped at 5 s) probes the collector
    const until = Date.now() + 30_000;
    while (pipeline.stats().spoolDelivered < 20_000 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(pipeline.stats().spoolDelivered).toBe(20_000);
    expectExactlyOnce(spanNames(server), "out", 20_000);
    expect(readdirSync(dir)).toEqual([]);
  }, 90_000);

  it("is bounded: the oldest files go first and are counted", async () => {
    const dir = tempDir();
    const spool = new DiskSpool({ dir, maxBytes: 10_000 }, () => undefined);
    for (let i = 0; i < 10; i++) expect(await spool.keep(otlpBody(7, i, 2800), 7, false)).toBe(true);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(3);
    expect(spool.droppedSpans).toBe(7 * 7);
    const seen: number[] = [];
    const result = await spool.drain(async (item) => {
      seen.push(markerOf(item.body));
      return "delivered";
    }, new AbortController().signal);
    expect(seen).toEqual([7, 8, 9]); // oldest first
    expect(result).toEqual({ delivered: 21, rejected: 0, sessionWrites: 0, empty: true, heldElsewhere: 0 });
  });

  it("OTLP/JSON batches are spooled and re-sent as JSON", async () => {
    const server = await downCollector();
    const dir = tempDir();
    const pipeline = new SpanPipeline(pipelineOptions(`${server.url}/v1/traces`, { spool: { dir }, protocol: "http/json" }));
    pipelines.push(pipeline);
    for (const span of makeSpans(300, "json")) pipeline.push(span);
    expect(await pipeline.flush(10_000)).toBe(false);
    expect(readdirSync(dir).every((name) => name.endsWith(".json"))).toBe(true);
    await server.setMode("ok");
    const until = Date.now() + 30_000;
    while (pipeline.stats().spoolDelivered < 300 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const names = server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/json").map((s) => s.name));
    expectExactlyOnce(names, "json", 300);
  }, 60_000);

  it("a file claimed by a dead process is released and sent; a live claim is left alone", async () => {
    const dir = tempDir();
    const spool = new DiskSpool({ dir }, () => undefined);
    expect(await spool.keep(otlpBody(4, 1), 4, false)).toBe(true);
    expect(await spool.keep(otlpBody(5, 2), 5, false)).toBe(true);
    const [first, second] = readdirSync(dir).sort();
    const { renameSync } = await import("node:fs");
    renameSync(join(dir, first!), join(dir, `${first}.claimed-99999999-1`)); // no such process
    renameSync(join(dir, second!), join(dir, `${second}.claimed-${process.ppid}-1`)); // a live process (our parent)
    const sent: number[] = [];
    const result = await spool.drain(async (item) => {
      sent.push(markerOf(item.body));
      return "delivered";
    }, new AbortController().signal);
    expect(sent).toEqual([1]);
    expect(result).toEqual({ delivered: 4, rejected: 0, sessionWrites: 0, empty: false, heldElsewhere: 1 }); // the live claim still waits
    expect(readdirSync(dir)).toEqual([`${second}.claimed-${process.ppid}-1`]);
  });

  it("session writes are replayed before every span file, in the order written; one to retry later holds the spans back", async () => {
    const dir = tempDir();
    const spool = new DiskSpool({ dir }, () => undefined);
    expect(await spool.keep(otlpBody(3, 1), 3, false)).toBe(true); // older than the session writes
    expect(await spool.keepSessionWrite(JSON.stringify({ n: "start" }))).toBe(true);
    expect(await spool.keepSessionWrite(JSON.stringify({ n: "update" }))).toBe(true);
    expect(await spool.keep(otlpBody(2, 2), 2, false)).toBe(true);
    const order: string[] = [];
    const send = async (item: { body: Uint8Array }) => (order.push(`spans-${markerOf(item.body)}`), "delivered" as const);
    let api: "down" | "up" = "down";
    const sendSession = async (record: Uint8Array) => {
      if (api === "down") return "retry-later" as const;
      order.push((JSON.parse(new TextDecoder().decode(record)) as { n: string }).n);
      return "delivered" as const;
    };
    // the API is down: nothing is sent, not even the older span file
    expect(await spool.drain(send, new AbortController().signal, sendSession)).toMatchObject({ delivered: 0, sessionWrites: 0, empty: false });
    expect(order).toEqual([]);
    // a drain without a session sender (a tracer that cannot replay them) leaves session writes alone
    expect(await spool.drain(send, new AbortController().signal)).toMatchObject({ delivered: 5, empty: true });
    expect(readdirSync(dir).filter((n) => n.endsWith("-session.json"))).toHaveLength(2);
    expect(await spool.keep(otlpBody(4, 3), 4, false)).toBe(true);
    api = "up";
    expect(await spool.drain(send, new AbortController().signal, sendSession)).toEqual({ delivered: 4, rejected: 0, sessionWrites: 2, empty: true, heldElsewhere: 0 });
    expect(order).toEqual(["spans-1", "spans-2", "start", "update", "spans-3"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("two spools draining one directory at once send each file once", async () => {
    const dir = tempDir();
    const writer = new DiskSpool({ dir }, () => undefined);
    for (let i = 0; i < 40; i++) expect(await writer.keep(otlpBody(1, i), 1, false)).toBe(true);
    const sent: number[] = [];
    const send = async (item: { body: Uint8Array }) => {
      sent.push(markerOf(item.body));
      await new Promise((r) => setTimeout(r, 2));
      return "delivered" as const;
    };
    const signal = new AbortController().signal;
    const [a, b] = await Promise.all([new DiskSpool({ dir }, () => undefined).drain(send, signal), new DiskSpool({ dir }, () => undefined).drain(send, signal)]);
    expect(a.delivered + b.delivered).toBe(40);
    expect([...sent].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("spans spooled by a process killed mid-outage are delivered by the next process with the same spool", async () => {
    const server = await downCollector();
    const dir = tempDir();
    const child = fixture("transport/fixtures/export-child.ts");
    const options = { spool: { dir }, timeoutMs: 2000 };
    let killed = false;
    const first = await runChild(child, [JSON.stringify({ serverUrl: server.url, spans: 3000, chunk: 300, flushMs: 20_000, stayAlive: true, options })], {
      env: { HH_CHILD_PREFIX: "killed" },
      killAfterMs: 60_000,
      onEvent: (event) => {
        if (event.event === "done") {
          killed = true;
          process.kill(event.pid as number, "SIGKILL"); // mid-outage: the collector is still down
        }
      },
    });
    expect(killed).toBe(true);
    expect(first.signal).toBe("SIGKILL");
    const spooled = (first.events.find((e) => e.event === "done") as { diagnostics: { spansSpooled: number } }).diagnostics.spansSpooled;
    expect(spooled).toBe(3000);
    expect(spanNames(server)).toEqual([]);

    await server.setMode("ok");
    const second = await runChild(child, [JSON.stringify({ serverUrl: server.url, spans: 0, waitSpoolDelivered: 3000, options })], { killAfterMs: 60_000 });
    expect(second.code).toBe(0);
    const done = second.events.find((e) => e.event === "done") as { diagnostics: { spoolDelivered: number } };
    expect(done.diagnostics.spoolDelivered).toBe(3000);
    expectExactlyOnce(spanNames(server), "killed", 3000);
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});

describe("the spool starts with activation, not construction", () => {
  it("a pipeline built over a spool with files sends nothing until start(); then the files are delivered", async () => {
    const dir = tempDir();
    const writer = new DiskSpool({ dir }, () => undefined);
    expect(await writer.keep(otlpBody(3, 7), 3, false)).toBe(true);
    const server = await FaultServer.start("ok");
    servers.push(server);
    const pipeline = new SpanPipeline(pipelineOptions(server.url, { spool: { dir } }));
    pipelines.push(pipeline);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.log.accepted).toHaveLength(0);
    expect(readdirSync(dir)).toHaveLength(1);
    pipeline.start();
    pipeline.start(); // idempotent: one drain
    const until = Date.now() + 5000;
    while (pipeline.stats().spoolDelivered < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(pipeline.stats().spoolDelivered).toBe(3);
    expect(server.log.accepted.map((body) => markerOf(new Uint8Array(body)))).toEqual([7]);
  });
});
