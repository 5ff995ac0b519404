/**
 * Cold start loads what the first span needs (decision record 0080): in a fresh process, `import "honeyhive"`, a tracer,
 * a traced call and its delivery to an `http:` collector load neither `node:https` (nor its TLS stack) nor `node:zlib`,
 * and of `@opentelemetry/context-async-hooks` only the AsyncLocalStorage manager; the session id comes from node:crypto
 * (loaded for span ids anyway), so the global Web Crypto object is never set up. Each loads when first needed: zlib
 * with the first body big enough to gzip (the collector gets it gzipped), https with the first `https:` request (which
 * reaches the server as a TLS handshake); `node:http`, `node:net` and `node:fs/promises` with the first request or file
 * operation, after the first traced call has returned. Run against the built package (dist/).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server } from "node:net";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const DIST = join(ROOT, "packages/honeyhive/dist");
const BUILT = existsSync(join(DIST, "index.cjs"));

/** The collector: answers every request 200 and records each span export's content encoding. */
const exports: { encoding: string | undefined; bytes: number }[] = [];
const collector = createHttpServer((req: IncomingMessage, res) => {
  let bytes = 0;
  req.on("data", (chunk: Buffer) => (bytes += chunk.length));
  req.on("end", () => {
    if (req.url?.includes("/traces")) exports.push({ encoding: req.headers["content-encoding"], bytes });
    res.setHeader("content-type", "application/json");
    res.end("{}");
  });
});
/** A TCP server standing for an `https:` endpoint: records the first bytes each connection sends. */
const firstBytes: Buffer[] = [];
const tlsEndpoint: Server = createTcpServer((socket) => {
  socket.once("data", (chunk: Buffer) => {
    firstBytes.push(chunk);
    socket.destroy();
  });
  socket.on("error", () => undefined);
});
const portOf = (server: { address(): AddressInfo | string | null }): number => (server.address() as AddressInfo).port;

beforeAll(async () => {
  await new Promise<void>((r) => collector.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => tlsEndpoint.listen(0, "127.0.0.1", r));
});
afterAll(async () => {
  await new Promise((r) => collector.close(r));
  await new Promise((r) => tlsEndpoint.close(r));
});

/** Runs `body` (an ES module, `hh` = the built package, `loaded()` = the built-ins and OTel files loaded so far). */
async function run(body: string): Promise<Record<string, unknown>> {
  const script = `
    const hh = await import(${JSON.stringify(pathToFileURL(join(DIST, "index.js")).href)});
    const { createRequire } = await import("node:module");
    const require = createRequire(${JSON.stringify(`${DIST}/`)});
    const loaded = () => ({
      builtins: process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)),
      contextManager: Object.keys(require.cache).filter((f) => f.includes("context-async-hooks")).map((f) => f.split("/").pop()).sort(),
    });
    ${body}`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT, env: { ...process.env, HH_API_KEY: "", HH_API_URL: "", HH_VERBOSE: "" }, timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").pop() as string) as Record<string, unknown>;
}

describe.skipIf(!BUILT)("cold start loads what the first span needs", () => {
  it("the first traced call delivered to an http: collector loads neither node:https, its TLS stack nor node:zlib; zlib loads with the first body worth gzipping", async () => {
    exports.length = 0;
    const out = await run(`
      const tracer = new hh.HoneyHiveTracer({ apiKey: "k", serverUrl: "http://127.0.0.1:${portOf(collector)}", project: "p", skipSessionStart: true });
      hh.trace(function first(x) { return x + 1; }, { tracer })(1);
      const firstCall = loaded();
      const firstDelivered = await tracer.flush();
      const first = loaded();
      for (let i = 0; i < 50; i++) hh.trace(function next(text) { return text; }, { tracer })("words ".repeat(20) + i);
      const laterDelivered = await tracer.flush();
      const later = loaded();
      await tracer.shutdown();
      console.log(JSON.stringify({ firstDelivered, laterDelivered, firstCall, first, later }));
    `);
    const firstCall = out.firstCall as { builtins: string[] };
    const first = out.first as { builtins: string[]; contextManager: string[] };
    // until a request is made, nothing of the network or the file system's promise API is loaded (decision record 0086)
    expect(firstCall.builtins.filter((m) => ["http", "net", "fs/promises"].includes(m))).toEqual([]);
    const later = out.later as { builtins: string[] };
    expect(out.firstDelivered).toBe(true);
    expect(out.laterDelivered).toBe(true);
    expect(first.builtins).toContain("http");
    expect(first.builtins.filter((m) => m === "https" || m === "tls" || m === "_tls_wrap" || m === "zlib")).toEqual([]);
    expect(first.builtins).toContain("crypto");
    expect(first.builtins).not.toContain("internal/crypto/webcrypto");
    expect(first.contextManager).toEqual(["AbstractAsyncHooksContextManager.js", "AsyncLocalStorageContextManager.js"]);
    expect(later.builtins).toContain("zlib");
    expect(later.builtins).not.toContain("https");
    expect(exports.map((e) => e.encoding)).toEqual([undefined, "gzip"]);
  }, 90_000);

  it("node:https loads with the first https: request, which reaches the server as a TLS handshake", async () => {
    firstBytes.length = 0;
    const out = await run(`
      const tracer = new hh.HoneyHiveTracer({ apiKey: "k", serverUrl: "https://127.0.0.1:${portOf(tlsEndpoint)}", project: "p", skipSessionStart: true });
      const before = loaded().builtins.includes("https");
      hh.trace(function first(x) { return x + 1; }, { tracer })(1);
      const delivered = await tracer.flush(5000);
      const after = loaded().builtins.includes("https");
      await tracer.shutdown(2000);
      console.log(JSON.stringify({ before, after, delivered }));
    `);
    expect(out).toEqual({ before: false, after: true, delivered: false });
    // a TLS record of type handshake (0x16), version 3.x: the request went out over TLS
    expect(firstBytes.length).toBeGreaterThan(0);
    expect([...(firstBytes[0] ?? Buffer.alloc(0)).subarray(0, 2)]).toEqual([0x16, 0x03]);
  }, 90_000);
});
