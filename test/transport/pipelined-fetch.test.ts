// The pipelining transport of background requests (session starts and updates): answers reach their own requests,
// every framing is read, and a server closing the socket mid-pipeline, answering late or too much never duplicates a
// write that is not safe to repeat nor loses one that is.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { backgroundHttpFetch } from "../../packages/honeyhive/src/runtime/node/http-fetch";
import { HttpTimeoutError, ResponseTooLargeError } from "../../packages/honeyhive/src/runtime/fetch-like";
import { sendHttp } from "../../packages/honeyhive/src/transport/send-http";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

interface TestServer {
  url: string;
  /** Sockets the server accepted. */
  connections: number;
  /** Requests it read, by path. */
  seen: string[];
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  resetHoneyHiveGlobals(); // closes the transport's sockets
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => {
    server.closeAllConnections();
    server.close(done);
  })));
});

async function serve(handler: Handler): Promise<TestServer> {
  const state = { connections: 0, seen: [] as string[] };
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      state.seen.push(req.url ?? "");
      handler(req, body, res);
    });
  });
  server.on("connection", () => state.connections++);
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, { url, close: () => new Promise<void>((done) => server.close(() => done())) });
}

const echo: Handler = (req, body, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ path: req.url, body }));
};

const put = (url: string, body: string, extra: Record<string, unknown> = {}): Promise<{ status: number; text: string }> =>
  backgroundHttpFetch(url, { method: "PUT", body, headers: { "content-type": "application/json", authorization: "Bearer k" }, timeoutMs: 10_000, ...extra }).then(
    async (r) => ({ status: r.status, text: await r.text() }),
  );

