/**
 * Model-call spans of any GenAI dialect: the SDK's one translation (semconv/genai) reads the span into the
 * canonical model event, whose HoneyHive fields fill the event where the span did not set them explicitly
 * (`honeyhive_*` attributes always win): `inputs.chat_history`, `outputs`, `config` model/provider/parameters and
 * the `metadata` token counts; then the event's cost (ingest/model-cost.ts).
 */
import { honeyHiveModelFields, readModelCall } from "@honeyhive/core/semconv/genai";
import { setOwn, type JsonObject } from "../domain/json";
import type { DecodedSpan } from "../otlp/index";
import type { PriceTable } from "@honeyhive/core/pricing/call-cost";
import { priceModelEvent } from "./model-cost";

/** The event fields a model call fills. */
interface ModelCallFields {
  inputs: JsonObject;
  outputs: JsonObject;
  config: JsonObject;
  metadata: JsonObject;
  metrics: JsonObject;
}

function fillMissing(target: JsonObject, source: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(source)) if (!Object.prototype.hasOwnProperty.call(target, key)) setOwn(target, key, source[key]);
}

/**
 * Fills a model event's `fields` from the canonical event of `span` (when a dialect reads anything), then prices it
 * with `prices` (ingest/model-cost.ts). No-op for other event types.
 */
export function fillModelCall(span: DecodedSpan, eventType: string, fields: ModelCallFields, prices: PriceTable): void {
  if (eventType !== "model") return;
  const call = readModelCall({
    name: span.name, attributes: span.attributes, events: span.events, startTimeUnixNano: span.startTimeUnixNano, scopeName: span.scope.name,
  });
  if (call !== undefined) {
    const derived = honeyHiveModelFields(call);
    if (!Object.prototype.hasOwnProperty.call(fields.inputs, "chat_history")) fillMissing(fields.inputs, derived.inputs);
    if (Object.keys(fields.outputs).length === 0) fillMissing(fields.outputs, derived.outputs);
    fillMissing(fields.config, derived.config);
    fillMissing(fields.metadata, derived.metadata);
  }
  priceModelEvent(fields, prices, Number(span.startTimeUnixNano / 1_000_000n));
}
