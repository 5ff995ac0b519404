/**
 * OpenAI + OpenInference as `npm install openai @arizeai/openinference-instrumentation-openai` gives them: the
 * instrumentation given to the tracer, then `openai` required (CommonJS, patched by the require hook). The calls are
 * the root routing test's (test/routing/openai-evaluate.ts), so both lanes run the same code.
 */
import { createRequire } from "node:module";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type * as OpenAIModule from "openai";
import { describe, expect, it } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { openAICalls } from "../../../routing/openai-evaluate";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "../../provider-stack";

const stack = withProviderStack({
  stack: "openai-openinference",
  testUrl: import.meta.url,
  startFake: startFakeOpenAI,
  fromStackDir: true,
  captureLogs: false,
  run: (fake, backend) => {
    createTestTracer({ instrumentations: [new OpenAIInstrumentation()] });
    const { OpenAI } = createRequire(import.meta.url)("openai") as typeof OpenAIModule;
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    return backend.evaluate("openai-openinference", (i) => openAICalls(client, i));
  },
});

describe("OpenAI + OpenInference (instrumentations + require)", () => {
  it("40 calls (20 streamed) -> 40 model events in their own sessions, inputs/outputs on each, tokens on the 20 with usage", () => {
    expectOneModelEventPerCall(stack.report, stack.row, "20/40"); // the streamed calls send no stream_options.include_usage: no usage to record
    for (const events of stack.report.eventsByDatapoint) expect(modelEvents(events).map((e) => e.event_name)).toEqual(["OpenAI Chat Completions", "OpenAI Chat Completions"]);
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-openai");
  });
});
