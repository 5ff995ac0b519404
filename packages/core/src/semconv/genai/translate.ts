/**
 * The one translation of a model-call span into the {@link CanonicalModelEvent}, whichever dialect(s) it speaks.
 * Every table that recognises the span reads it; for each field the first table (in the order below, most
 * specific first) that read a value wins, so a Vercel AI SDK span's `ai.*` fields beat the `gen_ai.*` subset it
 * also sets, and OTel v1.37+ content beats v1.36 events. Pure and total: unknown shapes read as nothing.
 */
import type { CanonicalModelEvent, DialectReading, DialectTable, GenAiSpanLike, GenAiTokens, StepIo } from "./canonical-event";
import { genkit } from "./dialect-genkit";
import { mastra } from "./dialect-mastra";
import { openInference } from "./dialect-openinference";
import { openLLMetryLegacy } from "./dialect-openllmetry-legacy";
import { otelGenAi136, otelGenAiLatest } from "./dialect-otel-genai";
import { vercelAi } from "./dialect-vercel-ai";
import { withoutLaterInputMessages } from "./indexed-attributes";
import { providerOfCall } from "./provider-endpoint";
import { providerName } from "./provider-name";

/** Every dialect table, most specific first. */
export const DIALECT_TABLES: readonly DialectTable[] = [mastra, genkit, vercelAi, otelGenAiLatest, openInference, openLLMetryLegacy, otelGenAi136];

const TOKEN_KEYS = ["input", "output", "total", "cache_read", "cache_write", "reasoning", "input_audio", "input_image", "output_audio", "output_image"] as const;
function emptyEvent(): CanonicalModelEvent {
  return {
    dialects: [], model: null, request_model: null, provider: null, operation: null, request: {}, messages: [], output: null,
    finish_reason: null,
    tokens: { input: null, output: null, total: null, cache_read: null, cache_write: null, reasoning: null, input_audio: null, input_image: null, output_audio: null, output_image: null },
    streamed: false, time_to_first_token_ms: null,
  };
}

type ScalarField = "model" | "request_model" | "provider" | "operation" | "output" | "finish_reason" | "time_to_first_token_ms";
const SCALARS: readonly ScalarField[] = ["model", "request_model", "provider", "operation", "output", "finish_reason", "time_to_first_token_ms"];

function mergeScalars(event: CanonicalModelEvent, reading: DialectReading): void {
  for (const field of SCALARS) {
    const value = reading[field];
    if (event[field] === null && value !== undefined && value !== null) (event as unknown as Record<string, unknown>)[field] = value;
  }
}

function mergeTokens(tokens: GenAiTokens, reading: DialectReading): void {
  for (const key of TOKEN_KEYS) {
    const value = reading.tokens?.[key];
    if (tokens[key] === null && typeof value === "number") tokens[key] = value;
  }
}

/** Adds what `reading` read to `event`, field by field, where no earlier (more specific) table read a value. */
function mergeReading(event: CanonicalModelEvent, reading: DialectReading): void {
  mergeScalars(event, reading);
  if (event.messages.length === 0 && reading.messages && reading.messages.length > 0) event.messages = reading.messages;
  const request = reading.request;
  if (request !== undefined) for (const name in request) if (!(name in event.request)) event.request[name] = request[name];
  mergeTokens(event.tokens, reading);
  if (reading.streamed === true) event.streamed = true;
}

function completeTokens(tokens: GenAiTokens): void {
  if (tokens.total === null && (tokens.input !== null || tokens.output !== null)) tokens.total = (tokens.input ?? 0) + (tokens.output ?? 0);
}

/** True when a reading holds anything beyond empty defaults. */
function readSomething(event: CanonicalModelEvent): boolean {
  return event.model !== null || event.messages.length > 0 || event.output !== null || TOKEN_KEYS.some((k) => event.tokens[k] !== null);
}

/** The canonical event of a model-call span, or undefined when no dialect table reads anything from it. */
export function readModelCall(span: GenAiSpanLike): CanonicalModelEvent | undefined {
  // read without its conversation: the detections need not scan the conversation's attributes again
  if (span.withoutInputMessages === true) span = { ...span, attributes: withoutLaterInputMessages(span.attributes) };
  const event = emptyEvent();
  for (const table of DIALECT_TABLES) {
    let matched = false;
    try {
      matched = table.detect(span);
      if (matched) mergeReading(event, table.read(span));
    } catch {
      continue; // a table never fails the ingest: hostile values read as nothing
    }
    if (matched) event.dialects.push(table.name);
  }
  if (event.dialects.length === 0 || !readSomething(event)) return undefined;
  event.provider = providerOfCall(providerName(event.provider), span.attributes);
  completeTokens(event.tokens);
  if (event.time_to_first_token_ms !== null) event.streamed = true;
  return event;
}

/**
 * The inputs and outputs of a tool, chain or agent span (any event that is not a model call), or undefined when
 * no dialect recorded either. Per side, the first table (same order as for model calls) that read it wins.
 */
export function readStepIo(span: GenAiSpanLike): StepIo | undefined {
  const io: StepIo = { dialects: [], inputs: undefined, outputs: undefined };
  for (const table of DIALECT_TABLES) {
    if (table.readStepIo === undefined) continue;
    try {
      const reading = table.readStepIo(span);
      const before = io.inputs === undefined || io.outputs === undefined;
      io.inputs ??= reading.inputs;
      io.outputs ??= reading.outputs;
      if (before && (reading.inputs !== undefined || reading.outputs !== undefined)) io.dialects.push(table.name);
    } catch {
      continue; // hostile values read as nothing
    }
  }
  return io.inputs === undefined && io.outputs === undefined ? undefined : io;
}
