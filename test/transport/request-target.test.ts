// The SDK's transport parses a URL's origin once per process (not the whole URL on every request) and sends a string
// body as it is (not copied into a Buffer first). Both are invisible on the wire: the request options and the bytes
// sent are the ones the old per-request `new URL` and Buffer copy gave, for the SDK's URLs and odd ones alike.
import { request as httpRequest } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { urlToHttpOptions } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "../../packages/honeyhive/src/runtime/node/http-fetch";
import { requestOptions } from "../../packages/honeyhive/src/runtime/node/request-target";

/** What node:http reads from the options of a parsed URL. */
function used(options: Record<string, unknown>): Record<string, unknown> {
  const { protocol, hostname, port, auth, path } = options;
  return { protocol, hostname, port, auth, path };
}

function thrownBy(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const URLS = [
  "http://127.0.0.1:4318/v1/sessions", "https://api.honeyhive.ai/v1/events/0c5c6b1e-1f2a-4b3c-9d8e-123456789abc",
  "http://localhost:8080/opentelemetry/v1/traces", "HTTPS://API.Example.COM:443/v1/runs?limit=10&offset=0",
  "http://example.com:80/", "http://example.com", "https://example.com:80/x", "http://[::1]:4318/v1/runs",
  "http://host/a/./b", "http://host/a/../b", "http://host/a/%2e%2E/b", "http://host/a/.", "http://host/..",
  "http://host/a/.b/..c/", "http://host/v1/events/a%20b", "http://host/v1/runs?name=it's", "http://host/x?",
  "http://host/x?a=1#frag", "http://host/x y", "http://host/x\ty", "http://host/ünï", "http://host/x\\y",
  "http://user:p%40ss@host/x", "http://host:0x50/x", "http://host:99999/x", "http://exa mple.com/x",
  "http://münchen.example/x", "http://host/{a}/`b`^", "http://host/a|b", "http://host//double//slash",
  "http://host/x?q=/../y", "http://host/x?a=%zz", "ftp://host/x", "not a url", "http://",
];

describe("requestOptions()", () => {
  it.each(URLS)("%s: the options (or the error) new URL gives", (url) => {
    const expected = thrownBy(() => new URL(url));
    expect(thrownBy(() => requestOptions(url))).toBe(expected);
    if (expected === undefined) expect(used(requestOptions(url))).toEqual(used(urlToHttpOptions(new URL(url)) as Record<string, unknown>));
  });
});

/** A TCP server that records the raw bytes of each request and answers 200 `{}` once the declared body is in. */
let raw: Server;
let port = 0;
const received: string[] = [];
const sockets = new Set<Socket>();
beforeAll(async () => {
  raw = createServer((socket: Socket) => {
    sockets.add(socket);
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const head = buffered.indexOf("\r\n\r\n");
      const length = Number(/content-length: (\d+)/i.exec(buffered.subarray(0, head).toString("latin1"))?.[1] ?? 0);
      if (head < 0 || buffered.length < head + 4 + length) return;
      received.push(buffered.toString("latin1"));
      buffered = Buffer.alloc(0);
      socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  port = (raw.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => {
  raw.close(() => resolve());
  for (const socket of sockets) socket.destroy();
}));

/** The bytes of one request sent the way the transport sent it before: `new URL` per request, the body in a Buffer. */
function referenceBytes(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const bytes = body === undefined ? undefined : Buffer.from(body);
    const sent = bytes ? { ...headers, "content-length": bytes.byteLength } : { ...headers };
    const req = httpRequest(new URL(url), { method, headers: sent }, (res) => {
      res.resume();
      res.on("end", () => resolve(received.at(-1)!));
    });
    req.on("error", reject);
    req.end(bytes);
  });
}

describe("the bytes on the wire", () => {
  const headers = { Authorization: "Bearer k", "Content-Type": "application/json", "hh-sdk-language": "typescript" };
  const body = JSON.stringify({ session: { session_name: "ünïcødé ✓ \ud83d\ude00", inputs: { q: "x".repeat(300) } } });

  it.each([
    ["POST", "/v1/sessions"], ["PUT", "/v1/events/0c5c6b1e-1f2a-4b3c-9d8e-123456789abc"], ["GET", "/v1/runs?limit=10&name=it's"],
    ["POST", "/a/../v1/events/a%20b"],
  ])("%s %s: a string body and a Uint8Array body send what the old transport sent", async (method, path) => {
    const url = `http://127.0.0.1:${port}${path}`;
    const sent = method === "GET" ? undefined : body;
    const expected = (await referenceBytes(url, method, headers, sent)).replace(/Connection: close/, "Connection: keep-alive");
    for (const form of sent === undefined ? [undefined] : [sent, new TextEncoder().encode(sent)]) {
      const response = await nodeHttpFetch(url, { method, headers, body: form, timeoutMs: 5000 });
      expect(await response.text()).toBe("{}");
      expect(received.at(-1)).toBe(expected);
    }
  });

  it("the origin is parsed once, not on every request", async () => {
    await nodeHttpFetch(`http://127.0.0.1:${port}/v1/sessions`, { method: "POST", body: "{}" });
    const Original = globalThis.URL;
    let parsed = 0;
    globalThis.URL = class extends Original {
      constructor(...args: ConstructorParameters<typeof URL>) {
        super(...args);
        parsed++;
      }
    } as typeof URL;
    try {
      for (let i = 0; i < 5; i++) await (await nodeHttpFetch(`http://127.0.0.1:${port}/v1/events/id-${i}`, { method: "PUT", body: "{}" })).text();
    } finally {
      globalThis.URL = Original;
    }
    expect(parsed).toBe(0);
  });
});
