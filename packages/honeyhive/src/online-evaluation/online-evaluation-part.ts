/**
 * A tracer's online evaluation, built when a tracer with the `onlineEvaluation` option is made (imported then by
 * `online-evaluation-feature.ts`: `import "honeyhive"` does not load it): the evaluator and the sink wrapper that
 * gives it the tracer's ended spans.
 */
import type { ResolvedOnlineEvaluation } from "../config/online-evaluation-option";
import type { SpanSink } from "../context/tracer-handle";
import type { FeatureHost } from "../seam/tracer-feature";
import { createOnlineEvaluator } from "./attach";
import type { OnlineEvaluator } from "./online-evaluator";
import { withOnlineEvaluation } from "./online-sink";

/** A tracer's online evaluation: its evaluator and the wrapper of the tracer's span sink. */
export interface OnlineEvaluationPart {
  readonly evaluator: OnlineEvaluator;
  wrap(sink: SpanSink): SpanSink;
}

/** The online evaluation of the tracer behind `host`, with its validated option. */
export function createOnlineEvaluationPart(options: ResolvedOnlineEvaluation, host: FeatureHost): OnlineEvaluationPart {
  const evaluator = createOnlineEvaluator(options, {
    logger: host.logger,
    handle: host.handle,
    timeoutMs: host.config.timeoutMs,
    update: (sessionId, update, eventId) => host.update(sessionId, update, eventId),
    spansDelivered: (timeoutMs) => host.spansDelivered(timeoutMs),
    spanDropped: (span) => host.spanDropped(span),
  });
  return { evaluator, wrap: (sink) => withOnlineEvaluation(sink, evaluator) };
}
