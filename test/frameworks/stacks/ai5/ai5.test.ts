/**
 * Issue 23 req 1: Vercel AI SDK 5 (`ai` 5, `@ai-sdk/openai` 2) as `npm install` gives it, under `evaluate()`: the
 * checks of `test/frameworks/ai-sdk-telemetry-stack.ts` with this stack's modules.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as ai from "ai";
import * as zod from "zod";
import { aiSdkTelemetryStackTests } from "../../ai-sdk-telemetry-stack";

aiSdkTelemetryStackTests(5, { ai: ai as never, zod: zod as never, createOpenAI: createOpenAI as never }, import.meta.url);
