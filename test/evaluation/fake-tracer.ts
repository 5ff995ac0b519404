import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { DatapointTracerOptions, EvaluationEnrichment, EvaluationTracer, StartSpanOptions } from "../../packages/honeyhive/src/evaluation/tracer-contract";

/** A span recorded by {@link FakeTracer}. */
export interface FakeSpan {
  name: string;
  options: StartSpanOptions | undefined;
  parent: FakeSpan | undefined;
  tracer: FakeTracer;
  enrichments: { params: EvaluationEnrichment; whileOpen: boolean }[];
  ended: boolean;
  error?: unknown;
}

const current = new AsyncLocalStorage<FakeSpan>();

/**
 * A stand-in for HoneyHiveTracer that records spans (with parent links through AsyncLocalStorage),
 * enrichments and session updates, for unit tests of the runner's logic.
 */
export class FakeTracer implements EvaluationTracer {
  readonly sessionId = randomUUID();
  readonly spans: FakeSpan[] = [];
  readonly sessionUpdates: EvaluationEnrichment[] = [];
  shutdownCalls = 0;

  constructor(readonly options: DatapointTracerOptions) {}

  startSpan<T>(name: string, fn: (span: unknown) => T, options?: StartSpanOptions): T {
    const span: FakeSpan = { name, options, parent: current.getStore(), tracer: this, enrichments: [], ended: false };
    this.spans.push(span);
    let result: T;
    try {
      result = current.run(span, () => fn(span));
    } catch (error) {
      span.ended = true;
      span.error = error;
      throw error;
    }
    if (result && typeof (result as { then?: unknown }).then === "function") {
      return (result as unknown as Promise<unknown>).then(
        (value) => ((span.ended = true), value),
        (error: unknown) => {
          span.ended = true;
          span.error = error;
          throw error;
        },
      ) as T;
    }
    span.ended = true;
    return result;
  }

  enrichSpan(params: EvaluationEnrichment): boolean {
    const span = current.getStore();
    span?.enrichments.push({ params, whileOpen: !span.ended });
    return span !== undefined;
  }

  async enrichSession(params: EvaluationEnrichment): Promise<boolean> {
    this.sessionUpdates.push(params);
    return true;
  }

  whenSessionStarted(): Promise<boolean> {
    return Promise.resolve(true);
  }

  async flush(): Promise<boolean> {
    return true;
  }

  async shutdown(): Promise<void> {
    this.shutdownCalls += 1;
  }
}

/** A factory that remembers every tracer it made. */
export function fakeTracerFactory(): { create: (options: DatapointTracerOptions) => FakeTracer; tracers: FakeTracer[] } {
  const tracers: FakeTracer[] = [];
  return {
    tracers,
    create: (options) => {
      const tracer = new FakeTracer(options);
      tracers.push(tracer);
      return tracer;
    },
  };
}
