/**
 * A dev server behind a reverse proxy that keeps the public Host header refuses it (403, its DNS-rebinding check) until
 * the name is allowed. Neither the tracer's export warning nor `diagnose()` may then blame the API key: both report the
 * server's own reason. A 403 with no reason still points at the key. The key never appears in what they say.
 */
import { createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, diagnose } from "../../packages/honeyhive/src/index";

const KEY = "hh-refused-host-secret-5150";
let dev: DevServer;
let proxy: Server;
let proxyUrl = "";
let bare: Server;
let bareUrl = "";

/** A reverse proxy to the dev server that sends the public name it was reached by, as nginx's `proxy_set_header Host`. */
function reverseProxy(target: URL): Server {
  return createServer((req, res) => {
    const forwarded = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: "public.example" } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on("error", () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

beforeAll(async () => {
  const silent = (): void => undefined;
  dev = await createDevServer({ port: 0, inMemory: true, logger: { verbose: false, debug: silent, info: silent, warn: silent, error: silent, warnOnce: silent } });
  proxy = reverseProxy(new URL(dev.url));
  proxyUrl = await listen(proxy);
  bare = createServer((req, res) => req.resume().on("end", () => res.writeHead(403).end()));
  bareUrl = await listen(bare);
});
afterAll(async () => {
  for (const s of [proxy, bare]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await dev.close();
});

async function exportWarning(serverUrl: string): Promise<string> {
  const lines: string[] = [];
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl, sessionName: "refused-host", setAsDefault: false, logSink: (_l, m) => lines.push(m) });
  tracer.getTracer().startSpan("step").end();
  expect(await tracer.flush()).toBe(false);
  await tracer.shutdown();
  expect(lines.join("\n")).not.toContain(KEY);
  return lines.find((m) => m.includes("span export failed")) ?? "";
}

describe("a 403 for the Host header", () => {
  it("the export warning gives the server's reason, not the key", async () => {
    const warning = await exportWarning(proxyUrl);
    expect(warning).toMatch(/HTTP 403: forbidden: the Host or Origin header does not name this server/);
    expect(warning).not.toMatch(/check the API key/);
  });

  it("diagnose() reports the server's reason and the dev server's way to allow the name, not a refused key", async () => {
    const backend = (await diagnose({ apiKey: KEY, serverUrl: proxyUrl })).checks.find((c) => c.id === "backend")!;
    expect(backend.status).toBe("problem");
    expect(backend.summary).toMatch(/refused the request \(HTTP 403: forbidden: the Host or Origin header/);
    expect(backend.fix).toMatch(/--allowed-host/);
    expect(`${backend.summary} ${backend.fix}`).not.toMatch(/API key|HH_API_KEY/);
    expect(JSON.stringify(backend)).not.toContain(KEY);
  });

  it("a 403 without a reason still points at the key, in the warning and in diagnose()", async () => {
    expect(await exportWarning(bareUrl)).toMatch(/HTTP 403 \(check the API key\)/);
    const backend = (await diagnose({ apiKey: KEY, serverUrl: bareUrl })).checks.find((c) => c.id === "backend")!;
    expect(backend.summary).toMatch(/refused the API key \(HTTP 403\)/);
  });
});
