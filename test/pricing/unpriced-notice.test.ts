// A model without a price is named in the dev server's log (what `honeyhive serve` prints), once per provider and
// model, whether its calls arrive over OTLP or the events API; priced calls are not mentioned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { client, startServer } from "../dev-server/helpers";
import { capturedFixture, relocatedOtlp } from "./fixture-costs";

const lines: string[] = [];
let server: DevServer;

function renamed(model: string): any {
  const fixture = capturedFixture("anthropic-sdk.json");
  for (const r of fixture.otlp.resourceSpans) for (const s of r.scopeSpans) for (const span of s.spans) {
    for (const a of span.attributes) if (a.key === "gen_ai.request.model" || a.key === "gen_ai.response.model") a.value = { stringValue: model };
  }
  return relocatedOtlp(fixture);
}

beforeAll(async () => {
  server = await startServer({ logger: createLogger({ sink: (level, message) => lines.push(`${level}: ${message}`) }) });
});
afterAll(() => server.close());

describe("models without a price in the server's log", () => {
  it("names each unpriced model once, with its provider, and says how to add a price", async () => {
    const api = client(server, "key-notice");
    const otlp = (body: unknown) => api.call("POST", "/opentelemetry/v1/traces", JSON.stringify(body), { "content-type": "application/json" });
    expect((await otlp(renamed("claude-unreleased-9"))).status).toBe(200); // three calls
    expect((await otlp(renamed("claude-unreleased-9"))).status).toBe(200);
    expect((await otlp(renamed("claude-sonnet-4-6"))).status).toBe(200); // priced by the dataset
    const event = { event_type: "model", session_id: crypto.randomUUID(), event_name: "local", source: "test", inputs: {}, outputs: {},
      config: { model: "llama3.2", provider: "ollama" }, metadata: { prompt_tokens: 10, completion_tokens: 2 } };
    expect((await api.call("POST", "/events", { event })).status).toBe(200);
    const notices = lines.filter((l) => l.includes("no price"));
    expect(notices).toEqual([
      'warn: no price for model "claude-unreleased-9" (provider "anthropic"): the cost of its calls is unknown, not 0; add a price with --prices or HH_DEV_SERVER_PRICES',
      'warn: no price for model "llama3.2" (provider "ollama"): the cost of its calls is unknown, not 0; add a price with --prices or HH_DEV_SERVER_PRICES',
    ]);
  });
});
