/**
 * Puts a `node:http` (or cleartext `node:http2`) server on 127.0.0.1 (port 0) for a test fake: its base URL, and a `close()` that also ends
 * kept-alive and half-open connections so a test never waits on them.
 */
import type { Server } from "node:http";
import type { Http2Server } from "node:http2";
import type { AddressInfo, Socket } from "node:net";

/** A listening loopback server. */
export interface LoopbackServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:51234`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts `server` listening on 127.0.0.1 at a free port. */
export async function listenOnLoopback(server: Server | Http2Server): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        if ("closeAllConnections" in server) server.closeAllConnections(); // an HTTP/2 server's sessions end with their sockets
      }),
  };
}
