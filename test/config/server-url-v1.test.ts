// A server URL ending in `/v1` (or `/v1/`) is the server's root for every client: the SDK drops the suffix once, where
// the URL is checked, and says so once naming the URL it uses. Against the real dev server behind the spec-checking
// proxy: a tracer's spans and session and an evaluate() run (its datapoints' sessions included) all land, where the
// run used to be posted to /v1/v1/runs (404) and not uploaded.
import { afterEach, describe, expect, it, vi } from "vitest";
import { HoneyHiveTracer, evaluate } from "../../packages/honeyhive/src/index";
import { checkServerUrl } from "../../packages/honeyhive/src/config/server-url";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { sdkWarnings } from "../helpers/option-rule";
import { client } from "../dev-server/helpers";

const KEY = "hh_server_url_v1_key_0123456789";
const checked = useCheckedDevServer();
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("a server URL ending in /v1", () => {
  it("is used without the suffix, warned once naming the URL used", async () => {
    const { value, warnings } = await sdkWarnings(() => [checkServerUrl("http://127.0.0.1:9/hh/v1/", "serverUrl"), checkServerUrl("http://127.0.0.1:9/hh/v1", "serverUrl")]);
    expect(value.map((c) => c.url)).toEqual(["http://127.0.0.1:9/hh", "http://127.0.0.1:9/hh"]);
    expect(value.flatMap((c) => c.errors)).toEqual([]);
    expect(warnings).toEqual(['serverUrl "http://127.0.0.1:9/hh/v1" ends with /v1, which every API path already starts with; using http://127.0.0.1:9/hh']);
    expect(checkServerUrl("http://127.0.0.1:9/v1beta", "serverUrl").url).toBe("http://127.0.0.1:9/v1beta");
  });

  it("HH_API_URL=…/v1: a tracer's session and spans and an evaluate() run all land at the dev server", async () => {
    vi.stubEnv("HH_API_URL", `${checked.proxy.url}/v1`);
    const tracer = new HoneyHiveTracer({ apiKey: KEY, setAsDefault: false, sessionName: "v1-suffix", logSink: () => undefined });
    tracer.startSpan("answer", () => tracer.enrichSpan({ outputs: { answer: 4 } }));
    expect(await tracer.flush(10_000)).toBe(true);
    await tracer.shutdown(5_000);
    const events = await client(checked.server, KEY).call("POST", "/v1/events/search", { filters: [{ field: "session_id", operator: "is", value: tracer.sessionId, type: "string" }], limit: 10 });
    expect((events.body.events as { event_name: string }[]).map((e) => e.event_name)).toContain("answer");

    const result = await evaluate({
      function: async (inputs: { x: number }) => inputs.x, dataset: [{ inputs: { x: 1 } }, { inputs: { x: 2 } }],
      evaluators: [function big(output: number) { return output > 1; }], apiKey: KEY, printResults: false, gitInfo: false, progress: false,
    });
    expect(result.uploaded).toBe(true);
    const summary = (await client(checked.server, KEY).call("GET", `/v1/runs/${result.runId}/result`)).body;
    expect(summary.datapoints).toHaveLength(2);
    expect(checked.proxy.violations()).toEqual([]);
  });
});
