/**
 * Issue 3, requirement 8: a tracer's `mask` applies to the inputs/outputs of every span it exports, including
 * the third-party LLM spans routed to it; another tracer running concurrently is unaffected; a throwing mask
 * replaces the values by a fixed placeholder and the span is still exported.
 *
 * Both OpenAI instrumentations are active: OpenInference's (require hook, `openai` loaded with require) and
 * Traceloop's (`instrumentModules` on the ESM import, registered first as the application's choice: once an
 * application registered an OpenAI instrumentation, `instrumentModules` uses that one), so both attribute conventions are covered; the Vercel
 * AI SDK's spans (through `tracer.getTracer()`) cover the GenAI semantic conventions' other content keys.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { embed, generateText } from "ai";
import { OpenAI as EsmOpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MaskContext } from "../../packages/honeyhive/src/index";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { chooseTraceloopForOpenAI } from "./choose-traceloop";
import { ask, requireOpenAI } from "./openai-workload";
import { type SpanView, unitMark, viewOfReadable } from "./routing-check";

const PLACEHOLDER = "[masked: mask failed]";
const LLM_SCOPES = new Set(["@arizeai/openinference-instrumentation-openai", "@traceloop/instrumentation-openai"]);
const isLlm = (s: SpanView): boolean => LLM_SCOPES.has(s.scope);
const mentions = (s: SpanView, needle: string): string[] =>
  Object.entries(s.attributes).filter(([, v]) => typeof v === "string" && v.includes(needle)).map(([k]) => k);

let fake: FakeOpenAI;
let clients: OpenAI[];
type OpenAI = EsmOpenAI;
const seen: MaskContext[] = [];
let masked: TestTracer;
let plain: TestTracer;
let failing: TestTracer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const traceloop = chooseTraceloopForOpenAI();
  masked = createTestTracer({
    instrumentModules: { openAI: EsmOpenAI },
    mask: (value, context) => {
      seen.push(context);
      return typeof value === "string" && value.includes("secret") ? "[REDACTED]" : value;
    },
  });
  traceloop.disable(); // its require hook off: the CommonJS copy is OpenInference's
  createTestTracer({ instrumentations: [new OpenAIInstrumentation()] }); // process-wide: its spans go to the tracer in context
  plain = createTestTracer();
  failing = createTestTracer({ mask: () => {
    throw new Error("mask bug");
  } });
  const { OpenAI: CjsOpenAI } = requireOpenAI();
  const options = { baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 };
  clients = [new CjsOpenAI(options), new EsmOpenAI(options)];
});
afterAll(() => fake.close());

/** 20 concurrent conversations per tracer, half streamed, each naming a secret. */
async function converse(tracer: TestTracer, unit: number): Promise<SpanView[]> {
  await Promise.all(Array.from({ length: 20 }, (_, k) => tracer.tracer.trace(() => ask(clients[k % 2]!, `${unitMark(unit)}my secret is ${k}`, k % 4 >= 2))));
  return (await tracer.spans()).map((s) => viewOfReadable(s, unit));
}

describe("mask on third-party LLM spans", () => {
  it("redacts the masked tracer's LLM inputs and outputs, leaves a concurrent unmasked tracer alone", async () => {
    const [maskedSpans, plainSpans] = await Promise.all([converse(masked, 0), converse(plain, 1)]);
    const maskedLlm = maskedSpans.filter(isLlm);
    const plainLlm = plainSpans.filter(isLlm);
    expect(maskedLlm).toHaveLength(20);
    expect(plainLlm).toHaveLength(20);
    expect(new Set(maskedLlm.map((s) => s.scope))).toEqual(LLM_SCOPES);
    // nothing the masked tracer exports mentions the secret, in any attribute
    expect(maskedLlm.flatMap((s) => mentions(s, "secret"))).toEqual([]);
    expect(maskedLlm.every((s) => mentions(s, "[REDACTED]").length >= 2)).toBe(true);
    // the prompt and answer attributes of both conventions were among the masked keys
    const keys = new Set(seen.map((c) => c.key));
    for (const key of ["input.value", "output.value", "llm.input_messages.0.message.content", "gen_ai.input.messages", "gen_ai.output.messages"]) {
      expect(keys.has(key), key).toBe(true);
    }
    // still stamped, typed and routed
    expect(maskedLlm.every((s) => s.attributes["honeyhive.session_id"] === masked.tracer.sessionId && s.attributes["honeyhive_event_type"] === "model")).toBe(true);
    // the unmasked tracer's spans keep their content
    expect(plainLlm.every((s) => mentions(s, "secret").length >= 2)).toBe(true);
    expect(plainLlm.flatMap((s) => mentions(s, "[REDACTED]"))).toEqual([]);
  });

  it("a throwing mask fails closed: placeholders instead of values, spans still exported", async () => {
    const spans = (await converse(failing, 2)).filter(isLlm);
    expect(spans).toHaveLength(20);
    expect(spans.flatMap((s) => mentions(s, "secret"))).toEqual([]);
    expect(spans.every((s) => mentions(s, PLACEHOLDER).length >= 2)).toBe(true);
    expect(spans.every((s) => s.attributes["honeyhive.session_id"] === failing.tracer.sessionId && s.attributes["gen_ai.request.model"] !== PLACEHOLDER)).toBe(true);
  });

  it("also covers embedding inputs, system instructions and the Vercel AI SDK's conventions", async () => {
    masked.exporter.reset();
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
    const telemetry = { isEnabled: true, tracer: masked.tracer.getTracer() };
    await masked.tracer.trace(async () => {
      await clients[0]!.embeddings.create({ model: "text-embedding-test", input: `${unitMark(0)}embed my secret` });
      await generateText({ model: provider.chat("gpt-test"), system: "the secret word is swordfish", prompt: `${unitMark(0)}what is the secret word?`, experimental_telemetry: telemetry });
      await embed({ model: provider.embedding("text-embedding-test"), value: `${unitMark(0)}another secret`, experimental_telemetry: telemetry });
    });
    const spans = (await masked.spans()).map((s) => viewOfReadable(s, 0));
    // OpenInference's embedding span plus the AI SDK's four (ai.generateText, its doGenerate, ai.embed, its doEmbed)
    expect(spans.filter((s) => s.attributes["ai.operationId"] !== undefined).length).toBe(4);
    expect(spans.filter((s) => s.attributes["openinference.span.kind"] === "EMBEDDING")).toHaveLength(1);
    expect(spans.flatMap((s) => mentions(s, "secret").map((key) => `${s.name}: ${key}`))).toEqual([]);
    expect(spans.flatMap((s) => mentions(s, "swordfish"))).toEqual([]);
  });
});
