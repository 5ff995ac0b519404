/**
 * `toNodeHandler(handler)`: serves a fetch-style handler (such as {@link createFeedbackHandler}'s) from `node:http`
 * or Express (`app.post("/api/feedback", toNodeHandler(handler))`). A body Express already parsed is used as JSON.
 * Typed structurally, so this module loads no Node built-in (it is part of the runtime-neutral entry).
 */
import { MAX_FEEDBACK_BODY_BYTES } from "./feedback-limits";
import { utf8 } from "./token-signing";
import { decodeUtf8 } from "../internal/utf8";

/** The parts of a `node:http` `IncomingMessage` (or an Express request) the adapter reads. */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set by body-parsing middleware (`express.json()`). */
  body?: unknown;
}

/** The parts of a `node:http` `ServerResponse` (or an Express response) the adapter writes. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string): unknown;
}

/** A `node:http` / Express request listener. */
export type NodeRequestListener = (request: NodeRequestLike, response: NodeResponseLike) => void;


function bytesOf(chunk: unknown): Uint8Array {
  return chunk instanceof Uint8Array ? chunk : utf8(String(chunk));
}

/**
 * The body as text; undefined when it is larger than the handler takes: at once when its declared length says so
 * (nothing is read; Node discards the rest), else once the bytes read pass the limit (read to its end, the rest not
 * kept).
 */
async function bodyOf(request: NodeRequestLike): Promise<string | undefined> {
  if (request.body !== undefined) return typeof request.body === "string" ? request.body : JSON.stringify(request.body);
  const declared = request.headers["content-length"];
  if (typeof declared === "string" && Number(declared) > MAX_FEEDBACK_BODY_BYTES) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = bytesOf(chunk);
    size += bytes.length;
    if (size <= MAX_FEEDBACK_BODY_BYTES) chunks.push(bytes);
  }
  if (size > MAX_FEEDBACK_BODY_BYTES) return undefined;
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return decodeUtf8(all);
}

function toRequest(request: NodeRequestLike, body: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string" && name !== "content-length") headers.set(name, value);
  }
  const method = request.method ?? "GET";
  const host = typeof request.headers.host === "string" ? request.headers.host : "localhost";
  return new Request(`http://${host}${request.url ?? "/"}`, { method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body }) });
}

function tooLarge(): Response {
  return new Response(JSON.stringify({ error: "body too large" }), { status: 413, headers: { "content-type": "application/json; charset=utf-8" } });
}

/** Adapts a fetch-style handler to a `node:http` / Express listener. Answers 500 (JSON) if anything fails. */
export function toNodeHandler(handler: (request: Request) => Promise<Response>): NodeRequestListener {
  return (request, response) => {
    void (async () => {
      try {
        const body = await bodyOf(request);
        const answer = body === undefined ? tooLarge() : await handler(toRequest(request, body));
        response.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
        response.end(await answer.text());
      } catch {
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        response.end(JSON.stringify({ error: "internal error" }));
      }
    })();
  };
}
