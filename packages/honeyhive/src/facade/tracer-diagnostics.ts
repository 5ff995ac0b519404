import type { AttachmentCounters } from "../attachments/attachment-stage";
import type { OnlineEvaluationCounters } from "../online-evaluation/online-evaluator";
import type { TracingDiagnostics } from "../tracer/tracer-diagnostics";

/**
 * What `tracer.diagnostics()` returns: the tracing counters ({@link TracingDiagnostics}) and each feature's. The span
 * counts are those of the spans the tracer's export pipeline serves: an `evaluate()` datapoint's tracer shares the
 * run's pipeline, so its counts are the run's.
 */
export interface TracerDiagnostics extends TracingDiagnostics {
  /**
   * Images, audio and documents extracted from span values and their uploads (see the `attachments` option); absent
   * when extraction is off or the tracer sends nothing.
   */
  attachments?: AttachmentCounters;
  /** Online evaluation's counters (sampled, dropped, evaluated, evaluator errors, budget skips, writes); absent when it is off. */
  onlineEvaluation?: OnlineEvaluationCounters;
}
