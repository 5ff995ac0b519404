/**
 * Issue 20: `instrumentModules: { anthropic }` with `@anthropic-ai/sdk` 1.x. Traceloop's Anthropic
 * instrumentation (tried first) throws on this version (it wraps the legacy `Completions` API, gone in 1.x);
 * the SDK falls back to the next installed instrumentation (OpenInference's) instead of leaving the module
 * unpatched with a warning. Under `evaluate()` (20 datapoints, `maxWorkers: 10`, second call streamed): one
 * model event per call, with its messages, in its own datapoint's session. Issue 23 req 7: every call has its token
 * counts, and the streamed one a time to first token (the instrumentation records none; the SDK's stream observer,
 * integrations/provider-stream-usage.ts, applied by `instrumentModules`, does).
 */
import * as AnthropicModule from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureSdkLogs } from "../../packages/honeyhive/src/testing";
import { anthropicCalls } from "./anthropic-workload";
import { type StackBackend, type StackReport, modelEvents, startStackBackend } from "./evaluate-stack";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";

let fake: FakeAnthropic;
let backend: StackBackend;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  backend = await startStackBackend();
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("instrumentModules: { anthropic } with @anthropic-ai/sdk 1.x", () => {
  it("patched without a warning; 40 calls -> 40 model events with messages, each in its own session", async () => {
    const client = new AnthropicModule.Anthropic({ baseURL: fake.url, apiKey: "sk-ant-test", maxRetries: 0 });
    const logs = captureSdkLogs();
    let report: StackReport | undefined;
    try {
      report = await backend.evaluate("anthropic-modules", (i) => anthropicCalls(client, i), { anthropic: AnthropicModule });
    } finally {
      logs.restore();
    }
    expect(logs.text()).not.toContain("was not patched");
    if (report === undefined) throw new Error("no report");
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const [i, events] of report.eventsByDatapoint.entries()) {
      const models = modelEvents(events);
      expect(models.map((e) => e.event_name)).toEqual(["Anthropic Messages", "Anthropic Messages"]);
      // the streamed reply is recorded on its model event (where the viewer shows it is the ingest's dialect mapping)
      expect(JSON.stringify(models.map((e) => [e.outputs, e.metadata]))).toContain(`echo: unit-${i}/b`);
      for (const event of models) expect((event.metadata as Record<string, unknown>).prompt_tokens).toEqual(expect.any(Number));
      const firstChunk = models.map((e) => (e.metadata as Record<string, unknown>).time_to_first_token);
      expect(firstChunk.filter((t) => typeof t === "number" && t > 0)).toHaveLength(1);
      // the observer's counts (from message_start and message_delta) agree with the instrumentation's own
      const streamed = models.find((e) => typeof (e.metadata as Record<string, unknown>).time_to_first_token === "number")!.metadata as Record<string, unknown>;
      expect([streamed["gen_ai.usage.input_tokens"], streamed["gen_ai.usage.output_tokens"]]).toEqual([streamed["llm.token_count.prompt"], streamed["llm.token_count.completion"]]);
    }
  });
});
