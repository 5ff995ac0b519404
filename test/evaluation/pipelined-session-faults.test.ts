// evaluate() against a backend whose sockets misbehave while session requests are pipelined on them: sockets closed
// mid-pipeline after a write was processed, 5 % of session writes failing with a 503, slow answers. What evaluate()
// reports must be what the server holds: every datapoint's session stored once, with its final update, none twice.
import { gunzipSync } from "node:zlib";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { createFakeBackend, type FakeBackend } from "./fake-backend";
import { expectSessionsStoredOnce } from "./sessions-stored-once";

const DATAPOINTS = 300;
let server: Server;
let url: string;
let backend: FakeBackend;
const counts = { closed: 0, failed: 0, slow: 0 };

beforeAll(async () => {
  backend = createFakeBackend();
  let sessionWrites = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const isSessionWrite = (req.method === "POST" && path === "/session/start") || (req.method === "PUT" && path === "/events");
      const n = isSessionWrite ? ++sessionWrites : 0;
      if (isSessionWrite && n % 20 === 7) {
        counts.failed++; // 5 %: not processed, answered 503 (retried by the SDK)
        res.writeHead(503, { "content-type": "application/json" });
        return void res.end('{"error":"injected"}');
      }
      const received = Buffer.concat(chunks);
      const bytes = req.headers["content-encoding"] === "gzip" ? gunzipSync(received) : received; // span export is gzipped
      const text = bytes.toString("utf8");
      const body = text && (req.headers["content-type"] ?? "").includes("json") ? (JSON.parse(text) as unknown) : undefined;
      const recorded = { method: req.method ?? "", path, query: new URL(req.url ?? "/", "http://127.0.0.1").searchParams, headers: req.headers, body, rawBody: text, bytes };
      void Promise.resolve(backend.handler(recorded)).then((reply) => {
        if (isSessionWrite && n % 25 === 3) {
          counts.closed++; // processed, then the socket closes with this answer and those behind it unsent
          return void req.socket.destroy();
        }
        const send = (): void => {
          res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
          res.end(JSON.stringify(reply.body ?? {}));
        };
        if (isSessionWrite && n % 10 === 5) {
          counts.slow++;
          setTimeout(send, 150);
        } else send();
      });
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => {
  server.closeAllConnections();
  server.close(() => done());
}));

it("sockets closed mid-pipeline, 5 % of session writes failing and slow answers: every session stored once, none lost", async () => {
  const dataset = Array.from({ length: DATAPOINTS }, (_, i) => ({ inputs: { i }, ground_truth: { i } }));
  const result = await evaluate({
    name: "pipelined-faults", apiKey: "hh_pipelined_faults", serverUrl: url, dataset, maxConcurrency: 64,
    function: async (inputs: Record<string, unknown>) => {
      await new Promise((r) => setTimeout(r, 2));
      return inputs.i;
    },
  });
  expect(counts.closed).toBeGreaterThan(0);
  expect(counts.failed).toBeGreaterThan(0);
  expect(counts.slow).toBeGreaterThan(0);
  expect(result.datapoints.filter((d) => d.status === "success")).toHaveLength(DATAPOINTS);
  // what evaluate() reports is what the server holds: one session per datapoint, each stored once and updated
  expectSessionsStoredOnce(backend, result, DATAPOINTS);
}, 120_000);
