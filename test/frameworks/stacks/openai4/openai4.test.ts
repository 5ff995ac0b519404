/**
 * openai 4 (the major Genkit's OpenAI plugin still brings) as `npm install openai@4 @traceloop/instrumentation-openai
 * @arizeai/openinference-instrumentation-openai` gives them, through `instrumentModules: { openAI: OpenAI }` (ES
 * module): OpenInference's 4.x declares openai 5 to 7 (on 4 every call through it throws), so the SDK skips it and
 * patches with OpenLLMetry's, whose stream wrapper the SDK's promise guard keeps working with the client's helpers
 * (`beta.chat.completions.stream()` threw "Cannot read properties of undefined (reading 'signal')"). The evaluation runs
 * the root streamed-usage calls; then every helper of the client (test/routing/openai-helpers.ts).
 */
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { expectStreamedUsage, streamedUsageCalls } from "../../../routing/openai-stream-usage";
import { expectHelpersWork } from "../../openai-helpers-check";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";

const DATED = "gpt-4o-mini-2024-07-18";
const SCOPE = "@traceloop/instrumentation-openai";

const stack = withProviderStack({
  stack: "openai4",
  testUrl: import.meta.url,
  startFake: () => startFakeOpenAI({ responseModel: () => DATED }),
  fromStackDir: true,
  captureLogs: false,
  streamedTags: ["b"],
  run: (fake, backend) => {
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    return backend.evaluate("openai4", (i) => streamedUsageCalls(client, i), { openAI: OpenAI });
  },
});

describe("openai 4 + instrumentModules (OpenLLMetry's: OpenInference's declares openai 5 to 7)", () => {
  it("40 calls (20 streamed with include_usage) -> 40 model events, tokens, the response model and a time to first token on each stream", () => {
    expectOneModelEventPerCall(stack.report, stack.row);
    expectStreamedUsage(stack.report, { responseModel: DATED });
    for (const events of stack.report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["chat gpt-4o-mini", "chat gpt-4o-mini"]);
  });

  it("every helper of the client answers as without instrumentation, each call one span (beta.chat.completions.stream() included)", async () => {
    await expectHelpersWork(OpenAI as never, `${stack.fake.url}/v1`, SCOPE);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean(SCOPE);
  });
});
