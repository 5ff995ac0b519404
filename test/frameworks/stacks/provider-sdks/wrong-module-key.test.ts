/**
 * Issue 54, requirement 5: a key given the wrong module is a problem naming the right key. `@google-cloud/vertexai`
 * passed under `googleGenAI` (the key of `@google/genai`) patches nothing: one warning, however many tracers are
 * created with it (evaluate() creates one per datapoint), and `diagnose()`'s instrumentation check names `vertexAI`
 * (it said "No instrumentations were given").
 */
import * as vertexAI from "@google-cloud/vertexai";
import { afterEach, describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer, resetHoneyHiveGlobals } from "../../../../packages/honeyhive/src/testing";

afterEach(() => resetHoneyHiveGlobals());

describe("@google-cloud/vertexai under googleGenAI", () => {
  it("warned once for many tracers; diagnose() names the vertexAI key", async () => {
    const warnings: string[] = [];
    for (let i = 0; i < 5; i++) createTestTracer({ instrumentModules: { googleGenAI: vertexAI }, logSink: (level, message) => void (level === "warn" && warnings.push(message)) });
    expect(warnings).toHaveLength(1);
    const check = (await diagnose({ backend: false })).checks.find((c) => c.id === "instrumentations")!;
    expect(check.status).toBe("problem");
    expect(check.summary).toContain("instrumentModules.googleGenAI (the value is the @google-cloud/vertexai module");
    expect(check.fix).toContain("`instrumentModules: { vertexAI }`");
  });
});
