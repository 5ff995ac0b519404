// A traced function's arguments go through the same value rule as its output: a Date or a function argument is stored
// as the output would be (no JSON quotes inside the value), an object as JSON. Against the real dev server over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, createApiClient, enrichSpan, trace } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";

const KEY = "hh_input_leaf_key";
let server: DevServer;

beforeAll(async () => {
  server = await createDevServer({ port: 0, inMemory: true, logger: createLogger({ sink: () => undefined }) });
});
afterAll(async () => {
  await server.close();
});

async function storedSpans(sessionId: string): Promise<any[]> {
  const api = createApiClient({ serverUrl: server.url, apiKey: KEY });
  const result = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 });
  if (!result.ok) throw new Error(result.error);
  return result.data.events.filter((e) => e.event_type !== "session");
}

describe("traced inputs and outputs share one value rule", () => {
  it("a Date and a function argument are stored like a Date output (1.0 wrote toISOString(), not a JSON string)", async () => {
    const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "leaf-inputs", setAsDefault: false });
    function namedFn(): number {
      return 1;
    }
    const step = trace(function step(d: Date, f: () => number, o: { when: Date }) {
      enrichSpan({ inputs: { enriched: new Date(0) } });
      return { d, f: f.name, o };
    });
    tracer.trace(() => step(new Date(0), namedFn, { when: new Date(0) }));
    expect(await tracer.flush()).toBe(true);
    const [event] = await storedSpans(tracer.sessionId);
    const iso = "1970-01-01T00:00:00.000Z";
    expect(event.inputs.d).toBe(iso);
    expect(event.outputs.result.d).toBe(iso); // the same value as an output
    expect(event.inputs.f).toBe("[Function: namedFn]");
    expect(event.inputs.o).toBe(JSON.stringify({ when: iso })); // an object argument stays one JSON string
    expect(event.inputs.enriched).toBe(iso); // enrichSpan's inputs: the same rule
    await tracer.shutdown();
  });
});
