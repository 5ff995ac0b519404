/**
 * OpenAI + OpenLLMetry as `npm install openai @traceloop/instrumentation-openai` gives them, through
 * `instrumentModules: { openAI: OpenAI }` (ES module; the instrumentation is the stack's, resolved from its folder).
 * The calls are the root routing test's (test/routing/openai-evaluate.ts).
 */
import { OpenAI } from "openai";
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { openAICalls } from "../../../routing/openai-evaluate";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";

const stack = withProviderStack({
  stack: "openai-traceloop",
  testUrl: import.meta.url,
  startFake: startFakeOpenAI,
  fromStackDir: true,
  captureLogs: false,
  run: (fake, backend) => {
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    return backend.evaluate("openai-traceloop", (i) => openAICalls(client, i), { openAI: OpenAI });
  },
});

describe("OpenAI + OpenLLMetry (instrumentModules)", () => {
  it("40 calls (20 streamed) -> 40 model events in their own sessions, inputs/outputs on each, tokens on the 20 with usage", () => {
    expectOneModelEventPerCall(stack.report, stack.row, "20/40"); // the streamed calls send no stream_options.include_usage: no usage to record
    for (const events of stack.report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["chat gpt-test", "chat gpt-test"]);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@traceloop/instrumentation-openai");
  });
});
