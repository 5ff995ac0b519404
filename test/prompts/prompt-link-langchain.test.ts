/**
 * Issue 44 requirement 5 on LangChain (`@langchain/openai` ChatOpenAI, OpenInference's LangChain instrumentation,
 * LangChain's default background callbacks) under `evaluate()` (20 datapoints, `maxWorkers: 10`): every model event
 * carries its datapoint's prompt, datapoints without one carry none, nothing misrouted.
 */
import type { ChatOpenAI } from "@langchain/openai";
import { instrumentedLangChainModel } from "../routing/langchain-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, startStackBackend } from "../routing/evaluate-stack";
import { langChainCalls } from "../routing/langchain-workload";
import { evaluateLinked } from "./prompt-link-stack";

let fake: FakeOpenAI;
let backend: StackBackend;
let model: ChatOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  model = instrumentedLangChainModel(fake.url);
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("prompt links on LangChain under evaluate()", () => {
  it("every model event carries its datapoint's prompt; unlinked datapoints carry none", async () => {
    const { report, problems } = await evaluateLinked(backend, "prompt-link-langchain", (i) => langChainCalls(model, i, (prompt) => prompt));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(problems).toEqual([]);
  });
});
