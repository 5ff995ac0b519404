import { createServer } from "node:http";
import { expect, it } from "vitest";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { listenOnLoopback } from "../helpers/loopback-server";

/**
 * Req (issue 48, bursts): every session start or update the SDK gives up is counted in
 * `diagnostics().sessionWritesLost` and makes `flush()` resolve false: against a backend that is really down (the
 * connection refused: the circuit breaker opens and gives up the rest) and one that answers 503 to everything (the
 * retries run out). Without a disk spool nothing is kept for later, so each start and each update is lost. The flush
 * after that, with nothing lost since, is true again.
 */
const SESSIONS = 12;

async function sessionsAgainst(serverUrl: string, label: string): Promise<{ firstFlush: boolean; secondFlush: boolean; lost: unknown; warnings: string[] }> {
  const warnings: string[] = [];
  const tracer = new HoneyHiveTracer({
    apiKey: `hh_lost_${label}`, serverUrl, sessionName: "service", setAsDefault: false, timeoutMs: 1_000,
    logSink: (level, message) => void (level === "warn" ? warnings.push(message) : undefined),
  });
  for (let i = 0; i < SESSIONS; i++) {
    tracer.withSession({ sessionName: `${label}-${i}`, metadata: { request: i } }, () => void tracer.enrichSession({ metadata: { answered: i } }));
  }
  const firstFlush = await tracer.flush(30_000);
  const lost = tracer.diagnostics().sessionWritesLost;
  const secondFlush = await tracer.flush(5_000);
  await tracer.shutdown();
  return { firstFlush, secondFlush, lost, warnings };
}

it("a backend that refuses connections: every start and update given up is counted, and flush() is false", async () => {
  const listening = await listenOnLoopback(createServer((_req, res) => res.end("{}")));
  await listening.close(); // nothing listens on the port any more: every connection is refused
  const outcome = await sessionsAgainst(listening.url, "refused");
  expect(outcome.lost).toEqual({ starts: SESSIONS, updates: SESSIONS });
  expect(outcome.firstFlush).toBe(false);
  expect(outcome.secondFlush).toBe(true); // nothing given up since the previous flush
  expect(outcome.warnings.some((w) => w.includes("could not be started"))).toBe(true);
});

it("a backend that answers 503 to everything: the writes whose retries ran out are counted, and flush() is false", async () => {
  let requests = 0;
  const listening = await listenOnLoopback(createServer((_req, res) => {
    requests++;
    res.statusCode = 503;
    res.end('{"error":"unavailable"}');
  }));
  try {
    const outcome = await sessionsAgainst(listening.url, "unavailable");
    expect(outcome.lost).toEqual({ starts: SESSIONS, updates: SESSIONS });
    expect(outcome.firstFlush).toBe(false);
    expect(outcome.secondFlush).toBe(true);
    expect(requests).toBeGreaterThanOrEqual(2 * SESSIONS); // each was really sent (and retried) before being given up
  } finally {
    await listening.close();
  }
});

it("two flushes at once both answer false for an update lost while they waited (the first to finish hides it from neither)", async () => {
  const listening = await listenOnLoopback(createServer((req, res) => {
    res.statusCode = req.method === "PUT" ? 400 : 200;
    res.end(req.method === "PUT" ? '{"error":"refused"}' : "{}");
  }));
  try {
    const tracer = new HoneyHiveTracer({ apiKey: "hh_lost_together", serverUrl: listening.url, sessionName: "service", setAsDefault: false, timeoutMs: 1_000, logSink: () => undefined });
    expect(await tracer.flush(10_000)).toBe(true); // the session started: nothing lost yet
    void tracer.enrichSession({ metadata: { refused: true } });
    const [first, second] = await Promise.all([tracer.flush(10_000), tracer.flush(10_000)]);
    expect(tracer.diagnostics().sessionWritesLost).toEqual({ starts: 0, updates: 1 });
    expect([first, second]).toEqual([false, false]);
    expect(await tracer.flush(10_000)).toBe(true); // nothing lost since
    await tracer.shutdown();
  } finally {
    await listening.close();
  }
});
