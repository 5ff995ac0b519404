/**
 * Tool, chain and agent spans of any GenAI dialect: the SDK's one translation (semconv/genai `readStepIo`) reads
 * their inputs and outputs (OpenInference `input.value` / `output.value`, OTel GenAI `gen_ai.tool.call.*` and agent
 * messages, the Vercel AI SDK's `ai.toolCall.*` / `ai.prompt` / `ai.response.text`, OpenLLMetry's
 * `traceloop.entity.*`) into the event's `inputs` and `outputs` where the span set none explicitly (`honeyhive_*`
 * attributes win). A raw attribute whose whole content moved is left out of `metadata`; one that may hold more
 * than the translation keeps (message lists) stays.
 */
import { readStepIo, type StepIoSide } from "@honeyhive/core/semconv/genai";
import { setOwn, type JsonObject } from "../domain/json";
import type { DecodedSpan } from "../otlp/index";

/** The event fields a step's inputs and outputs fill. */
interface StepIoFields {
  inputs: JsonObject;
  outputs: JsonObject;
  metadata: JsonObject;
}

function fill(target: JsonObject, side: StepIoSide | undefined, metadata: JsonObject): void {
  if (side === undefined || Object.keys(target).length > 0) return;
  for (const key of Object.keys(side.field)) setOwn(target, key, side.field[key]);
  for (const key of side.consumed) delete metadata[key];
}

/** Fills `fields` of a non-model event from its span's dialect attributes. No-op for model events. */
export function fillStepIo(span: DecodedSpan, eventType: string, fields: StepIoFields): void {
  if (eventType === "model") return;
  const io = readStepIo({ name: span.name, attributes: span.attributes, events: span.events, startTimeUnixNano: span.startTimeUnixNano, scopeName: span.scope.name });
  if (io === undefined) return;
  fill(fields.inputs, io.inputs, fields.metadata);
  fill(fields.outputs, io.outputs, fields.metadata);
}
