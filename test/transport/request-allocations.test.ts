import { createHook } from "node:async_hooks";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { sendHttp } from "../../packages/honeyhive/src/transport/send-http";
import { CircuitBreaker } from "../../packages/honeyhive/src/transport/circuit-breaker";
import { CallStop } from "../../packages/honeyhive/src/internal/call-stop";
import { runtime } from "../../packages/honeyhive/src/runtime/platform";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import type { FetchLike } from "../../packages/honeyhive/src/runtime/fetch-like";
import { listenOnLoopback, type LoopbackServer } from "../helpers/loopback-server";

/**
 * Req: what one request costs above the socket on the uploading path (decision record 0099, fourth round): the
 * promises a session request makes through the SDK's own pipelined transport are bounded, and the constant headers
 * the API client sends are written once while staying the client's own (a fetch the SDK does not own gets a copy).
 */
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = await listenOnLoopback(createServer(handler));
  return server.url;
}

/** The promises made while `work` runs (async_hooks' PROMISE resources: each one the async-context hook pays for). */
async function promisesMadeBy(work: () => Promise<unknown>): Promise<number> {
  let made = 0;
  const hook = createHook({ init: (_id, type) => void (type === "PROMISE" && made++) }).enable();
  try {
    await work();
  } finally {
    hook.disable();
  }
  return made;
}

describe("one session request through the SDK's own pipelined transport", () => {
  // the count is Node 20's (the gated version): another V8 may make more or fewer promises for the same code
  it.runIf(process.versions.node.startsWith("20."))("makes a bounded number of promises (a request sent plain has no async layer of its own; its answer is not awaited twice)", async () => {
    const url = await listen((_req, res) => res.end('{"session_id":"s"}'));
    const breaker = new CircuitBreaker();
    const send = () => {
      const stop = new CallStop();
      return sendHttp({ url: `${url}/v1/sessions`, method: "POST", headers: { "content-type": "application/json" }, body: "{}" }, {
        fetch: runtime.transport.background, breaker, signal: stop, idempotent: true,
      }).finally(() => stop.release());
    };
    await send(); // the socket is open: the requests measured below only write and read
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) counts.push(await promisesMadeBy(async () => expect(await send()).toMatchObject({ ok: true, status: 200 })));
    // 18 with this test's own (23 before, Node 20): no async wrapper around a plain send (nor its thenable's
    // resolution), no async exchange, no awaited text() of an answer read whole
    expect(Math.min(...counts)).toBeLessThanOrEqual(18);
  });
});

describe("the API client's headers", () => {
  it("a fetch the SDK does not own gets headers of its own: what it adds to them is not sent with the next request", async () => {
    const seen: Array<Record<string, string>> = [];
    const customFetch: FetchLike = async (_url, init) => {
      const headers = init.headers as Record<string, string>;
      seen.push({ ...headers });
      headers["x-added-by-fetch"] = "1"; // a proxy's fetch adding its own header in place
      return { ok: true, status: 200, headers: { get: () => null }, text: async () => '{"run_id":"r"}' };
    };
    const api = createApiClient({ serverUrl: "http://127.0.0.1:9", apiKey: "hh-test-key", fetch: customFetch });
    expect((await api.runs.get("r1")).ok).toBe(true);
    expect((await api.runs.get("r2")).ok).toBe(true);
    expect(seen).toHaveLength(2);
    expect(seen[1]!["x-added-by-fetch"]).toBeUndefined();
    expect(seen[1]!.Authorization).toBe("Bearer hh-test-key");
  });

  it("reach the server whole on every request through the SDK's own transport (written once, sent each time)", async () => {
    const received: IncomingHttpHeaders[] = [];
    const url = await listen((req, res) => {
      received.push(req.headers);
      res.end('{"run_id":"r"}');
    });
    const api = createApiClient({ serverUrl: url, apiKey: "hh-test-key" });
    for (const id of ["r1", "r2", "r3"]) expect((await api.runs.get(id)).ok).toBe(true);
    expect(received).toHaveLength(3);
    for (const headers of received) {
      expect(headers).toMatchObject({ authorization: "Bearer hh-test-key", accept: "application/json", "hh-sdk-language": "typescript" });
    }
  });

  it("a frozen headers object with a header Node refuses fails every request, not only the first (its check is not skipped)", async () => {
    let requests = 0;
    const url = await listen((_req, res) => {
      requests++;
      res.end("{}");
    });
    const headers = Object.freeze({ "x-label": "a\r\nb" });
    for (let i = 0; i < 2; i++) {
      const result = await sendHttp({ url, method: "PUT", headers, body: "x" }, { fetch: runtime.transport.background, maxRetries: 0 });
      expect(result.ok ? "" : result.error).toContain("invalid HTTP header");
    }
    expect(requests).toBe(0);
  });
});
