import type { Attributes, Span } from "@opentelemetry/api";
import { DEFAULT_NORMALIZE_BUDGET, type NormalizeBudget, flattenInto } from "../normalize";
import { ATTR_DURATION_MS, namespacedKey } from "@honeyhive/core/semconv/attributes";
import { noteInternalError } from "../internal/guard";
import { HoneyHiveSpan } from "./honeyhive-span";
import { endProviderSpan } from "./own-spans";

const OUTPUT_PREFIX = namespacedKey("outputs", "result");

/**
 * How the SDK writes values into `span`'s attributes: its own tracer's budget for the SDK's own spans, else the
 * budget of `tracer` (the tracer the span was started for), else the default one.
 */
export function attributeBudgetOf(span: Span, tracer?: { readonly attributeBudget: Readonly<NormalizeBudget> }): Readonly<NormalizeBudget> {
  if (span instanceof HoneyHiveSpan) return span.attributeBudget;
  return tracer?.attributeBudget ?? DEFAULT_NORMALIZE_BUDGET;
}

/** Records the return value under `honeyhive_outputs.result` (objects flattened), within `budget` (see {@link attributeBudgetOf}). */
export function captureOutput(span: Span, value: unknown, budget?: Readonly<NormalizeBudget>): void {
  if (value === undefined) return;
  if (span instanceof HoneyHiveSpan) {
    span.flattenAttributes(OUTPUT_PREFIX, value); // no intermediate attributes object
    return;
  }
  const attributes: Attributes = {};
  flattenInto(attributes, OUTPUT_PREFIX, value, budget ?? DEFAULT_NORMALIZE_BUDGET);
  span.setAttributes(attributes);
}

/**
 * The milliseconds from `startedAt` to `now` (two `performance.now()` readings) to the nanosecond, the resolution of
 * span times: a span that starts where the user's code starts then has exactly this duration (the float difference
 * alone can exceed it by a rounding error, 7.233193000000028 against 7.233193).
 */
export function durationMsBetween(startedAt: number, now: number): number {
  return Math.round((now - startedAt) * 1e6) / 1e6;
}

/** Sets the duration and ends an own span (exactly once for HoneyHive, whatever it is). Never throws. */
export function finishSpan(span: Span, startedAt: number): void {
  const now = performance.now();
  try {
    span.setAttribute(ATTR_DURATION_MS, durationMsBetween(startedAt, now));
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
