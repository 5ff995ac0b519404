// A score write goes ahead of a backlog of session starts: against a backend that answers session starts slowly (200 a
// second), 1,000 per-request sessions are started and then one sampled session; at shutdown with a 3 s budget (the
// backlog alone takes 5 s), the sampled session's start is sent ahead of the waiting ones, and its score is written
// and stored, while the starts left unsent at the deadline are counted lost. The real dev server, in this process,
// behind a forwarding proxy that paces the session starts. No timed assertion: the order of arrival is what is checked.
import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { HoneyHiveTracer, createApiClient, isSessionSampled } from "../../packages/honeyhive/src/index";
import { startForwardingProxy, type ForwardingProxy } from "../helpers/forwarding-proxy";

const RATE = 0.5;
const BACKLOG = 1000;
/** The proxy answers one session start every this many ms, in order of arrival. */
const START_EVERY_MS = 5;

let server: DevServer;
let proxy: ForwardingProxy;
/** The session ids of the session starts that reached the proxy, in order of arrival. */
const arrived: string[] = [];

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  let nextAt = 0;
  proxy = await startForwardingProxy(server.url, async (req, bytes) => {
    if (req.method !== "POST" || req.url !== "/v1/sessions") return;
    const text = (req.headers["content-encoding"] === "gzip" ? gunzipSync(bytes) : bytes).toString("utf8");
    arrived.push(String((JSON.parse(text) as { session_id: string }).session_id)); // `POST /v1/sessions` sends it bare
    const now = performance.now();
    nextAt = Math.max(now, nextAt) + START_EVERY_MS;
    await new Promise((resolve) => setTimeout(resolve, nextAt - now));
  });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

/** `count` random session ids that are (or are not) sampled at {@link RATE}. */
function sessionIds(count: number, sampled: boolean): string[] {
  const ids: string[] = [];
  while (ids.length < count) {
    const id = randomUUID();
    if (isSessionSampled(id, RATE) === sampled) ids.push(id);
  }
  return ids;
}

/** The ids of the sessions of `key` whose session event holds a `judge` score. */
async function scored(key: string): Promise<string[]> {
  const api = createApiClient({ serverUrl: server.url, apiKey: key });
  const filters = [
    { field: "event_type", operator: "is", value: "session", type: "string" } as const,
    { field: "metrics.judge", operator: "exists", value: "", type: "number" } as const,
  ];
  const found = await api.events.export({ filters, limit: 100 });
  if (!found.ok) throw new Error(found.error);
  return found.data.events.map((event) => String(event.session_id));
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("a score write behind a backlog of session starts", () => {
  it("its session's start goes ahead of the waiting starts, and the score is stored within a 3 s shutdown", async () => {
    const key = "hh_score_first_key";
    const tracer = new HoneyHiveTracer({
      apiKey: key, serverUrl: proxy.url, setAsDefault: false, logSink: () => undefined,
      onlineEvaluation: { sampleRate: RATE, evaluators: [function judge() { return 1; }] },
    });
    const backlog = sessionIds(BACKLOG, false);
    const [judged] = sessionIds(1, true) as [string];
    for (const sessionId of backlog) tracer.withSession({ sessionId, sessionName: "backlog" }, () => tracer.startSpan("handler", () => 1));
    tracer.withSession({ sessionId: judged, sessionName: "judged" }, () => tracer.startSpan("handler", () => "answer", { captureOutput: true }));
    await until(() => arrived.length > 0); // the backlog is being answered, one start at a time

    const delivered = await tracer.shutdown(3_000);
    const online = tracer.diagnostics().onlineEvaluation!;
    expect(online).toMatchObject({ sampled: 1, evaluated: 1, written: 1, writeFailures: 0, dropped: 0, pending: 0 });
    expect(await scored(key)).toEqual([judged]); // the server holds the score, on that session

    // the judged session's start reached the backend ahead of most of the backlog started before it (in the old order
    // it came after all 1,000, which take 5 s here); the backlog did not drain within the 3 s
    const position = arrived.indexOf(judged);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThan(BACKLOG / 4);
    expect(delivered).toBe(false);
    // every start that never reached the backend is counted lost (the aborted ones settle just after shutdown returns)
    const ours = new Set([...backlog, judged]);
    const neverSent = (): number => ours.size - arrived.filter((id) => ours.has(id)).length;
    await until(() => tracer.diagnostics().sessionWritesLost.starts >= neverSent());
    expect(neverSent()).toBeGreaterThan(0);
    expect(tracer.diagnostics().sessionWritesLost.starts).toBeGreaterThanOrEqual(neverSent());
  }, 120_000);
});
