/**
 * OTLP/HTTP trace ingest: `POST /opentelemetry/v1/traces` (and the standard `/v1/traces`). Protobuf or
 * JSON, optionally gzip-compressed; every span of a request is stored in one transaction, or none is.
 */
import { decodeTraceRequest, OtlpDecodeError, otlpBodyFormat } from "../../otlp";
import { mediaType } from "../http/body";
import { HttpError, badRequest } from "../http/http-error";
import { BinaryReply, type RouteContext, type RouteDefinition } from "../http/router";
import { mergeEvents } from "../model/event-model";
import { mergeObjects } from "../model/json";
import type { EventRecord, EventWrite } from "../store/records";
import { mapSpan } from "../ingest/span-to-event";

const PROTOBUF = "application/x-protobuf";

function mergeSeeds(a: EventRecord, b: EventRecord): EventRecord {
  const start = a.start_time === null ? b.start_time : b.start_time === null ? a.start_time : Math.min(a.start_time, b.start_time);
  const end = a.end_time === null ? b.end_time : b.end_time === null ? a.end_time : Math.max(a.end_time, b.end_time);
  return {
    ...a,
    event_name: a.event_name !== "unknown" ? a.event_name : b.event_name,
    source: a.source !== "unknown" ? a.source : b.source,
    metadata: mergeObjects(b.metadata, a.metadata),
    start_time: start,
    end_time: end,
    duration: start !== null && end !== null ? end - start : null,
  };
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
  const header = ctx.req.headers["x-source"];
  const sourceHeader = typeof header === "string" && header.trim() !== "" ? header.trim().slice(0, 200) : undefined;
  const sessions = new Map<string, EventRecord>();
  const events: EventWrite[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.traceId === "" || span.spanId === "" || /^0+$/.test(span.traceId) || /^0+$/.test(span.spanId)) {
      throw badRequest(`span ${i} has no valid traceId/spanId`);
    }
    const mapped = mapSpan(span, sourceHeader);
    const known = sessions.get(mapped.session.event_id);
    sessions.set(mapped.session.event_id, known ? mergeSeeds(known, mapped.session) : mapped.session);
    events.push(mapped.write);
  }
  if (events.length > 0) {
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
