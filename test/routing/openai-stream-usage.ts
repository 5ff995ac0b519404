/**
 * Shared by the streamed-usage tests (issue 23, requirement 7): datapoint i's two calls of the real `openai`
 * client — `unit-<i>/a` plain, `unit-<i>/b` streamed with `stream_options: { include_usage: true }` — and the check
 * that every model event of the run has token counts and cost, and the streamed one a time to first token.
 */
import type { OpenAI } from "openai";
import { expect } from "vitest";
import type { StackReport } from "./evaluate-stack";
import { modelEvents } from "./evaluate-stack";
import { unitMark } from "./routing-check";

/** The two calls of datapoint `i` (a priced model, so the events get a cost). */
export async function streamedUsageCalls(client: OpenAI, i: number): Promise<string[]> {
  const messages = (tag: string) => [{ role: "user" as const, content: `${unitMark(i)}${tag}` }];
  const plain = await client.chat.completions.create({ model: "gpt-4o-mini", messages: messages("a") });
  const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: messages("b"), stream: true, stream_options: { include_usage: true } });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  return [plain.choices[0]?.message.content ?? "", text];
}

/** Every datapoint: two model events with tokens and cost; the streamed one (`unit-<i>/b`) with a time to first token. */
export function expectStreamedUsage(report: StackReport): void {
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
      if (streamed) expect(metadata.time_to_first_token).toBeGreaterThan(0);
    }
    expect(models.filter((e) => typeof (e.metadata as Record<string, unknown>).time_to_first_token === "number")).toHaveLength(1);
  }
}
