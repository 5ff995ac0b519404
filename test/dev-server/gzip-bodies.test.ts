import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createApiClient } from "../../packages/honeyhive/src/api-client/index";
import type { FetchLike } from "../../packages/honeyhive/src/runtime/fetch-like";
import { client, startServer, type Client } from "./helpers";

let server: DevServer;
let api: Client;
beforeAll(async () => {
  server = await startServer();
  api = client(server);
});
afterAll(() => server.close());

const gzipJson = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value), "utf8"));

describe("gzip request bodies on the dev server's JSON routes", () => {
  it("says on every answer that it takes gzip bodies (Accept-Encoding, RFC 7694)", async () => {
    const health = await fetch(`${server.url}/health`);
    const missing = await fetch(`${server.url}/v1/nothing-here`, { headers: { authorization: "Bearer local" } });
    expect(health.headers.get("accept-encoding")).toBe("gzip");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("accept-encoding")).toBe("gzip");
  });

  it("decodes gzipped JSON on the session, event and run routes as it decodes plain JSON", async () => {
    const headers = { "content-type": "application/json", "content-encoding": "gzip" };
    const session = await api.raw("POST", "/session/start", gzipJson({ session: { session_name: "gz", inputs: { q: "é".repeat(2000) } } }), headers);
    expect(session.status).toBe(200);
    const sessionId = session.body.session_id as string;
    const event = await api.raw("POST", "/events", gzipJson({ event: { event_type: "tool", session_id: sessionId, inputs: { n: 1 } } }), headers);
    expect(event.status).toBe(200);
    const run = await api.raw("POST", "/v1/runs", gzipJson({ name: "gz-run", event_ids: [sessionId] }), headers);
    expect(run.status).toBe(200);
    const stored = await api.call("GET", `/v1/sessions/${sessionId}`);
    expect(stored.body.inputs).toEqual({ q: "é".repeat(2000) });
    expect(stored.body.children_ids).toEqual([event.body.event_id]);
  });

  it("answers a malformed gzip body 400 and an unknown encoding 415, storing nothing", async () => {
    const bad = await api.raw("POST", "/session/start", Buffer.from("not gzip at all"), { "content-type": "application/json", "content-encoding": "gzip" });
    const br = await api.raw("POST", "/session/start", Buffer.from("{}"), { "content-type": "application/json", "content-encoding": "br" });
    expect([bad.status, br.status]).toEqual([400, 415]);
  });

  it("the SDK's API client gzips its bodies to it after the first answer, and the data arrives whole", async () => {
    const encodings: (string | undefined)[] = [];
    const recordingFetch: FetchLike = (url, init) => {
      encodings.push(init.headers?.["Content-Encoding"]);
      return fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: init.signal });
    };
    const sdk = createApiClient({ serverUrl: server.url, apiKey: "local", fetch: recordingFetch });
    const notes = "n".repeat(5000);
    const first = await sdk.sessions.start({ session: { session_name: "first", metadata: { notes } } });
    const second = await sdk.sessions.start({ session: { session_name: "second", metadata: { notes } } });
    expect(first.ok && second.ok).toBe(true);
    expect(encodings).toEqual([undefined, "gzip"]);
    for (const started of [first, second]) {
      const id = started.ok ? (started.data as { session_id: string }).session_id : "";
      expect((await api.call("GET", `/v1/sessions/${id}`)).body.metadata).toMatchObject({ notes });
    }
  });
});
