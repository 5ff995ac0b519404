/**
 * Issue 23 req 1: Vercel AI SDK 6 (`ai` 6, `@ai-sdk/openai` 3) as `npm install` gives it, under `evaluate()`: the
 * checks of `test/frameworks/ai-sdk-telemetry-stack.ts` with this stack's modules, and inputs and outputs on every
 * chain event.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as ai from "ai";
import * as zod from "zod";
import { describe, expect, it } from "vitest";
import { aiSdkTelemetryStackTests } from "../../ai-sdk-telemetry-stack";
import { chainEventsWithoutIo } from "../../step-io-check";

const stack = aiSdkTelemetryStackTests(6, { ai: ai as never, zod: zod as never, createOpenAI: createOpenAI as never }, import.meta.url);

describe("ai 6 with experimental_telemetry: { isEnabled: true }: step inputs and outputs", () => {
  it("every chain event (the generate/stream calls, their steps) carries inputs and outputs", () => {
    expect(stack.report.eventsByDatapoint.flatMap(chainEventsWithoutIo)).toEqual([]);
  });
});
