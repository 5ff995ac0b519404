import type { Attributes, Span } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";
import { ATTR_EVENT_TYPE } from "@honeyhive/core/semconv/attributes";
import { providerResultAttributes } from "@honeyhive/core/semconv/genai/provider-result";

/** True for an own span whose event type is `model`. */
export function isModelSpan(span: Span): boolean {
  return (span as unknown as { attributes?: Attributes }).attributes?.[ATTR_EVENT_TYPE] === "model";
}

/**
 * For a `model` span of `trace()` / `traceModel`: sets the OTel GenAI attributes (model, provider, token counts)
 * that the provider result `value` names (semconv/genai/provider-result.ts), each only where the span has none
 * (an enrichment or an instrumentation said it first). Other spans and other values: nothing. Never throws.
 */
export function recordModelResult(span: Span, value: unknown): void {
  try {
    const current = (span as unknown as { attributes?: Attributes }).attributes;
    if (current === undefined || !isModelSpan(span)) return;
    const found = providerResultAttributes(value);
    const missing: Attributes = {};
    let any = false;
    for (const key of Object.keys(found)) {
      if (current[key] !== undefined) continue;
      missing[key] = found[key];
      any = true;
    }
    if (any) span.setAttributes(missing);
  } catch (error) {
    noteInternalError(error); // reading the result must never change it
  }
}
