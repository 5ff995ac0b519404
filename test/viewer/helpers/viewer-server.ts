/**
 * Starts a real dev server with the viewer on 127.0.0.1, port 0, in memory, plus a small JSON client
 * bound to one API key (real HTTP requests to the server's own API).
 */
import { createDevServer, type DevServer, type DevServerOptions } from "../../../packages/dev-server/src/index";
import { createLogger } from "../../../packages/honeyhive/src/internal/logger";
import { withViewer } from "../../../packages/dev-server/src/viewer/with-viewer";

/** The API key the viewer tests send data with. */
export const KEY = "hh_viewer_test_key";

/** Starts an in-memory dev server with the viewer (plus `options`, e.g. `prices`). */
export function startViewerServer(assetsDir?: string, options: DevServerOptions = {}): Promise<DevServer> {
  return createDevServer(
    withViewer(
      { port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }), ...options },
      assetsDir === undefined ? {} : { assetsDir },
    ),
  );
}

/** A JSON reply. */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the server's API with `key`; throws on a non-2xx status unless `allowError`. */
export async function call<T = any>(
  server: { url: string },
  method: string,
  path: string,
  body?: unknown,
  options: { key?: string | null; allowError?: boolean } = {},
): Promise<Reply<T>> {
  const key = options.key === undefined ? KEY : options.key;
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!res.ok && !options.allowError) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 300)}`);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** The feedback the server holds for an event (`GET /v1/events/{id}`). */
export async function feedbackOf(server: DevServer, id: string): Promise<Record<string, unknown>> {
  return (await call(server, "GET", `/v1/events/${id}`)).body.event.feedback as Record<string, unknown>;
}
