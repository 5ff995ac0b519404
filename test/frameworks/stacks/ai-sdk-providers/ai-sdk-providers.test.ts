/**
 * Vercel AI SDK 6 with the Anthropic and Google providers (`@ai-sdk/anthropic`, `@ai-sdk/google`) as `npm install`
 * gives them, `experimental_telemetry: { isEnabled: true }`, against loopback fakes of the Anthropic Messages API and
 * the Gemini API. Per datapoint: Anthropic `generateText` (`a`) and `streamText` (`b`), Gemini `generateText` (`g`) and
 * `streamText` (`s`), and a Gemini tool loop (`t`: the tool-call turn, the tool, the answer): 6 LLM calls, each one
 * model event in its datapoint's session, with tokens and a price; every stream has a time to first token.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import * as ai from "ai";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { startFakeAnthropic } from "../../../helpers/fake-anthropic-server";
import { startFakeGemini } from "../../../helpers/fake-gemini-server";
import { modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { toolResultFor } from "../../ai-sdk-workload";
import { withProviderStack } from "../../provider-stack";

const CLAUDE = "claude-sonnet-4-6";
const GEMINI = "gemini-2.5-flash";
const telemetry = { isEnabled: true };

/** Both fakes, closed together. */
async function startFakes() {
  const anthropic = await startFakeAnthropic();
  const gemini = await startFakeGemini();
  return { url: anthropic.url, anthropic, gemini, close: async () => void (await Promise.all([anthropic.close(), gemini.close()])) };
}

type Fakes = Awaited<ReturnType<typeof startFakes>>;

function providerCalls(fakes: Fakes) {
  const claude = createAnthropic({ baseURL: `${fakes.anthropic.url}/v1`, apiKey: "sk-ant-test" })(CLAUDE);
  const gemini = createGoogleGenerativeAI({ baseURL: `${fakes.gemini.url}/v1beta`, apiKey: "gemini-test" })(GEMINI);
  const lookup = ai.tool({ description: "Looks the query up.", inputSchema: z.object({ query: z.string() }), execute: async ({ query }) => toolResultFor(query) });
  const streamed = async (model: typeof claude, prompt: string): Promise<string> => {
    let text = "";
    for await (const part of ai.streamText({ model, prompt, experimental_telemetry: telemetry }).textStream) text += part;
    return text;
  };
  return async (i: number): Promise<string[]> => [
    (await ai.generateText({ model: claude, prompt: `${unitMark(i)}a`, experimental_telemetry: telemetry, maxRetries: 0 })).text,
    await streamed(claude, `${unitMark(i)}b`),
    (await ai.generateText({ model: gemini, prompt: `${unitMark(i)}g`, experimental_telemetry: telemetry, maxRetries: 0 })).text,
    await streamed(gemini, `${unitMark(i)}s`),
    (await ai.generateText({ model: gemini, prompt: `${unitMark(i)}t`, tools: { lookup }, stopWhen: ai.stepCountIs(2), experimental_telemetry: telemetry, maxRetries: 0 })).text,
  ];
}

const stack = withProviderStack({
  stack: "ai-sdk-providers",
  testUrl: import.meta.url,
  startFake: startFakes,
  fromStackDir: false,
  captureLogs: true,
  run: (fakes, backend) => backend.evaluate("ai-sdk-providers", providerCalls(fakes), undefined, { tags: ["a", "b", "g", "s", "t"], callsPerTag: { t: 2 } }),
});

describe("ai 6 + @ai-sdk/anthropic + @ai-sdk/google (experimental_telemetry)", () => {
  it("120 LLM calls -> 120 model events in their own sessions, none doubled, inputs and outputs on every model and tool event", () => {
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 120, arrived: 120, misrouted: 0, doubleCounted: 0, lost: 0 });
    const [withIo, of] = stack.row.withInputsOutputs.split("/");
    expect(withIo).toBe(of);
    expect(stack.sdkLines).toBe("");
  });

  it("tokens and a price on every call, the provider each call went to, a time to first token on every stream", () => {
    expect(stack.row.withTokens).toBe("120/120");
    expect(stack.row.unpricedModels).toEqual([]);
    for (const [unit, events] of stack.report.eventsByDatapoint.entries()) {
      const models = modelEvents(events);
      for (const event of models) expect((event.metadata as Record<string, unknown>).cost).toBeGreaterThan(0);
      const byTag = (tag: string) => models.filter((e) => JSON.stringify(e.inputs).includes(`${unitMark(unit)}${tag}`));
      for (const tag of ["a", "b"]) expect(byTag(tag).map((e) => (e.config as Record<string, unknown>).provider)).toEqual(["anthropic"]);
      for (const tag of ["g", "s"]) expect(byTag(tag).map((e) => (e.config as Record<string, unknown>).provider)).toEqual(["gcp.gemini"]);
      for (const tag of ["b", "s"]) expect(byTag(tag)[0]?.metadata).toMatchObject({ time_to_first_token: expect.any(Number) });
    }
  });

  it("the tool call is a tool event with the arguments as inputs and the result as outputs", () => {
    const tools = stack.report.eventsByDatapoint.flatMap((events, unit) =>
      events.filter((e) => e.event_type === "tool" && e.event_name === "lookup" && JSON.stringify(e.inputs).includes(`${unitMark(unit)}t`)));
    expect(tools).toHaveLength(20);
    for (const tool of tools) expect(JSON.stringify(tool.outputs)).toContain("found: unit-");
  });

  it("diagnose(): no problem in this setup", async () => {
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
  });
});
