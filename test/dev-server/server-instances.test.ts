// Issue 20 req 7: per-server caches live on the server instance. Two servers in one process share no cached
// data, and close() drops a server's caches. Also: a core ValidationError reaches the client as a 400.
import { afterAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { call, KEY, startViewerServer } from "../viewer/helpers/viewer-server";
import { pythonJsonBody } from "./spans";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const SESSION = "5e1f0c2a-9d3b-4c6e-8f7a-1b2c3d4e5f60";

/** The same session (same id, same times, same span count) with a differently named child. */
function sessionBody(childName: string): string {
  return pythonJsonBody([{
    traceId: TRACE, spanId: "b7ad6b7169203331", name: childName, startMs: 1_700_000_000_000, endMs: 1_700_000_000_500,
    attributes: { "honeyhive.session_id": SESSION, "honeyhive.project": "p", "honeyhive_event_type": "tool" },
  }]);
}

async function ingest(server: DevServer, body: string): Promise<void> {
  const res = await fetch(`${server.url}/opentelemetry/v1/traces`, {
    method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body,
  });
  expect(res.status).toBe(200);
}

describe("dev server instances", () => {
  const servers: DevServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it("two servers in one process share no cached session tree", async () => {
    const a = await startViewerServer();
    const b = await startViewerServer();
    servers.push(a, b);
    await ingest(a, sessionBody("tool-on-a"));
    await ingest(b, sessionBody("tool-on-b"));
    const treeA = await call(a, "GET", `/viewer/sessions/${SESSION}/tree`);
    const treeB = await call(b, "GET", `/viewer/sessions/${SESSION}/tree`);
    expect(treeA.body.events.map((e: { name: string }) => e.name)).toContain("tool-on-a");
    expect(treeB.body.events.map((e: { name: string }) => e.name)).toContain("tool-on-b");
    expect(treeB.body.events.map((e: { name: string }) => e.name)).not.toContain("tool-on-a");
    expect(a.cacheSizes()["viewer/session-trees"]).toBe(1);
    expect(b.cacheSizes()["viewer/session-trees"]).toBe(1);
  });

  it("close() drops the server's caches", async () => {
    const server = await startViewerServer();
    await ingest(server, sessionBody("tool"));
    await call(server, "GET", `/viewer/sessions/${SESSION}/tree`);
    expect(Object.values(server.cacheSizes()).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    await server.close();
    expect(server.cacheSizes()).toEqual({});
  });

  it("maps a core ValidationError to a 400 with its message", async () => {
    const server = await startViewerServer();
    servers.push(server);
    const reply = await call(server, "POST", "/events", { event: { event_type: "" } }, { allowError: true });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(/event_type/);
  });
});
