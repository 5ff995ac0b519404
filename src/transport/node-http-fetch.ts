import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { HttpRequestInit, HttpResponseLike } from "../internal/fetch-like";
import { registerModuleCache } from "../internal/process-state";

export type { HttpRequestInit, HttpResponseLike };

/** Raised when a request of {@link nodeHttpFetch} exceeds its `timeoutMs`. */
export class HttpTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = "HttpTimeoutError";
  }
}

const MAX_RESPONSE_BYTES = 1_000_000;
let agents: { http: HttpAgent; https: HttpsAgent } | undefined;
registerModuleCache("transport/agents", {
  clear: () => {
    agents?.http.destroy();
    agents?.https.destroy();
    agents = undefined;
  },
  size: () => (agents === undefined ? 0 : 1),
});

/** Idle keep-alive sockets are unref'ed (they never keep the process alive); a socket in use is ref'ed. */
function unrefWhenIdle<A extends HttpAgent>(agent: A): A {
  agent.on("free", (socket: { unref(): void }) => socket.unref());
  return agent;
}

function agentsOnce(): { http: HttpAgent; https: HttpsAgent } {
  agents ??= {
    http: unrefWhenIdle(new HttpAgent({ keepAlive: true, maxSockets: 8, keepAliveMsecs: 1000 })),
    https: unrefWhenIdle(new HttpsAgent({ keepAlive: true, maxSockets: 8, keepAliveMsecs: 1000 })),
  };
  return agents;
}

function responseOf(res: IncomingMessage, body: string): HttpResponseLike {
  const status = res.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: {
      get: (name) => {
        const value = res.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: () => Promise.resolve(body),
  };
}

/**
 * A small fetch-like client on node:http/https with keep-alive agents: the SDK's default transport. It
 * sends a Uint8Array body without copying it and reads at most 1 MB of the answer. Idle keep-alive
 * sockets never keep the process alive.
 */
export function nodeHttpFetch(url: string, init: HttpRequestInit = {}): Promise<HttpResponseLike> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (error) {
      reject(error);
      return;
    }
    const secure = target.protocol === "https:";
    const send = secure ? httpsRequest : httpRequest;
    const body = init.body === undefined ? undefined : typeof init.body === "string" ? Buffer.from(init.body) : Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength);
    const headers: Record<string, string | number> = { ...(init.headers ?? {}) };
    if (body) headers["content-length"] = body.byteLength;
    const req = send(target, { method: init.method ?? "GET", headers, agent: secure ? agentsOnce().https : agentsOnce().http, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      res.on("end", () => resolve(responseOf(res, Buffer.concat(chunks).toString("utf8"))));
      res.on("error", reject);
    });
    req.on("socket", (socket) => socket.ref());
    if (init.timeoutMs !== undefined) req.setTimeout(init.timeoutMs, () => req.destroy(new HttpTimeoutError(init.timeoutMs as number)));
    req.on("error", reject);
    req.end(body);
  });
}
