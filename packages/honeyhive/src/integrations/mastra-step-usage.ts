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

/**
 * The processor for `new Observability({ configs: { default: { bridge: new OtelBridge(), spanOutputProcessors:
 * [mastraStepUsage()] } } })`: each `model_step` span's usage and finish reason are exported with it. Never throws;
 * returns every span it gets.
 */
export function mastraStepUsage(): MastraStepUsageProcessor {
  return {
    name: "honeyhive-step-usage",
    process<S>(span: S): S {
      try {
        const s = span as MastraSpanLike;
        if (own(s, "type") !== "model_step") return span;
        const usage = own(s.attributes, "usage");
        const finishReason = own(s.attributes, "finishReason");
        const started = own(s.attributes, "completionStartTime");
        const completionStartTime = started instanceof Date ? started.toISOString() : typeof started === "string" ? started : undefined;
        if (usage === undefined && finishReason === undefined && completionStartTime === undefined) return span;
        s.metadata = {
          ...(s.metadata ?? {}), ...(usage !== undefined ? { usage } : {}), ...(finishReason !== undefined ? { finishReason } : {}),
          ...(completionStartTime !== undefined ? { completionStartTime } : {}),
        };
      } catch {
        // a span of an unexpected shape is exported as it is
      }
      return span;
    },
    shutdown: () => Promise.resolve(),
  };
}
