/**
 * A recording reverse proxy on 127.0.0.1 (port 0) in front of a HoneyHive-compatible server (usually the dev server)
 * that can hold session starts (`POST /v1/sessions`, legacy `/session/start`) for a while before forwarding them:
 * a slow backend answering the start late. It records when each request arrived and when its answer was sent, so a
 * test can tell whether spans were sent before their session's start was answered.
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { readBody } from "./read-body";

/** One request seen by the proxy (times from `performance.now()`). */
export interface ProxiedRequest {
  method: string;
  path: string;
  /** The JSON body (inflated when gzipped); undefined for OTLP and empty bodies. */
  json?: any;
  arrivedAt: number;
  answeredAt?: number;
}

export interface HoldingProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Later session starts are forwarded only after `ms` (0: at once). */
  holdSessionStarts(ms: number): void;
  /** The session starts seen so far. */
  starts(): ProxiedRequest[];
  /** The OTLP span exports seen so far. */
  exports(): ProxiedRequest[];
  close(): Promise<void>;
}

/** The session a session start names: `POST /v1/sessions` sends it bare, the legacy route wrapped in `session`. */
export function startedSession(r: ProxiedRequest): { session_id?: string; session_name?: string; start_time?: number } {
  return r.json?.session ?? r.json ?? {};
}

export function isSessionStart(r: Pick<ProxiedRequest, "method" | "path">): boolean {
  return r.method === "POST" && (r.path === "/v1/sessions" || r.path.endsWith("/session/start"));
}

function jsonOf(path: string, encoding: string | string[] | undefined, bytes: Buffer): any {
  if (path.includes("/opentelemetry/") || bytes.length === 0) return undefined;
  try {
    return JSON.parse((encoding === "gzip" ? gunzipSync(bytes) : bytes).toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Starts a proxy forwarding to `target` (e.g. a dev server's url). */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  let holdMs = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const arrivedAt = performance.now();
      const bytes = await readBody(req);
      const path = req.url ?? "/";
      const record: ProxiedRequest = { method: req.method ?? "GET", path, json: jsonOf(path, req.headers["content-encoding"], bytes), arrivedAt };
      requests.push(record);
      if (isSessionStart(record) && holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on("end", () => {
            record.answeredAt = performance.now();
          });
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(bytes);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    holdSessionStarts: (ms) => {
      holdMs = ms;
    },
    starts: () => requests.filter(isSessionStart),
    exports: () => requests.filter((r) => r.path.includes("/opentelemetry/")),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
