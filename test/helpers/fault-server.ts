import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gunzipSync } from "node:zlib";

/** How a {@link FaultServer} answers. */
export type FaultMode =
  | "ok" // reads the body, answers 200
  | "413-close-mid-body" // answers 413 after the first body chunk, then destroys the socket while the body is still coming
  | "reset" // resets the connection (RST) after the first body chunk
  | "restart" // after the first body chunk: drops every connection, listens again on the same port, then behaves as "ok"
  | "hang" // accepts, reads, never answers
  | "drip" // answers 200 with a body sent one byte a second, forever
  | "413-over" // answers 413 when the body is larger than `limitBytes`, else 200
  | "refuse" // accepts each connection and closes it at once (nothing is ever answered)
  | "pieces" // answers 200 in pieces: headers first, then the body in two parts 300 ms apart
  | "slow-first" // as "ok", but the first request is answered only after 600 ms
  | "down"; // connections refused (the server is closed)

/** What the server saw. */
export interface FaultServerLog {
  requests: number;
  /** Bodies of requests answered 200 (inflated when sent gzipped), in arrival order. */
  accepted: Buffer[];
  /** Body sizes (as sent) of requests answered 413. */
  refusedSizes: number[];
}

/** The body as it was before `Content-Encoding: gzip` (a body cut off mid-upload, as the "restart" mode does, stays as received). */
function inflated(req: IncomingMessage, body: Buffer): Buffer {
  if (req.headers["content-encoding"] !== "gzip") return body;
  try {
    return gunzipSync(body);
  } catch {
    return body;
  }
}

/**
 * A loopback OTLP collector that misbehaves on demand (port 0, 127.0.0.1). `setMode` switches behaviour
 * for later requests; "down" closes the listener and a later mode listens again on the same port.
 */
export class FaultServer {
  readonly log: FaultServerLog = { requests: 0, accepted: [], refusedSizes: [] };
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private port = 0;

  private constructor(
    private mode: FaultMode,
    private readonly limitBytes: number,
  ) {}

  /** Starts a server in `mode`. */
  static async start(mode: FaultMode, limitBytes = 1_000_000): Promise<FaultServer> {
    const fault = new FaultServer(mode, limitBytes);
    if (mode !== "down") await fault.listen();
    return fault;
  }

  /** The OTLP traces URL's base (serverUrl). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections open now (a client that gave up on a request closes its connection). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Switches the behaviour; "down" closes the listener, any other mode (re)opens it on the same port. */
  async setMode(mode: FaultMode): Promise<void> {
    this.mode = mode;
    if (mode === "down") await this.closeListener();
    else if (!this.server) await this.listen();
  }

  /** Stops everything. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await this.closeListener();
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 200;
    server.on("connection", (socket) => {
      if (this.mode === "refuse") return void socket.destroy();
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => undefined);
    });
    server.on("clientError", (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private async closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.log.requests++;
    const mode = this.mode;
    if (mode === "413-close-mid-body" || mode === "reset" || mode === "restart") {
      req.once("data", () => {
        if (mode === "413-close-mid-body") {
          res.writeHead(413, { "content-type": "text/plain" });
          res.end("payload too large");
          setImmediate(() => req.socket.destroy());
        } else if (mode === "reset") req.socket.resetAndDestroy();
        else void this.restart();
      });
      req.on("end", () => this.readAll(req, res, Buffer.alloc(0))); // tiny bodies end before any fault
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => this.readAll(req, res, Buffer.concat(chunks)));
  }

  private readAll(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    if (res.headersSent || res.destroyed) return;
    const mode = this.mode;
    if (mode === "hang") return;
    if (mode === "drip") {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), 1000);
      this.timers.add(timer);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if (mode === "pieces") {
      this.log.accepted.push(inflated(req, body));
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      this.later(300, () => res.write("{"));
      this.later(600, () => res.end("}"));
      return;
    }
    if (mode === "413-over" && body.byteLength > this.limitBytes) {
      this.log.refusedSizes.push(body.byteLength);
      res.writeHead(413).end("payload too large");
      return;
    }
    if (mode !== "ok" && mode !== "413-over" && mode !== "slow-first") return void res.writeHead(503).end("busy");
    this.log.accepted.push(inflated(req, body));
    const answer = (): void => void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    if (mode === "slow-first" && this.log.accepted.length === 1) this.later(600, answer);
    else answer();
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private async restart(): Promise<void> {
    if (!this.server) return;
    this.mode = "ok"; // restarts once, then behaves
    await this.closeListener();
    await this.listen();
  }
}
