/**
 * The expected cost of each call of the captured GenAI fixtures, worked out by hand from list prices (the built-in
 * dataset, generated-prices.ts, for gpt-4o-mini) and the reviewed token counts of each fixture
 * (test/fixtures/genai/expected/). The captured Anthropic calls name `claude-sonnet-5-5`, which the dataset prices as
 * `claude-sonnet-5` ($2 / $10); the tests override it with a user price, which wins.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hexId } from "../viewer/helpers/seed";

/** The fixture corpus root. */
export const GENAI_FIXTURES = join(__dirname, "../fixtures/genai");

/** A user price for the captured Anthropic fixtures' model (Claude Sonnet 4.5's list prices). */
export const SONNET_5_5_PRICE = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
/** The price overrides the cost tests start their dev server with. */
export const TEST_PRICES = { anthropic: { "claude-sonnet-5-5": SONNET_5_5_PRICE } };

/** gpt-4o-mini, 21 input tokens of which 5 cached, 7 output (2 reasoning, priced as output): $0.15/$0.075/$0.60 per M. */
export const MINI_CACHED = (16 * 0.15 + 5 * 0.075 + 7 * 0.6) / 1e6;
/** gpt-4o-mini, 21 input and 7 output tokens, no cache reported. */
export const MINI_PLAIN = (21 * 0.15 + 7 * 0.6) / 1e6;
/** claude-sonnet-5-5 at SONNET_5_5_PRICE: 21 input tokens = 13 plain + 5 cache read + 3 cache write; 7 output. */
export const SONNET_CACHED = (13 * 3 + 5 * 0.3 + 3 * 3.75 + 7 * 15) / 1e6;

/** Per captured fixture, the expected cost of each call in order (null: the call reports no tokens, so no cost). */
export const EXPECTED_CALL_COSTS: Readonly<Record<string, readonly (number | null)[]>> = {
  "anthropic-sdk.json": [SONNET_CACHED, SONNET_CACHED, SONNET_CACHED],
  "openinference-anthropic.json": [SONNET_CACHED, SONNET_CACHED, SONNET_CACHED],
  "openllmetry-anthropic.json": [SONNET_CACHED, SONNET_CACHED, SONNET_CACHED],
  "openinference-langchain.json": [MINI_CACHED, MINI_CACHED, MINI_CACHED],
  "openinference-openai.json": [MINI_CACHED, null, MINI_CACHED],
  "openllmetry-openai.json": [MINI_PLAIN, null, MINI_PLAIN],
  "vercel-ai.json": [MINI_CACHED, MINI_CACHED, MINI_CACHED],
};

/** A captured fixture file, parsed. */
export function capturedFixture(file: string): any {
  return JSON.parse(readFileSync(join(GENAI_FIXTURES, "captured", file), "utf8"));
}

/**
 * The fixture's OTLP request with fresh trace ids (so several copies can share a project) and, when `sessionId`
 * is given, every span placed in that session (as the SDK's span processor stamps it).
 */
export function relocatedOtlp(fixture: any, sessionId?: string, runId?: string): any {
  const otlp = structuredClone(fixture.otlp);
  const traces = new Map<string, string>();
  for (const r of otlp.resourceSpans) for (const s of r.scopeSpans) for (const span of s.spans) {
    if (!traces.has(span.traceId)) traces.set(span.traceId, hexId(16));
    span.traceId = traces.get(span.traceId);
    if (sessionId !== undefined) span.attributes.push({ key: "honeyhive.session_id", value: { stringValue: sessionId } });
    if (runId !== undefined) span.attributes.push({ key: "honeyhive_metadata.run_id", value: { stringValue: runId } });
  }
  return otlp;
}
