import { ROOT_CONTEXT, context } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { setActiveTracer } from "../context/active-tracer";
import { setSessionScope } from "../context/session-scope";
import type { SessionUpdate, TracerHandle } from "../context/tracer-handle";
import type { Logger } from "../internal/logger";
import type { ResolvedOnlineEvaluation } from "../config/online-evaluation-option";
import { OnlineEvaluator } from "./online-evaluator";

/** The metadata written with online evaluation's metrics: it marks them as online evaluation. */
export const ONLINE_EVALUATION_METADATA = Object.freeze({ online_evaluation: true });

/** What the tracer lends its online evaluation. */
export interface OnlineEvaluationEngine {
  readonly logger: Logger;
  readonly handle: TracerHandle;
  /** Sends a session update, or with `eventId` an update of one of the session's events; never rejects. */
  update(sessionId: string, update: SessionUpdate, eventId: string): Promise<boolean>;
  /**
   * Resolves once the spans ended so far are delivered (a span's event must exist before its metrics are written); it
   * only waits: spans go at the usual pace, and a failure is left for the next flush to report.
   */
  spansDelivered(timeoutMs: number): Promise<boolean>;
  /** True when the export dropped `span` before queueing it: there is no event to score. */
  spanDropped(span: ReadableSpan): boolean;
  readonly timeoutMs: number;
}

/**
 * Builds a tracer's online evaluation. Scores go on the subject's event with `metadata.online_evaluation: true`;
 * on a span's event only once the spans ended before it are delivered.
 */
export function createOnlineEvaluator(options: ResolvedOnlineEvaluation, engine: OnlineEvaluationEngine): OnlineEvaluator {
  return new OnlineEvaluator(options, {
    logger: engine.logger,
    spanDropped: (span) => engine.spanDropped(span),
    async write(subject, metrics) {
      if (options.target === "span") await engine.spansDelivered(engine.timeoutMs);
      return engine.update(subject.sessionId, { metrics, metadata: { ...ONLINE_EVALUATION_METADATA } }, subject.eventId);
    },
    inSession(sessionId, fn) {
      const scoped = setSessionScope(setActiveTracer(ROOT_CONTEXT, engine.handle), { owner: engine.handle, sessionId });
      return context.with(scoped, fn);
    },
  });
}
