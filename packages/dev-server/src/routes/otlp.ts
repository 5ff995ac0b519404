/**
 * OTLP/HTTP trace ingest: `POST /opentelemetry/v1/traces` (and the standard `/v1/traces`). Protobuf or
 * JSON, optionally gzip-compressed; every span of a request is stored in one transaction, or none is.
 */
import { decodeTraceRequest, OtlpDecodeError, otlpBodyFormat } from "../otlp/index";
import { mediaType } from "../http/body";
import { HttpError, badRequest } from "../http/http-error";
import { BinaryReply } from "../http/router";
import type { ApiRoute, RouteContext } from "./route-context";
import type { TraceConversationMemory } from "../ingest/conversation-session";
import { spansToBatch } from "../ingest/span-batch";
import { noteUnpricedCalls } from "./unpriced-notice";

const PROTOBUF = "application/x-protobuf";

/**
 * Lets requests waiting on the event loop (reads) run between the synchronous steps of an ingest (decode, map,
 * write: ~5, 6 and 11 ms of CPU for 512 spans), so a read waits for one step rather than the whole batch.
 */
function yieldToOtherRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How many traces' OTel GenAI conversation ids a server remembers for later requests (all projects together). */
const REMEMBERED_TRACE_CONVERSATIONS = 10_000;

/** The project's remembered trace conversations (ingest/conversation-session.ts), in this server's caches. */
function rememberedConversations(ctx: RouteContext): TraceConversationMemory {
  const cache = ctx.caches.cache<string>("trace-conversations", REMEMBERED_TRACE_CONVERSATIONS);
  const project = ctx.project.id;
  return { get: (traceId) => cache.get(`${project}:${traceId}`), set: (traceId, id) => cache.set(`${project}:${traceId}`, id) };
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
  const batch = spansToBatch(spans, sourceHeader, ctx.prices, rememberedConversations(ctx));
  if (batch.events.length > 0) {
    await yieldToOtherRequests();
    try {
      await ctx.store.writeEvents(ctx.project.id, batch);
    } catch (error) {
      if (error instanceof RangeError) throw badRequest("span attributes are nested too deeply to store");
      throw error;
    }
  }
  noteUnpricedCalls(ctx.logger, batch.events.map((w) => w.event));
  ctx.logger.debug(`ingested ${batch.events.length} spans into project ${ctx.project.name}`);
  return format === "protobuf" ? new BinaryReply(PROTOBUF) : {};
}

/** OTLP ingest routes. */
export const otlpRoutes: readonly ApiRoute[] = [
  { method: "POST", pattern: "/opentelemetry/v1/traces", handler: ingest },
  { method: "POST", pattern: "/traces", handler: ingest },
];
