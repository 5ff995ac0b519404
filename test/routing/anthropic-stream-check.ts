/**
 * The check of the Anthropic streamed-calls routing tests (`anthropicStreamCalls` of anthropic-workload.ts under
 * `evaluate()`): one model event per call, the OpenInference span kept, the client's built-in telemetry span a linked
 * chain, and every session's token totals equal to the fake's usage (input = 1 word, output = 2 words per call).
 */
import { expect } from "vitest";
import { type StackBackend, type StackReport, modelEvents } from "./evaluate-stack";

/** The calls of each datapoint (`b`: `create({ stream: true })`, `s`: `messages.stream()`). */
export const STREAM_TAGS = ["b", "s"] as const;

async function sessionTotals(backend: StackBackend, sessionId: string): Promise<{ prompt_tokens: unknown; completion_tokens: unknown }> {
  const res = await fetch(`${backend.server.url}/v1/sessions/${sessionId}`, { headers: { authorization: "Bearer local" } });
  expect(res.status).toBe(200);
  return (await res.json()) as { prompt_tokens: unknown; completion_tokens: unknown };
}

/** Asserts the report of 20 datapoints x {@link STREAM_TAGS} (see the module's comment). */
export async function expectStreamCallsOnce(report: StackReport, backend: StackBackend): Promise<void> {
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
  for (const events of report.eventsByDatapoint) {
    const models = modelEvents(events);
    expect(models.map((e) => e.event_name)).toEqual(["Anthropic Messages", "Anthropic Messages"]);
    for (const model of models) expect(model.metadata).toMatchObject({ prompt_tokens: 1, completion_tokens: 2 });
    const builtIn = events.filter((e) => e.event_name === "anthropic.messages.create");
    expect(builtIn.map((e) => e.event_type)).toEqual(["chain", "chain"]);
    // each names its call's model event by event id (metadata.same_call_as can be followed)
    for (const inner of builtIn) expect(models.map((m) => m.event_id)).toContain(inner.metadata?.same_call_as);
    const totals = await sessionTotals(backend, String(models[0]!.session_id));
    expect(totals).toMatchObject({ prompt_tokens: 2, completion_tokens: 4 });
  }
}
