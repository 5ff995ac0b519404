/**
 * A recording reverse proxy on 127.0.0.1 (port 0) in front of a HoneyHive-compatible server (usually the dev server)
 * that can hold session starts (`POST /v1/sessions`, legacy `/session/start`) for a while before forwarding them:
 * a slow backend answering the start late. It records when each request arrived and when its answer was sent, so a
 * test can tell whether spans were sent before their session's start was answered.
 */
import { gunzipSync } from "node:zlib";
import { startForwardingProxy } from "./forwarding-proxy";

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
  const requests: ProxiedRequest[] = [];
  let holdMs = 0;
  const proxy = await startForwardingProxy(target, async (req, bytes, arrivedAt) => {
    const path = req.url ?? "/";
    const record: ProxiedRequest = { method: req.method ?? "GET", path, json: jsonOf(path, req.headers["content-encoding"], bytes), arrivedAt };
    requests.push(record);
    if (isSessionStart(record) && holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
    return { ended: () => (record.answeredAt = performance.now()) };
  });
  return {
    url: proxy.url,
    requests,
    holdSessionStarts: (ms) => {
      holdMs = ms;
    },
    starts: () => requests.filter(isSessionStart),
    exports: () => requests.filter((r) => r.path.includes("/opentelemetry/")),
    close: () => proxy.close(),
  };
}
