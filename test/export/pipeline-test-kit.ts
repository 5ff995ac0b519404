import { createHook } from "node:async_hooks";
import { BasicTracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { SpanPipeline, type SpanPipelineOptions } from "../../packages/honeyhive/src/export/index";
import { type LogLevel, type Logger, createLogger } from "../../packages/honeyhive/src/internal/logger";
import type { FetchLike } from "../../packages/honeyhive/src/transport/send-http";

const provider = new BasicTracerProvider();
const tracer = provider.getTracer("pipeline-test", "1.0.0");

/** `count` real, ended spans from a BasicTracerProvider (no processors: we push them ourselves). */
export function makeSpans(count: number, prefix = "span", attributes: Record<string, string | number> = {}): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan(`${prefix}-${i}`, { attributes: { ...attributes, index: i } });
    span.end();
    spans.push(span as unknown as ReadableSpan);
  }
  return spans;
}

/** A logger that records lines. */
export function recordingLogger(secrets: string[] = []): { logger: Logger; lines: [LogLevel, string][] } {
  const lines: [LogLevel, string][] = [];
  return { logger: createLogger({ verbose: true, sink: (level, message) => lines.push([level, message]), secrets }), lines };
}

/** Pipeline options with test-friendly defaults (fast retries, long scheduled delay so flush drives exports). */
export function pipelineOptions(endpoint: string, overrides: Partial<SpanPipelineOptions> = {}): SpanPipelineOptions {
  return {
    endpoint,
    apiKey: "hh_test_key_123456",
    protocol: "http/protobuf",
    mode: "batch",
    resource: { "service.name": "pipeline-test" },
    scheduledDelayMs: 60_000,
    initialBackoffMs: 5,
    logger: recordingLogger().logger,
    ...overrides,
  };
}

/** Tracks pipelines to shut down after each test. */
export class PipelineJar {
  private readonly pipelines: SpanPipeline[] = [];

  /** A new pipeline, remembered for {@link closeAll}. */
  make(options: SpanPipelineOptions): SpanPipeline {
    const pipeline = new SpanPipeline(options);
    this.pipelines.push(pipeline);
    return pipeline;
  }

  /** Shuts every pipeline down quickly. */
  async closeAll(): Promise<void> {
    await Promise.all(this.pipelines.splice(0).map((p) => p.shutdown(200)));
  }
}

/** A fetch wrapper that counts calls and the peak number of concurrent calls. */
export function countingFetch(inner: FetchLike = (input, init) => fetch(input, init)): { fetch: FetchLike; calls: () => number; peak: () => number } {
  let calls = 0;
  let active = 0;
  let peak = 0;
  return {
    fetch: async (input, init) => {
      calls++;
      active++;
      peak = Math.max(peak, active);
      try {
        return await inner(input, init);
      } finally {
        active--;
      }
    },
    calls: () => calls,
    peak: () => peak,
  };
}

/**
 * Records timers (including `unref()`ed ones, which `process.getActiveResourcesInfo()` does not list)
 * created from src/export while enabled, and which of them are still alive.
 */
export function trackExportTimers(): { live: () => number; created: () => number; stop: () => void } {
  const live = new Set<number>();
  let created = 0;
  const hook = createHook({
    init(asyncId, type) {
      if (type !== "Timeout" && type !== "Immediate") return;
      const stack = new Error().stack ?? "";
      if (/src[\\/]export[\\/]/.test(stack)) {
        live.add(asyncId);
        created++;
      }
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  });
  hook.enable();
  return { live: () => live.size, created: () => created, stop: () => hook.disable() };
}
