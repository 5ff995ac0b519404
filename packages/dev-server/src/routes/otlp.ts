/**
 * OTLP/HTTP trace ingest: `POST /opentelemetry/v1/traces` (and the standard `/v1/traces`). Protobuf or
 * JSON, optionally gzip-compressed; every span of a request is stored in one transaction, or none is.
 */
import { decodeTraceRequest, OtlpDecodeError, otlpBodyFormat } from "../otlp/index";
import { mediaType } from "../http/body";
import { HttpError, badRequest } from "../http/http-error";
import { BinaryReply, type RouteContext, type RouteDefinition } from "../http/router";
import { mergeEvents, sessionSeed } from "../model/event-model";
import type { EventRecord, EventWrite } from "../store/records";
import { mapSpan, SpanRefs } from "../ingest/span-to-event";

const PROTOBUF = "application/x-protobuf";

const EVAL_IDS = ["run_id", "dataset_id", "datapoint_id"] as const;

/**
 * Lets requests waiting on the event loop (reads) run between the synchronous steps of an ingest (decode, map,
 * write: ~5, 6 and 11 ms of CPU for 512 spans), so a read waits for one step rather than the whole batch.
 */
function yieldToOtherRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Creates the session seed for the first span of a session, or widens it with a later span. */
function addToSeed(seeds: Map<string, EventRecord>, event: EventRecord, sessionName: string | undefined): void {
  const seed = seeds.get(event.session_id);
  if (!seed) {
    const metadata: Record<string, unknown> = {};
    for (const key of EVAL_IDS) if (typeof event.metadata[key] === "string") metadata[key] = event.metadata[key];
    seeds.set(event.session_id, sessionSeed(event.session_id, {
      event_name: sessionName ?? "unknown", source: event.source, metadata, start_time: event.start_time, end_time: event.end_time,
    }));
    return;
  }
  if (seed.event_name === "unknown" && sessionName !== undefined) seed.event_name = sessionName;
  if (seed.source === "unknown") seed.source = event.source;
  for (const key of EVAL_IDS) {
    if (seed.metadata[key] === undefined && typeof event.metadata[key] === "string") seed.metadata[key] = event.metadata[key];
  }
  if (event.start_time !== null && (seed.start_time === null || event.start_time < seed.start_time)) seed.start_time = event.start_time;
  if (event.end_time !== null && (seed.end_time === null || event.end_time > seed.end_time)) seed.end_time = event.end_time;
  if (seed.start_time !== null && seed.end_time !== null) seed.duration = seed.end_time - seed.start_time;
}

async function ingest(ctx: RouteContext): Promise<unknown> {
  const contentType = typeof ctx.req.headers["content-type"] === "string" ? ctx.req.headers["content-type"] : "";
  const format = otlpBodyFormat(contentType);
  if (format === undefined) {
    throw new HttpError(415, `unsupported content type "${mediaType(ctx.req).slice(0, 60)}": use application/x-protobuf or application/json`);
  }
  const body = await ctx.rawBody();
  let spans;
  try {
    spans = decodeTraceRequest(body, contentType);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw badRequest(`malformed OTLP ${format} body: ${error.message}`);
    throw error;
  }
  await yieldToOtherRequests();
  const header = ctx.req.headers["x-source"];
  const sourceHeader = typeof header === "string" && header.trim() !== "" ? header.trim().slice(0, 200) : undefined;
  const sessions = new Map<string, EventRecord>();
  const events: EventWrite[] = [];
  const refs = new SpanRefs();
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.traceId === "" || span.spanId === "" || /^0+$/.test(span.traceId) || /^0+$/.test(span.spanId)) {
      throw badRequest(`span ${i} has no valid traceId/spanId`);
    }
    const mapped = mapSpan(span, sourceHeader, refs);
    addToSeed(sessions, mapped.write.event, mapped.sessionName);
    events.push(mapped.write);
  }
  if (events.length > 0) {
    await yieldToOtherRequests();
    try {
      await ctx.store.writeEvents(ctx.project.id, { sessions: [...sessions.values()], events, merge: mergeEvents });
    } catch (error) {
      if (error instanceof RangeError) throw badRequest("span attributes are nested too deeply to store");
      throw error;
    }
  }
  ctx.logger.debug(`ingested ${events.length} spans into project ${ctx.project.name}`);
  return format === "protobuf" ? new BinaryReply(PROTOBUF) : {};
}

/** OTLP ingest routes. */
export const otlpRoutes: readonly RouteDefinition[] = [
  { method: "POST", pattern: "/opentelemetry/v1/traces", handler: ingest },
  { method: "POST", pattern: "/traces", handler: ingest },
];
