/**
 * A Mastra span output processor that keeps each LLM round trip's token usage. Mastra records the usage of every
 * `model_step` (a streamed one included), but `@mastra/otel-bridge` exports usage only on the `model_generation` span
 * (the run's sum), so a streamed step would reach HoneyHive without tokens. This processor copies the step's usage,
 * finish reason and the time its first chunk arrived into its metadata, which the bridge exports
 * (`mastra.metadata.usage`, `mastra.metadata.finishReason`, `mastra.metadata.completionStartTime`) and the Mastra
 * dialect reads. Structural: no Mastra import.
 */

/** The part of a Mastra span the processor reads and writes. */
interface MastraSpanLike {
  type?: unknown;
  attributes?: unknown;
  metadata?: Record<string, unknown>;
}

/** A Mastra span output processor (`spanOutputProcessors` of a Mastra observability config). */
export interface MastraStepUsageProcessor {
  readonly name: string;
  process<S>(span: S): S;
  shutdown(): Promise<void>;
}

function own(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** Steps whose first-chunk time is remembered at once at most (a step's is taken when the step ends). */
const MAX_REMEMBERED_STEPS = 1000;

function isoTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : undefined;
  return typeof value === "string" ? value : undefined;
}

/** The id of a Mastra span's parent (`parent.id`, or the exported `parentSpanId`). */
function parentIdOf(span: unknown): unknown {
  return own(own(span, "parent"), "id") ?? own(span, "parentSpanId");
}

/**
 * The first-chunk times of steps not ended yet, from their `model_inference` child (Mastra keeps the time there; the
 * child ends first). Bounded: the oldest is forgotten first.
 */
function firstChunkTimes(): { remember(span: MastraSpanLike): void; take(span: MastraSpanLike): string | undefined } {
  const byStep = new Map<unknown, string>();
  return {
    remember(span) {
      const at = isoTime(own(span.attributes, "completionStartTime"));
      const step = parentIdOf(span);
      if (at === undefined || step === undefined) return;
      if (byStep.size >= MAX_REMEMBERED_STEPS) byStep.delete(byStep.keys().next().value);
      byStep.set(step, at);
    },
    take(span) {
      const id = own(span, "id");
      const at = byStep.get(id);
      byStep.delete(id);
      return isoTime(own(span.attributes, "completionStartTime")) ?? at;
    },
  };
}

function copyStepFacts(s: MastraSpanLike, completionStartTime: string | undefined): void {
  const usage = own(s.attributes, "usage");
  const finishReason = own(s.attributes, "finishReason");
  if (usage === undefined && finishReason === undefined && completionStartTime === undefined) return;
  s.metadata = {
    ...(s.metadata ?? {}), ...(usage !== undefined ? { usage } : {}), ...(finishReason !== undefined ? { finishReason } : {}),
    ...(completionStartTime !== undefined ? { completionStartTime } : {}),
  };
}

/**
 * The processor for `new Observability({ configs: { default: { bridge: new OtelBridge(), spanOutputProcessors:
 * [mastraStepUsage()] } } })`: each `model_step` span's usage, finish reason and first chunk's time are exported with
 * it. Never throws; returns every span it gets.
 */
export function mastraStepUsage(): MastraStepUsageProcessor {
  const firstChunks = firstChunkTimes();
  return {
    name: "honeyhive-step-usage",
    process<S>(span: S): S {
      try {
        const s = span as MastraSpanLike;
        const type = own(s, "type");
        if (type === "model_inference") firstChunks.remember(s);
        if (type === "model_step") copyStepFacts(s, firstChunks.take(s));
      } catch {
        // a span of an unexpected shape is exported as it is
      }
      return span;
    },
    shutdown: () => Promise.resolve(),
  };
}
