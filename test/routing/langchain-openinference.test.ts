/**
 * Issue 20, requirement 1: LangChain (`@langchain/openai` ChatOpenAI) traced by OpenInference's LangChain
 * instrumentation, with LangChain's DEFAULT settings (callback handlers run in the background, on LangChain's
 * one queue), under `evaluate()` with 20 datapoints at `maxWorkers: 10`: every LLM call is one model event in
 * its own datapoint's session. Before the SDK bound LangChain's callback queue to each caller's context,
 * 9 of 40 landed in datapoint 0's session.
 */
import { ChatPromptTemplate } from "@langchain/core/prompts";
import type { ChatOpenAI } from "@langchain/openai";
import { instrumentedLangChainModel } from "./langchain-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "./evaluate-stack";
import { langChainCalls } from "./langchain-workload";

let fake: FakeOpenAI;
let backend: StackBackend;
let model: ChatOpenAI;

beforeAll(async () => {
  expect(process.env.LANGCHAIN_CALLBACKS_BACKGROUND).toBeUndefined(); // LangChain's default: handlers on its queue
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  model = instrumentedLangChainModel(fake.url);
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

const calls = (i: number): Promise<string[]> => langChainCalls(model, i, (prompt) => prompt);

describe("LangChain + OpenInference, evaluate() 20 datapoints x maxWorkers 10, default settings", () => {
  it("40 calls -> 40 model events, each in its own datapoint's session, a child of its datapoint's function", async () => {
    const report = await backend.evaluate("langchain", calls);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      const fn = events.find((e) => e.event_name === "answer")!;
      expect(modelEvents(events).map((e) => e.parent_id)).toEqual([fn.event_id, fn.event_id]);
    }
  });

  it("a chain (prompt | model): the chain's child runs follow their parent run, one model event per call", async () => {
    const chain = ChatPromptTemplate.fromTemplate("{question}").pipe(model);
    const chainCalls = (i: number): Promise<string[]> => langChainCalls(chain, i, (question) => ({ question }));
    const report = await backend.evaluate("langchain-chain", chainCalls);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      // each model event's parent is a chain run of the same session (LangChain's RunnableSequence)
      for (const modelEvent of modelEvents(events)) {
        const parent = events.find((e) => e.event_id === modelEvent.parent_id);
        expect(parent?.event_type).toBe("chain");
      }
    }
  });
});
