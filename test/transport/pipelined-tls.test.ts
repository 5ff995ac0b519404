// Session requests over TLS, as production sends them: evaluate() in a child process against a real https loopback
// backend whose certificate a throwaway CA signed (made with openssl at test time; the child trusts it through
// NODE_EXTRA_CA_CERTS, so certificate checks stay on). The backend closes sockets mid-pipeline after processing a
// session write. With pipelining on and off (HH_HTTP_PIPELINING), the same backend and the same assertions: every
// datapoint's session stored once, with its final update. Without the CA the pipelining client refuses the server.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backgroundHttpFetch } from "../../packages/honeyhive/src/runtime/node/http-fetch";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { createFakeBackend, type FakeBackend } from "../evaluation/fake-backend";
import { expectSessionsStoredOnce } from "../evaluation/sessions-stored-once";
import { runChild } from "../helpers/run-child";
import { certificatesUnavailable, makeTestCertificates, type TestCertificates } from "../helpers/test-certificates";

const DATAPOINTS = 200;
const CHILD = join(__dirname, "fixtures", "pipelined-tls-child.ts");
const skipReason = certificatesUnavailable();
if (skipReason !== undefined) console.warn(`pipelined-tls.test.ts skipped: ${skipReason}`);

let certificates: TestCertificates;
let server: Server;
let url: string;
let backend: FakeBackend;
const counts = { requests: 0, closed: 0 };

/** A fake HoneyHive backend over https; one session write in 25 is processed, then its socket closes unanswered. */
async function startBackend(): Promise<void> {
  backend = createFakeBackend();
  let sessionWrites = 0;
  server = createServer({ key: certificates.key, cert: certificates.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      counts.requests++;
      const target = new URL(req.url ?? "/", "https://127.0.0.1");
      const isSessionWrite = (req.method === "POST" && target.pathname === "/session/start") || (req.method === "PUT" && target.pathname === "/events");
      const n = isSessionWrite ? ++sessionWrites : 0;
      const bytes = req.headers["content-encoding"] === "gzip" ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks);
      const text = bytes.toString("utf8");
      const body = text && (req.headers["content-type"] ?? "").includes("json") ? (JSON.parse(text) as unknown) : undefined;
      const recorded = { method: req.method ?? "", path: target.pathname, query: target.searchParams, headers: req.headers, body, rawBody: text, bytes };
      void Promise.resolve(backend.handler(recorded)).then((reply) => {
        if (isSessionWrite && n % 25 === 3) {
          counts.closed++; // processed, then the socket closes with this answer and those behind it unsent
          return void req.socket.destroy();
        }
        res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
        res.end(JSON.stringify(reply.body ?? {}));
      });
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  if (skipReason !== undefined) return;
  certificates = makeTestCertificates();
  await startBackend();
}, 30_000);
afterAll(async () => {
  if (skipReason !== undefined) return;
  resetHoneyHiveGlobals();
  await new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
  certificates.remove();
});

describe.skipIf(skipReason !== undefined)("session requests over TLS", () => {
  it.each([
    { setting: "true", pipelined: true },
    { setting: "false", pipelined: false },
  ])("HH_HTTP_PIPELINING=$setting: sockets closed mid-pipeline over TLS, every session stored once with its final update", async ({ setting, pipelined }) => {
    const closedBefore = counts.closed;
    const run = await runChild(CHILD, [JSON.stringify({ serverUrl: url, apiKey: "hh_pipelined_tls", size: DATAPOINTS })], {
      killAfterMs: 100_000, env: { NODE_EXTRA_CA_CERTS: certificates.caPath, HH_HTTP_PIPELINING: setting },
    });
    const done = run.events.find((e) => e.event === "done") as { result: { runId: string; succeeded: number; sessionIds: string[] }; pipelinedOrigins: number } | undefined;
    expect(done, `${run.stderr}\n${JSON.stringify(run.events.slice(-3))}`).toBeDefined();
    const { result } = done!;
    // the setting decides the transport: the pipelining client served the backend's origin, or nothing at all
    expect(done!.pipelinedOrigins).toBe(pipelined ? 1 : 0);
    expect(counts.closed).toBeGreaterThan(closedBefore);
    expect(result.succeeded).toBe(DATAPOINTS);
    // what evaluate() reports is what the server holds: one session per datapoint, each stored once and updated
    expectSessionsStoredOnce(backend, result, DATAPOINTS);
  }, 120_000);

  it("without the CA trusted, the pipelining client refuses the server's certificate and sends nothing", async () => {
    const before = counts.requests;
    const outcome = await backgroundHttpFetch(`${url}/session/start`, { method: "POST", body: "{}", headers: { "content-type": "application/json" }, timeoutMs: 10_000 }).then(
      (response) => ({ status: response.status, code: undefined as string | undefined }),
      (error: { code?: string }) => ({ status: 0, code: error.code }),
    );
    expect(outcome).toEqual({ status: 0, code: expect.stringMatching(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE/) });
    expect(counts.requests).toBe(before);
  }, 30_000);
});
