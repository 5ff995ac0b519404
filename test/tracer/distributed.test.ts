import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: (headers: IncomingHttpHeaders) => Promise<string>): Promise<string> {
  const server = createServer(async (req, res) => {
    res.end(await handler(req.headers));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function setup(trustIncomingSession: boolean) {
  const caller = createTestTracer({ runId: "run-1", datasetId: "ds-1", datapointId: "dp-1", propagateSessionId: true, project: "secret-project" });
  const receiver = createTestTracer({ trustIncomingSession });
  let seenBaggage = "";
  const serviceB = await listen(async (headers) => {
    seenBaggage = String(headers.baggage ?? "");
    return receiver.tracer.withExtractedContext(headers as Record<string, string>, () =>
      trace(async function handleB() { return "b-done"; }, { eventType: "chain" })(),
    );
  });
  const serviceA = await listen(async () =>
    caller.tracer.trace(() =>
      trace(async function callB() {
        const headers = caller.tracer.injectContext({} as Record<string, string>);
        return (await fetch(serviceB, { headers })).text();
      })(),
    ),
  );
  return { caller, receiver, serviceA, baggage: () => seenBaggage };
}

describe("distributed tracing across two loopback services", () => {
  it("continues the caller's trace; baggage carries only safe keys; session adopted only when trusted", async () => {
    const { caller, receiver, serviceA, baggage } = await setup(true);
    expect(await (await fetch(serviceA)).text()).toBe("b-done");
    const [callB] = await caller.spans();
    const [handleB] = await receiver.spans();
    expect(handleB!.spanContext().traceId).toBe(callB!.spanContext().traceId);
    expect(handleB!.parentSpanContext?.spanId).toBe(callB!.spanContext().spanId);
    const keys = baggage().split(",").map((entry) => entry.split("=")[0]!.trim()).sort();
    expect(keys).toEqual(["datapoint_id", "dataset_id", "run_id", "session_id"]);
    expect(baggage()).not.toContain("secret-project");
    expect(handleB!.attributes["honeyhive.session_id"]).toBe(caller.tracer.sessionId);
    expect(handleB!.attributes["honeyhive_metadata.run_id"]).toBe("run-1");
    expect(handleB!.attributes["honeyhive.project"]).toBeUndefined();
  });

  it("without trustIncomingSession the receiver keeps its own session, and names the run's ids as the caller's", async () => {
    const { caller, receiver, serviceA } = await setup(false);
    await (await fetch(serviceA)).text();
    const [handleB] = await receiver.spans();
    expect(handleB!.attributes["honeyhive.session_id"]).toBe(receiver.tracer.sessionId);
    expect(handleB!.attributes["honeyhive.session_id"]).not.toBe(caller.tracer.sessionId);
    // a session of the receiver's own is no datapoint of the caller's run: the ids are named as the caller's
    expect(handleB!.attributes["honeyhive_metadata.datapoint_id"]).toBeUndefined();
    expect(handleB!.attributes["honeyhive_metadata.run_id"]).toBeUndefined();
    expect(handleB!.attributes["honeyhive_metadata.caller_datapoint_id"]).toBe("dp-1");
    expect(handleB!.attributes["honeyhive_metadata.caller_run_id"]).toBe("run-1");
  });

  it("malformed traceparent and baggage are ignored, never thrown; percent-encoding is decoded", () => {
    const { tracer } = createTestTracer({ trustIncomingSession: true });
    const ctx = tracer.extractContext({ traceparent: "garbage", baggage: "%%%;;=,run_id=r%201,session_id=not-a-uuid" });
    expect(ctx).toBeDefined();
    const session = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";
    const headers = tracer.withExtractedContext({ baggage: `run_id=r%201,session_id=${session}` }, () => tracer.injectContext({} as Record<string, string>));
    expect(headers.baggage).toBe("run_id=r%201");
    // a run id whose session was not joined does not travel on: a session further down would count as the run's datapoint
    const unjoined = tracer.withExtractedContext({ baggage: "run_id=r%201" }, () => tracer.injectContext({} as Record<string, string>));
    expect(unjoined.baggage).toBeUndefined();
  });
});
