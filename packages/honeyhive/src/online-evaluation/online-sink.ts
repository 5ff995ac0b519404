import type { AttributeValue } from "@opentelemetry/api";
import { ATTR_EVENT_ID } from "@honeyhive/core/semconv/attributes";
import { newUuid } from "@honeyhive/core/ids/uuid";
import type { SpanSink } from "../context/tracer-handle";
import { noteInternalError } from "../internal/guard";
import type { OnlineEvaluator } from "./online-evaluator";

/**
 * A tracer's span sink with online evaluation: a span to be evaluated on its own event (`target: "span"`) gets an
 * event id (`honeyhive_event_id`) before it is exported, so its scores can be written on that event; after the span
 * went to export, the evaluator is told it ended (it only queues: the evaluators run later).
 */
export function withOnlineEvaluation(sink: SpanSink, online: OnlineEvaluator): SpanSink {
  const perSpan = online.options.target === "span";
  return {
    onSpanStart: sink.onSpanStart === undefined ? undefined : (span) => sink.onSpanStart?.(span),
    release: sink.release === undefined ? undefined : () => sink.release?.(),
    onSpanEnding: (span) => sink.onSpanEnding(span),
    onSpanEnd(span) {
      try {
        if (perSpan && span.attributes[ATTR_EVENT_ID] === undefined && online.wants(span) !== undefined) {
          (span.attributes as Record<string, AttributeValue>)[ATTR_EVENT_ID] = newUuid();
        }
      } catch (error) {
        noteInternalError(error);
      }
      sink.onSpanEnd(span);
      try {
        online.spanEnded(span);
      } catch (error) {
        noteInternalError(error); // online evaluation never reaches the application
      }
    },
  };
}
