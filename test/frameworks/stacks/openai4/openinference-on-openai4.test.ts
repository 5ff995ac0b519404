/**
 * The known-broken combination on openai 4: OpenInference's OpenAI instrumentation (4.x, which declares openai 5 to 7)
 * patched by the application's own `manuallyInstrument`. Every call through the client then throws (the
 * instrumentation reads `APIPromise` from openai's exports, which openai 4 does not have); `diagnose()` names the
 * combination and its fix. (`instrumentModules` never picks it for openai 4: openai4.test.ts.) Its ES module build cannot
 * even be imported beside openai 4 (`import { APIPromise } from "openai"`): the CommonJS one is loaded, as the SDK does.
 */
import { createRequire } from "node:module";
import type * as OpenInference from "@arizeai/openinference-instrumentation-openai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

describe("OpenInference's OpenAI instrumentation patched by hand on openai 4", () => {
  it("the call throws, and diagnose() reports the combination with its fix", async () => {
    const { OpenAIInstrumentation } = createRequire(import.meta.url)("@arizeai/openinference-instrumentation-openai") as typeof OpenInference;
    const instrumentation = new OpenAIInstrumentation();
    const { tracer } = createTestTracer({ instrumentations: [instrumentation] });
    instrumentation.manuallyInstrument(OpenAI as never);
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const call = async () => tracer.trace(() => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }));
    await expect(call()).rejects.toThrow(/instanceof/); // thrown as the call is made
    const found = (await diagnose({ backend: false })).checks.find((c) => c.id === "client-helpers")!;
    expect(found.status).toBe("problem");
    expect(found.summary).toMatch(/@arizeai\/openinference-instrumentation-openai patched openai 4\.104\.0: every call throws/);
    expect(found.fix).toContain("Upgrade openai to 5 or later");
  });
});
