import { expect, it } from "vitest";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { PIPELINED_IN_FLIGHT, POOL_CONNECTIONS } from "../../packages/honeyhive/src/runtime/connection-pools";
import { useSessionBackend } from "../helpers/session-backend";

/**
 * Req (issue 48, bursts): the request timeout starts when the request is sent, never while it waits for a pooled
 * socket, and the circuit breaker opens only on real failures of the backend. A slow-but-healthy backend (every answer
 * after 250 ms) gets more concurrent session starts than the SDK's transport holds in flight (64: 8 pipelined sockets
 * of 8): the last ones wait about 6 × 250 ms for their turn, longer than the 1 s request timeout. Before the fix those waits timed out, three of them
 * opened the breaker, and the breaker gave up every other start. Now every session is stored with its name and
 * metadata, `flush()` is true and nothing is counted lost. The same through a fetch the SDK does not own (the
 * platform's fetch): the SDK sends at most 32 requests at once to one origin, each timed from when it is handed over.
 */
const SESSIONS = 400;
const DELAY_MS = 250;
const TIMEOUT_MS = 1_000;

const backend = useSessionBackend(DELAY_MS);

async function burst(label: string, fetchImpl?: typeof fetch): Promise<void> {
  const warnings: string[] = [];
  const tracer = new HoneyHiveTracer({
    apiKey: `hh_pool_wait_${label}`, serverUrl: backend().url, sessionName: "service", setAsDefault: false, timeoutMs: TIMEOUT_MS,
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl as never }),
    logSink: (level, message) => void (level === "warn" || level === "error" ? warnings.push(message) : undefined),
  });
  const ids: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    tracer.withSession({ sessionName: `${label}-${i}`, metadata: { request: i } }, (id) => void ids.push(id));
  }
  const flushed = await tracer.flush(60_000);
  const diagnostics = tracer.diagnostics();
  await tracer.shutdown();
  expect(warnings).toEqual([]);
  expect(ids.map((id) => backend().sessions.get(id))).toEqual(ids.map((_, i) => ({ name: `${label}-${i}`, metadata: { request: i } })));
  expect(diagnostics.sessionWritesLost).toEqual({ starts: 0, updates: 0 });
  expect(flushed).toBe(true);
}

it("session starts waiting for one of the API pool's sockets do not time out, and the breaker stays closed", async () => {
  await burst("native");
  // the transport was the bottleneck: the server never held more than its 64 requests in flight (8 sockets of 8)
  expect(backend().maxInFlight()).toBe(PIPELINED_IN_FLIGHT);
});

it("through the platform's fetch, at most 32 requests go to one origin at once and none times out waiting", async () => {
  const before = backend().received();
  backend().resetMaxInFlight();
  await burst("fetch", (url, init) => fetch(url, init));
  expect(backend().received() - before).toBeGreaterThanOrEqual(SESSIONS);
  expect(backend().maxInFlight()).toBeLessThanOrEqual(POOL_CONNECTIONS.api);
});
