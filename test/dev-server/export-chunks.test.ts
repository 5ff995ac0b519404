// An event page larger than one ~64 KB chunk (decision record 0040) is sent as the same bytes as the object path's
// JSON.stringify, with a content-length of those bytes; a client that goes away in the middle of one costs the
// server nothing (no error, later requests answered, a clean close).
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { client, quietLogger } from "./helpers";

const SESSION = "c4c4c4c4-0000-4000-8000-00000000c0de";
const EVENTS = 1500;
const ALL_FIELDS = [
  "event_id", "session_id", "parent_id", "children_ids", "event_type", "event_name", "source", "inputs", "outputs",
  "config", "metadata", "metrics", "feedback", "user_properties", "error", "start_time", "end_time", "duration",
  "project_id", "org_id", "workspace_id",
];
const bySession = [{ field: "session_id", operator: "is", value: SESSION, type: "string" }];

let server: DevServer;
const logged: string[] = [];

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: quietLogger(logged) });
  const root = "c4c4c4c4-0000-4000-8000-000000000001";
  const events = [
    { event_id: root, event_type: "chain", event_name: "root", session_id: SESSION, start_time: 1_700_000_000_000 },
    ...Array.from({ length: EVENTS - 1 }, (_, i) => ({
      event_type: "model", event_name: `call ${i}`, session_id: SESSION, parent_id: root, start_time: 1_700_000_000_001 + i,
      inputs: { prompt: `é 🙂 \u2028 "${"word ".repeat(60 + (i % 50))}"` }, outputs: { text: "ü".repeat(i % 300) },
      metadata: { i, tags: ["a", "b"] },
    })),
  ];
  for (let i = 0; i < events.length; i += 500) {
    expect((await client(server).call("POST", "/events/batch", { events: events.slice(i, i + 500) })).status).toBe(200);
  }
});
afterAll(async () => {
  await server.close();
});

/** An export's body as sent without compression (`encoding`: the request's Accept-Encoding; fetch decodes gzip). */
async function exportText(extra: Record<string, unknown> = {}, encoding = "identity"): Promise<{ text: string; bytes: number; length: string | null; encoding: string | null }> {
  const res = await fetch(`${server.url}/v1/events/export`, {
    method: "POST", body: JSON.stringify({ filters: bySession, limit: 7500, ...extra }),
    headers: { authorization: "Bearer local", "content-type": "application/json", "accept-encoding": encoding },
  });
  expect(res.status).toBe(200);
  const body = Buffer.from(await res.arrayBuffer());
  return { text: body.toString("utf8"), bytes: body.length, length: res.headers.get("content-length"), encoding: res.headers.get("content-encoding") };
}

/** Sends an export and destroys the connection when the first bytes of the body arrive. */
function exportAndHangUp(): Promise<number> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(server.url);
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/v1/events/export",
      headers: { authorization: "Bearer local", "content-type": "application/json" } }, (res) => {
      res.once("data", (chunk: Buffer) => {
        req.destroy();
        resolve(chunk.length);
      });
    });
    req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
    req.end(JSON.stringify({ filters: bySession, limit: 7500 }));
  });
}

describe("event pages in chunks", () => {
  it("send a page of many chunks as the object path's bytes, with their content-length", async () => {
    const chunked = await exportText();
    expect(chunked.bytes).toBeGreaterThan(8 * 64 * 1024);
    expect(chunked.length).toBe(String(chunked.bytes));
    expect(chunked.text).toBe((await exportText({ projections: ALL_FIELDS })).text);
    const page = JSON.parse(chunked.text) as { events: { event_name: string; children_ids: string[] }[]; count: number };
    expect(page.count).toBe(EVENTS + 1); // and the session's own event
    expect(page.events.find((e) => e.event_name === "root")?.children_ids).toHaveLength(EVENTS - 1);
  });

  it("go gzipped, as the same bytes, to a client that accepts gzip", async () => {
    const plain = await exportText();
    expect(plain.encoding).toBeNull();
    const packed = await exportText({}, "br;q=1, gzip;q=0.5");
    expect(packed.encoding).toBe("gzip");
    expect(Number(packed.length)).toBeLessThan(plain.bytes / 4);
    expect(packed.text).toBe(plain.text);
    expect((await exportText({}, "gzip;q=0, *")).encoding).toBeNull();
  });

  it("survive clients that hang up in the middle of a page", async () => {
    const whole = await exportText();
    const received = await Promise.all(Array.from({ length: 4 }, () => exportAndHangUp()));
    for (const bytes of received) expect(bytes).toBeLessThan(whole.bytes);
    expect((await exportText()).text).toBe(whole.text);
    expect(logged.filter((line) => !line.startsWith("debug"))).toEqual([]);
  });
});
