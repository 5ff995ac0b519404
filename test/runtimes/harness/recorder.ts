/**
 * The matrix's loopback recording server: a node:http server on 127.0.0.1 (port 0) that plays the HoneyHive API
 * for the apps under test. OTLP bodies are decoded with the dev server's own decoder; session starts
 * (`POST /v1/sessions`, legacy `/session/start`) are answered with the ids the SDK expects. Everything is kept per
 * API key, so each row (one key per row) reads only what its own app sent.
 */
import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeTraceRequest } from "../../../packages/dev-server/src/otlp/index";
import type { DecodedSpan } from "../../../packages/dev-server/src/otlp/decoded-span";

/** A session start as the server received it. */
export interface RecordedSession {
  sessionId: string;
  sessionName: string;
}

/** What one API key sent. */
export interface KeyRecord {
  sessions: RecordedSession[];
  spans: DecodedSpan[];
  /** Requests the recorder could not decode (always a failure of the row). */
  errors: string[];
}

export interface Recorder {
  readonly url: string;
  /** What `key` sent so far (a live view). */
  forKey(key: string): KeyRecord;
  close(): Promise<void>;
}

/**
 * How long the recorder holds each span export's answer: a real backend answers in tens of milliseconds, and while the
 * SDK's exports wait (4 in flight), later requests of a row end their spans and flush. On a runtime whose I/O belongs
 * to the request that started it (workerd), a later request's spans must still be sent from a request that waits for
 * them; answered at once, the recorder hid that case in most runs.
 */
const EXPORT_ANSWER_DELAY_MS = 40;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sessionOf(json: unknown): RecordedSession | undefined {
  const body = json as { session?: Record<string, unknown> } & Record<string, unknown>;
  const session = (body?.session ?? body) as Record<string, unknown>;
  if (typeof session?.session_id !== "string") return undefined;
  return { sessionId: session.session_id, sessionName: String(session.session_name ?? "") };
}

/** Starts the recorder; `close()` it when done. */
export async function startRecorder(): Promise<Recorder> {
  const keys = new Map<string, KeyRecord>();
  const forKey = (key: string): KeyRecord => {
    let record = keys.get(key);
    if (!record) keys.set(key, (record = { sessions: [], spans: [], errors: [] }));
    return record;
  };
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const key = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
      const record = forKey(key);
      const path = req.url ?? "/";
      const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      let reply: unknown = {};
      try {
        if (path.includes("/opentelemetry/")) {
          record.spans.push(...decodeTraceRequest(new Uint8Array(body), String(req.headers["content-type"] ?? "")));
        } else if (path.endsWith("/v1/sessions") || path.endsWith("/session/start")) {
          const session = sessionOf(JSON.parse(body.toString("utf8")));
          if (session) record.sessions.push(session);
          const id = session?.sessionId ?? "";
          reply = { session_id: id, event_id: id, org_id: "o", workspace_id: "w", project_id: "p" };
        }
      } catch (error) {
        record.errors.push(`${req.method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const answer = (): void => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(reply));
      };
      if (path.includes("/opentelemetry/")) setTimeout(answer, EXPORT_ANSWER_DELAY_MS);
      else answer();
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forKey,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
