import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendHttp } from "../../packages/honeyhive/src/transport/send-http";

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
});
