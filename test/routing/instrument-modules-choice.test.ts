/**
 * `instrumentModules: { openAI: OpenAI }` beside an instrumentation the application registered itself for the same
 * library (`instrumentations: [new OpenInference OpenAIInstrumentation()]`): the module is patched with the package
 * the application chose, not the first installed one in the SDK's preference order (OpenLLMetry's, also installed
 * here). The ES module import below runs before the tracer exists, so only `instrumentModules` can patch it.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, diagnose, trace } from "../../packages/honeyhive/src/index";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

let fake: FakeOpenAI;
let recorder: HoneyHiveRecorder;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  recorder = await startHoneyHiveRecorder();
});
afterAll(async () => {
  await fake.close();
  await recorder.close();
});

describe("instrumentModules with an instrumentation the application registered for the same library", () => {
  it("patches with the application's choice (OpenInference), and diagnose() lists each instrumentation once", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: "k-choice", serverUrl: recorder.url, sessionName: "choice", logSink: () => undefined,
      instrumentations: [new OpenAIInstrumentation()], instrumentModules: { openAI: OpenAI },
    });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    await trace(async function ask() {
      return client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] });
    }, { tracer })();
    await tracer.flush();
    const scopes = recorder.spans().map((s) => s.scope.name).filter((name) => name !== "honeyhive");
    expect(scopes).toEqual(["@arizeai/openinference-instrumentation-openai"]);
    const check = (await diagnose({ backend: false })).checks.find((c) => c.id === "instrumentations")!;
    expect(check.status).toBe("ok");
    expect(check.summary).toMatch(/^Instrumentations at work: @arizeai\/openinference-instrumentation-openai \(1 span; [23] instances\)\.$/); // the one given, the module patch, and the nested copy patched where installed
    await tracer.shutdown();
  });
});
