import { gunzipSync } from "node:zlib";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the loopback server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
  rawBody: string;
  /** The body bytes as received (binary bodies such as OTLP protobuf). */
  bytes: Uint8Array;
}

/** What a handler answers; `delayMs` holds the answer back, `hang` never answers. */
export interface LoopbackReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  hang?: boolean;
}

/** Handler deciding the reply of one request. */
export type LoopbackHandler = (request: RecordedRequest) => LoopbackReply | Promise<LoopbackReply>;

/** A real HTTP server on 127.0.0.1 (port 0) recording every request. */
export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  setHandler(handler: LoopbackHandler): void;
  close(): Promise<void>;
}

/** Starts a loopback server; the default handler answers 200 `{}`. */
export async function startLoopbackServer(handler: LoopbackHandler = () => ({ body: {} })): Promise<LoopbackServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const received = Buffer.concat(chunks);
        // the SDK gzips OTLP exports (and API bodies once the server advertises gzip): record the decoded bytes
        const bytes = req.headers["content-encoding"] === "gzip" ? gunzipSync(received) : received;
        const rawBody = bytes.toString("utf8");
        let body: unknown = undefined;
        const json = !req.headers["content-type"] || req.headers["content-type"].includes("json");
        try {
          body = rawBody && json ? JSON.parse(rawBody) : undefined;
        } catch {
          body = rawBody;
        }
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const recorded: RecordedRequest = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody, bytes };
        requests.push(recorded);
        let reply: LoopbackReply;
        try {
          reply = await current(recorded);
        } catch (error) {
          reply = { status: 500, body: { error: String(error) } };
        }
        if (reply.hang) {
          open.add(res);
          return;
        }
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (res.destroyed) return;
        const payload = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
