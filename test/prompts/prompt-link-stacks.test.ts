/**
 * Issue 44 requirement 5 on the OpenAI, Anthropic and AI SDK stacks under `evaluate()` (20 datapoints,
 * `maxWorkers: 10`): every model event of a datapoint run inside `withPrompt(A)`, after `B.compile()` in its
 * function, or inside `withPrompt(fallback)` carries that prompt's name and version (a fallback as `fallback`);
 * datapoints without a prompt carry none; nothing misrouted. (LangChain: prompt-link-langchain.test.ts.)
 */
import * as AnthropicModule from "@anthropic-ai/sdk";
import { createOpenAI } from "@ai-sdk/openai";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../helpers/fake-anthropic-server";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { anthropicCalls } from "../routing/anthropic-workload";
import { type StackBackend, startStackBackend } from "../routing/evaluate-stack";
import { openAICalls } from "../routing/openai-evaluate";
import { vercelAiCalls } from "../routing/vercel-ai-calls";
import { evaluateLinked } from "./prompt-link-stack";

let fake: FakeOpenAI;
let fakeAnthropic: FakeAnthropic;
let backend: StackBackend;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fakeAnthropic = await startFakeAnthropic();
  backend = await startStackBackend();
});
afterAll(async () => {
  await fake.close();
  await fakeAnthropic.close();
  await backend.close();
});

const CLEAN = { expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 };

describe("prompt links under evaluate()", () => {
  it("OpenAI + OpenLLMetry: every model event carries its datapoint's prompt; unlinked datapoints carry none", async () => {
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const { report, problems } = await evaluateLinked(backend, "prompt-link-openai", (i) => openAICalls(client, i), { openAI: OpenAI });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject(CLEAN);
    expect(problems).toEqual([]);
  });

  it("Anthropic (instrumentModules): the same", async () => {
    const client = new AnthropicModule.Anthropic({ baseURL: fakeAnthropic.url, apiKey: "sk-ant-test", maxRetries: 0 });
    const { report, problems } = await evaluateLinked(backend, "prompt-link-anthropic", (i) => anthropicCalls(client, i), { anthropic: AnthropicModule });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject(CLEAN);
    expect(problems).toEqual([]);
  });

  it("AI SDK telemetry (generateText, streamText): the same", async () => {
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
    const { report, problems } = await evaluateLinked(backend, "prompt-link-ai-sdk", (i) => vercelAiCalls(provider, i));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject(CLEAN);
    expect(problems).toEqual([]);
  });
});
