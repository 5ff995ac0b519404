/**
 * `createFeedbackHandler(options)`: a ready `(request: Request) => Promise<Response>` route (Next.js route handlers,
 * Hono, any fetch-style server) that records the feedback a browser posts with a token from {@link feedbackToken}.
 * Body: `{ token, value, name?, comment?, idempotencyKey? }` as JSON. Answers JSON: 200 recorded; 400 a bad body;
 * 401 no token or an expired one; 403 a forged token or a name it does not allow; 405 not a POST; 413 too large;
 * 502 the backend did not take it.
 */
import { DEFAULT_SERVER_URL } from "../config/resolve-config";
import { createApiClient, type ApiClient } from "../api-client/create-api-client";
import { readEnv } from "../internal/env";
import type { Logger } from "../internal/logger";
import type { FetchLike } from "../transport/send-http";
import { type FeedbackFields, feedbackProblem, feedbackUpdate } from "@honeyhive/core/feedback/feedback-entry";
import { feedbackSecret } from "./feedback-token";
import { checkToken, type FeedbackTokenClaims } from "./token-signing";
import { MAX_FEEDBACK_BODY_BYTES } from "./feedback-limits";
import { decodeUtf8 } from "../internal/utf8";

/** Options of {@link createFeedbackHandler}. */
export interface FeedbackHandlerOptions {
  /** API key the feedback is recorded with. @defaultValue env `HH_API_KEY` */
  apiKey?: string;
  /** Server URL. @defaultValue env `HH_API_URL`, else the HoneyHive API */
  serverUrl?: string;
  /** The secret tokens were signed with (as given to `feedbackToken`). @defaultValue the API key */
  secret?: string;
  /** The fetch the backend request uses. @defaultValue the global fetch */
  fetch?: FetchLike;
  /** Per-attempt timeout of the backend request. @defaultValue 10000 */
  timeoutMs?: number;
  /** Where the handler's debug lines go. @defaultValue none */
  logger?: Logger;
}

/** A fetch-style route handler. */
export type FeedbackHandler = (request: Request) => Promise<Response>;

export { MAX_FEEDBACK_BODY_BYTES };
const MAX_KEY_LENGTH = 128;

function reply(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
}

/**
 * The body's text, read chunk by chunk up to `limit` bytes; undefined as soon as it is larger (the rest is never read:
 * the stream is cancelled), so a huge body costs no more than the limit.
 */
async function boundedText(request: Request, limit: number): Promise<string | undefined> {
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return decodeUtf8(all);
}

/** The request's JSON body, or the response refusing it; a body over {@link MAX_FEEDBACK_BODY_BYTES} is never read whole. */
async function readJson(request: Request): Promise<Record<string, unknown> | Response> {
  if (request.method !== "POST") return reply(405, { error: "use POST" });
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FEEDBACK_BODY_BYTES) return reply(413, { error: "body too large" });
  const text = await boundedText(request, MAX_FEEDBACK_BODY_BYTES);
  if (text === undefined) return reply(413, { error: "body too large" });
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  return reply(400, { error: "body must be a JSON object { token, value, name?, comment?, idempotencyKey? }" });
}

/** The feedback a valid token allows, or the response refusing it. */
function fieldsOf(body: Record<string, unknown>, claims: FeedbackTokenClaims): FeedbackFields | Response {
  const allowed = claims.n;
  const name = body.name ?? (allowed?.length === 1 ? allowed[0] : undefined);
  const fields = { name, value: body.value, ...(body.comment !== undefined ? { comment: body.comment } : {}) };
  const problem = feedbackProblem(fields);
  if (problem) return reply(400, { error: problem });
  if (allowed && !allowed.includes(name as string)) return reply(403, { error: `the token does not allow feedback named ${String(name)}` });
  return fields as FeedbackFields;
}

function idempotencyKeyOf(body: Record<string, unknown>, claims: FeedbackTokenClaims): string | Response {
  const key = body.idempotencyKey;
  if (key === undefined) return claims.i;
  return typeof key === "string" && key !== "" && key.length <= MAX_KEY_LENGTH ? key : reply(400, { error: `idempotencyKey must be a string of 1-${MAX_KEY_LENGTH} characters` });
}

async function handle(request: Request, api: ApiClient, secret: string): Promise<Response> {
  const body = await readJson(request);
  if (body instanceof Response) return body;
  if (body.token === undefined) return reply(401, { error: "no token" });
  const checked = await checkToken(body.token, secret, Date.now());
  if (!checked.ok) return checked.reason === "expired" ? reply(401, { error: "token expired" }) : reply(403, { error: "invalid token" });
  const fields = fieldsOf(body, checked.claims);
  if (fields instanceof Response) return fields;
  const key = idempotencyKeyOf(body, checked.claims);
  if (key instanceof Response) return key;
  const result = await api.events.update({ event_id: checked.claims.e, feedback: feedbackUpdate(fields, key) });
  if (!result.ok) return reply(502, { error: "feedback could not be recorded" });
  return reply(200, { ok: true, eventId: checked.claims.e, name: fields.name, value: fields.value });
}

/**
 * Builds the feedback route. Without an API key (option or `HH_API_KEY`) every request is answered 503 (unknown
 * option keys were refused by the public entry, `lazy-api.ts`). Never throws or rejects: an unexpected failure is a
 * 500 without details.
 */
export function createFeedbackHandler(options: FeedbackHandlerOptions = {}): FeedbackHandler {
  const env = readEnv();
  const apiKey = options.apiKey ?? env.HH_API_KEY;
  const secret = feedbackSecret({ secret: options.secret, apiKey });
  const api = apiKey
    ? createApiClient({ apiKey, serverUrl: options.serverUrl ?? env.HH_API_URL ?? DEFAULT_SERVER_URL, fetch: options.fetch, timeoutMs: options.timeoutMs, logger: options.logger })
    : undefined;
  return async (request) => {
    if (!api || !secret) return reply(503, { error: "feedback is not configured on this server" });
    try {
      return await handle(request, api, secret);
    } catch (error) {
      options.logger?.debug(`feedback handler failed: ${String(error)}`);
      return reply(500, { error: "feedback could not be recorded" });
    }
  };
}
