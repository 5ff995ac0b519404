import { context } from "@opentelemetry/api";
import { ExportResultCode, suppressTracing } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { describeError } from "../internal/safe-invoke";
import { encodeTraceRequestJson, encodeTraceRequestProtobuf } from "../otlp/index";
import { sendHttp } from "../transport/send-http";
import type { ResolvedPipelineOptions } from "./pipeline-options";

/** Outcome of sending one batch; senders never throw or reject. */
export type BatchResult = { ok: true } | { ok: false; error: string; status?: number; attempts: number };

/** Sends one batch of spans; `signal` aborts pending retries (used at shutdown). */
export type BatchSender = (spans: ReadableSpan[], signal: AbortSignal) => Promise<BatchResult>;

/** A sender that POSTs OTLP/HTTP (protobuf or JSON) with the pipeline's own Bearer key, via `sendHttp`. */
export function createHttpSender(options: ResolvedPipelineOptions, apiKey: string): BatchSender {
  const json = options.protocol === "http/json";
  const headers: Record<string, string> = {
    ...options.headers,
    "Content-Type": json ? "application/json" : "application/x-protobuf",
    Authorization: `Bearer ${apiKey}`,
  };
  return async (spans, signal) => {
    let body: string | Uint8Array;
    try {
      body = json ? encodeTraceRequestJson(spans, options.resource) : encodeTraceRequestProtobuf(spans, options.resource);
    } catch (error) {
      return { ok: false, error: `could not encode spans: ${describeError(error)}`, attempts: 0 };
    }
    const result = await sendHttp(
      { url: options.endpoint, method: "POST", headers, body },
      {
        timeoutMs: options.exportTimeoutMs, maxRetries: options.maxRetries, initialBackoffMs: options.initialBackoffMs,
        fetch: options.fetch, signal, background: true,
      },
    );
    return result.ok ? { ok: true } : { ok: false, error: result.error, status: result.status, attempts: result.attempts };
  };
}

/**
 * A sender that hands batches to an OpenTelemetry `SpanExporter` (the test seam), with tracing suppressed
 * and a timeout in case the exporter never calls back.
 */
export function createExporterSender(exporter: SpanExporter, timeoutMs: number): BatchSender {
  return (spans) =>
    new Promise<BatchResult>((resolve) => {
      let settled = false;
      const finish = (result: BatchResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => finish({ ok: false, error: `exporter timed out after ${timeoutMs} ms`, attempts: 1 }), timeoutMs);
      timer.unref?.();
      try {
        context.with(suppressTracing(context.active()), () => {
          exporter.export(spans, (result) => {
            if (result.code === ExportResultCode.SUCCESS) finish({ ok: true });
            else finish({ ok: false, error: result.error ? describeError(result.error) : "exporter reported failure", attempts: 1 });
          });
        });
      } catch (error) {
        finish({ ok: false, error: `exporter threw: ${describeError(error)}`, attempts: 1 });
      }
    });
}
