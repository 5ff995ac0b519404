/**
 * The SDK closes a keep-alive socket it is not using before the server does: after the server's `Keep-Alive:
 * timeout=` hint less a second, or after IDLE_SOCKET_TIMEOUT_MS when the server gives none. node:http's agent alone
 * ignores the hint unless an agent timeout is set, and kept idle sockets until the server closed them: a request
 * written as the server closed its socket met a reset, and a POST (a run's creation) failed for good, as a write is
 * never retried once it may have reached the server. Here the server sees its connection ended by the client (a FIN
 * before its own idle timeout destroys the socket): on the old agent the client never ends it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "../../packages/honeyhive/src/runtime/node/http-fetch";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server whose idle keep-alive timeout is `keepAliveMs` (0: none, and no hint); resolves each connection's end. */
async function serverClosingIdleAfter(keepAliveMs: number, hint?: string): Promise<{ url: string; connections: Promise<"client ended" | "server closed">[] }> {
  const connections: Promise<"client ended" | "server closed">[] = [];
  server = createServer((req, res) => {
    req.resume();
    // a hint of its own replaces node:http's `timeout=N` (with `connection` set, node:http adds none)
    if (hint !== undefined) res.setHeader("connection", "keep-alive").setHeader("keep-alive", hint);
    req.on("end", () => res.end("{}"));
  });
  server.keepAliveTimeout = keepAliveMs;
  server.on("connection", (socket: Socket) => {
    connections.push(new Promise((resolve) => {
      socket.on("end", () => resolve("client ended")); // the client's FIN
      socket.on("close", () => resolve("server closed")); // destroyed by the server's idle timeout first
    }));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1/runs`, connections };
}

describe("idle keep-alive sockets", () => {
  it("are closed by the SDK a second before the server's Keep-Alive hint says the server closes them", async () => {
    const { url, connections } = await serverClosingIdleAfter(3_000); // hint "timeout=3": the client closes after 2 s idle
    const answer = await nodeHttpFetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(answer.status).toBe(200);
    expect(connections).toHaveLength(1);
    expect(await connections[0]).toBe("client ended");
  }, 30_000);

  it("follow a hint that does not start the header (node:http alone reads only `timeout=` first, and kept them 4 s)", async () => {
    const { url, connections } = await serverClosingIdleAfter(3_000, "max=100, timeout=3"); // the client closes after 2 s idle
    const answer = await nodeHttpFetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(answer.headers.get("keep-alive")).toBe("max=100, timeout=3");
    expect(await connections[0]).toBe("client ended");
  }, 30_000);

  it("are closed by the SDK after IDLE_SOCKET_TIMEOUT_MS when the server gives no hint", async () => {
    const { url, connections } = await serverClosingIdleAfter(0);
    const answer = await nodeHttpFetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(answer.headers.get("keep-alive")).toBeNull();
    expect(await Promise.race([connections[0], new Promise((resolve) => setTimeout(() => resolve("still open after 20 s"), 20_000))])).toBe("client ended");
  }, 30_000);
});

/** Blocks the event loop for `ms` (the app's own synchronous work): no timer runs meanwhile. */
function busyFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* busy */ }
}

describe("an idle socket whose timeout passed while the event loop was busy", () => {
  it("is not handed to the next request: a POST after 3.5 s of synchronous work goes on a new connection", async () => {
    const { url, connections } = await serverClosingIdleAfter(3_000); // the server closes idle sockets after 3 s
    const post = () => nodeHttpFetch(url, { method: "POST", body: JSON.stringify({ pad: "x".repeat(200_000) }), headers: { "content-type": "application/json" } });
    expect((await post()).status).toBe(200);
    busyFor(3_500); // neither the client's idle timer (2 s) nor the server's (3 s) could run
    const answer = await post().then((r) => r.status, (error: unknown) => String(error));
    expect(answer).toBe(200);
    // the old transport wrote it on the pooled socket whose server side had timed out: a reset whenever the server's
    // timer ran before it read the request (test/evaluation/streamed-file-dataset.test.ts lost its run that way)
    expect(connections).toHaveLength(2);
  }, 30_000);
});
