/**
 * Seeding the dev server over its real HTTP API: OTLP/JSON spans (`POST /opentelemetry/v1/traces`),
 * runs (`POST /v1/runs`, `PUT /v1/runs/{id}`) and session events (`POST /events/batch`). Used for the
 * hostile cases (20,000 events, 10,000 datapoints, stored markup) that evaluate() would make slow.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { call } from "./viewer-server";

/** One span to send. */
export interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
  /** Marks the span as failed with this status message. */
  error?: string;
}

/** A random 16-byte trace id or 8-byte span id in lowercase hex. */
export function hexId(bytes: 16 | 8): string {
  return randomBytes(bytes).toString("hex");
}

function anyValue(value: string | number | boolean): Record<string, unknown> {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** An OTLP/JSON ExportTraceServiceRequest for `spans`. */
export function otlpJson(spans: readonly SpanSpec[]): unknown {
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: "service.name", value: { stringValue: "viewer-test" } }] },
      scopeSpans: [{
        scope: { name: "viewer-test" },
        spans: spans.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? "",
          name: s.name,
          kind: 1,
          startTimeUnixNano: nanos(s.startMs),
          endTimeUnixNano: nanos(s.endMs),
          attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value: anyValue(value) })),
          status: s.error === undefined ? { code: 0 } : { code: 2, message: s.error },
        })),
      }],
    }],
  };
}

/** Sends spans in batches of `batchSize`. */
export async function sendSpans(server: { url: string }, spans: readonly SpanSpec[], batchSize = 4000): Promise<void> {
  for (let i = 0; i < spans.length; i += batchSize) {
    await call(server, "POST", "/opentelemetry/v1/traces", otlpJson(spans.slice(i, i + batchSize)));
  }
}

/** Attributes placing a span in a session with an event type. */
export function sessionAttrs(sessionId: string, type: string, source = "viewer-test"): Record<string, string> {
  return { "honeyhive.session_id": sessionId, "honeyhive.source": source, honeyhive_event_type: type };
}

/** A session of `count` events: one chain root with `count - 1` children (model and tool alternating). */
export function wideSessionSpans(sessionId: string, count: number, startMs: number): SpanSpec[] {
  const traceId = hexId(16);
  const rootId = hexId(8);
  const spans: SpanSpec[] = [{
    traceId, spanId: rootId, name: "pipeline", startMs, endMs: startMs + count * 2 + 10,
    attributes: { ...sessionAttrs(sessionId, "chain"), "honeyhive.session_name": "wide-session" },
  }];
  for (let i = 1; i < count; i++) {
    const type = i % 2 === 0 ? "model" : "tool";
    spans.push({
      traceId, spanId: hexId(8), parentSpanId: rootId, name: `step-${i}`, startMs: startMs + i * 2, endMs: startMs + i * 2 + 1.5,
      attributes: { ...sessionAttrs(sessionId, type), "honeyhive_inputs.i": i },
      ...(i % 1000 === 0 ? { error: `step ${i} failed` } : {}),
    });
  }
  return spans;
}

/** Creates a run directly through the API with `n` datapoint sessions carrying metrics; returns its id. */
export async function seedRunWithSessions(
  server: { url: string },
  options: { name: string; datapoints: number; score: (i: number) => number; passingMin?: number },
): Promise<string> {
  const runId = randomUUID();
  await call(server, "POST", "/v1/runs", {
    run_id: runId, name: options.name, status: "running", event_ids: [],
    ...(options.passingMin !== undefined ? { passing_ranges: { score: { min: options.passingMin } } } : {}),
  });
  const start = Date.now() - options.datapoints * 10;
  const sessions: string[] = [];
  for (let offset = 0; offset < options.datapoints; offset += 5000) {
    const events = [];
    for (let i = offset; i < Math.min(options.datapoints, offset + 5000); i++) {
      const sessionId = randomUUID();
      sessions.push(sessionId);
      events.push({
        event_type: "session", session_id: sessionId, event_name: "qa-session", source: "evaluation",
        inputs: { question: `question ${i}` }, outputs: { answer: `answer ${i}` },
        feedback: { ground_truth: { answer: `answer ${i}` } },
        metadata: { run_id: runId, datapoint_id: `dp-${String(i).padStart(5, "0")}` },
        metrics: { score: options.score(i), exact: i % 3 !== 0 },
        start_time: start + i * 10, end_time: start + i * 10 + 7,
      });
    }
    await call(server, "POST", "/events/batch", { events });
  }
  await call(server, "PUT", `/v1/runs/${runId}`, { status: "completed", event_ids: sessions });
  return runId;
}
