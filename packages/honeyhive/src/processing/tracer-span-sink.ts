import type { AttributeValue } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { SpanSink } from "../context/tracer-handle";
import { ATTR_EVENT_TYPE } from "../semconv/attributes";
import { hasEventType, inferEventType } from "./event-type";
import { type MaskFunction, maskEndedAttributes, maskSpanAttributes } from "./mask-span";

/** Where a tracer's finished spans go (its export pipeline). */
export interface FinishedSpanTarget {
  push(span: ReadableSpan): void;
}

/**
 * Builds a tracer's span sink: at `onEnding` it infers a missing event type and applies the mask while the
 * span is writable; at `onEnd` it counts the span and queues it for export. Providers that never call
 * `onEnding` (older SDKs) get the same treatment on the ended span's attributes.
 */
export function createTracerSpanSink(target: FinishedSpanTarget, mask: MaskFunction | undefined, onEnded: () => void): SpanSink {
  const masked = mask ? new WeakSet<object>() : undefined;
  return {
    onSpanEnding(span) {
      if (!hasEventType(span.attributes)) span.setAttribute(ATTR_EVENT_TYPE, inferEventType(span.attributes, span.name));
      if (mask && masked) {
        maskSpanAttributes(span, mask);
        masked.add(span);
      }
    },
    onSpanEnd(span) {
      onEnded();
      const attributes = span.attributes as Record<string, AttributeValue | undefined>;
      if (!hasEventType(attributes)) attributes[ATTR_EVENT_TYPE] = inferEventType(attributes, span.name);
      if (mask && masked && !masked.has(span)) maskEndedAttributes(attributes, span.name, mask);
      target.push(span);
    },
  };
}
