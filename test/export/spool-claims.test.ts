import { mkdtempSync, readdirSync, renameSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DiskSpool } from "../../packages/honeyhive/src/export/disk-spool";
import { CLAIM_STALE_MS } from "../../packages/honeyhive/src/export/spool-claims";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { FaultServer } from "../helpers/fault-server";
import { fixture, runChild } from "../helpers/run-child";
import { markerOf, otlpBody } from "./otlp-body";

/**
 * Issue 24 req 9: a spool claim is owned by something a restarted process can check whatever its PID. A process that
 * claimed a file and was killed leaves a claim naming its PID; when that PID is alive again (PID 1 in a container
 * after a restart, or a reused PID), the claim is still recovered once its owner stopped refreshing it, and flush()
 * is false while the claim is held.
 */
const dirs: string[] = [];
const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hh-claims-"));
  dirs.push(dir);
  return dir;
}

/** Waits (bounded) until `ready()`; the test's assertions come after, never on the time it took. */
async function until(ready: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

const claims = (dir: string): string[] => readdirSync(dir).filter((n) => n.includes(".claimed-"));
const secondsAgo = (ms: number): number => (Date.now() - ms) / 1000;

describe("spool claims and PIDs that repeat", () => {
  it("a claim left by a killed process whose PID now names a live process is recovered once stale; flush() is false while it is held", async () => {
    const dir = tempDir();
    expect(await new DiskSpool({ dir }, () => undefined).keep(otlpBody(512, 42), 512, false)).toBe(true);
    const server = await FaultServer.start("hang");
    servers.push(server);
    const child = fixture("transport/fixtures/export-child.ts");

    // 1. A process starts over the spool, claims the file and sends it to a collector that never answers; it is killed.
    let claimerPid = 0;
    const claimer = runChild(child, [JSON.stringify({ serverUrl: server.url, spans: 0, stayAlive: true, options: { spool: { dir } } })], {
      killAfterMs: 90_000,
      onEvent: (event) => void (event.event === "done" && (claimerPid = event.pid as number)),
    });
    await until(() => claimerPid > 0 && server.log.requests > 0 && claims(dir).length === 1);
    expect(claims(dir)).toHaveLength(1);
    process.kill(claimerPid, "SIGKILL");
    expect((await claimer).signal).toBe("SIGKILL");

    // 2. Its PID is taken by a live process (here: this test runner), which keeps the claim fresh as an owner would.
    const [left] = claims(dir);
    expect(left).toMatch(new RegExp(`\\.claimed-${claimerPid}-[0-9a-z]+-\\d+$`));
    const reused = left!.replace(`.claimed-${claimerPid}-`, `.claimed-${process.pid}-`);
    renameSync(join(dir, left!), join(dir, reused));
    const refresh = (): void => utimesSync(join(dir, reused), new Date(), new Date());
    refresh();
    const heartbeat = setInterval(refresh, 1000);

    // 3. The restarted app: its flush is false while the claim is held; when the claim stops being refreshed (its owner
    //    is gone: the last refresh lies further back than the stale time), the app recovers the file and sends it.
    await server.setMode("ok");
    let flushed: boolean | undefined;
    const restarted = await runChild(child, [JSON.stringify({ serverUrl: server.url, spans: 0, flushMs: 10_000, waitSpoolDelivered: 512, finalFlushMs: 10_000, options: { spool: { dir } } })], {
      killAfterMs: 90_000,
      onEvent: (event) => {
        if (event.event !== "flushed") return;
        flushed = event.delivered as boolean;
        clearInterval(heartbeat);
        const last = secondsAgo(CLAIM_STALE_MS + 5000);
        utimesSync(join(dir, reused), last, last);
      },
    });
    clearInterval(heartbeat);
    expect(restarted.code).toBe(0);
    expect(flushed).toBe(false);
    const done = restarted.events.find((e) => e.event === "done") as { diagnostics: { spoolDelivered: number }; finalFlush: boolean };
    expect(done.diagnostics.spoolDelivered).toBe(512);
    expect(done.finalFlush).toBe(true);
    const delivered = server.log.accepted.map((body) => new Uint8Array(body));
    expect(delivered.map(markerOf)).toEqual([42]);
    expect(decodeTraceRequest(delivered[0]!, "application/x-protobuf")).toHaveLength(512);
    expect(readdirSync(dir)).toEqual([]);
  }, 180_000);

  it("a live owner's fresh claim is left alone and reported as held; once stale it is released, even though its PID lives", async () => {
    const dir = tempDir();
    const spool = new DiskSpool({ dir }, () => undefined);
    expect(await spool.keep(otlpBody(3, 7), 3, false)).toBe(true);
    const [file] = readdirSync(dir);
    const claimed = `${file}.claimed-${process.ppid}-k0ld5t4r7-1`; // a live process that is not this one
    renameSync(join(dir, file!), join(dir, claimed));
    utimesSync(join(dir, claimed), new Date(), new Date());
    const sent: number[] = [];
    const send = async (item: { body: Uint8Array }) => (sent.push(markerOf(item.body)), "delivered" as const);
    expect(await spool.drain(send, new AbortController().signal)).toEqual({ delivered: 0, rejected: 0, sessionWrites: 0, empty: false, heldElsewhere: 1 });
    expect(readdirSync(dir)).toEqual([claimed]);

    const last = secondsAgo(CLAIM_STALE_MS + 5000);
    utimesSync(join(dir, claimed), last, last);
    expect(await spool.drain(send, new AbortController().signal)).toEqual({ delivered: 3, rejected: 0, sessionWrites: 0, empty: true, heldElsewhere: 0 });
    expect(sent).toEqual([7]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a file claimed now is fresh however old the file: the claimer touches it before the claim becomes visible", async () => {
    const dir = tempDir();
    const spool = new DiskSpool({ dir }, () => undefined);
    expect(await spool.keep(otlpBody(2, 9), 2, false)).toBe(true);
    const [file] = readdirSync(dir);
    const old = secondsAgo(10 * CLAIM_STALE_MS);
    utimesSync(join(dir, file!), old, old); // written long ago (an earlier outage)
    let ageWhileSending = Number.NaN;
    const { statSync } = await import("node:fs");
    const result = await spool.drain(async () => {
      const [claim] = claims(dir);
      ageWhileSending = Date.now() - statSync(join(dir, claim!)).mtimeMs;
      return "delivered";
    }, new AbortController().signal);
    expect(result.delivered).toBe(2);
    expect(ageWhileSending).toBeLessThan(CLAIM_STALE_MS);
  });
});
