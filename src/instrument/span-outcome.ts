import type { Attributes, Span } from "@opentelemetry/api";
import { flattenInto } from "../normalize";
import { HoneyHiveSpan } from "../processing/honeyhive-span";
import { ATTR_DURATION_MS, namespacedKey } from "../semconv/attributes";
import { noteInternalError } from "../internal/guard";

const OUTPUT_PREFIX = namespacedKey("outputs", "result");

/** Records the return value under `honeyhive_outputs.result` (objects flattened). */
export function captureOutput(span: Span, value: unknown): void {
  if (value === undefined) return;
  if (span instanceof HoneyHiveSpan) {
    span.flattenAttributes(OUTPUT_PREFIX, value); // no intermediate attributes object
    return;
  }
  const attributes: Attributes = {};
  flattenInto(attributes, OUTPUT_PREFIX, value);
  span.setAttributes(attributes);
}

/** Sets the duration and ends the span. */
export function finishSpan(span: Span, startedAt: number): void {
  try {
    const now = performance.now();
    span.setAttribute(ATTR_DURATION_MS, now - startedAt);
    if (span instanceof HoneyHiveSpan) span.endAt(now);
    else span.end();
  } catch (error) {
    noteInternalError(error); // never throw into user code
  }
}
