/**
 * Issue 23, requirement 3: LlamaIndex.TS (`llamaindex` + `@llamaindex/openai`) with the README's OpenAI setup,
 * `instrumentModules: { openAI: OpenAI }` with the app's own `openai`, under `evaluate()` (20 datapoints at
 * `maxWorkers: 10`): a plain `chat()` and a streamed one per datapoint. `@llamaindex/openai` calls the API through
 * its own nested copy of `openai` (5.x while the app has 7.x), which it imports lazily at its first call; the SDK
 * patches every installed copy of the provider module, so each call is one model event.
 */
import { OpenAI as LlamaOpenAI } from "@llamaindex/openai";
import OpenAI from "openai";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { recordStackRow, stackRow } from "../../stack-row";
import { chainEventsWithoutIo } from "../../step-io-check";
import { llamaIndexCalls } from "./llamaindex-calls";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeOpenAI;
let backend: StackBackend;
let llm: LlamaOpenAI;

beforeAll(async () => {
  // an app runs from its own folder: the SDK looks for installed copies of a provider module (and for
  // instrumentation packages) from the working directory, as Node resolves packages
  process.chdir(stackDir);
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  llm = new LlamaOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await fake?.close();
  await backend?.close();
});

describe("LlamaIndex.TS + @llamaindex/openai, evaluate() 20 datapoints x maxWorkers 10, instrumentModules: { openAI }", () => {
  it("40 calls -> 40 model events through the framework's own copy of openai", async () => {
    const report = await backend.evaluate("llamaindex", (i) => llamaIndexCalls(llm, i), { openAI: OpenAI });
    const row = stackRow("llamaindex", stackDir, report, { streamedTags: ["b"] });
    recordStackRow(row);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(row.withInputsOutputs).toBe("40/40");
    for (const events of report.eventsByDatapoint) {
      const [plain, streamed] = modelEvents(events).sort((a, b) => a.start_time! - b.start_time!);
      expect(plain!.metadata).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
      // LlamaIndex does not ask for stream usage (no stream_options.include_usage): the provider sends none
      expect(streamed!.outputs).toMatchObject({ content: expect.stringMatching(/^echo: unit-\d+\/b$/) });
      expect(chainEventsWithoutIo(events)).toEqual([]); // chain events (the datapoint's function) carry inputs and outputs
    }
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
    // OpenInference's OpenAI instrumentation (which instrumentModules prefers) requires `openai` for itself, from
    // where it is installed (the workspace's root): that copy carries no call of the app and is no problem
    expect(diagnosis.checks.find((c) => c.id === "module-copies")!.summary).toContain("1 copy(ies) loaded only by an instrumentation package for its own use");
  });
});
