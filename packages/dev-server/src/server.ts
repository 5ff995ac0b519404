/**
 * `createDevServer`: a local HoneyHive-compatible HTTP server on node:http with SQLite storage.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@honeyhive/core/log/logger";
import { createAuthenticator, keyTable } from "./routes/auth";
import { createHostCheck } from "./http/host-check";
import { ServerCaches } from "./routes/server-caches";
import { isLoopbackHost, resolveDevServerOptions, type DevServerOptions } from "./options";
import { createRequestHandler, type DevServerRequestHandler } from "./request-handler";
import { openDiscardableStore } from "./store/sqlite-store";
import type { Store } from "./store/store";
import { withViewer } from "./viewer/with-viewer";

/** A running dev server. */
export interface DevServer {
  /** Base URL, e.g. `http://127.0.0.1:4318` (use it as `HH_API_URL`). */
  readonly url: string;
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
  /** The storage, for tests that assert on what was stored. */
  readonly store: Store;
  /** Entry count of each of this server's caches (diagnostics; `{}` after close()). Servers share no cache. */
  cacheSizes(): Record<string, number>;
  /** Stops accepting, waits for in-flight requests, then closes the database. Idempotent. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      const reason = error.code === "EADDRINUSE" ? `port ${port} is already in use` : error.message;
      // the system code (EADDRINUSE …) stays on the error, so a caller decides on it rather than on the message
      reject(Object.assign(new Error(`The dev server could not listen on ${host}:${port}: ${reason}`), { code: error.code }));
    };
    const onListening = () => {
      server.off("error", onError);
      resolve(server.address() as AddressInfo);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/** The node:http server around the handler: timeouts, a socket bound, and 400 for malformed requests. */
function createHttpServer(handler: DevServerRequestHandler, maxConcurrentRequests: number): Server {
  const server = createServer({ requestTimeout: 120_000, headersTimeout: 30_000, keepAliveTimeout: 5_000 }, handler);
  // A safety net on open sockets (file descriptors); requests beyond the concurrency bound get 503 busy.
  server.maxConnections = Math.max(2048, maxConcurrentRequests * 32);
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}

/**
 * A graceful close, once: no new requests, in-flight ones get `graceMs` (a client that stalls past it is cut
 * off before any write, as every write is one transaction), then the caches and the store close.
 */
function gracefulClose(server: Server, handler: DevServerRequestHandler, caches: ServerCaches, store: Store, graceMs: number): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      handler.beginShutdown();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([handler.idle(), grace]);
      clearTimeout(timer);
      server.closeAllConnections();
      await handler.idle();
      await stopped;
      caches.clear();
      await store.close();
    })();
    return closing;
  };
}

/** Starts a dev server; resolves once it listens. Throws on unsafe options or a busy port. */
export async function createDevServer(userOptions: DevServerOptions = {}): Promise<DevServer> {
  const options = withViewer(userOptions); // the local viewer at `/` and its `/viewer/*` API (src/viewer/)
  const resolved = resolveDevServerOptions(options);
  const logger = options.logger ?? createLogger();
  const hostCheck = createHostCheck({ host: resolved.host, allowedHosts: resolved.allowedHosts, remote: !isLoopbackHost(resolved.host) });
  const store = await openDiscardableStore({
    dataDir: resolved.dataDir, inMemory: resolved.inMemory, driver: resolved.sqliteDriver, lockStaleMs: resolved.lockStaleMs,
    ...(resolved.maxDatabaseBytes === undefined ? {} : { maxDatabaseBytes: resolved.maxDatabaseBytes }),
    onLockLost: (message) => logger.error(message),
  });
  const caches = new ServerCaches();
  const handler = createRequestHandler({
    store, caches, authenticate: createAuthenticator(store, keyTable(resolved.apiKeys)), logger,
    maxBodyBytes: resolved.maxBodyBytes, maxConcurrentRequests: resolved.maxConcurrentRequests, maxBufferedBytes: resolved.maxBufferedBytes,
    hostCheck, prices: resolved.prices, clock: resolved.clock, stalledRunAfterMs: resolved.stalledRunAfterMs,
    ...(options.staticHandler ? { staticHandler: options.staticHandler } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  });
  const server = createHttpServer(handler, resolved.maxConcurrentRequests);
  let address: AddressInfo;
  try {
    address = await listen(server, resolved.port, resolved.host);
  } catch (error) {
    await store.discard(); // a port in use leaves the data directory as it was
    throw error;
  }
  hostCheck.setPort(address.port);
  const hostInUrl = address.family === "IPv6" || resolved.host.includes(":") ? `[${address.address}]` : resolved.host;
  const url = `http://${hostInUrl}:${address.port}`;
  logger.debug(`dev server listening on ${url}, data in ${store.location}`);
  const close = gracefulClose(server, handler, caches, store, resolved.closeGraceMs);
  return { url, port: address.port, store, cacheSizes: () => caches.sizes(), close };
}
