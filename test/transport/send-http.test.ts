import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendHttp } from "../../packages/honeyhive/src/transport/send-http";
import { CircuitBreaker } from "../../packages/honeyhive/src/transport/circuit-breaker";
import type { FetchLike } from "../../packages/honeyhive/src/runtime/fetch-like";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("sendHttp over the default keep-alive transport", () => {
  it("times out a request that never answers, natively, and reports it without throwing", async () => {
    const url = await listen(() => undefined); // never responds
    const started = Date.now();
    const result = await sendHttp({ url, method: "POST", body: "x" }, { timeoutMs: 150, maxRetries: 0 });
    expect(result).toMatchObject({ ok: false, error: "timed out after 150 ms", retryable: true });
    expect(Date.now() - started).toBeLessThan(3000);
    server!.closeAllConnections();
  });

  it("retries a 503 then succeeds, sending the body and headers each time, reusing the connection", async () => {
    let calls = 0;
    const bodies: string[] = [];
    const sockets = new Set<unknown>();
    const url = await listen((req, res) => {
      sockets.add(req.socket);
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        bodies.push(`${req.headers["x-test"]}:${body}`);
        calls++;
        res.statusCode = calls === 1 ? 503 : 200;
        res.end(calls === 1 ? "busy" : '{"ok":true}');
      });
    });
    const result = await sendHttp({ url, method: "PUT", headers: { "x-test": "h" }, body: new Uint8Array([104, 105]) }, { initialBackoffMs: 1, maxRetries: 2 });
    expect(result).toMatchObject({ ok: true, status: 200, body: '{"ok":true}', attempts: 2 });
    expect(bodies).toEqual(["h:hi", "h:hi"]);
    expect(sockets.size).toBe(1);
  });

  it("reports connection refused as a retryable failure after the retries", async () => {
    const url = await listen(() => undefined);
    await new Promise((r) => server!.close(r));
    server = undefined;
    const result = await sendHttp({ url, method: "GET" }, { initialBackoffMs: 1, maxRetries: 1 });
    expect(result).toMatchObject({ ok: false, retryable: true, attempts: 2 });
  });

  it("a request that cannot be built (a header value Node refuses) fails at once: not retried, nothing sent", async () => {
    let requests = 0;
    const url = await listen((_req, res) => {
      requests++;
      res.end("{}");
    });
    const result = await sendHttp({ url, method: "PUT", headers: { "x-label": "生产" }, body: "x" }, { initialBackoffMs: 1, maxRetries: 3 });
    expect(result).toMatchObject({ ok: false, retryable: false, attempts: 1 });
    expect(result.ok ? "" : result.error).toContain("Invalid character in header content");
    expect(requests).toBe(0);
  });

  it("the caller's signal stops a request in flight and a wait before a retry, at once, without another attempt", async () => {
    let requests = 0;
    const url = await listen((req, res) => {
      requests++;
      if (req.url === "/busy") {
        res.statusCode = 503;
        res.setHeader("retry-after", "30");
        res.end("busy");
      } // any other path never answers
    });
    const inFlight = new AbortController();
    setTimeout(() => inFlight.abort(new Error("caller gave up")), 50);
    const started = Date.now();
    const hung = await sendHttp({ url: `${url}/hang`, method: "GET" }, { signal: inFlight.signal, timeoutMs: 10_000, maxRetries: 3 });
    expect(hung).toMatchObject({ ok: false, retryable: false, attempts: 1 });
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(new Error("caller gave up")), 50);
    const busy = await sendHttp({ url: `${url}/busy`, method: "GET" }, { signal: waiting.signal, maxRetries: 3, maxBackoffMs: 30_000 });
    expect(busy).toMatchObject({ ok: false, status: 503, attempts: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests).toBe(2);
    server!.closeAllConnections();
  });

  it("a breaker that opens stops the calls in flight through it, native transport and custom fetch alike", async () => {
    const url = await listen(() => undefined); // never answers
    const breaker = new CircuitBreaker();
    const signals: AbortSignal[] = [];
    const customFetch: FetchLike = (_input, init) => {
      signals.push(init.signal!);
      return new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason), { once: true }));
    };
    const native = sendHttp({ url, method: "GET" }, { breaker, timeoutMs: 10_000 });
    const custom = sendHttp({ url, method: "GET" }, { breaker, timeoutMs: 10_000, fetch: customFetch });
    await new Promise((r) => setTimeout(r, 50));
    breaker.record("unreachable", "GET /elsewhere: connection refused", false);
    const results = await Promise.all([native, custom]);
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, retryable: false, error: "stopped: backend unreachable (found by GET /elsewhere: connection refused)" });
    }
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    const later = await sendHttp({ url, method: "GET" }, { breaker });
    expect(later).toMatchObject({ ok: false, attempts: 0 });
    server!.closeAllConnections();
  });
});
