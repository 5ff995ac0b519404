/** The LlamaIndex stack's OpenLLMetry setup, shared by the test files that trace LlamaIndex with it. */
import { LlamaIndexInstrumentation } from "@traceloop/instrumentation-llamaindex";
import * as llamaOpenAI from "@llamaindex/openai";
import * as llamaindex from "llamaindex";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, startStackBackend } from "../../../routing/evaluate-stack";

/** What {@link useOpenLLMetryLlamaIndex} started (read inside a test). */
export interface LlamaIndexStack {
  readonly backend: StackBackend;
  readonly llm: llamaOpenAI.OpenAI;
  /** The loopback fake's `/v1` URL. */
  readonly baseURL: string;
}

/**
 * The file's lifetime with OpenLLMetry's LlamaIndex instrumentation (`manuallyInstrument(llamaindex, llamaOpenAI)`,
 * which wraps the LLM classes' `chat` whichever copy of `openai` the framework calls through): from the stack's folder,
 * a loopback fake of OpenAI, the real dev server, and a `gpt-4o-mini` LLM calling the fake.
 */
export function useOpenLLMetryLlamaIndex(testUrl: string): LlamaIndexStack {
  let fake: FakeOpenAI | undefined;
  let started: LlamaIndexStack | undefined;
  beforeAll(async () => {
    process.chdir(dirname(fileURLToPath(testUrl)));
    fake = await startFakeOpenAI();
    const backend = await startStackBackend();
    const instrumentation = new LlamaIndexInstrumentation();
    createTestTracer({ instrumentations: [instrumentation] });
    instrumentation.manuallyInstrument(llamaindex, llamaOpenAI);
    started = { backend, baseURL: `${fake.url}/v1`, llm: new llamaOpenAI.OpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: `${fake.url}/v1`, maxRetries: 0 }) };
  });
  afterAll(async () => {
    await fake?.close();
    await started?.backend.close();
  });
  const get = (): LlamaIndexStack => {
    if (started === undefined) throw new Error("useOpenLLMetryLlamaIndex(): read its fields inside a test");
    return started;
  };
  return { get backend() { return get().backend; }, get llm() { return get().llm; }, get baseURL() { return get().baseURL; } };
}
