/**
 * A minimal loopback HoneyHive backend for the burst tests: a real node:http server on 127.0.0.1 (port 0) that answers
 * session starts (`POST /v1/sessions`), session updates (`PUT /v1/events/{id}`) and OTLP exports after `delayMs`,
 * records each session's name and metadata and each update, and counts the most requests it held at once. It does
 * no more work per request than that, so thousands of concurrent requests measure the SDK, not the server.
 */
import { createServer, type ServerResponse } from "node:http";
import { afterAll, beforeAll } from "vitest";
import { gunzipSync } from "node:zlib";
import { listenOnLoopback } from "./loopback-server";
import { readBody } from "./read-body";

/** A stored session: what its start carried. */
export interface StoredSession {
  name: unknown;
  metadata: Record<string, unknown> | undefined;
}

/** The running backend and what it received. */
export interface SessionBackend {
  readonly url: string;
  /** Sessions by id, as their starts carried them. */
  readonly sessions: Map<string, StoredSession>;
  /** Session ids of the updates received, in order. */
  readonly updates: string[];
  /** Requests of every kind received. */
  readonly received: () => number;
  /** The most requests the server was holding (received, not yet answered) at one moment. */
  readonly maxInFlight: () => number;
  /** Starts counting {@link maxInFlight} afresh. */
  readonly resetMaxInFlight: () => void;
  close(): Promise<void>;
}

/** The session a `POST /v1/sessions` body starts (the v1 body is the session itself). */
function sessionOf(body: Buffer): { id: string; stored: StoredSession } | undefined {
  const session = JSON.parse(body.toString("utf8")) as { session_id?: string; session_name?: unknown; metadata?: Record<string, unknown> };
  if (typeof session.session_id !== "string") return undefined;
  return { id: session.session_id, stored: { name: session.session_name, metadata: session.metadata } };
}

/** Starts the backend; each answer is sent `delayMs` after its request was read. */
export async function startSessionBackend(delayMs: number): Promise<SessionBackend> {
  const sessions = new Map<string, StoredSession>();
  const updates: string[] = [];
  let received = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const answer = (res: ServerResponse, json: unknown): void => {
    setTimeout(() => {
      inFlight--;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(json));
    }, delayMs);
  };
  const server = createServer(async (req, res) => {
    received++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let body = await readBody(req);
    if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
    const path = req.url ?? "/";
    if (req.method === "POST" && path === "/v1/sessions") {
      const session = sessionOf(body);
      if (session !== undefined) sessions.set(session.id, session.stored);
      return answer(res, { session_id: session?.id, event_id: session?.id });
    }
    if (req.method === "PUT" && path.startsWith("/v1/events/")) {
      updates.push(decodeURIComponent(path.slice("/v1/events/".length)));
      return answer(res, { success: true });
    }
    answer(res, {});
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, sessions, updates, received: () => received, maxInFlight: () => maxInFlight, resetMaxInFlight: () => void (maxInFlight = inFlight), close: () => listening.close() };
}

/** A backend for one test file: started before its tests, closed after them; the returned function gives it. */
export function useSessionBackend(delayMs: number): () => SessionBackend {
  let backend: SessionBackend | undefined;
  beforeAll(async () => {
    backend = await startSessionBackend(delayMs);
  });
  afterAll(() => backend?.close());
  return () => {
    if (backend === undefined) throw new Error("the session backend is used before it started");
    return backend;
  };
}
