/**
 * The broken LlamaIndex setup `diagnose()` must name: the app patches its own `openai` itself
 * (`instrumentations: [openAIInstrumentation]` + `manuallyInstrument(OpenAI)`, the README's ESM route for an
 * instrumentation), so `@llamaindex/openai`'s nested copy stays unpatched and none of its calls is recorded.
 * (Own file: vitest runs it in its own process, since patching is process-wide.)
 */
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { OpenAI as LlamaOpenAI } from "@llamaindex/openai";
import OpenAI from "openai";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, startStackBackend } from "../../../routing/evaluate-stack";
import { llamaIndexCalls } from "./llamaindex-calls";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeOpenAI;
let backend: StackBackend;
let llm: LlamaOpenAI;

beforeAll(async () => {
  process.chdir(stackDir);
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  const instrumentation = new OpenAIInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(OpenAI);
  llm = new LlamaOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await fake?.close();
  await backend?.close();
});

describe("LlamaIndex.TS with only the app's openai patched", () => {
  it("records none of the framework's calls", async () => {
    const report = await backend.evaluate("llamaindex-unpatched", (i) => llamaIndexCalls(llm, i));
    expect(report).toMatchObject({ expected: 40, arrived: 0, misrouted: 0, lost: 40 });
  });

  // vitest serves the test's own code through its loader; diagnose() reads the copies' ES namespaces through it too.
  it("diagnose() names the unpatched copy", async () => {
    const diagnosis = await diagnose({ backend: false });
    const finding = diagnosis.checks.find((c) => c.id === "module-copies");
    expect(finding).toMatchObject({ status: "problem" });
    expect(finding!.summary).toMatch(/openai 5\.\d+\.\d+ at .*@llamaindex\/openai\/node_modules\/openai/);
    expect(finding!.fix).toContain("`instrumentModules: { openAI: OpenAI }`");
    expect(diagnosis.checks.filter((c) => c.status === "problem").map((c) => c.id)).toEqual(["module-copies"]);
  });
});
