// Updates of one session made without awaiting land in call order, even when the earlier one's request is slow:
// sent side by side, the slow earlier write landed last and its value stayed, while both calls reported success.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, createApiClient, enrichSession, feedback } from "../../packages/honeyhive/src/index";
import { startForwardingProxy, type ForwardingProxy } from "../helpers/forwarding-proxy";

const KEY = "hh_updates_in_order_key";
const silent = () => undefined;
let server: DevServer;
let proxy: ForwardingProxy;
let proxyUrl = "";
/** PUT requests seen by the proxy; the first of each test is held for 300 ms before it is forwarded. */
let puts = 0;

beforeAll(async () => {
  server = await createDevServer({ port: 0, inMemory: true, apiKeys: { [KEY]: "in-order" }, logger: { verbose: false, debug: silent, info: silent, warn: silent, error: silent, warnOnce: silent } });
  proxy = await startForwardingProxy(server.url, async (req) => {
    if (req.method === "PUT" && (puts += 1) === 1) await new Promise((r) => setTimeout(r, 300));
  });
  proxyUrl = proxy.url;
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

async function storedSession(sessionId: string): Promise<{ metadata: Record<string, unknown>; feedback: Record<string, unknown> }> {
  const api = createApiClient({ serverUrl: server.url, apiKey: KEY });
  const result = await api.events.export({ filters: [{ field: "event_id", operator: "is", value: sessionId, type: "string" }], limit: 10 });
  if (!result.ok) throw new Error(result.error);
  return result.data.events[0] as { metadata: Record<string, unknown>; feedback: Record<string, unknown> };
}

describe("updates of one session made without awaiting", () => {
  it("enrichSession: the later call's value is the one stored", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: proxyUrl, sessionName: "in-order", setAsDefault: false });
    const sessionId = tracer.sessionId;
    expect(await enrichSession({ sessionId, metadata: { started: true } }, tracer)).toBe(true); // the session is stored
    puts = 0;
    const first = enrichSession({ sessionId, metadata: { step: "first", a: 1 } }, tracer);
    const second = enrichSession({ sessionId, metadata: { step: "second", b: 2 } }, tracer);
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(await tracer.flush()).toBe(true);
    expect((await storedSession(sessionId)).metadata).toMatchObject({ step: "second", a: 1, b: 2 });
    await tracer.shutdown();
  });

  it("feedback: a thumb flipped up then down without awaiting holds down", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: proxyUrl, sessionName: "thumbs", setAsDefault: false });
    const sessionId = tracer.sessionId;
    expect(await enrichSession({ sessionId, metadata: { started: true } }, tracer)).toBe(true); // the session is stored
    puts = 0;
    const up = feedback({ sessionId }, { name: "thumbs", value: true }, { tracer });
    const down = feedback({ sessionId }, { name: "thumbs", value: false }, { tracer });
    expect(await Promise.all([up, down])).toEqual([true, true]);
    expect((await storedSession(sessionId)).feedback.thumbs).toBe(false);
    await tracer.shutdown();
  });
});