describe("pipelined background requests", () => {
  it("64 requests at once share at most 8 sockets, and each answer reaches its own request", async () => {
    const server = await serve(echo);
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => put(`${server.url}/events/${i}`, `{"n":${i},"é":"ü"}`)));
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({ path: `/events/${i}`, body: `{"n":${i},"é":"ü"}` });
    });
    expect(server.connections).toBeLessThanOrEqual(8);
    expect(server.connections).toBeGreaterThan(0);
  });

  it("reads chunked answers, HEAD answers and 204s between ordinary ones on one socket", async () => {
    const server = await serve((req, _body, res) => {
      if (req.url === "/chunked") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("one,");
        res.write("two,");
        setImmediate(() => res.end("three"));
      } else if (req.url === "/empty") {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(200, { "content-length": "5", "x-kind": "plain" });
        res.end(req.method === "HEAD" ? undefined : "plain");
      }
    });
    const get = (path: string, method = "GET") => backgroundHttpFetch(`${server.url}${path}`, { method, timeoutMs: 10_000 });
    const [chunked, head, empty, plain] = await Promise.all([get("/chunked"), get("/plain", "HEAD"), get("/empty"), get("/plain")]);
    expect(await chunked.text()).toBe("one,two,three");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("X-Kind")).toBe("plain");
    expect(empty.status).toBe(204);
    expect(await plain.text()).toBe("plain");
  });

  it("answers that close the connection: idempotent requests pipelined behind them are written again and answered", async () => {
    let count = 0;
    const server = await serve((_req, body, res) => {
      res.writeHead(200, (++count) % 3 === 0 ? { connection: "close" } : {});
      res.end(body);
    });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => put(`${server.url}/r/${i}`, String(i), { idempotent: true })));
    expect(answers.map((a) => a.text)).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(new Set(server.seen).size).toBe(40);
    expect(server.connections).toBeGreaterThan(1);
  });

  it("a server closing the socket mid-pipeline: an idempotent request is written again once, any other fails as a reset and is not re-sent", async () => {
    const kills = new Map<string, number>();
    const server = await serve((req, body, res) => {
      const path = req.url ?? "";
      const killed = kills.get(path) ?? 0;
      if (path.startsWith("/kill") && killed < (path === "/kill/twice" ? 2 : path === "/kill/once" ? 1 : Infinity)) {
        kills.set(path, killed + 1);
        (req.socket as Socket).destroy(); // processed, never answered: the requests behind it are lost with it
        return;
      }
      res.writeHead(200);
      res.end(body);
    });
    // written again once, transparently: one close is not a failure
    expect(await put(`${server.url}/kill/once`, "a", { idempotent: true })).toEqual({ status: 200, text: "a" });
    // a second close fails it as a reset (the caller's retries take over)
    await expect(put(`${server.url}/kill/twice`, "b", { idempotent: true })).rejects.toMatchObject({ code: "ECONNRESET" });
    const policy = { fetch: backgroundHttpFetch, initialBackoffMs: 1, maxRetries: 3 };
    const retried = await sendHttp({ url: `${server.url}/kill/twice`, method: "PUT", body: "c" }, policy);
    expect(retried).toMatchObject({ ok: true, body: "c" });
    // not idempotent: sent once, reported as a reset, never written again
    const once = await sendHttp({ url: `${server.url}/kill/always`, method: "POST", body: "d" }, { ...policy, idempotent: false });
    expect(once).toMatchObject({ ok: false, retryable: false, attempts: 1 });
    expect(server.seen.filter((path) => path === "/kill/always")).toHaveLength(1);
  });

  it("a request not answered in its timeoutMs fails with HttpTimeoutError; the pool goes on", async () => {
    const server = await serve((req, body, res) => {
      if (req.url === "/hang") return;
      res.end(body);
    });
    await expect(put(`${server.url}/hang`, "x", { timeoutMs: 300 })).rejects.toBeInstanceOf(HttpTimeoutError);
    expect(await put(`${server.url}/after`, "y")).toEqual({ status: 200, text: "y" });
  });

  it("the wait behind a slower answer on the same socket is not counted in a request's timeout", async () => {
    const server = await serve((req, body, res) => {
      if (req.url === "/slow") setTimeout(() => res.end("slow"), 800);
      else res.end(body); // held by the server until the slow answer before it is sent
    });
    const slow = put(`${server.url}/slow`, "s", { timeoutMs: 5_000 });
    const quick = put(`${server.url}/quick`, "q", { timeoutMs: 500 });
    expect(await Promise.all([slow, quick])).toEqual([{ status: 200, text: "slow" }, { status: 200, text: "q" }]);
    expect(server.connections).toBe(1);
  });

  it("an answer over maxResponseBytes fails with ResponseTooLargeError, never a cut body", async () => {
    const server = await serve((req, body, res) => res.end(req.url === "/big" ? "z".repeat(50_000) : body));
    await expect(put(`${server.url}/big`, "x", { maxResponseBytes: 10_000 })).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(await put(`${server.url}/small`, "y")).toEqual({ status: 200, text: "y" });
  });

  it("refuses a header value carrying CR/LF (no request smuggling) and writes nothing", async () => {
    const server = await serve(echo);
    await expect(put(`${server.url}/x`, "x", { headers: { "x-evil": "a\r\nGET /smuggled HTTP/1.1" } })).rejects.toBeInstanceOf(TypeError);
    expect(await put(`${server.url}/y`, "y")).toMatchObject({ status: 200 });
    expect(server.seen).toEqual(["/y"]);
  });

  it("a stopped request rejects at once; the answers behind it on the same socket still reach their requests", async () => {
    let release: (() => void) | undefined;
    const server = await serve((req, body, res) => {
      if (req.url === "/slow") release = () => res.end("late");
      else res.end(body);
    });
    const hooks: Array<(reason: unknown) => void> = [];
    const stop = { whenStopped: (hook: (reason: unknown) => void) => (hooks.push(hook), () => undefined) };
    const slow = put(`${server.url}/slow`, "s", { stop });
    const behind = put(`${server.url}/behind`, "b");
    await new Promise<void>((ready) => {
      const wait = (): unknown => (release === undefined ? setTimeout(wait, 5) : ready());
      wait();
    });
    hooks.forEach((hook) => hook(new Error("stopped by the caller")));
    await expect(slow).rejects.toThrow("stopped by the caller");
    release!();
    expect(await behind).toEqual({ status: 200, text: "b" });
  });

  it("a refused connection fails as ECONNREFUSED (never sent: safe to retry)", async () => {
    const server = await serve(echo);
    const url = server.url;
    await server.close();
    await expect(put(`${url}/x`, "x")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
