/**
 * The attachments feature as the tracer knows it (`seam/tracer-feature.ts`): a stage of each export pipeline that
 * replaces images, audio and documents in span values by references, and the same for a session start's inputs. Only
 * the check of the hot path is here (a span with no string attribute long enough to carry a payload passes on); the
 * extraction, its uploads and its stores (`attachment-part.ts`) are imported when the first span that may carry one
 * arrives. Spans that may carry one wait for it (at most 32 per pipeline, as the stage holds them), then go through it.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { Logger } from "../internal/logger";
import type { TracerHandle } from "../context/tracer-handle";
import { DeferredStage } from "../seam/deferred-stage";
import { onDemand } from "../seam/on-demand";
import type { PipelinePart, TracerFeature, TracerPart } from "../seam/tracer-feature";
import type { AttachmentCounters } from "./attachment-stage";
import type * as AttachmentPart from "./attachment-part";
import { explicitAttachmentsMade } from "./attachment";
import { base64Chars, mayHoldPayload } from "./payload-check";
import { type StoreSettings, storeChoiceOf, storeKindOf } from "./store-choice";

/** Most spans a pipeline holds for extraction at once (while the stage loads, then in the stage). */
const MAX_HELD_SPANS = 32;

/** The stage's module, imported once (a failed import is tried again by the next span that needs it). */
const loadStagePart = onDemand(() => import("./attachment-part"));

/** Whether a span has a string attribute that may hold a payload (`payload-check.ts`): the only check on the hot path. */
function mayCarry(attributes: Record<string, unknown> | undefined, minChars: number): boolean {
  if (attributes === undefined) return false;
  const explicit = explicitAttachmentsMade();
  for (const key in attributes) {
    const value = attributes[key];
    if (typeof value === "string" && mayHoldPayload(value, minChars, explicit)) return true;
  }
  return false;
}

/** The counters of a stage that extracted nothing yet. */
function zeroCounters(config: StoreSettings): AttachmentCounters {
  return { store: storeKindOf(storeChoiceOf(config)), extracted: 0, tooLarge: 0, skippedBusy: 0, unconfirmed: 0, uploaded: 0, deduplicated: 0, failed: 0, queueFull: 0 };
}

/** The attachment part of a pipeline with this configuration. */
function pipelinePart(config: ResolvedTracerConfig, logger: Logger): PipelinePart | undefined {
  if (!config.attachments.enabled) return undefined;
  const minChars = base64Chars(config.attachments.thresholdBytes);
  let deferred: DeferredStage | undefined;
  const loaded = (): AttachmentPart.LoadedAttachmentStage | undefined => deferred?.loaded as AttachmentPart.LoadedAttachmentStage | undefined;
  return {
    stage(next) {
      deferred = new DeferredStage({
        mayNeed: (span: ReadableSpan) => mayCarry(span.attributes as Record<string, unknown>, minChars),
        load: async (onward) => (await loadStagePart()).createAttachmentStage(config, logger, onward),
        maxHeld: MAX_HELD_SPANS,
      }, next);
      return deferred;
    },
    transformObject(value) {
      if (deferred === undefined) return undefined; // the pipeline sends nothing: no stage
      let text: string;
      try {
        text = JSON.stringify(value);
      } catch {
        return undefined;
      }
      if (typeof text !== "string" || !mayHoldPayload(text, minChars, explicitAttachmentsMade())) return undefined;
      const stage = loaded();
      if (stage !== undefined) return stage.extractObject(value);
      return deferred.whenLoaded().then((ready) => (ready as AttachmentPart.LoadedAttachmentStage | undefined)?.extractObject(value) ?? value);
    },
    diagnostics() {
      if (deferred === undefined) return undefined;
      const counters = loaded()?.counters() ?? zeroCounters(config);
      return { ...counters, skippedBusy: counters.skippedBusy + deferred.passedUnstaged };
    },
  };
}

const NAME = "attachments";

/** A tracer's attachments part: its store settings, for `resolveAttachment({ tracer })` (the store it reads back from). */
interface AttachmentsTracerPart extends TracerPart {
  readonly settings: StoreSettings;
}

/** The store settings of `tracer` (undefined for a tracer without the attachments feature). */
export function attachmentSettingsOf(tracer: TracerHandle | undefined): StoreSettings | undefined {
  return (tracer?.featurePart?.(NAME) as AttachmentsTracerPart | undefined)?.settings;
}

/** The attachments feature (see the module comment). */
export const attachmentsFeature: TracerFeature = {
  name: NAME,
  pipelinePart,
  tracerPart: (host): AttachmentsTracerPart => ({ settings: host.config }),
};
