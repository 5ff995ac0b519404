import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { type AddressInfo, createServer as createTcpServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { CircuitBreaker, FAILURES_TO_OPEN, INITIAL_COOLDOWN_MS } from "../../packages/honeyhive/src/transport/circuit-breaker";
import { readBody } from "../helpers/read-body";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";

/**
 * Req: a dead backend costs a call at most one short wait. Once an API client knows its backend is down, later
 * calls fail at once (no connection, no retry schedule) until a probe after a cool-down finds it back.
 */
function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe("CircuitBreaker", () => {
  it("opens at once when the backend is unreachable, after a few calls without answer otherwise; one probe per cool-down", () => {
    let now = 0;
    const breaker = new CircuitBreaker(() => now);
    breaker.record("unreachable", "refused", false);
    expect(breaker.decide().kind).toBe("reject");
    now += INITIAL_COOLDOWN_MS;
    expect(breaker.decide().kind).toBe("probe");
    expect(breaker.decide().kind).toBe("reject"); // one probe at a time
    breaker.record("unreachable", "refused", true);
    now += INITIAL_COOLDOWN_MS;
    expect(breaker.decide().kind).toBe("reject"); // the cool-down doubled
    now += INITIAL_COOLDOWN_MS;
    expect(breaker.decide().kind).toBe("probe");
    breaker.record("answered", "", true);
    expect(breaker.decide().kind).toBe("send");
    for (let i = 1; i < FAILURES_TO_OPEN; i++) breaker.record("no-answer", "timed out", false);
    expect(breaker.decide().kind).toBe("send"); // a slow server is not a dead one
    breaker.record("no-answer", "timed out", false);
    expect(breaker.decide().kind).toBe("reject");
  });
});

describe("an API client against a dead backend", () => {
  let connections = 0;
  let refusing: Server;
  let url: string;
  beforeAll(async () => {
    refusing = createTcpServer((socket) => {
      connections++;
      socket.destroy();
    });
    url = await listen(refusing);
  });
  afterAll(() => new Promise<void>((r) => refusing.close(() => r())));

  it("after the breaker opens, later calls make no connection and fail at once, naming why", async () => {
    const api = createApiClient({ serverUrl: url, apiKey: "k", initialBackoffMs: 10, timeoutMs: 2000 });
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await api.runs.get(`r${i}`));
    // FAILURES_TO_OPEN attempts without an answer (the first call's, counted one by one), then nothing
    expect(connections).toBe(FAILURES_TO_OPEN);
    expect(!results[0]!.ok && results[0]!.error).toMatch(/GET \/v1\/runs\/r0 failed after 3 attempt\(s\): stopped: backend unreachable/);
    const rejected = results.slice(1);
    for (const result of rejected) expect(!result.ok && result.error).toMatch(/GET \/v1\/runs\/r\d+ was not sent: backend unreachable \(found by GET \/v1\/runs\/r0: /);
  });

  it("a closed port opens the breaker after the first call", async () => {
    const probe = createTcpServer();
    const closed = await listen(probe);
    await new Promise<void>((r) => probe.close(() => r()));
    const api = createApiClient({ serverUrl: closed, apiKey: "k", initialBackoffMs: 10 });
    const first = await api.runs.get("a");
    const second = await api.runs.get("b");
    expect(!first.ok && first.error).toMatch(/after 4 attempt/);
    expect(!second.ok && second.error).toMatch(/was not sent: backend unreachable \(found by /);
  });
});

describe("evaluate() with a backend whose sessions die mid-run (one breaker for the run)", () => {
  let dev: DevServer;
  let front: ReturnType<typeof createHttpServer>;
  let frontUrl: string;
  let sessionRequests = 0;
  beforeAll(async () => {
    dev = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
    const upstream = new URL(dev.url);
    // Runs and spans reach the dev server; session starts and updates get their connection reset (a dead service).
    front = createHttpServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        if (req.url?.startsWith("/v1/sessions") || (req.method === "PUT" && req.url?.startsWith("/v1/events"))) {
          sessionRequests++;
          req.socket.destroy();
          return;
        }
        const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on("error", () => res.destroy());
        forward.end(body);
      })();
    });
    frontUrl = await listen(front);
  });
  afterAll(async () => {
    front.closeAllConnections();
    await new Promise<void>((r) => front.close(() => r()));
    await dev.close();
  });

  it("datapoints after the run's breaker opened send nothing more; one warning per outage; the run says why it is not stored", async () => {
    const N = 40;
    const logs = captureSdkLogs();
    const result = await evaluate({
      apiKey: "local", serverUrl: frontUrl, progress: false, maxConcurrency: 2,
      dataset: Array.from({ length: N }, (_, i) => ({ inputs: { i } })),
      function: (inputs: { i: number }) => inputs.i,
      evaluators: [function positive(o: number) { return o >= 0; }],
    });
    logs.restore();
    expect(result.datapoints).toHaveLength(N);
    const sessionWarnings = logs.lines.filter((l) => l.level === "warn" && /^session /.test(l.message));
    expect(sessionWarnings).toHaveLength(1);
    expect(sessionWarnings[0]!.message).toMatch(/could not be started .*backend unreachable/);
    expect(result.datapoints.every((d) => d.status === "success")).toBe(true);
    // Without the breaker: N starts + N updates, 4 attempts each (320). With the run's one breaker: the attempts
    // in flight when it opened; the span export and the run's completion then go through the same breaker. Session
    // requests are pipelined (decision record 0087): one whose socket closes unanswered is written once more on
    // another socket before it counts as failed, so each of those attempts reaches the server at most twice.
    expect(sessionRequests).toBeLessThanOrEqual(2 * (FAILURES_TO_OPEN + 2));
    expect(result.uploaded).toBe(false);
    expect(result.uploadError).toMatch(/^PUT \/v1\/runs\/\S+ was not sent: backend unreachable \(found by POST \/v1\/sessions: /);
    expect(logs.lines.filter((l) => l.level === "warn").map((l) => l.message.split(" (")[0])).toEqual([
      expect.stringMatching(/^session \S+ could not be started$/), "span export failed: backend unreachable", "some spans of the run could not be delivered", "could not complete the run",
    ]);
  }, 120_000);
});
