/**
 * A reverse proxy on 127.0.0.1 (port 0) in front of a HoneyHive-compatible server (usually the dev server, or the
 * spec-checking proxy in front of it) that fails the requests a rule picks: the faults a test injects into an SDK's
 * writes. A fault either refuses the request (never forwarded: the server holds nothing of it) or loses its answer
 * (forwarded and applied, then answered with an error: the client cannot know it landed). `failWrites(0.05)` fails
 * 5 % of writes, picked by a seeded generator (the same seed fails the same writes).
 */
import { gunzipSync } from "node:zlib";
import { startForwardingProxy } from "./forwarding-proxy";

/** What happens to a picked request. */
export type Fault =
  | { kind: "refuse"; status: number; body?: string }
  | { kind: "lose-answer"; status?: number };

/** One request seen by the proxy. */
export interface SeenRequest {
  method: string;
  /** Path without the query. */
  path: string;
  /** The JSON body (inflated when gzipped); undefined when there is none or it is not JSON. */
  json?: any;
  /** The fault applied, if any. */
  fault?: Fault["kind"];
  /** The status the client was answered (undefined until the answer's head). */
  status?: number;
}

/** Picks the requests to fail: `writeIndex` counts the writes (requests other than GET) seen before this one. */
export type FaultRule = (request: SeenRequest, writeIndex: number) => Fault | undefined;

/** The running proxy. */
export interface FaultProxy {
  /** Base URL to give the SDK. */
  url: string;
  requests: SeenRequest[];
  /** Replaces the rule (undefined: forward everything). */
  setRule(rule: FaultRule | undefined): void;
  /** The writes seen (requests other than GET). */
  writes(): SeenRequest[];
  /** The writes faulted so far. */
  faulted(): SeenRequest[];
  close(): Promise<void>;
}

/** A deterministic generator in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fails each write with probability `rate`, by default refused with a 500 (`fault` says how). */
export function failWrites(rate: number, seed = 1, fault: Fault = { kind: "refuse", status: 500, body: '{"error":"injected fault"}' }): FaultRule {
  const random = seededRandom(seed);
  return (request) => (request.method !== "GET" && random() < rate ? fault : undefined);
}

function jsonOf(encoding: string | string[] | undefined, bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse((encoding === "gzip" ? gunzipSync(bytes) : bytes).toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Starts a fault proxy forwarding to `target`. */
export async function startFaultProxy(target: string, rule?: FaultRule): Promise<FaultProxy> {
  let current = rule;
  let writes = 0;
  const requests: SeenRequest[] = [];
  const proxy = await startForwardingProxy(target, (req, bytes) => {
    const seen: SeenRequest = { method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0]!, json: jsonOf(req.headers["content-encoding"], bytes) };
    requests.push(seen);
    const index = seen.method === "GET" ? writes : writes++;
    const fault = current?.(seen, index);
    if (fault === undefined) return { status: (code) => (seen.status = code) };
    seen.fault = fault.kind;
    if (fault.kind === "refuse") {
      seen.status = fault.status;
      return { reply: { status: fault.status, body: fault.body ?? '{"error":"injected fault"}' } };
    }
    seen.status = fault.status ?? 500;
    return { replaceAnswer: { status: seen.status, body: '{"error":"injected fault after the write was applied"}' } };
  });
  return {
    url: proxy.url,
    requests,
    setRule: (next) => void (current = next),
    writes: () => requests.filter((r) => r.method !== "GET"),
    faulted: () => requests.filter((r) => r.fault !== undefined),
    close: () => proxy.close(),
  };
}
