/**
 * Issue 23 req 1 and 8, the other ai 7 setups:
 * - **broken**: the ai 6 way (`experimental_telemetry: { isEnabled: true }`, no integration) records nothing on ai 7.
 *   The SDK sees the first call on ai's diagnostics channel and says once what to add; `diagnose()` reports it.
 * - **the app registered the integration itself** (`registerTelemetry(new OpenTelemetry())`) and also passes
 *   `instrumentModules: { ai, aiSdkOtel }`: the SDK registers no second one, so no span is doubled.
 * - `instrumentModules: { ai }` alone on ai 7 warns that `aiSdkOtel` is missing.
 * - registered twice (every span doubled): a `diagnose()` problem.
 * One file, run in order: the process-wide integration list only grows.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as aiSdkOtel from "@ai-sdk/otel";
import * as ai from "ai";
import * as zod from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { captureSdkLogs, createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, startStackBackend } from "../../../routing/evaluate-stack";
import { AI_SDK_SHAPE, aiSdkCalls } from "../../ai-sdk-workload";

let fake: FakeOpenAI;
let backend: StackBackend;
let provider: ReturnType<typeof createOpenAI>;
const integrations = (): unknown[] => (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS ?? [];

beforeAll(async () => {
  // ai 7 deprecates generateObject/streamObject (still supported) and prints that on every call: the output stays quiet
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("ai 7 setups", () => {
  it("only experimental_telemetry (no integration): 0 of 120 calls recorded, one warning naming the fix, and a diagnose() problem", async () => {
    const logs = captureSdkLogs();
    const report = await backend.evaluate("ai7-no-integration", aiSdkCalls(ai as never, zod as never, () => provider.chat("gpt-4o-mini")), undefined, AI_SDK_SHAPE).finally(() => logs.restore());
    expect(report).toMatchObject({ expected: 120, arrived: 0, misrouted: 0, lost: 120 });
    expect(integrations()).toEqual([]);
    const warnings = logs.lines.filter((l) => l.level === "warn").map((l) => l.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^ai 7\.0\.\d+ ran a call with no telemetry integration registered/);
    expect(warnings[0]).toContain("instrumentModules: { ai, aiSdkOtel }");
    const diagnosis = await diagnose({ backend: false });
    const finding = diagnosis.checks.find((c) => c.id === "ai-sdk-telemetry");
    expect(finding).toMatchObject({ status: "problem" });
    expect(finding?.summary).toMatch(/^ai 7\.0\.\d+ ran with no telemetry integration registered/);
    expect(finding?.fix).toContain("instrumentModules: { ai, aiSdkOtel }");
    expect(diagnosis.checks.filter((c) => c.status === "problem").map((c) => c.id)).toEqual(["ai-sdk-telemetry"]);
  }, 120_000);

  it("instrumentModules: { ai } alone on ai 7: a warning names the missing @ai-sdk/otel module", () => {
    const logs = captureSdkLogs();
    createTestTracer({ instrumentModules: { ai } });
    logs.restore();
    expect(logs.lines.map((l) => l.message)).toEqual([expect.stringContaining("instrumentModules.ai is ai 7, which records spans only through a telemetry integration")]);
    expect(integrations()).toEqual([]);
  });

  it("the app registered @ai-sdk/otel itself: instrumentModules registers no second integration, one model span per call", async () => {
    ai.registerTelemetry(new aiSdkOtel.OpenTelemetry());
    const recorder = createTestTracer({ instrumentModules: { ai, aiSdkOtel } });
    expect(integrations()).toHaveLength(1);
    const text = await recorder.tracer.trace(async () => (await ai.generateText({ model: provider.chat("gpt-4o-mini"), prompt: "unit-0/a" })).text);
    expect(text).toBe("echo: unit-0/a");
    const chats = (await recorder.spans()).filter((s) => s.attributes["gen_ai.operation.name"] === "chat");
    expect(chats).toHaveLength(1);
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.find((c) => c.id === "ai-sdk-telemetry")).toMatchObject({ status: "ok", summary: expect.stringContaining("1 telemetry integration(s) registered") });
  });

  it("registered a second time by the app: diagnose() reports every span recorded twice", async () => {
    ai.registerTelemetry(new aiSdkOtel.OpenTelemetry());
    const finding = (await diagnose({ backend: false })).checks.find((c) => c.id === "ai-sdk-telemetry");
    expect(finding).toMatchObject({ status: "problem", summary: "@ai-sdk/otel's integration is registered 2 times: every AI SDK span is recorded 2 times." });
    expect(finding?.fix).toContain("register it once");
  });
});
