/**
 * A TCP proxy on 127.0.0.1 in front of a server (usually the dev server) that can be taken down and brought back on
 * the same port: `down()` closes its listener and every connection through it (later connections are refused, as by
 * a backend that restarts), `up()` listens again. Bytes pass unchanged.
 */
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";

/** A running proxy. */
export interface SwitchableTcpProxy {
  /** Base URL to give the SDK. */
  url: string;
  /** Refuses connections from now on and drops the open ones. */
  down(): Promise<void>;
  /** Accepts connections again (same port). */
  up(): Promise<void>;
  /** Closes it for good. */
  close(): Promise<void>;
}

/** Starts a proxy to `target` (an http://host:port URL, or a function giving it when a connection comes). */
export async function startSwitchableTcpProxy(target: string | (() => string)): Promise<SwitchableTcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const pipeTo = (client: Socket): void => {
    const upstream = new URL(typeof target === "string" ? target : target());
    const backend = connect(Number(upstream.port), upstream.hostname);
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        backend.destroy();
      });
    }
    client.pipe(backend).pipe(client);
  };
  const listen = (): Promise<void> => new Promise((resolve, reject) => {
    const listening = createServer(pipeTo);
    listening.once("error", reject);
    listening.listen(port, "127.0.0.1", () => {
      port = (listening.address() as AddressInfo).port;
      server = listening;
      resolve();
    });
  });
  const down = async (): Promise<void> => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await listen();
  return { url: `http://127.0.0.1:${port}`, down, up: () => (server ? Promise.resolve() : listen()), close: down };
}
