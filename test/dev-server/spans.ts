/**
 * Builds real OpenTelemetry SDK spans and serialises them with the real OTLP transformer, plus OTLP JSON
 * in the HoneyHive Python SDK's quirky form (hex ids, null parentSpanId, enum strings, string int64).
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import {
  BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import type { Tracer } from "@opentelemetry/api";

/** Runs `fn` with a fresh tracer and returns the spans it ended. */
export function recordSpans(fn: (tracer: Tracer) => void): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  fn(provider.getTracer("dev-server-test", "1.0.0"));
  return exporter.getFinishedSpans() as ReadableSpan[];
}

/** OTLP protobuf request body. */
export function protobufBody(spans: ReadableSpan[]): Uint8Array {
  const body = ProtobufTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error("serialisation failed");
  return body;
}

/** OTLP JSON request body (the OTel JS form). */
export function jsonBody(spans: ReadableSpan[]): Uint8Array {
  const body = JsonTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error("serialisation failed");
  return body;
}

type PyValue = string | number | boolean;

function pyValue(value: PyValue): Record<string, unknown> {
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  return { stringValue: value };
}

/** One span of the Python-form JSON body. */
export interface PySpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string | null;
  name: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, PyValue>;
  status?: "STATUS_CODE_UNSET" | "STATUS_CODE_OK" | "STATUS_CODE_ERROR";
  statusMessage?: string;
}

/** An OTLP JSON body written the way the Python SDK's hand-built exporter writes it. */
export function pythonJsonBody(spans: PySpan[]): string {
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: "service.name", value: { stringValue: "py-app" } }] },
      scopeSpans: [{
        scope: { name: "honeyhive", version: "1.5.1" },
        spans: spans.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? null,
          name: s.name,
          kind: "SPAN_KIND_INTERNAL",
          startTimeUnixNano: `${BigInt(s.startMs) * 1_000_000n}`,
          endTimeUnixNano: `${BigInt(s.endMs) * 1_000_000n}`,
          attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value: pyValue(value) })),
          status: { code: s.status ?? "STATUS_CODE_UNSET", ...(s.statusMessage ? { message: s.statusMessage } : {}) },
        })),
      }],
    }],
  });
}
