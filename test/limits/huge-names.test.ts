import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/index";
import { runChild } from "../helpers/run-child";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "../helpers/spec-checking-proxy";
import { startDevServerProcess, type DevServerProcess } from "./dev-server-process";

const MARKER = /…\[truncated \d+ bytes\]$/;
const LIMIT = 128 * 1024; // the default maxAttributeBytes

describe("names of spans, span events and sessions are cut to maxAttributeBytes (child processes)", () => {
  let server: DevServerProcess;
  let proxy: SpecCheckingProxy;
  beforeAll(async () => {
    server = await startDevServerProcess(["--in-memory"]);
    proxy = await startSpecCheckingProxy(server.url); // every request the SDK sends is checked against the spec
  });
  afterAll(async () => {
    await proxy?.close();
    server?.kill();
  });

  async function stored(sessionId: string): Promise<any[]> {
    const api = createApiClient({ serverUrl: proxy.url, apiKey: "hh_names_key" });
    const result = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 });
    if (!result.ok) throw new Error(result.error);
    return result.data.events;
  }

  it("12 MB names: both sessions and every span arrive, each name cut with the attribute marker", async () => {
    const run = await runChild(join(__dirname, "fixtures", "huge-names.ts"), [proxy.url], { killAfterMs: 90_000 });
    const done = run.events.find((event) => event.event === "done") as { flushed: boolean; own: string; inner: string; truncatedAttributes: number };
    expect(done, run.stderr).toBeDefined();
    expect(done.flushed, run.stderr.slice(0, 3000)).toBe(true);
    expect(done.truncatedAttributes).toBeGreaterThanOrEqual(4);
    const own = await stored(done.own);
    const ownSession = own.find((event) => event.event_type === "session");
    expect(ownSession?.event_name).toMatch(/^s+…\[truncated \d+ bytes\]$/);
    expect(Buffer.byteLength(ownSession.event_name)).toBeLessThanOrEqual(LIMIT);
    expect(own.filter((event) => event.event_type !== "session").map((event) => event.event_name)).toEqual(["small"]);
    const inner = await stored(done.inner);
    const names = inner.map((event) => String(event.event_name));
    expect(names.find((name) => name.startsWith("w"))).toMatch(/^w+…\[truncated \d+ bytes\]$/);
    expect(names.find((name) => name.startsWith("e"))).toMatch(/^e+…\[truncated \d+ bytes\]$/);
    expect(names.find((name) => name.startsWith("p"))).toMatch(/^p+…\[truncated \d+ bytes\]$/);
    expect(inner).toHaveLength(3);
    for (const name of names) {
      expect(name).toMatch(MARKER);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(LIMIT);
    }
    expect(proxy.violations()).toEqual([]);
  }, 120_000);
});
