import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { eventually, saveScreenshot } from "./helpers/browser";
import { ViewerTab } from "./helpers/viewer-tab";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";
import { pythonJsonBody, type PySpan } from "../dev-server/spans";

const hex = (n: number) => randomUUID().replace(/-/g, "").slice(0, n);

/**
 * Req (issue 48, 3): a service whose span starts a session of its own under another service's span records its caller,
 * and the viewer's session page shows "called from" with a link to the caller's session (at the caller's event).
 * Two tracers ("services") over real HTTP with the SDK's propagation helpers, the real dev server, real Chromium.
 */
let server: DevServer;
let http: Server;
const tab = new ViewerTab();
const tracers: HoneyHiveTracer[] = [];

function newTracer(options: Record<string, unknown>): HoneyHiveTracer {
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, setAsDefault: false, logSink: () => undefined, ...options });
  tracers.push(tracer);
  return tracer;
}

/** Service A (`callerOptions`) calls service B over HTTP; B keeps a session of its own. Returns both tracers. */
async function callAcross(callerName: string, callerOptions: Record<string, unknown>): Promise<{ caller: HoneyHiveTracer; receiver: HoneyHiveTracer }> {
  const caller = newTracer({ sessionName: callerName, ...callerOptions });
  const receiver = newTracer({ sessionName: `${callerName}-receiver` });
  const handle = (headers: IncomingHttpHeaders) =>
    receiver.withExtractedContext(headers as Record<string, string>, () => trace(async function handleOrder() { return "ok"; }, { tracer: receiver, eventName: "handleOrder" })());
  http.removeAllListeners("request");
  http.on("request", (req, res) => void handle(req.headers).then((body) => res.end(body)));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const placeOrder = trace(async function placeOrder() {
    return (await fetch(url, { headers: caller.injectContext({} as Record<string, string>) })).text();
  }, { tracer: caller, eventName: "placeOrder" });
  expect(await placeOrder()).toBe("ok");
  expect(await caller.flush()).toBe(true);
  expect(await receiver.flush()).toBe(true);
  return { caller, receiver };
}

beforeAll(async () => {
  server = await startViewerServer();
  http = createServer();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  await tab.launch();
}, 120_000);
afterAll(async () => {
  await tab.close();
  await Promise.all(tracers.map((t) => t.shutdown()));
  await new Promise((resolve) => http.close(resolve));
  await server?.close();
});

async function placeOrderEventId(sessionId: string): Promise<string> {
  const { body } = await call(server, "POST", "/v1/events/export", { filters: [
    { field: "session_id", operator: "is", value: sessionId, type: "string" },
    { field: "event_name", operator: "is", value: "placeOrder", type: "string" },
  ] });
  expect(body.events).toHaveLength(1);
  return body.events[0].event_id;
}

describe("called from", () => {
  it("the receiver's session names the caller's session and event; the page links to them", async () => {
    const { caller, receiver } = await callAcross("checkout", { propagateSessionId: true });
    const callerEvent = await placeOrderEventId(caller.sessionId);
    const tree = (await call(server, "GET", `/viewer/sessions/${receiver.sessionId}/tree`)).body;
    expect(tree.session.called_from).toEqual({ session_id: caller.sessionId, session_name: "checkout", event_id: callerEvent });
    const own = (await call(server, "GET", `/viewer/sessions/${caller.sessionId}/tree`)).body;
    expect(own.session.called_from).toBeUndefined();

    const { page } = await tab.open(server, `/sessions/${receiver.sessionId}`);
    await eventually(() => page.getByTestId("called-from").textContent()).toBe("Called from checkout");
    await saveScreenshot(page, "called-from");
    await page.getByTestId("called-from-link").click();
    await eventually(() => page.getByTestId("page-title").textContent()).toBe("checkout");
    expect(page.url()).toContain(`/sessions/${caller.sessionId}`);
    expect(page.url()).toContain(`event=${callerEvent}`);
    expect(tab.watched.errors).toEqual([]);
  });

  it("a caller whose headers name no session is still found through its event", async () => {
    const { caller, receiver } = await callAcross("billing", {});
    const tree = (await call(server, "GET", `/viewer/sessions/${receiver.sessionId}/tree`)).body;
    expect(tree.session.called_from).toEqual({ session_id: caller.sessionId, session_name: "billing", event_id: await placeOrderEventId(caller.sessionId) });
  });

  it("an event of a session whose parent span is in another session (a Python service's spans) links to its caller in the waterfall", async () => {
    const [a, b, traceId, callerSpan, handleSpan] = [randomUUID(), randomUUID(), hex(32), hex(16), hex(16)];
    const span = (session: string, name: string, spanId: string, parent: string | null): PySpan => ({
      traceId, spanId, parentSpanId: parent, name, startMs: Date.now() - 100, endMs: Date.now(),
      attributes: { "honeyhive.session_id": session, "honeyhive.session_name": name === "reserve" ? "inventory" : "storefront", honeyhive_event_type: "tool" },
    });
    const sent = await call(server, "POST", "/opentelemetry/v1/traces", JSON.parse(pythonJsonBody([span(a, "reserve-stock", callerSpan, null), span(b, "reserve", handleSpan, callerSpan)])));
    expect(sent.status).toBe(200);
    const { page } = await tab.open(server, `/sessions/${b}`);
    await eventually(() => page.getByTestId("event-called-from").textContent()).toBe("↗ called from storefront");
    await eventually(() => page.getByTestId("called-from").textContent()).toBe("Called from storefront");
    await page.getByTestId("event-called-from-link").click();
    await eventually(() => page.getByTestId("page-title").textContent()).toBe("storefront");
    expect(page.url()).toContain(`/sessions/${a}`);
    expect(tab.watched.errors).toEqual([]);
  });

  it("another key's project does not see the caller (each key is its own project)", async () => {
    const { receiver } = await callAcross("isolated", { propagateSessionId: true });
    const other = await call(server, "GET", `/viewer/sessions/${receiver.sessionId}/tree`, undefined, { key: "hh_other_project_key", allowError: true });
    expect(other.status).toBe(404);
  });
});
