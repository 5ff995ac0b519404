/**
 * Issue 54, requirement 5: `diagnose()` judges by what it sees. An instrumentation that patched the client, through
 * which the app's calls went, but that produced 0 spans, is a problem (it was listed as "at work (0 spans)"). Here
 * OpenInference's OpenAI instrumentation is given to HoneyHive, then pointed at another tracer provider (as a second
 * `registerInstrumentations()` does): the real `openai` client's calls go through its wrapper against the loopback
 * fake, and nothing is recorded.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { ProxyTracerProvider } from "@opentelemetry/api";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";

const SCOPE = "@arizeai/openinference-instrumentation-openai";
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

describe("an instrumentation the calls go through that records nothing", () => {
  it("3 calls, 0 spans: a problem naming the instrumentation, its calls and the fix", async () => {
    const instrumentation = new OpenAIInstrumentation();
    const { tracer } = createTestTracer({ instrumentations: [instrumentation] });
    instrumentation.manuallyInstrument(OpenAI as never);
    instrumentation.setTracerProvider(new ProxyTracerProvider()); // another provider, which records nothing
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    for (let i = 0; i < 3; i++) {
      const answer = await tracer.trace(() => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `q${i}` }] }));
      expect(answer.choices[0]?.message.content).toBe(`echo: q${i}`);
    }
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.spansByScope[SCOPE]).toBeUndefined();
    const check = diagnosis.checks.find((c) => c.id === "instrumentations")!;
    expect(check.status).toBe("problem");
    expect(check.summary).toContain(`${SCOPE} (3 calls through its patched methods, 0 spans)`);
    expect(check.fix).toContain("do not point it at another tracer provider");
  });
});
