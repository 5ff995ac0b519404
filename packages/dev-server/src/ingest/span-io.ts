/**
 * Inputs and outputs of the spans that are not model calls (tools, agent runs, chains) where a dialect records them
 * in its own attributes: read by the SDK's one translation (semconv/genai), filled only where the span set no
 * `honeyhive_inputs.*` / `honeyhive_outputs.*` of its own. The raw attributes stay in metadata.
 */
import { mastraSpanIo } from "../../../honeyhive/src/semconv/genai/index";
import { setOwn, type JsonObject } from "../domain/json";
import type { DecodedSpan } from "../otlp/index";

function fill(target: JsonObject, source: Readonly<Record<string, unknown>> | undefined): void {
  if (source === undefined || Object.keys(target).length > 0) return;
  for (const key of Object.keys(source)) setOwn(target, key, source[key]);
}

/** Fills `inputs` and `outputs` of a non-model event from its span's dialect attributes (no-op for model events). */
export function fillSpanIo(span: DecodedSpan, eventType: string, fields: { inputs: JsonObject; outputs: JsonObject }): void {
  if (eventType === "model") return;
  const io = mastraSpanIo({ name: span.name, attributes: span.attributes, scopeName: span.scope.name });
  if (io === undefined) return;
  fill(fields.inputs, io.inputs);
  fill(fields.outputs, io.outputs);
}
