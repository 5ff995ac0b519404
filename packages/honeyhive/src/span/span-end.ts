import type { Attributes, Span } from "@opentelemetry/api";
import { flattenInto } from "../normalize";
import { ATTR_DURATION_MS, namespacedKey } from "@honeyhive/core/semconv/attributes";
import { noteInternalError } from "../internal/guard";
import { HoneyHiveSpan } from "./honeyhive-span";
import { endProviderSpan } from "./own-spans";

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

/** Sets the duration and ends an own span (exactly once for HoneyHive, whatever it is). Never throws. */
export function finishSpan(span: Span, startedAt: number): void {
  const now = performance.now();
  try {
    span.setAttribute(ATTR_DURATION_MS, now - startedAt);
  } catch (error) {
    noteInternalError(error); // the span still ends below
  }
  try {
    if (span instanceof HoneyHiveSpan) span.endAt(now);
    else endProviderSpan(span);
  } catch (error) {
    noteInternalError(error); // never throw into user code
  }
}
