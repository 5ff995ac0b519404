/**
 * OpenAI + OpenLLMetry as `npm install openai @traceloop/instrumentation-openai` gives them, through
 * `instrumentModules: { openAI: OpenAI }` (ES module; the instrumentation is the stack's, resolved from its folder, and
 * registered in `instrumentations` as the app's choice: the repository root, from which the SDK's sources load, also
 * installs OpenInference's, which `instrumentModules` prefers).
 * The calls are the root streamed-usage tests' (test/routing/openai-stream-usage.ts): a plain call and one streamed with
 * `stream_options: { include_usage: true }` against a fake that answers with a dated model, so both lanes check the
 * stream's tokens, first token and response model (the latest lane's `openai` 7 hands `post()` other options than 6).
 */
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { OpenAI } from "openai";
import { describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { expectStreamedUsage, streamedUsageCalls } from "../../../routing/openai-stream-usage";
import { expectHelpersWork } from "../../openai-helpers-check";
import { expectChoiceWarning, openAIRecorder } from "../../openai-recorder";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";

/** The model the fake answers with (a provider names its dated snapshot, not the requested alias). */
const DATED = "gpt-4o-mini-2024-07-18";
/** OpenLLMetry's, the app's choice; OpenInference's when the installed openai is newer than OpenLLMetry's release declares. */
const recorder = openAIRecorder(import.meta.url, new OpenAIInstrumentation({ enabled: false }));

const stack = withProviderStack({
  stack: "openai-traceloop",
  testUrl: import.meta.url,
  startFake: () => startFakeOpenAI({ responseModel: () => DATED }),
  fromStackDir: true,
  captureLogs: true,
  streamedTags: ["b"],
  run: (fake, backend) => {
    createTestTracer({ instrumentations: [new OpenAIInstrumentation()] });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    return backend.evaluate("openai-traceloop", (i) => streamedUsageCalls(client, i), { openAI: OpenAI });
  },
});

describe("OpenAI + OpenLLMetry (instrumentModules)", () => {
  it("40 calls (20 streamed with include_usage) -> 40 model events in their own sessions, inputs/outputs, tokens and the response model on each; the streamed ones streamed, with a time to first token", () => {
    expectOneModelEventPerCall(stack.report, stack.row);
    expectStreamedUsage(stack.report, { responseModel: DATED }); // the usage chunk and first chunk of a stream: the SDK's stream observer
    const name = recorder.eventName("gpt-4o-mini");
    for (const events of stack.report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual([name, name]);
    expectChoiceWarning(recorder, stack.sdkLines);
  });

  it("every helper of the client (create, stream, parse, runTools, the Responses API) answers as without instrumentation, each call one span", async () => {
    await expectHelpersWork(OpenAI as never, `${stack.fake.url}/v1`, recorder.scope); // stream() threw before the SDK's promise guard
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean(recorder.scope);
  });
});
