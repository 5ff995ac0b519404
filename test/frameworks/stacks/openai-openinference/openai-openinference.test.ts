/**
 * OpenAI + OpenInference as `npm install openai @arizeai/openinference-instrumentation-openai` gives them: the
 * instrumentation given to the tracer, then `openai` required (CommonJS, patched by the require hook). The calls are
 * the root streamed-usage tests' (test/routing/openai-stream-usage.ts): a plain call and one streamed with
 * `stream_options: { include_usage: true }` against a fake that answers with a dated model, so both lanes run the same
 * code and check the stream's tokens, first token and response model (the latest lane's `openai` 7 hands `post()`
 * other options than 6).
 */
import { createRequire } from "node:module";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type * as OpenAIModule from "openai";
import { describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { expectStreamedUsage, streamedUsageCalls } from "../../../routing/openai-stream-usage";
import { expectHelpersWork } from "../../openai-helpers-check";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";

/** The model the fake answers with (a provider names its dated snapshot, not the requested alias). */
const DATED = "gpt-4o-mini-2024-07-18";

const stack = withProviderStack({
  stack: "openai-openinference",
  testUrl: import.meta.url,
  startFake: () => startFakeOpenAI({ responseModel: () => DATED }),
  fromStackDir: true,
  captureLogs: false,
  streamedTags: ["b"],
  run: (fake, backend) => {
    createTestTracer({ instrumentations: [new OpenAIInstrumentation()] });
    const { OpenAI } = createRequire(import.meta.url)("openai") as typeof OpenAIModule;
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    return backend.evaluate("openai-openinference", (i) => streamedUsageCalls(client, i));
  },
});

describe("OpenAI + OpenInference (instrumentations + require)", () => {
  it("40 calls (20 streamed with include_usage) -> 40 model events in their own sessions, inputs/outputs, tokens and the response model on each; the streamed ones streamed, with a time to first token", () => {
    expectOneModelEventPerCall(stack.report, stack.row);
    expectStreamedUsage(stack.report, { responseModel: DATED }); // the usage chunk and first chunk of a stream: the SDK's stream observer
    for (const events of stack.report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["OpenAI Chat Completions", "OpenAI Chat Completions"]);
  });

  it("every helper of the client (create, stream, parse, runTools, the Responses API) answers as without instrumentation, each call one span", async () => {
    const { OpenAI } = createRequire(import.meta.url)("openai") as typeof OpenAIModule;
    await expectHelpersWork(OpenAI as never, `${stack.fake.url}/v1`, "@arizeai/openinference-instrumentation-openai");
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-openai");
  });
});
