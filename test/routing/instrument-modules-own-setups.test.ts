// Issue 23: the instrumentModules keys the SDK sets up itself (ai + aiSdkOtel, googleGenAI, mcp) and unknown keys. The
// setups with the real packages are in test/frameworks/stacks/ai7 and google-genai-*; here, what a wrong value says.
import * as ai6 from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";

function warningsOf(instrumentModules: Record<string, unknown>): string[] {
  const lines: string[] = [];
  createTestTracer({ instrumentModules, logSink: (level, message) => void (level === "warn" && lines.push(message)) });
  return lines;
}

afterEach(() => resetHoneyHiveGlobals());

describe("instrumentModules: the SDK's own setups", () => {
  it("an unknown key names the closest known one", () => {
    expect(warningsOf({ gemini: {}, googleGenAi2: {} })).toEqual([
      'instrumentModules: unknown key "gemini" (valid keys: openai, groq, anthropic, langchain, ai, aiSdkOtel, googleGenAI, bedrock, mcp, cohere, mistral, vertexAI, genkit)',
      'instrumentModules: unknown key "googleGenAi2" (did you mean "googleGenAI"?)',
    ]);
  });

  it("cohere, mistral, vertexAI or genkit given something else: one warning each naming the module to pass, nothing patched", () => {
    expect(warningsOf({ cohere: { Cohere: {} }, mistral: { Mistral: class {} }, vertexAI: { GoogleGenAI: class {} }, genkit: {} })).toEqual([
      expect.stringContaining("instrumentModules.cohere: the value is not a cohere-ai module"),
      expect.stringContaining("instrumentModules.mistral: the value is not a @mistralai/mistralai module"),
      expect.stringContaining("instrumentModules.vertexAI: the value is not a @google-cloud/vertexai module"),
      expect.stringContaining("instrumentModules.genkit: the value is not a genkit module"),
    ]);
  });

  it("@google-cloud/vertexai's module under googleGenAI: one warning and a diagnose() problem naming the vertexAI key", async () => {
    const vertexAiShape = { VertexAI: class VertexAI {}, GenerativeModel: class GenerativeModel {} };
    expect(warningsOf({ googleGenAI: vertexAiShape })).toEqual([expect.stringContaining("instrumentModules: { vertexAI }")]);
    const problems = (await diagnose({ backend: false })).checks.filter((c) => c.status === "problem");
    expect(problems.map((p) => p.fix).join(" ")).toContain("instrumentModules: { vertexAI }");
  });

  it("googleGenAI that is not the @google/genai module: one warning, nothing patched", () => {
    expect(warningsOf({ googleGenAI: { GoogleGenAI: class {} } })).toEqual([expect.stringContaining("instrumentModules.googleGenAI: the value is not a @google/genai module with a patchable Models class")]);
  });

  it("mcp without the Client or Server class: one warning naming what to give, nothing patched", () => {
    expect(warningsOf({ mcp: { McpServer: class {} } })).toEqual([expect.stringContaining("instrumentModules.mcp was not patched, its calls are not instrumented: the value holds neither the SDK's `Client` nor its `Server` class (nothing was patched). Give the classes of @modelcontextprotocol/sdk: `instrumentModules: { mcp: { Client, Server } }`")]);
  });

  it("aiSdkOtel without ai: a warning naming both keys; ai 6 alone needs nothing (it emits its own spans)", () => {
    expect(warningsOf({ aiSdkOtel: { OpenTelemetry: class {} } })).toEqual([expect.stringContaining("instrumentModules: { ai, aiSdkOtel }")]);
    resetHoneyHiveGlobals();
    expect(warningsOf({ ai: ai6 })).toEqual([]);
    expect((globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS ?? []).toEqual([]);
  });
});
