/**
 * Shared by the streamed-usage tests (issue 23, requirement 7): datapoint i's two calls of the real `openai`
 * client (6.x or 7.x) — `unit-<i>/a` plain, `unit-<i>/b` streamed with `stream_options: { include_usage: true }` —
 * and the check that every model event of the run has token counts and cost, and the streamed one the `streamed`
 * flag, a time to first token and, when the fake names one, the response model.
 */
import { expect } from "vitest";
import type { StackReport } from "./evaluate-stack";
import { modelEvents } from "./evaluate-stack";
import { unitMark } from "./routing-check";

type Messages = { role: "user"; content: string }[];

/** The part of an `openai` client (6.x or 7.x: the classes differ, their chat completions agree) the calls use. */
export interface ChatCompletionsClient {
  chat: {
    completions: {
      create(body: { model: string; messages: Messages }): PromiseLike<{ choices: { message: { content: string | null } }[] }>;
      create(body: { model: string; messages: Messages; stream: true; stream_options: { include_usage: boolean } }): PromiseLike<AsyncIterable<{ choices: { delta?: { content?: string | null } }[] }>>;
    };
  };
}

/** The two calls of datapoint `i` with `model` (a priced one, so the events get a cost). */
export async function streamedUsageCalls(client: ChatCompletionsClient, i: number, model = "gpt-4o-mini"): Promise<string[]> {
  const messages = (tag: string): Messages => [{ role: "user", content: `${unitMark(i)}${tag}` }];
  const plain = await client.chat.completions.create({ model, messages: messages("a") });
  const stream = await client.chat.completions.create({ model, messages: messages("b"), stream: true, stream_options: { include_usage: true } });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  return [plain.choices[0]?.message.content ?? "", text];
}

/** What {@link expectStreamedUsage} checks beyond tokens and cost. */
export interface StreamedUsageExpectation {
  /** The model the fake's answers name (`config.model` of every model event). */
  responseModel?: string;
}

/**
 * Every datapoint: two model events with tokens and cost; the streamed one (`unit-<i>/b`) marked streamed, with a
 * time to first token; with `responseModel`, both name the model the provider answered with.
 */
export function expectStreamedUsage(report: StackReport, expectation: StreamedUsageExpectation = {}): void {
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
  for (const events of report.eventsByDatapoint) {
    const models = modelEvents(events);
    expect(models).toHaveLength(2);
    for (const event of models) {
      const metadata = event.metadata as Record<string, unknown>;
      expect(metadata.prompt_tokens).toEqual(expect.any(Number));
      expect(metadata.completion_tokens).toEqual(expect.any(Number));
      expect(metadata.cost).toBeGreaterThan(0);
      const streamed = /unit-\d+\/b/.test(JSON.stringify(event.inputs));
      if (streamed) expect(metadata).toMatchObject({ streamed: true, time_to_first_token: expect.any(Number) });
      if (streamed) expect(metadata.time_to_first_token).toBeGreaterThan(0);
      if (expectation.responseModel !== undefined) expect((event.config as Record<string, unknown>).model).toBe(expectation.responseModel);
    }
    expect(models.filter((e) => typeof (e.metadata as Record<string, unknown>).time_to_first_token === "number")).toHaveLength(1);
  }
}
