/**
 * The attachment stage of an export pipeline, built when the first span that may carry a payload reaches it (imported
 * then by `attachments-feature.ts`: `import "honeyhive"` does not load it).
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "@honeyhive/core/log/logger";
import type { ExportStage } from "../seam/tracer-feature";
import { type AttachmentCounters, AttachmentStage } from "./attachment-stage";
import { attachmentStageOptions } from "./stage-options";
import type { StoreSettings } from "./store-choice";

/** A pipeline's attachment stage, as the seam's export stage, with what the feature reads of it. */
export interface LoadedAttachmentStage extends ExportStage {
  /** A JSON object's attachments replaced by references (see `AttachmentStage.extractObject`). */
  extractObject(value: Record<string, unknown>): Promise<Record<string, unknown>> | undefined;
  counters(): AttachmentCounters;
}

/** The stage of a pipeline with these settings (its one warning about lost attachments to `logger`); `next` queues a span. */
export function createAttachmentStage(config: StoreSettings, logger: Logger, next: (span: ReadableSpan) => void): LoadedAttachmentStage {
  const options = attachmentStageOptions(config);
  if (options === undefined) throw new Error("attachments are off: no stage"); // the feature adds no stage then
  const stage = new AttachmentStage({ ...options, logger }, next);
  return {
    push: (span) => stage.push(span),
    idle: (timeoutMs) => stage.idle(timeoutMs),
    get busy() {
      return stage.holding;
    },
    release: () => stage.releaseWaiting(),
    takeNothingLost: () => stage.takeNothingLost(),
    extractObject: (value) => stage.extractObject(value),
    counters: () => stage.counters(),
  };
}
