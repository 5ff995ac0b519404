/**
 * `toNodeHandler(handler)`: serves a fetch-style handler (such as {@link createFeedbackHandler}'s) from `node:http`
 * or Express (`app.post("/api/feedback", toNodeHandler(handler))`). A body Express already parsed is used as JSON.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_FEEDBACK_BODY_BYTES } from "./feedback-handler";

/** A `node:http` / Express request listener. */
export type NodeRequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/** The body as text; undefined when it is larger than the handler takes (read to its end, the rest not kept). */
async function bodyOf(request: IncomingMessage & { body?: unknown }): Promise<string | undefined> {
  if (request.body !== undefined) return typeof request.body === "string" ? request.body : JSON.stringify(request.body);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size <= MAX_FEEDBACK_BODY_BYTES) chunks.push(bytes);
  }
  return size > MAX_FEEDBACK_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}

function toRequest(request: IncomingMessage, body: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string" && name !== "content-length") headers.set(name, value);
  }
  const method = request.method ?? "GET";
  const url = `http://${request.headers.host ?? "localhost"}${request.url ?? "/"}`;
  return new Request(url, { method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body }) });
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
